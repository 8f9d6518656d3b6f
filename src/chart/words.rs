//! The few words cifras itself writes on charts, per language. May use: std only.

pub struct Words {
    pub source: &'static str,
    pub sources: &'static str,
    pub no_data: &'static str,
    pub chart: fn(&str) -> &'static str,
    pub from_to: &'static str,
}

pub fn words(lang: &str) -> &'static Words {
    match lang {
        "es" => &ES,
        _ => &EN,
    }
}

static EN: Words = Words {
    source: "Source",
    sources: "Sources",
    no_data: "no data",
    chart: |k| match k {
        "bar" => "Bar chart",
        "column" => "Column chart",
        "grouped-bar" => "Grouped bar chart",
        "stacked-bar" => "Stacked bar chart",
        "dot" => "Dot chart",
        "line" => "Line chart",
        "area" => "Area chart",
        "small-multiples" => "Small multiples",
        "slope" => "Slope chart",
        "part-of-whole" => "Part-of-whole chart",
        "timeline" => "Timeline",
        "stat" => "Key figures",
        _ => "Chart",
    },
    from_to: "from {a} in {x0} to {b} in {x1}",
};

static ES: Words = Words {
    source: "Fuente",
    sources: "Fuentes",
    no_data: "sin datos",
    chart: |k| match k {
        "bar" => "Gráfico de barras",
        "column" => "Gráfico de columnas",
        "grouped-bar" => "Gráfico de barras agrupadas",
        "stacked-bar" => "Gráfico de barras apiladas",
        "dot" => "Gráfico de puntos",
        "line" => "Gráfico de líneas",
        "area" => "Gráfico de áreas",
        "small-multiples" => "Gráficos múltiples",
        "slope" => "Gráfico de pendiente",
        "part-of-whole" => "Gráfico de parte del total",
        "timeline" => "Cronología",
        "stat" => "Cifras clave",
        _ => "Gráfico",
    },
    from_to: "de {a} en {x0} a {b} en {x1}",
};

/// "Guanajuato has the highest value, 2,766, and Veracruz the lowest, 1,199."
pub fn extremes(lang: &str, hi: (&str, &str), lo: (&str, &str)) -> String {
    match lang {
        "es" => format!("{} tiene el valor más alto, {}, y {} el más bajo, {}.", hi.0, hi.1, lo.0, lo.1),
        _ => format!("{} has the highest value, {}, and {} the lowest, {}.", hi.0, hi.1, lo.0, lo.1),
    }
}

/// "Values: A 1; B 2."
pub fn listing(lang: &str, items: &[(String, String)]) -> String {
    let head = if lang == "es" { "Valores" } else { "Values" };
    let body: Vec<String> = items.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{head}: {}.", body.join("; "))
}

/// "Highlighted: Veracruz."
pub fn highlighted(lang: &str, names: &[String]) -> String {
    let head = if lang == "es" { "Resaltado" } else { "Highlighted" };
    format!("{head}: {}.", names.join(", "))
}

/// `s` with its first letter in upper case, for a text that opens a sentence.
pub fn capitalised(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().chain(ch).collect(),
        None => String::new(),
    }
}
