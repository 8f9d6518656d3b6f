//! A chart spec resolved into its kind: [`RawChart`] (one bag of keys, as the user wrote
//! them) becomes a [`Chart`] whose [`Body`] holds exactly the keys its kind takes, the
//! required ones present. A key the kind does not take is an error at its line, with the
//! keys the kind takes; nothing after `spec` sees a raw spec. May use: serde, toml.

use super::chart::{Annotation, Band, NumberFormat, RawChart, Rule, Scales, Stack, TotalRow};
use super::dataset::Order;
use super::text::Text;
use super::transform::{self, Step};
use super::{Diagnostic, File, Kind};
use std::collections::BTreeMap;
use toml::Spanned;

/// A chart (or table) spec of one kind.
#[derive(Clone, Debug)]
pub struct Chart {
    pub kind: Spanned<Kind>,
    pub data: Spanned<String>,
    pub title: Text,
    pub subtitle: Option<Text>,
    pub note: Option<Text>,
    /// Charts only: the alt text, when not drafted from the data.
    pub alt: Option<Text>,
    pub format: NumberFormat,
    /// A column giving each row's unit ("percent", "million USD", …) for its value labels.
    pub unit: Option<Spanned<String>>,
    pub transform: Vec<Step>,
    /// Rules, bands and annotations: empty unless the kind has a value axis for them.
    pub guides: Guides,
    pub body: Body,
}

#[derive(Clone, Debug, Default)]
pub struct Guides {
    pub rule: Vec<Rule>,
    pub band: Vec<Band>,
    pub annotation: Vec<Annotation>,
}

impl Guides {
    pub fn is_empty(&self) -> bool {
        self.rule.is_empty() && self.band.is_empty() && self.annotation.is_empty()
    }
}

/// What each kind draws from, and how.
#[derive(Clone, Debug)]
pub enum Body {
    Bar(Bars),
    Column(Bars),
    GroupedBar(Grouped),
    StackedBar(Grouped),
    Dot(Grouped),
    Line(Lines),
    Area(Lines),
    SmallMultiples(Multiples),
    Slope(Slope),
    PartOfWhole(PartOfWhole),
    Timeline(Timeline),
    Stat(Stat),
    Table(Table),
}

/// `bar` (x the value, y the category) and `column` (x the category, y the value).
#[derive(Clone, Debug)]
pub struct Bars {
    pub x: Spanned<String>,
    pub y: Spanned<String>,
    pub sort: Option<Spanned<Order>>,
    pub highlight: Vec<Spanned<String>>,
    pub domain: Option<Spanned<[f64; 2]>>,
}

/// `grouped-bar`, `stacked-bar` and `dot`: x the value, y the category, one mark per series.
#[derive(Clone, Debug)]
pub struct Grouped {
    pub x: Spanned<String>,
    pub y: Spanned<String>,
    pub series: Spanned<String>,
    pub sort: Option<Spanned<Order>>,
    pub highlight: Vec<Spanned<String>>,
    pub domain: Option<Spanned<[f64; 2]>>,
    /// stacked-bar only.
    pub stack: Option<Spanned<Stack>>,
}

/// `line` and `area`.
#[derive(Clone, Debug)]
pub struct Lines {
    pub x: Spanned<String>,
    pub y: Spanned<String>,
    pub series: Option<Spanned<String>>,
    pub highlight: Vec<Spanned<String>>,
    pub domain: Option<Spanned<[f64; 2]>>,
    /// area only.
    pub stack: Option<Spanned<Stack>>,
}

#[derive(Clone, Debug)]
pub struct Multiples {
    pub x: Spanned<String>,
    pub y: Spanned<String>,
    pub facet: Spanned<String>,
    pub scales: Option<Spanned<Scales>>,
}

#[derive(Clone, Debug)]
pub struct Slope {
    pub x: Spanned<String>,
    pub y: Spanned<String>,
    pub series: Option<Spanned<String>>,
    pub highlight: Vec<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct PartOfWhole {
    pub label: Spanned<String>,
    pub value: Spanned<String>,
    /// Values of the label column: the part and the whole it belongs to.
    pub part: Spanned<String>,
    pub whole: Spanned<String>,
}

#[derive(Clone, Debug)]
pub struct Timeline {
    pub x: Spanned<String>,
    pub label: Spanned<String>,
    pub period: Option<Spanned<String>>,
    pub color: Option<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct Stat {
    pub label: Spanned<String>,
    pub value: Spanned<String>,
    pub period: Option<Spanned<String>>,
}

/// `kind = "table"`: exported, not drawn.
#[derive(Clone, Debug)]
pub struct Table {
    pub columns: Option<Spanned<Vec<String>>>,
    pub headers: BTreeMap<String, Text>,
    pub formats: BTreeMap<String, NumberFormat>,
    pub total: Option<Spanned<TotalRow>>,
    pub qualified: Option<Spanned<String>>,
    pub row_notes: bool,
}

impl Chart {
    /// A table's own keys; `None` for a chart.
    pub fn table(&self) -> Option<&Table> {
        match &self.body {
            Body::Table(t) => Some(t),
            _ => None,
        }
    }
}

impl Body {
    /// The keys that name columns holding the values drawn, with their role.
    pub fn value_keys(&self) -> Vec<&Spanned<String>> {
        match self {
            Body::Bar(b) | Body::Column(b) => vec![&b.x, &b.y],
            Body::GroupedBar(g) | Body::StackedBar(g) | Body::Dot(g) => vec![&g.x, &g.y],
            Body::Line(l) | Body::Area(l) => vec![&l.x, &l.y],
            Body::SmallMultiples(m) => vec![&m.x, &m.y],
            Body::Slope(s) => vec![&s.x, &s.y],
            Body::PartOfWhole(p) => vec![&p.value],
            Body::Timeline(t) => vec![&t.x],
            Body::Stat(s) => vec![&s.value],
            Body::Table(_) => vec![],
        }
    }
}

/// Keys every chart takes; a table takes these but `alt`.
const COMMON: &[&str] = &["kind", "data", "title", "subtitle", "note", "alt", "transform"];

/// The keys a kind takes besides [`COMMON`]: required first, then optional.
pub fn takes(kind: Kind) -> (&'static [&'static str], &'static [&'static str]) {
    // `format` and `unit` shape the numbers a kind writes: a timeline writes none.
    match kind {
        Kind::Bar | Kind::Column => {
            (&["x", "y"], &["sort", "highlight", "domain", "rule", "band", "annotation", "format", "unit"])
        }
        Kind::GroupedBar | Kind::Dot => {
            (&["x", "y", "series"], &["sort", "highlight", "domain", "format", "unit"])
        }
        Kind::StackedBar => {
            (&["x", "y", "series"], &["sort", "highlight", "domain", "stack", "format", "unit"])
        }
        Kind::Line => {
            (&["x", "y"], &["series", "highlight", "domain", "rule", "band", "annotation", "format", "unit"])
        }
        Kind::Area => (
            &["x", "y"],
            &["series", "highlight", "domain", "stack", "rule", "band", "annotation", "format", "unit"],
        ),
        Kind::SmallMultiples => (&["x", "y", "facet"], &["scales", "format", "unit"]),
        Kind::Slope => {
            (&["x", "y"], &["series", "highlight", "rule", "band", "annotation", "format", "unit"])
        }
        Kind::PartOfWhole => (&["label", "value", "part", "whole"], &["format", "unit"]),
        Kind::Timeline => (&["x", "label"], &["period", "color"]),
        Kind::Stat => (&["label", "value"], &["period", "format", "unit"]),
        Kind::Table => {
            (&[], &["columns", "headers", "formats", "total", "qualified", "row_notes", "format", "unit"])
        }
    }
}

/// Every key a kind takes, as a hint lists them.
pub fn takes_list(kind: Kind) -> String {
    let (required, optional) = takes(kind);
    let common = COMMON.iter().filter(|k| !(kind == Kind::Table && **k == "alt"));
    required.iter().chain(optional).chain(common).copied().collect::<Vec<_>>().join(", ")
}

/// Which keys of `raw` are written.
fn written(raw: &RawChart) -> Vec<(&'static str, bool)> {
    vec![
        ("x", raw.x.is_some()),
        ("y", raw.y.is_some()),
        ("label", raw.label.is_some()),
        ("value", raw.value.is_some()),
        ("series", raw.series.is_some()),
        ("color", raw.color.is_some()),
        ("period", raw.period.is_some()),
        ("part", raw.part.is_some()),
        ("whole", raw.whole.is_some()),
        ("sort", raw.sort.is_some()),
        ("highlight", !raw.highlight.is_empty()),
        ("alt", raw.alt.is_some()),
        ("format", raw.format != NumberFormat::default()),
        ("unit", raw.unit.is_some()),
        ("columns", raw.columns.is_some()),
        ("headers", !raw.headers.is_empty()),
        ("formats", !raw.formats.is_empty()),
        ("total", raw.total.is_some()),
        ("qualified", raw.qualified.is_some()),
        ("row_notes", raw.row_notes.is_some()),
        ("stack", raw.stack.is_some()),
        ("domain", raw.domain.is_some()),
        ("facet", raw.facet.is_some()),
        ("scales", raw.scales.is_some()),
        ("rule", !raw.rule.is_empty()),
        ("band", !raw.band.is_empty()),
        ("annotation", !raw.annotation.is_empty()),
    ]
}

/// Resolves `file` into its kind: every key it writes must be one its kind takes, and
/// every key the kind needs must be written.
pub fn resolve(file: File<RawChart>) -> Result<File<Chart>, Vec<Diagnostic>> {
    let raw = &file.spec;
    let kind = *raw.kind.get_ref();
    let (required, optional) = takes(kind);
    let what = if kind == Kind::Table { "tables".to_string() } else { format!("`{}` charts", kind.name()) };
    let mut diags = Vec::new();
    for (key, set) in written(raw) {
        let taken = required.contains(&key)
            || optional.contains(&key)
            || (COMMON.contains(&key) && !(kind == Kind::Table && key == "alt"));
        if set && !taken {
            let takers = takers(key);
            let also = if takers.is_empty() { String::new() } else { format!(" (`{key}` is for {takers})") };
            diags.push(
                Diagnostic::error(file.key(key), format!("`{key}` does not apply to {what}")).hint(format!(
                    "remove it; {} takes: {}{also}",
                    kind.name(),
                    takes_list(kind)
                )),
            );
        }
    }
    let mut need = |key: &'static str, value: &Option<Spanned<String>>| -> Spanned<String> {
        match value {
            Some(v) => v.clone(),
            None => {
                diags.push(
                    Diagnostic::error(file.at(&raw.kind), format!("a {} chart needs `{key}`", kind.name()))
                        .hint(format!(
                            "add {key} = \"<column>\"; {} takes: {}",
                            kind.name(),
                            takes_list(kind)
                        )),
                );
                Spanned::new(0..0, String::new())
            }
        }
    };
    let body = match kind {
        Kind::Bar | Kind::Column => {
            let b = Bars {
                x: need("x", &raw.x),
                y: need("y", &raw.y),
                sort: raw.sort.clone(),
                highlight: raw.highlight.clone(),
                domain: raw.domain.clone(),
            };
            if kind == Kind::Bar {
                Body::Bar(b)
            } else {
                Body::Column(b)
            }
        }
        Kind::GroupedBar | Kind::StackedBar | Kind::Dot => {
            let g = Grouped {
                x: need("x", &raw.x),
                y: need("y", &raw.y),
                series: need("series", &raw.series),
                sort: raw.sort.clone(),
                highlight: raw.highlight.clone(),
                domain: raw.domain.clone(),
                stack: raw.stack.clone(),
            };
            match kind {
                Kind::GroupedBar => Body::GroupedBar(g),
                Kind::StackedBar => Body::StackedBar(g),
                _ => Body::Dot(g),
            }
        }
        Kind::Line | Kind::Area => {
            let l = Lines {
                x: need("x", &raw.x),
                y: need("y", &raw.y),
                series: raw.series.clone(),
                highlight: raw.highlight.clone(),
                domain: raw.domain.clone(),
                stack: raw.stack.clone(),
            };
            if kind == Kind::Line {
                Body::Line(l)
            } else {
                Body::Area(l)
            }
        }
        Kind::SmallMultiples => Body::SmallMultiples(Multiples {
            x: need("x", &raw.x),
            y: need("y", &raw.y),
            facet: need("facet", &raw.facet),
            scales: raw.scales.clone(),
        }),
        Kind::Slope => Body::Slope(Slope {
            x: need("x", &raw.x),
            y: need("y", &raw.y),
            series: raw.series.clone(),
            highlight: raw.highlight.clone(),
        }),
        Kind::PartOfWhole => Body::PartOfWhole(PartOfWhole {
            label: need("label", &raw.label),
            value: need("value", &raw.value),
            part: need("part", &raw.part),
            whole: need("whole", &raw.whole),
        }),
        Kind::Timeline => Body::Timeline(Timeline {
            x: need("x", &raw.x),
            label: need("label", &raw.label),
            period: raw.period.clone(),
            color: raw.color.clone(),
        }),
        Kind::Stat => Body::Stat(Stat {
            label: need("label", &raw.label),
            value: need("value", &raw.value),
            period: raw.period.clone(),
        }),
        Kind::Table => Body::Table(Table {
            columns: raw.columns.clone(),
            headers: raw.headers.clone(),
            formats: raw.formats.clone(),
            total: raw.total.clone(),
            qualified: raw.qualified.clone(),
            row_notes: raw.row_notes.as_ref().is_some_and(|r| *r.get_ref()),
        }),
    };
    let steps = match transform::resolve_all(&file, &raw.transform) {
        Ok(steps) => steps,
        Err(d) => {
            diags.extend(d);
            Vec::new()
        }
    };
    if !diags.is_empty() {
        return Err(diags);
    }
    let guides = if optional.contains(&"rule") {
        Guides { rule: raw.rule.clone(), band: raw.band.clone(), annotation: raw.annotation.clone() }
    } else {
        Guides::default()
    };
    let chart = Chart {
        kind: raw.kind.clone(),
        data: raw.data.clone(),
        title: raw.title.clone(),
        subtitle: raw.subtitle.clone(),
        note: raw.note.clone(),
        alt: raw.alt.clone(),
        format: raw.format.clone(),
        unit: raw.unit.clone(),
        transform: steps,
        guides,
        body,
    };
    Ok(File { path: file.path, text: file.text, spec: chart })
}

/// The kinds that take `key`, for the hint of a key written on the wrong kind.
fn takers(key: &str) -> String {
    const ALL: [Kind; 13] = [
        Kind::Bar,
        Kind::Column,
        Kind::GroupedBar,
        Kind::StackedBar,
        Kind::Dot,
        Kind::Line,
        Kind::Area,
        Kind::SmallMultiples,
        Kind::Slope,
        Kind::PartOfWhole,
        Kind::Timeline,
        Kind::Stat,
        Kind::Table,
    ];
    let kinds: Vec<&str> = ALL
        .iter()
        .filter(|k| {
            let (r, o) = takes(**k);
            r.contains(&key) || o.contains(&key)
        })
        .map(|k| k.name())
        .collect();
    match kinds.as_slice() {
        [] => String::new(),
        [one] => format!("{one} charts"),
        many => format!("{} and {} charts", many[..many.len() - 1].join(", "), many[many.len() - 1]),
    }
    .replace("table charts", "tables")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(text: &str) -> Result<Chart, Vec<Diagnostic>> {
        let raw: RawChart = toml::from_str(text).expect("parses");
        resolve(File { path: "charts/c.toml".into(), text: text.to_string(), spec: raw }).map(|f| f.spec)
    }

    #[test]
    fn a_key_the_kind_does_not_take_is_an_error_at_its_line() {
        let err = resolved(
            "kind = \"line\"\ndata = \"d\"\nx = \"year\"\ny = \"n\"\nsort = \"descending\"\ntitle = \"T\"\n",
        )
        .unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].message, "`sort` does not apply to `line` charts");
        assert_eq!((err[0].location.line, err[0].location.column), (5, 1));
        assert_eq!(
            err[0].hint.as_deref(),
            Some("remove it; line takes: x, y, series, highlight, domain, rule, band, annotation, format, unit, kind, data, title, subtitle, note, alt, transform (`sort` is for bar, column, grouped-bar, stacked-bar and dot charts)")
        );
    }

    #[test]
    fn a_missing_key_is_named_with_what_the_kind_takes() {
        let err = resolved("kind = \"stat\"\ndata = \"d\"\nlabel = \"l\"\ntitle = \"T\"\n").unwrap_err();
        assert_eq!(err[0].message, "a stat chart needs `value`");
        let ok =
            resolved("kind = \"stat\"\ndata = \"d\"\nlabel = \"l\"\nvalue = \"v\"\ntitle = \"T\"\n").unwrap();
        assert!(matches!(ok.body, Body::Stat(Stat { period: None, .. })));
    }
}
