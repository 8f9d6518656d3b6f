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
    pub delimiter: Option<String>,
    #[serde(default)]
    pub skip_rows: usize,
    pub thousands: Option<String>,
    pub decimal: Option<String>,
    pub null_values: Option<Vec<String>>,
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
