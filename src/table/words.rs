//! The few words cifras itself writes in tables, per language. May use: std only.

pub struct Words {
    pub source: &'static str,
    pub sources: &'static str,
    /// Header of the qualifier column in CSV and XLSX.
    pub qualifier: &'static str,
    /// Footnote when some figure carries a qualifier.
    pub qualifiers: &'static str,
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
    qualifier: "Qualifier",
    qualifiers: "“About”, “more than”, “almost” and similar words are the sources' own; totals and computed figures carry the weakest qualifier of their parts.",
};

static ES: Words = Words {
    source: "Fuente",
    sources: "Fuentes",
    qualifier: "Calificativo",
    qualifiers: "“Alrededor de”, “más de”, “casi” y expresiones similares son de las fuentes; los totales y las cifras calculadas llevan el calificativo más débil de sus partes.",
};
