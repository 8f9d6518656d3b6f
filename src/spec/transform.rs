//! `[[transform]]` steps resolved into one operation each: a [`RawTransform`] (every key
//! any operation takes, as the user wrote them) becomes a [`Step`] whose [`Transform`]
//! names one operation and holds exactly its keys, the required ones present. Two
//! operations in one step, or a key the operation does not take, is an error at the key.
//! May use: serde, toml.

use super::dataset::{Aggregate, Filter, LookupFrom, Names, SortKey, Top, WindowOp};
use super::{Diagnostic, File, Location};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// One `[[transform]]` step as written, in Vega-Lite's vocabulary.
#[derive(Clone, Debug, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct RawTransform {
    pub filter: Option<Filter>,
    pub sort: Option<Vec<SortKey>>,
    /// Keep the first N rows.
    pub limit: Option<usize>,
    /// `aggregate = [{ op = "sum", field = "count", as = "count" }]`, with `groupby`.
    pub aggregate: Option<Vec<Aggregate>>,
    /// Columns an `aggregate` or a `window` groups by.
    pub groupby: Option<Vec<String>>,
    /// `calculate = "count / population * 100000"`, with `as = "rate"`.
    pub calculate: Option<String>,
    /// The name of the column a step makes (`calculate`), or names (`fold`).
    #[serde(rename = "as")]
    pub as_: Option<Names>,
    /// `lookup = "state"`: join the dataset named in `from` on this column.
    pub lookup: Option<String>,
    pub from: Option<LookupFrom>,
    /// `window = [{ op = "rank", field = "units", as = "rank" }]`, ordered by this step's
    /// `sort` (when given) and within `groupby`.
    pub window: Option<Vec<WindowOp>>,
    /// `top = { n = 3, field = "units", label = "state", other = "Other states" }`.
    pub top: Option<Top>,
    /// Wide → long: these columns become rows of (`as[0]` = column name, `as[1]` = value).
    pub fold: Option<Vec<String>>,
    /// With `fold`: the folded column names are month names; the key becomes 1–12.
    pub months: Option<bool>,
    /// Long → wide: one new column per distinct value of this column …
    pub pivot: Option<String>,
    /// … holding the cells of this one (required with `pivot`).
    pub value: Option<String>,
    /// Blank (null) cells of these columns take the value above them.
    pub fill_down: Option<Vec<String>>,
    /// `parse = { year = "integer", fecha = "date" }` (Vega-Lite's `format.parse`): these
    /// columns converted to these types; `"date:%d/%m/%y"` names a date's format.
    pub parse: Option<BTreeMap<String, String>>,
}

/// One resolved step and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub at: Location,
    pub op: Transform,
}

/// One operation, with exactly the keys it takes.
#[derive(Clone, Debug, PartialEq)]
pub enum Transform {
    Filter(Filter),
    Sort(Vec<SortKey>),
    Limit(usize),
    Aggregate(Aggregation),
    Calculate(Calculate),
    Lookup(Lookup),
    Window(Window),
    Top(Top),
    Fold(Fold),
    Pivot(Pivot),
    FillDown(Vec<String>),
    Parse(BTreeMap<String, String>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Aggregation {
    pub ops: Vec<Aggregate>,
    pub groupby: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Calculate {
    pub formula: String,
    /// The new column's name (`as`).
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lookup {
    /// This dataset's column matched against `from.key`.
    pub key: String,
    pub from: LookupFrom,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    pub ops: Vec<WindowOp>,
    pub groupby: Vec<String>,
    /// The order within each group (empty: row order).
    pub sort: Vec<SortKey>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Fold {
    pub columns: Vec<String>,
    /// The new columns: the folded columns' names, and their cells.
    pub key: String,
    pub value: String,
    pub months: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pivot {
    /// The column whose distinct values become columns.
    pub on: String,
    /// The column whose cells fill them.
    pub value: String,
}

impl Transform {
    /// Statistics steps run on the collected frame (`data::stats`), not in the lazy query.
    pub fn is_stat(&self) -> bool {
        matches!(
            self,
            Transform::Aggregate(_)
                | Transform::Calculate(_)
                | Transform::Lookup(_)
                | Transform::Window(_)
                | Transform::Top(_)
        )
    }
}

/// The operations, each with the keys it takes besides its own.
const OPERATIONS: &[(&str, &[&str])] = &[
    ("filter", &[]),
    ("sort", &[]),
    ("limit", &[]),
    ("aggregate", &["groupby"]),
    ("calculate", &["as"]),
    ("lookup", &["from"]),
    ("window", &["groupby", "sort"]),
    ("top", &[]),
    ("fold", &["as", "months"]),
    ("pivot", &["value"]),
    ("fill_down", &[]),
    ("parse", &[]),
];

/// Which keys of `raw` are written.
fn written(raw: &RawTransform) -> Vec<&'static str> {
    let keys = [
        ("filter", raw.filter.is_some()),
        ("sort", raw.sort.is_some()),
        ("limit", raw.limit.is_some()),
        ("aggregate", raw.aggregate.is_some()),
        ("groupby", raw.groupby.is_some()),
        ("calculate", raw.calculate.is_some()),
        ("as", raw.as_.is_some()),
        ("lookup", raw.lookup.is_some()),
        ("from", raw.from.is_some()),
        ("window", raw.window.is_some()),
        ("top", raw.top.is_some()),
        ("fold", raw.fold.is_some()),
        ("months", raw.months.is_some()),
        ("pivot", raw.pivot.is_some()),
        ("value", raw.value.is_some()),
        ("fill_down", raw.fill_down.is_some()),
        ("parse", raw.parse.is_some()),
    ];
    keys.into_iter().filter(|(_, set)| *set).map(|(k, _)| k).collect()
}

const ONE_THING: &str = "split it: one `filter`, `sort`, `limit`, `fold`, `pivot`, `fill_down`, `parse`, `aggregate`, `calculate`, `lookup`, `window` or `top` per [[transform]]";

/// Resolves every step of `steps`, written in `file`.
pub fn resolve_all<T>(file: &File<T>, steps: &[Spanned<RawTransform>]) -> Result<Vec<Step>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for step in steps {
        match resolve(file, step) {
            Ok(s) => out.push(s),
            Err(d) => diags.extend(d),
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

/// Resolves one step: exactly one operation, only the keys it takes, the ones it needs.
pub fn resolve<T>(file: &File<T>, step: &Spanned<RawTransform>) -> Result<Step, Vec<Diagnostic>> {
    let at = file.at(step);
    let raw = step.get_ref();
    let keys = written(raw);
    let key_at = |key: &str| key_in(file, step, key).unwrap_or_else(|| at.clone());
    // A window's `sort` orders the window; it is not an operation of its own there.
    let mut ops: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| OPERATIONS.iter().any(|(op, _)| op == k))
        .filter(|k| !(*k == "sort" && raw.window.is_some()))
        .collect();
    // In the order they are written, so the error points at the one that came second.
    if ops.len() > 1 {
        ops.sort_by_key(|k| key_in(file, step, k).map(|l| (l.line, l.column)));
    }
    let op = match ops.as_slice() {
        [op] => *op,
        [] => {
            return Err(vec![Diagnostic::error(at, "a [[transform]] step must do exactly one thing")
                .hint(format!("it names no operation; {ONE_THING}"))])
        }
        [_, second, ..] => {
            return Err(vec![Diagnostic::error(
                key_at(second),
                format!(
                    "a [[transform]] step must do exactly one thing (this one has `{}`)",
                    ops.join("`, `")
                ),
            )
            .hint(ONE_THING)])
        }
    };
    let companions = OPERATIONS.iter().find(|(o, _)| *o == op).map(|(_, c)| *c).unwrap_or_default();
    let stray: Vec<Diagnostic> = keys
        .iter()
        .filter(|k| **k != op && !companions.contains(k))
        .map(|k| {
            let takes = std::iter::once(op).chain(companions.iter().copied()).collect::<Vec<_>>().join(", ");
            let users: Vec<&str> =
                OPERATIONS.iter().filter(|(_, c)| c.contains(k)).map(|(o, _)| *o).collect();
            let also = if users.is_empty() {
                String::new()
            } else {
                format!(" (`{k}` is for {})", users.join(" and "))
            };
            Diagnostic::error(key_at(k), format!("`{k}` does not apply to a `{op}` step"))
                .hint(format!("remove it; a `{op}` step takes: {takes}{also}"))
        })
        .collect();
    if !stray.is_empty() {
        return Err(stray);
    }
    let needs = |key: &str, hint: &str| {
        vec![Diagnostic::error(at.clone(), format!("`{op}` needs `{key}`")).hint(hint.to_string())]
    };
    let raw = raw.clone();
    let op = match op {
        "filter" => Transform::Filter(raw.filter.unwrap_or_else(|| unreachable!())),
        "sort" => Transform::Sort(raw.sort.unwrap_or_default()),
        "limit" => Transform::Limit(raw.limit.unwrap_or_default()),
        "aggregate" => Transform::Aggregate(Aggregation {
            ops: raw.aggregate.unwrap_or_default(),
            groupby: raw.groupby.unwrap_or_default(),
        }),
        "calculate" => {
            let name = match raw.as_.map(|n| n.list()) {
                Some(v) if v.len() == 1 => v[0].clone(),
                Some(_) => {
                    return Err(vec![Diagnostic::error(key_at("as"), "`as` of a calculate names one column")
                        .hint("e.g. calculate = \"count / population * 100000\" with as = \"rate\"")])
                }
                None => {
                    return Err(vec![Diagnostic::error(at, "`calculate` needs `as`, the new column's name")
                        .hint("e.g. calculate = \"count / population * 100000\" with as = \"rate\"")])
                }
            };
            Transform::Calculate(Calculate { formula: raw.calculate.unwrap_or_default(), name })
        }
        "lookup" => match raw.from {
            Some(from) => Transform::Lookup(Lookup { key: raw.lookup.unwrap_or_default(), from }),
            None => {
                return Err(needs(
                    "from",
                    "from = { data = \"population\", key = \"state\", fields = [\"population\"] }",
                ))
            }
        },
        "window" => Transform::Window(Window {
            ops: raw.window.unwrap_or_default(),
            groupby: raw.groupby.unwrap_or_default(),
            sort: raw.sort.unwrap_or_default(),
        }),
        "top" => Transform::Top(raw.top.unwrap_or_else(|| unreachable!())),
        "fold" => {
            let columns = raw.fold.unwrap_or_default();
            if columns.is_empty() {
                return Err(vec![Diagnostic::error(at, "`fold` names no columns")
                    .hint("list the wide columns to turn into rows, e.g. fold = [\"Enero\", \"Febrero\"]")]);
            }
            let (key, value) = match raw.as_.map(|n| n.list()).as_deref() {
                None => ("key".to_string(), "value".to_string()),
                Some([k, v]) => (k.clone(), v.clone()),
                Some(_) => {
                    return Err(vec![Diagnostic::error(key_at("as"), "`as` of a fold names two columns").hint(
                        "write as = [\"month\", \"count\"]: the column names go in the first, the cells in the second",
                    )])
                }
            };
            Transform::Fold(Fold { columns, key, value, months: raw.months.unwrap_or(false) })
        }
        "pivot" => match raw.value {
            Some(value) => Transform::Pivot(Pivot { on: raw.pivot.unwrap_or_default(), value }),
            None => {
                return Err(needs(
                    "value",
                    "name the column whose cells fill the new columns: value = \"count\"",
                ))
            }
        },
        "fill_down" => Transform::FillDown(raw.fill_down.unwrap_or_default()),
        _ => Transform::Parse(raw.parse.unwrap_or_default()),
    };
    Ok(Step { at, op })
}

/// Where `key` is written inside `step`: `key = …` on a line of a `[[transform]]` table, or
/// `key = …` inside an inline `{ … }`.
fn key_in<T>(file: &File<T>, step: &Spanned<RawTransform>, key: &str) -> Option<Location> {
    let span = step.span();
    let text = file.text.get(span.start..span.end.min(file.text.len()))?;
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find(key).map(|i| i + from) {
        let before = text[..i].trim_end_matches([' ', '\t']);
        let starts = before.is_empty() || before.ends_with(['\n', '{', ',']);
        let after = text[i + key.len()..].trim_start_matches([' ', '\t']);
        let word_ends = bytes.get(i + key.len()).is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        if starts && word_ends && after.starts_with(['=', '.']) {
            return Some(Location::at_offset(&file.path, &file.text, span.start + i));
        }
        from = i + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::path::PathBuf;

    #[derive(Deserialize)]
    struct Steps {
        transform: Vec<Spanned<RawTransform>>,
    }

    fn steps(text: &str) -> Result<Vec<Step>, Vec<Diagnostic>> {
        let parsed: Steps = toml::from_str(text).unwrap();
        let file = File { path: PathBuf::from("data/x.toml"), text: text.to_string(), spec: () };
        resolve_all(&file, &parsed.transform)
    }

    #[test]
    fn each_operation_resolves_to_its_variant() {
        let s = steps(concat!(
            "[[transform]]\nfilter = { field = \"year\", gte = 2010 }\n",
            "[[transform]]\naggregate = [{ op = \"sum\", field = \"n\", as = \"n\" }]\ngroupby = [\"year\"]\n",
            "[[transform]]\nfold = [\"Enero\", \"Febrero\"]\nas = [\"month\", \"count\"]\nmonths = true\n",
            "[[transform]]\nwindow = [{ op = \"rank\", field = \"n\", as = \"r\" }]\nsort = [{ field = \"n\" }]\n",
            "[[transform]]\ncalculate = \"n * 2\"\nas = \"m\"\n",
        ))
        .unwrap();
        assert!(matches!(&s[0].op, Transform::Filter(f) if f.field == "year" && f.gte == Some(2010.0)));
        assert!(matches!(&s[1].op, Transform::Aggregate(a) if a.groupby == ["year"] && a.ops.len() == 1));
        let Transform::Fold(f) = &s[2].op else { panic!("{:?}", s[2].op) };
        assert_eq!(
            (f.key.as_str(), f.value.as_str(), f.months, f.columns.len()),
            ("month", "count", true, 2)
        );
        assert!(matches!(&s[3].op, Transform::Window(w) if w.sort.len() == 1 && w.groupby.is_empty()));
        assert!(matches!(&s[4].op, Transform::Calculate(c) if c.name == "m" && c.formula == "n * 2"));
        assert_eq!((s[2].at.line, s[4].at.line), (6, 13));
        assert!(s[1].op.is_stat() && !s[0].op.is_stat());
    }

    #[test]
    fn a_key_the_operation_does_not_take_is_an_error_at_the_key() {
        let d =
            steps("[[transform]]\nfilter = { field = \"a\", equal = 1 }\ngroupby = [\"a\"]\n").unwrap_err();
        assert_eq!(d[0].message, "`groupby` does not apply to a `filter` step");
        assert_eq!((d[0].location.line, d[0].location.column), (3, 1));
        assert_eq!(
            d[0].hint.as_deref(),
            Some("remove it; a `filter` step takes: filter (`groupby` is for aggregate and window)")
        );
        let d = steps("[[transform]]\nlimit = 3\nmonths = true\n").unwrap_err();
        assert_eq!(d[0].message, "`months` does not apply to a `limit` step");
        assert_eq!(d[0].location.line, 3);
    }

    #[test]
    fn two_operations_point_at_the_second() {
        let d = steps("[[transform]]\nlimit = 3\n\nsort = [{ field = \"a\" }]\n").unwrap_err();
        assert_eq!(
            d[0].message,
            "a [[transform]] step must do exactly one thing (this one has `limit`, `sort`)"
        );
        assert_eq!(d[0].location.line, 4);
        let d = steps(
            "transform = [{ limit = 3, top = { n = 1, field = \"a\", label = \"b\", other = \"c\" } }]\n",
        )
        .unwrap_err();
        assert!(
            d[0].message.starts_with("a [[transform]] step must do exactly one thing"),
            "{}",
            d[0].message
        );
        let d = steps("[[transform]]\nas = \"x\"\n").unwrap_err();
        assert_eq!(d[0].message, "a [[transform]] step must do exactly one thing");
    }

    #[test]
    fn missing_companions_are_named() {
        let d = steps("[[transform]]\npivot = \"year\"\n").unwrap_err();
        assert_eq!(d[0].message, "`pivot` needs `value`");
        let d = steps("[[transform]]\ncalculate = \"a + 1\"\n").unwrap_err();
        assert_eq!(d[0].message, "`calculate` needs `as`, the new column's name");
        let d = steps("[[transform]]\nlookup = \"state\"\n").unwrap_err();
        assert_eq!(d[0].message, "`lookup` needs `from`");
        let d = steps("[[transform]]\nfold = [\"a\"]\nas = [\"k\"]\n").unwrap_err();
        assert_eq!((d[0].message.as_str(), d[0].location.line), ("`as` of a fold names two columns", 3));
        let d = steps("[[transform]]\nfold = []\n").unwrap_err();
        assert_eq!(d[0].message, "`fold` names no columns");
    }

    #[test]
    fn inline_steps_find_their_keys() {
        let d = steps("transform = [\n  { limit = 2, groupby = [\"a\"] },\n]\n").unwrap_err();
        assert_eq!((d[0].location.line, d[0].location.column), (2, 16));
    }
}
