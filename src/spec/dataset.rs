//! Dataset sidecars (`data/<name>.toml`): how to read a CSV, what its columns are,
//! and the transforms applied to it.

use super::text::Text;
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
    /// The CSV, relative to `data/`; default `<name>.csv`.
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
    #[serde(default)]
    pub transform: Vec<Spanned<Transform>>,
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
    pub thousands: Option<String>,
    pub decimal: Option<String>,
    pub null_values: Option<Vec<String>>,
    /// Columns whose blank cells repeat the value above (spreadsheet carry-forward blanks).
    #[serde(default)]
    pub fill_down: Vec<String>,
    /// Columns holding Spanish (or English) month names, read as month numbers 1–12.
    #[serde(default)]
    pub months: Vec<String>,
    /// Read with Polars' own CSV reader, lazily (only the columns a chart needs, in bounded
    /// memory). Absent: for files above 8 MB.
    pub fast: Option<bool>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    #[serde(alias = "utf8")]
    Utf8,
    #[serde(alias = "latin-1", alias = "iso-8859-1")]
    Latin1,
    #[serde(alias = "cp1252")]
    Windows1252,
    Macroman,
    Auto,
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
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    String,
    Integer,
    Float,
    Boolean,
    Date,
}

impl ColumnType {
    pub fn is_numeric(self) -> bool {
        matches!(self, ColumnType::Integer | ColumnType::Float)
    }

    pub fn name(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Integer => "integer",
            ColumnType::Float => "float",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
        }
    }
}

/// One `[[transform]]` step, in Vega-Lite's vocabulary. Exactly one operation per step.
#[derive(Clone, Debug, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Transform {
    pub filter: Option<Filter>,
    pub sort: Option<Vec<SortKey>>,
    /// Keep the first N rows.
    pub limit: Option<usize>,
    /// Wide → long: these columns become rows of (`as[0]` = column name, `as[1]` = value).
    pub fold: Option<Vec<String>>,
    /// Output names of `fold` (default `["key", "value"]`).
    #[serde(rename = "as")]
    pub as_: Option<Vec<String>>,
    /// With `fold`: the folded column names are month names; the key becomes 1–12.
    #[serde(default)]
    pub months: bool,
    /// Long → wide: one new column per distinct value of this column …
    pub pivot: Option<String>,
    /// … holding the cells of this one (required with `pivot`).
    pub value: Option<String>,
    /// Blank (null) cells of these columns take the value above them.
    pub fill_down: Option<Vec<String>>,
    /// Group rows by `groupby` and compute these (interim: the `tables` branch owns it).
    pub aggregate: Option<Vec<Aggregate>>,
    pub groupby: Option<Vec<String>>,
}

/// One `aggregate` entry: `{ op = "sum", field = "count", as = "count" }`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Aggregate {
    pub op: AggregateOp,
    /// Not needed for `count`.
    pub field: Option<String>,
    #[serde(rename = "as")]
    pub as_: Option<String>,
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
