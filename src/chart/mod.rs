//! The chart model: a spec and its rows become scales, marks and the text to place, in
//! panel units, with the source line and alt text built from exactly the rows drawn.
//!
//! Steps: resolve the spec's words for one language → the kind's marks → source line → alt text.
//! May use: spec, data (its plain `Table` only), format. No fonts: sizes come in `layout`.

mod bars;
mod grouped;
mod guides;
pub mod map;
mod model;
mod other;
pub mod scale;
mod series;
mod time;
mod words;

pub use model::*;

use crate::data::{Column, Table, Values};
use crate::format::{self, Locale, NumberFormat, Qualifier};
use crate::spec::kinds::Body as Spec;
use crate::spec::{self, Diagnostic, File, Kind, Sources};
use toml::Spanned;

/// What a chart is compiled for.
pub struct Context<'a> {
    pub id: &'a str,
    pub lang: &'a str,
    pub locale: Locale,
    pub sources: &'a Sources,
}

/// What a kind hands back: its drawing, the rows it drew and a draft of its alt text.
struct Drawn {
    /// The value scale and points to annotate, for kinds with a value axis.
    axes: Option<guides::Axes>,
    body: Body,
    legend: Vec<LegendItem>,
    rows: Vec<usize>,
    alt: String,
}

/// Compiles chart `file` over `table` for one language.
pub fn compile(file: &File<spec::Chart>, table: &Table, ctx: &Context) -> Result<Chart, Vec<Diagnostic>> {
    let spec = &file.spec;
    check_values(file, table)?;
    let c = Compiler { file, table, ctx, numbers: numbers(&spec.format) };
    let kind = *spec.kind.get_ref();
    let drawn = match &spec.body {
        Spec::Bar(b) => bars::bar(&c, b),
        Spec::GroupedBar(g) => grouped::grouped(&c, g),
        Spec::StackedBar(g) => grouped::stacked(&c, g),
        Spec::Dot(g) => grouped::dot(&c, g),
        Spec::Column(b) => bars::column(&c, b),
        Spec::Line(l) => series::line(&c, l, false),
        Spec::Area(l) => series::line(&c, l, true),
        Spec::SmallMultiples(m) => series::small_multiples(&c, m),
        Spec::Slope(s) => series::slope(&c, s),
        Spec::PartOfWhole(p) => other::part_of_whole(&c, p),
        Spec::Timeline(t) => other::timeline(&c, t),
        Spec::Stat(s) => other::stat(&c, s),
        Spec::Table(_) => {
            Err(vec![Diagnostic::error(file.at(&spec.kind), "a table is not drawn as a chart")
                .hint("tables are exported by the table stage")])
        }
    }?;
    let mut drawn = drawn;
    let wants_guides = !spec.guides.is_empty();
    match (&drawn.axes, &mut drawn.body) {
        (Some(axes), Body::Panel(panel)) => guides::apply(file, ctx.lang, axes, panel, &|v| c.number(v))?,
        _ if wants_guides => {
            return Err(vec![Diagnostic::error(
                file.key("kind"),
                format!("a {} chart has no value axis for rules, bands or annotations", kind.name()),
            )
            .hint("remove [[rule]], [[band]] and [[annotation]], or use a bar, column, line or area chart")])
        }
        _ => {}
    }
    check_limits(file, table, &drawn)?;
    if drawn.rows.is_empty() {
        return Err(vec![Diagnostic::error(file.at(&spec.data), "the chart draws no rows")
            .hint("check the chart's filters and that the dataset has values in the columns it uses")]);
    }
    let text = |t: &spec::Text| t.get(ctx.lang).unwrap_or_default().to_string();
    let (source_line, sources) = source_line(table, &drawn.rows, ctx)?;
    let title = text(&spec.title);
    let alt = match &spec.alt {
        Some(a) => text(a),
        None => format!("{} {}", drawn.alt.trim_end(), source_line),
    };
    Ok(Chart {
        id: ctx.id.to_string(),
        kind,
        lang: ctx.lang.to_string(),
        title,
        subtitle: spec.subtitle.as_ref().map(text),
        notes: spec.note.as_ref().map(text).into_iter().filter(|s| !s.is_empty()).collect(),
        source_line,
        sources,
        rows: {
            let mut r = std::mem::take(&mut drawn.rows);
            r.sort_unstable();
            r.dedup();
            r
        },
        alt,
        legend: drawn.legend,
        body: drawn.body,
    })
}

/// Most marks a chart may draw one label each for, and the longest label: beyond these
/// a chart cannot be read, and measuring megabytes of text would stall the build.
const MAX_LABELLED_ROWS: usize = 400;
const MAX_LABEL_CHARS: usize = 1000;

/// Largest magnitude a chart draws. Beyond it a label shows digits no figure holds
/// ("100,000,000,…" for 1e200), and sums and spans of scales may overflow to infinity;
/// with every value within it, no scale arithmetic can (400 values, ×100 for percent).
pub const MAX_VALUE: f64 = 1e15;

/// Every value the chart's roles name is within [`MAX_VALUE`], or an error at its cell.
fn check_values(file: &File<spec::Chart>, table: &Table) -> Result<(), Vec<Diagnostic>> {
    let spec = &file.spec;
    for key in spec.body.value_keys() {
        let Some(Column { name, values: Values::Number(values), .. }) = table.column(key.get_ref()) else {
            continue;
        };
        let Some((r, v)) = values
            .iter()
            .enumerate()
            .find_map(|(r, v)| v.filter(|v| v.is_nan() || v.abs() > MAX_VALUE).map(|v| (r, v)))
        else {
            continue;
        };
        let line = table.rows[r].line;
        let at = if line > 0 { spec::Location::at_line(&table.path, line, 0) } else { file.at(key) };
        let computed = if line > 0 { "" } else { "computed " };
        return Err(vec![Diagnostic::error(
            at,
            format!("the {computed}value {v:e} of column `{name}` is too large to draw (beyond ±{MAX_VALUE:e})"),
        )
        .hint("check the figure; for very large ones, divide them into a unit (millions, billions) with a calculate step")]);
    }
    Ok(())
}

/// Refuses `n` labelled things (rows, categories, series, facets) beyond what can be read.
/// Kinds call it as soon as they know `n`, before any work per row: 1,000,000 categories
/// must fail at once, not after sorting and formatting them.
fn check_labelled(file: &File<spec::Chart>, n: usize) -> Result<(), Vec<Diagnostic>> {
    if n <= MAX_LABELLED_ROWS {
        return Ok(());
    }
    Err(vec![Diagnostic::error(
        file.at(&file.spec.data),
        format!("the chart would draw {n} labelled rows; no reader can read more than {MAX_LABELLED_ROWS}"),
    )
    .hint("keep the largest with a [[transform]] (sort, then limit), or aggregate the rows first")])
}

fn check_limits(file: &File<spec::Chart>, table: &Table, drawn: &Drawn) -> Result<(), Vec<Diagnostic>> {
    let labelled = !matches!(file.spec.kind.get_ref(), Kind::Line | Kind::Area | Kind::SmallMultiples);
    if labelled {
        check_labelled(file, drawn.rows.len())?;
    }
    // Only text cells can be long; numbers are not formatted here (a million-point line).
    for c in &table.columns {
        let Values::Text(cells) = &c.values else { continue };
        for &r in &drawn.rows {
            let Some(t) = &cells[r] else { continue };
            if t.len() > MAX_LABEL_CHARS && t.chars().count() > MAX_LABEL_CHARS {
                return Err(vec![Diagnostic::error(
                    spec::Location::at_line(&table.path, table.rows[r].line, 0),
                    format!("a value of column `{}` is {} characters long, too long to draw", c.name, t.chars().count()),
                )
                .hint(format!("shorten it to under {MAX_LABEL_CHARS} characters, or move long text to the `note` column"))]);
            }
        }
    }
    Ok(())
}

/// "Sources: A; B." from the rows drawn, each source once, in order of first use.
fn source_line(
    table: &Table,
    rows: &[usize],
    ctx: &Context,
) -> Result<(String, Vec<String>), Vec<Diagnostic>> {
    let ids = table.cited(rows);
    let w = words::words(ctx.lang);
    let line = spec::source::line(ctx.sources, &ids, w.source, w.sources).map_err(|id| {
        vec![Diagnostic::error(
            spec::Location::at_line(&table.path, table.rows[rows[0]].line, 0),
            format!("unknown source `{id}`"),
        )]
    })?;
    Ok((line, ids))
}

fn numbers(f: &spec::chart::NumberFormat) -> Numbers {
    let (format, multiplier) = f.resolve();
    Numbers { format, multiplier }
}

/// The chart's number format, applied to values as stored.
struct Numbers {
    format: NumberFormat,
    multiplier: f64,
}

/// Shared state of one compilation.
struct Compiler<'a> {
    file: &'a File<spec::Chart>,
    table: &'a Table,
    ctx: &'a Context<'a>,
    numbers: Numbers,
}

impl Compiler<'_> {
    fn spec(&self) -> &spec::Chart {
        &self.file.spec
    }

    /// See [`check_labelled`].
    fn labelled(&self, n: usize) -> Result<(), Vec<Diagnostic>> {
        check_labelled(self.file, n)
    }

    /// A value as a label: formatted per locale, with its row's qualifier.
    fn value_label(&self, v: f64, row: usize) -> String {
        format::qualified(&self.value_number(v, row), self.table.rows[row].qualifier, self.ctx.locale)
    }

    /// A value formatted without its qualifier.
    fn value_number(&self, v: f64, row: usize) -> String {
        match self.row_unit(row) {
            Some(n) => format::number(v * n.multiplier, self.ctx.locale, &n.format),
            None => self.number(v),
        }
    }

    /// The number format a row's `unit` cell asks for, when the chart names a unit column.
    fn row_unit(&self, row: usize) -> Option<Numbers> {
        let key = self.spec().unit.as_ref()?;
        let (format, multiplier) = format::unit_format(&self.table.text(key.get_ref(), row)?);
        Some(Numbers { format, multiplier })
    }

    fn number(&self, v: f64) -> String {
        format::number(v * self.numbers.multiplier, self.ctx.locale, &self.numbers.format)
    }

    fn qualifier(&self, row: usize) -> Qualifier {
        self.table.rows[row].qualifier
    }

    /// Tick labels for values on the chart's scale.
    fn ticks(&self, ticks: &[f64]) -> Vec<String> {
        let scaled: Vec<f64> = ticks.iter().map(|t| t * self.numbers.multiplier).collect();
        format::ticks(&scaled, self.ctx.locale, &self.numbers.format)
    }

    /// The column a key names, or a diagnostic at the key.
    fn column(&self, k: &Spanned<String>) -> Result<&Column, Vec<Diagnostic>> {
        self.table.column(k.get_ref()).ok_or_else(|| {
            let mut d = spec::unknown_name(self.file.at(k), "column", k.get_ref(), self.table.names());
            d.hint = Some(
                format!(
                    "{} (dataset `{}` has: {})",
                    d.hint.unwrap_or_default(),
                    self.table.dataset,
                    self.columns_list()
                )
                .into(),
            );
            vec![d]
        })
    }

    fn numeric(&self, k: &Spanned<String>, role: &str) -> Result<&[Option<f64>], Vec<Diagnostic>> {
        let c = self.column(k)?;
        match &c.values {
            Values::Number(v) => Ok(v),
            Values::Text(_) => {
                Err(vec![Diagnostic::error(self.file.at(k), format!("column `{}` holds text, but `{role}` must be numeric", c.name))
                    .hint(format!("pick a numeric column, or make this one numeric: `{} = {{ type = \"integer\" }}` under [columns] in the dataset's sidecar, or a [[transform]] with parse = {{ {} = \"integer\" }} (\"float\" for decimals)", c.name, c.name))])
            }
        }
    }

    /// An x column's values as numbers: numbers as they are, dates (`type = "date"`, or a
    /// spreadsheet's date cells) as day numbers. `true` when they are dates.
    fn x_values(
        &self,
        key: &Spanned<String>,
        role: &str,
    ) -> Result<(Vec<Option<f64>>, bool), Vec<Diagnostic>> {
        let c = self.column(key)?;
        match (&c.values, c.kind) {
            (Values::Text(v), spec::dataset::ColumnType::Date) => {
                let mut out = Vec::with_capacity(v.len());
                for (r, cell) in v.iter().enumerate() {
                    match cell.as_deref().map(|t| (t, time::day_number(t))) {
                        None => out.push(None),
                        Some((_, Some(d))) => out.push(Some(d)),
                        Some((t, None)) => {
                            return Err(vec![Diagnostic::error(
                                spec::Location::at_line(&self.table.path, self.table.rows[r].line, 0),
                                format!("`{t}` in column `{}` is not an ISO date", c.name),
                            )
                            .hint("dates are read as 2019-03-01; declare the column `type = \"date\"` to convert other spellings")]);
                        }
                    }
                }
                Ok((out, true))
            }
            _ => Ok((self.numeric(key, role)?.to_vec(), false)),
        }
    }

    /// A column's values as written (for matching `highlight`, `part`, series).
    fn keys(&self, key: &Spanned<String>) -> Result<Vec<String>, Vec<Diagnostic>> {
        let c = self.column(key)?;
        let name = c.name.clone();
        Ok((0..self.table.len()).map(|r| self.table.text(&name, r).unwrap_or_default()).collect())
    }

    /// A column's values as shown in this language: from its `<column>.<lang>` column
    /// when the dataset has one (every non-empty value must then be translated).
    fn texts(&self, key: &Spanned<String>) -> Result<Vec<String>, Vec<Diagnostic>> {
        let base = self.keys(key)?;
        let name = key.get_ref();
        let translated = format!("{name}.{}", self.ctx.lang);
        if self.table.column(&translated).is_none() {
            return Ok(base);
        }
        let mut out = Vec::with_capacity(base.len());
        let mut diags = Vec::new();
        for (r, b) in base.into_iter().enumerate() {
            match self.table.text(&translated, r).filter(|t| !t.trim().is_empty()) {
                Some(t) => out.push(t),
                None if b.trim().is_empty() => out.push(b),
                None => {
                    diags.push(
                        Diagnostic::error(
                            spec::Location::at_line(&self.table.path, self.table.rows[r].line, 0),
                            format!("`{b}` has no translation in column `{translated}`"),
                        )
                        .hint(format!("fill the `{translated}` cell of this row")),
                    );
                    out.push(b);
                }
            }
        }
        if diags.is_empty() {
            Ok(out)
        } else {
            Err(diags)
        }
    }

    fn columns_list(&self) -> String {
        self.table.names().cloned().collect::<Vec<_>>().join(", ")
    }

    /// Checks a spec'd `domain` against the kind's need for zero.
    fn domain(
        &self,
        domain: Option<&Spanned<[f64; 2]>>,
        lo: f64,
        hi: f64,
        needs_zero: bool,
    ) -> Result<scale::Linear, Vec<Diagnostic>> {
        let c = self;
        match domain {
            Some(d) => {
                let [a, b] = *d.get_ref();
                if [a, b].iter().any(|v| v.is_nan() || v.abs() > MAX_VALUE) {
                    return Err(vec![Diagnostic::error(
                        c.file.at(d),
                        format!("domain [{a:e}, {b:e}] is too large to draw (beyond ±{:e})", MAX_VALUE),
                    )
                    .hint("give a domain that holds the data, or remove `domain`")]);
                }
                if needs_zero && (a > 0.0 || b < 0.0) {
                    return Err(vec![Diagnostic::error(
                        c.file.at(d),
                        format!("a {} axis must include zero", c.spec().kind.get_ref().name()),
                    )
                    .hint("a bar's length is its value: remove `domain`, or widen it to include 0")]);
                }
                if b.partial_cmp(&a) != Some(std::cmp::Ordering::Greater) || lo < a || hi > b {
                    return Err(vec![Diagnostic::error(
                        c.file.at(d),
                        format!("domain [{a}, {b}] does not hold the data ({lo} to {hi})"),
                    )
                    .hint("widen `domain` so every value is drawn, or remove it")]);
                }
                Ok(scale::Linear::new(a, b))
            }
            None => Ok(scale::Linear::new(lo, hi)),
        }
    }

    /// Paint per category: accent for highlighted ones, muted for the rest once any is.
    fn paints(&self, hl: &[Spanned<String>], categories: &[String]) -> Result<Vec<Paint>, Vec<Diagnostic>> {
        for h in hl {
            if !categories.iter().any(|c| c == h.get_ref()) {
                return Err(vec![spec::unknown_name(
                    self.file.at(h),
                    "category",
                    h.get_ref(),
                    categories.iter(),
                )]);
            }
        }
        Ok(categories
            .iter()
            .map(|c| {
                if hl.is_empty() {
                    Paint::Base
                } else if hl.iter().any(|h| h.get_ref() == c) {
                    Paint::Accent
                } else {
                    Paint::Muted
                }
            })
            .collect())
    }

    fn words(&self) -> &'static words::Words {
        words::words(self.ctx.lang)
    }
}
