//! Dataset sidecars (`data/<name>.toml`): how to read a CSV, what its columns are,
//! and the transforms applied to it. May use: serde, toml.

use super::text::Text;
use super::transform::{RawTransform, Step};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub title: Option<Text>,
    pub description: Option<Text>,
    /// Default source id for rows without a `source` cell.
    pub source: Option<Spanned<String>>,
    /// The CSV or spreadsheet, relative to `data/`; default `<name>.csv` (or the one
    /// spreadsheet `<name>.xlsx`, `.xls`, `.ods`, … there is).
    pub file: Option<Spanned<String>>,
    /// Another dataset this one is derived from (with `transform`).
    pub from: Option<Spanned<String>>,
    /// Columns that identify a figure, for cross-source consistency checks.
    #[serde(default)]
    pub key: Vec<String>,
    #[serde(default)]
    pub read: Read,
    #[serde(default)]
    pub columns: BTreeMap<String, Spanned<Column>>,
    /// The `[[transform]]` steps as written; `spec` resolves them into `transform`.
    #[serde(default, rename = "transform")]
    pub(super) raw_transform: Vec<Spanned<RawTransform>>,
    #[serde(skip)]
    pub transform: Vec<Step>,
    /// Consistency rules `cifras check` verifies on the loaded rows (see [`Check`]).
    #[serde(default)]
    pub check: Vec<Spanned<Check>>,
}

#[derive(Clone, Debug, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Read {
    pub encoding: Option<Encoding>,
    /// One character; absent: sniffed from the header among `,` `;` `|` and tab.
    pub delimiter: Option<String>,
    /// Title lines before the header; absent: detected (lines with fewer fields than the
    /// table below them). Footer lines of the same kind are dropped either way.
    pub skip_rows: Option<usize>,
    /// The header's line in the file (1-based, as an editor shows it); overrides detection.
    pub header_row: Option<usize>,
    /// The columns' names, by position, in place of the header's.
    pub names: Option<Vec<String>>,
    pub thousands: Option<String>,
    pub decimal: Option<String>,
    pub null_values: Option<Vec<String>>,
    /// Columns whose blank cells repeat the value above (spreadsheet carry-forward blanks).
    #[serde(default)]
    pub fill_down: Vec<String>,
    /// Columns holding Spanish (or English) month names, read as month numbers 1–12.
    #[serde(default)]
    pub months: Vec<String>,
    /// A spreadsheet's sheet, by name; absent: the first.
    pub sheet: Option<Spanned<String>>,
    /// A spreadsheet's cells to read, `A5:K200`; absent: every cell the sheet uses.
    pub range: Option<Spanned<String>>,
    /// Read with Polars' own CSV reader, lazily (only the columns a chart needs, in bounded
    /// memory). Absent: for files above 8 MB.
    pub fast: Option<bool>,
}

/// `[read] encoding`: any WHATWG/IANA label (`utf-8`, `latin1`, `iso-8859-1`, `cp1252`,
/// `macintosh`, `utf-16le`, …), plus `macroman` and `auto`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Strict: a byte that is not UTF-8 is an error.
    Utf8,
    /// The same decoder as `Windows1252` (WHATWG reads every Latin-1 label as windows-1252,
    /// a superset that also has € and curly quotes); kept for callers that name it.
    Latin1,
    Windows1252,
    Macroman,
    /// Line by line: UTF-8 where it is valid, stray bytes as the single-byte encoding that
    /// makes Spanish of them, mangled names repaired.
    Auto,
    /// Any other label's encoding (UTF-16, ISO-8859-15, windows-1250, …).
    Label(&'static encoding_rs::Encoding),
}

/// Labels offered when one is not known (any WHATWG label is accepted).
pub const COMMON_ENCODINGS: &[&str] = &[
    "utf-8",
    "auto",
    "latin1",
    "iso-8859-1",
    "windows-1252",
    "cp1252",
    "macroman",
    "macintosh",
    "iso-8859-15",
    "utf-16le",
    "utf-16be",
];

impl Encoding {
    /// The encoding a label names, in any case, with spaces around it ignored.
    pub fn from_label(label: &str) -> Option<Encoding> {
        let l = label.trim().to_ascii_lowercase();
        match l.as_str() {
            "auto" => return Some(Encoding::Auto),
            "macroman" | "mac-roman" | "mac_roman" | "x-macroman" => return Some(Encoding::Macroman),
            "latin-1" | "iso-latin-1" => return Some(Encoding::Latin1),
            _ => {}
        }
        let enc = encoding_rs::Encoding::for_label_no_replacement(l.as_bytes())?;
        Some(if enc == encoding_rs::UTF_8 {
            Encoding::Utf8
        } else if enc == encoding_rs::WINDOWS_1252 {
            Encoding::Windows1252
        } else if enc == encoding_rs::MACINTOSH {
            Encoding::Macroman
        } else {
            Encoding::Label(enc)
        })
    }

    /// The decoder; `None` for `auto`, which picks one per stretch of bytes.
    pub fn decoder(self) -> Option<&'static encoding_rs::Encoding> {
        match self {
            Encoding::Utf8 => Some(encoding_rs::UTF_8),
            Encoding::Latin1 | Encoding::Windows1252 => Some(encoding_rs::WINDOWS_1252),
            Encoding::Macroman => Some(encoding_rs::MACINTOSH),
            Encoding::Auto => None,
            Encoding::Label(e) => Some(e),
        }
    }
}

impl<'de> Deserialize<'de> for Encoding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let label = String::deserialize(d)?;
        // Reported as serde's unknown variant, so the spec's error names the value at its
        // place and suggests the closest common label.
        Encoding::from_label(&label)
            .ok_or_else(|| serde::de::Error::unknown_variant(&label, COMMON_ENCODINGS))
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Column {
    #[serde(rename = "type")]
    pub kind: ColumnType,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub one_of: Option<Vec<String>>,
    #[serde(default)]
    pub unique: bool,
    pub rename: Option<String>,
    pub unit: Option<String>,
    pub label: Option<Text>,
    /// How a `date` column's cells are written when not ISO or `dd/mm/yyyy`:
    /// `date_format = "%d/%m/%y"` (`%d`, `%m`, `%y`, `%Y`, `%B` a month's name).
    pub date_format: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    String,
    Integer,
    #[serde(alias = "number")]
    Float,
    Boolean,
    Date,
    /// A whole number that is a year: never grouped (`2023`, not `2,023`).
    Year,
}

impl ColumnType {
    pub fn is_numeric(self) -> bool {
        matches!(self, ColumnType::Integer | ColumnType::Float | ColumnType::Year)
    }

    /// Whole numbers: an integer or a year.
    pub fn is_whole(self) -> bool {
        matches!(self, ColumnType::Integer | ColumnType::Year)
    }

    pub fn name(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Integer => "integer",
            ColumnType::Float => "float",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
            ColumnType::Year => "year",
        }
    }
}

/// One name or several: `as = "rate"`, `as = ["month", "count"]`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Names {
    One(String),
    Many(Vec<String>),
}

impl Names {
    pub fn list(&self) -> Vec<String> {
        match self {
            Names::One(s) => vec![s.clone()],
            Names::Many(v) => v.clone(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Aggregate {
    pub op: AggregateOp,
    /// The column aggregated; `count` may leave it out (it counts rows).
    pub field: Option<String>,
    #[serde(rename = "as")]
    pub as_: String,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AggregateOp {
    Sum,
    Mean,
    Median,
    Min,
    Max,
    Count,
    Distinct,
}

impl AggregateOp {
    pub fn name(self) -> &'static str {
        match self {
            AggregateOp::Sum => "sum",
            AggregateOp::Mean => "mean",
            AggregateOp::Median => "median",
            AggregateOp::Min => "min",
            AggregateOp::Max => "max",
            AggregateOp::Count => "count",
            AggregateOp::Distinct => "distinct",
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LookupFrom {
    /// The dataset to join.
    pub data: String,
    /// Its column matched against this dataset's `lookup` column.
    pub key: String,
    /// Its columns copied onto each matching row.
    pub fields: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WindowOp {
    pub op: WindowKind,
    pub field: Option<String>,
    #[serde(rename = "as")]
    pub as_: String,
    /// `cagr`: the column holding each row's year.
    pub time: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    /// 1 for the largest value of `field`; ties share a rank ("1, 2, 2, 4").
    Rank,
    RowNumber,
    /// Running total in row order.
    #[serde(alias = "cumulative_sum")]
    Cumsum,
    /// Value minus the previous row's.
    Difference,
    /// Percent change from the previous row's value.
    Change,
    /// Percent of the group's total.
    Share,
    /// Compound annual growth in percent from the group's first row (by `time`).
    Cagr,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Top {
    pub n: usize,
    /// Rank rows by this numeric column, largest first.
    pub field: String,
    /// The column naming each row; the folded row is labelled `other` in it.
    pub label: String,
    /// `other = "Other states"`, or per language (`{ en = "Other states", es = "Otros
    /// estados" }`): each `<label>.<lang>` column then gets its language's, and `label` the
    /// one of the language that has no such column.
    pub other: Text,
    /// The `label` of a row holding the whole: the "other" row is then that whole minus
    /// the rows kept, and the whole row itself is dropped.
    pub total: Option<String>,
}

/// One `[[check]]` of a sidecar: exactly one rule.
///
/// ```toml
/// [[check]]                          # parts never exceed their whole
/// parts = ["Galil or Tavor assault rifles"]
/// whole = "Small arms sold by IWI"
/// field = "value"
/// [[check]]                          # a declared total is the sum of its parts
/// parts = "*"
/// total = { data = "iwi_small_arms", key = "IWI weapons among those recovered firearms", field = "value" }
/// field = "weapons"
/// [[check]]                          # percentages lie within 0–100
/// percent = "value"
/// where = { field = "unit", equal = "percent" }
/// [[check]]                          # a known disagreement between sources
/// acknowledge = 2000
/// reason = "The seed's 350 M USD and the embassies' 210 M USD; charts use the seed's."
/// ```
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Key values of this dataset's rows, or "*" for every row but the whole's.
    pub parts: Option<Parts>,
    pub whole: Option<Figure>,
    pub total: Option<Figure>,
    /// The numeric column of the parts (and of a whole in this dataset).
    pub field: Option<String>,
    /// A column whose values are percentages.
    pub percent: Option<String>,
    /// Only rows passing this filter (for `percent`).
    #[serde(rename = "where")]
    pub where_: Option<Filter>,
    /// The key value (or values, for a key of several columns) of a disagreement between
    /// sources that is recorded on purpose: reported as a warning, not an error.
    pub acknowledge: Option<toml::Value>,
    /// Why the disagreement stands, shown with it.
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Parts {
    /// "*": every row (except the whole's).
    All(String),
    Keys(Vec<toml::Value>),
}

/// A figure: a key value of this dataset, or `{ data, key, field }` in any dataset.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Figure {
    // First: a table would also deserialize as a plain `toml::Value`.
    In(FigureIn),
    Here(toml::Value),
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FigureIn {
    pub data: Option<String>,
    pub key: toml::Value,
    pub field: Option<String>,
}

/// A key value as written (string, number, or a list for keys of several columns) → the
/// cells' text, as `Table::text` gives them.
pub fn key_text(v: &toml::Value) -> Vec<String> {
    match v {
        toml::Value::String(s) => vec![s.clone()],
        toml::Value::Integer(i) => vec![i.to_string()],
        toml::Value::Float(f) => vec![f.to_string()],
        toml::Value::Boolean(b) => vec![b.to_string()],
        toml::Value::Array(a) => a.iter().flat_map(key_text).collect(),
        other => vec![other.to_string()],
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    pub field: String,
    pub equal: Option<toml::Value>,
    pub not_equal: Option<toml::Value>,
    pub one_of: Option<Vec<toml::Value>>,
    pub lt: Option<f64>,
    pub lte: Option<f64>,
    pub gt: Option<f64>,
    pub gte: Option<f64>,
    pub range: Option<[f64; 2]>,
    pub valid: Option<bool>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SortKey {
    pub field: String,
    #[serde(default)]
    pub order: Order,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    #[default]
    Ascending,
    Descending,
}
