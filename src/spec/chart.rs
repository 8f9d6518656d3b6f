//! Chart specs (`charts/<id>.toml`): what to draw from which dataset, and its words.

use super::dataset::{Order, Transform};
use super::text::Text;
use serde::Deserialize;
use toml::Spanned;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    pub kind: Spanned<Kind>,
    pub data: Spanned<String>,
    /// Horizontal position: the value of a bar, the category of a column, the year of a line.
    pub x: Option<Spanned<String>>,
    /// Vertical position: the category of a bar, the value of a column or line.
    pub y: Option<Spanned<String>>,
    /// The column naming each row (stat, part-of-whole, timeline).
    pub label: Option<Spanned<String>>,
    /// The column holding each row's number (stat, part-of-whole).
    pub value: Option<Spanned<String>>,
    /// One line (or slope) per distinct value of this column.
    pub series: Option<Spanned<String>>,
    /// Colour marks by the values of this column (timeline kinds).
    pub color: Option<Spanned<String>>,
    /// A column shown beside values as their period ("2006–2018").
    pub period: Option<Spanned<String>>,
    /// A column giving each row's unit ("percent", "million USD", …) for stat and part-of-whole labels.
    pub unit: Option<Spanned<String>>,
    /// part-of-whole: the `label` value of the part and of the whole.
    pub part: Option<Spanned<String>>,
    pub whole: Option<Spanned<String>>,
    pub sort: Option<Order>,
    #[serde(default)]
    pub highlight: Vec<Spanned<String>>,
    #[serde(default)]
    pub format: NumberFormat,
    // Not `Spanned`: toml cannot span dotted-key tables (`title.en = …`); see `File::key`.
    pub title: Text,
    pub subtitle: Option<Text>,
    pub note: Option<Text>,
    pub alt: Option<Text>,
    /// Table kind: the columns to show, in order.
    pub columns: Option<Vec<String>>,
    /// Panel height in points, when the natural one does not suit.
    pub height: Option<f64>,
    #[serde(default)]
    pub transform: Vec<Spanned<Transform>>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Bar,
    Column,
    Line,
    Slope,
    PartOfWhole,
    Timeline,
    Stat,
    Table,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Bar => "bar",
            Kind::Column => "column",
            Kind::Line => "line",
            Kind::Slope => "slope",
            Kind::PartOfWhole => "part-of-whole",
            Kind::Timeline => "timeline",
            Kind::Stat => "stat",
            Kind::Table => "table",
        }
    }
}

/// How a chart's numbers read: `format = { style = "currency", currency = "USD", multiplier = 1e6, compact = true }`.
#[derive(Clone, Debug, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NumberFormat {
    #[serde(default)]
    pub style: NumberStyle,
    pub currency: Option<String>,
    pub decimals: Option<usize>,
    #[serde(default)]
    pub compact: bool,
    /// The values are in these units (1e6 for "million USD").
    pub multiplier: Option<f64>,
}

#[derive(Clone, Copy, Debug, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum NumberStyle {
    #[default]
    Plain,
    Percent,
    Currency,
}
