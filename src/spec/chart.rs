//! Chart specs (`charts/<id>.toml`): what to draw from which dataset, and its words.
//! May use: serde, toml, format (number formats).

use super::dataset::Order;
use super::text::Text;
use super::transform::RawTransform;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A chart spec as written: every key any kind takes. `kinds::resolve` turns it into the
/// [`Chart`](super::Chart) of its kind, refusing keys that kind does not take.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChart {
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
    pub sort: Option<Spanned<Order>>,
    #[serde(default)]
    pub highlight: Vec<Spanned<String>>,
    #[serde(default)]
    pub format: NumberFormat,
    // Not `Spanned`: toml cannot span dotted-key tables (`title.en = …`); see `File::key`.
    pub title: Text,
    pub subtitle: Option<Text>,
    pub note: Option<Text>,
    pub alt: Option<Text>,
    /// Table kind: the columns to show, in order. Besides the dataset's columns, `source`
    /// (the rows' sources, short form), `qualifier` and `note` may be named.
    pub columns: Option<Spanned<Vec<String>>>,
    /// Table kind: each column's header, one string or one per language
    /// (`headers.units = { en = "Units", es = "Unidades" }`); default: the column's name.
    #[serde(default)]
    pub headers: BTreeMap<String, Text>,
    /// Table kind: a number format per column; columns not named here use `format`.
    #[serde(default)]
    pub formats: BTreeMap<String, NumberFormat>,
    /// Table kind: a totals row under the rows.
    pub total: Option<Spanned<TotalRow>>,
    /// Table kind: the column whose numbers carry each row's qualifier ("more than
    /// 276,000"); default: the first numeric column shown.
    pub qualified: Option<Spanned<String>>,
    /// Table kind: the rows' `note`s as numbered footnotes.
    pub row_notes: Option<Spanned<bool>>,
    /// stacked-bar and area: "absolute" (default) or "percent" (each stack sums to 100 %).
    pub stack: Option<Spanned<Stack>>,
    /// The value axis' extent. Bars, columns and stacks must include zero.
    pub domain: Option<Spanned<[f64; 2]>>,
    /// small-multiples: one small chart per value of this column.
    pub facet: Option<Spanned<String>>,
    /// small-multiples: "shared" (default) or "free" value scales.
    pub scales: Option<Spanned<Scales>>,
    /// Reference lines across the value axis.
    #[serde(default)]
    pub rule: Vec<Rule>,
    /// Shaded ranges of the value axis.
    #[serde(default)]
    pub band: Vec<Band>,
    /// Notes pointing at one category or x value, with a connector.
    #[serde(default)]
    pub annotation: Vec<Annotation>,
    #[serde(default)]
    pub transform: Vec<Spanned<RawTransform>>,
}

/// `total = { label = { en = "Total", es = "Total" }, columns = ["units", "share"] }`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TotalRow {
    /// Written in the first column.
    pub label: Text,
    /// The numeric columns summed.
    pub columns: Vec<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Bar,
    GroupedBar,
    StackedBar,
    Dot,
    Column,
    Line,
    Area,
    SmallMultiples,
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
            Kind::GroupedBar => "grouped-bar",
            Kind::StackedBar => "stacked-bar",
            Kind::Dot => "dot",
            Kind::Column => "column",
            Kind::Line => "line",
            Kind::Area => "area",
            Kind::SmallMultiples => "small-multiples",
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
    /// Digit grouping ("2,766"); `group = false` for years and codes (tables).
    pub group: Option<bool>,
}

impl NumberFormat {
    /// As the formatter's format, with the multiplier the stored values need.
    pub fn resolve(&self) -> (crate::format::NumberFormat, f64) {
        use crate::format::Style;
        let mut nf = crate::format::NumberFormat::new();
        nf.style = match self.style {
            NumberStyle::Plain => Style::Plain,
            NumberStyle::Percent => Style::Percent,
            NumberStyle::Currency => Style::Currency(self.currency.clone().unwrap_or_else(|| "USD".into())),
        };
        nf.decimals = self.decimals;
        nf.compact = self.compact;
        nf.group = self.group.unwrap_or(true);
        (nf, self.multiplier.unwrap_or(1.0))
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum NumberStyle {
    #[default]
    Plain,
    Percent,
    Currency,
}

#[derive(Clone, Copy, Debug, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Stack {
    #[default]
    Absolute,
    Percent,
}

#[derive(Clone, Copy, Debug, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scales {
    #[default]
    Shared,
    Free,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub value: f64,
    pub label: Option<Text>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub from: f64,
    pub to: f64,
    pub label: Option<Text>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    /// The category (bars, columns) or x value (lines) pointed at.
    pub at: toml::Value,
    /// For multi-series charts: which series' point.
    pub series: Option<String>,
    pub text: Text,
}
