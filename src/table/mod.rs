//! Summary tables: a `kind = "table"` spec and its rows become a [`Sheet`] for one
//! language (headers, cells formatted by the one number formatter the charts use, a totals
//! row, footnotes, the source line from exactly the rows shown), exported as CSV,
//! Markdown, LaTeX, HTML and one XLSX workbook per language.
//!
//! Steps: `compile` (spec + rows → Sheet) → `export::{csv, markdown, latex, html}` and
//! `xlsx::workbook`. May use: spec, data's plain `Table`, format. Tables are not drawn.

pub mod export;
mod words;
pub mod xlsx;

use crate::data::{Table, Values};
use crate::format::{self, Locale, NumberFormat, Qualifier};
use crate::spec::{self, Diagnostic, File, Sources};

/// Pseudo-columns a table may show besides the dataset's own.
pub const SOURCE: &str = "source";
pub const QUALIFIER: &str = "qualifier";
pub const NOTE: &str = "note";

/// What a table is compiled for.
pub struct Context<'a> {
    pub id: &'a str,
    pub lang: &'a str,
    pub locale: Locale,
    pub sources: &'a Sources,
}

/// One table for one language, ready to export.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub id: String,
    pub lang: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub headers: Vec<String>,
    /// Per column: whether it holds numbers (right-aligned, numeric in XLSX).
    pub numeric: Vec<bool>,
    /// The column whose numbers carry the rows' qualifiers, if any.
    pub qualified: Option<usize>,
    pub rows: Vec<Vec<Cell>>,
    pub total: Option<Vec<Cell>>,
    pub footnotes: Vec<String>,
    pub source_line: String,
    /// Source ids cited, in order of first use.
    pub sources: Vec<String>,
    /// The words for the qualifier column of CSV and XLSX.
    pub qualifier_header: String,
}

/// One cell: as read (text), as stored (raw, for CSV) and as a number (XLSX).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Cell {
    /// Formatted for reading, qualifier phrase and footnote mark included.
    pub text: String,
    /// As in the data: numbers plain ("276000"), text as is.
    pub raw: String,
    /// The figure (value × multiplier), for numeric cells.
    pub number: Option<f64>,
    /// Excel number format for `number`.
    pub excel: Option<String>,
    pub qualifier: Qualifier,
}

/// Compiles table spec `file` over `table` for one language.
pub fn compile(file: &File<spec::Chart>, table: &Table, ctx: &Context) -> Result<Sheet, Vec<Diagnostic>> {
    let spec = &file.spec;
    let Some(own) = spec.table() else {
        return Err(vec![Diagnostic::error(file.at(&spec.kind), "a chart is not exported as a table")
            .hint("set kind = \"table\" for a table")]);
    };
    let w = words::words(ctx.lang);
    let text = |t: &spec::Text| t.get(ctx.lang).unwrap_or_default().to_string();
    let columns: Vec<String> = match &own.columns {
        Some(c) if !c.get_ref().is_empty() => c.get_ref().clone(),
        _ => {
            return Err(vec![Diagnostic::error(file.at(&spec.kind), "a table needs `columns`")
                .hint(format!("list the columns to show, e.g. columns = [{}]", quoted(table)))])
        }
    };
    let mut diags = Vec::new();
    for c in &columns {
        if table.column(c).is_none() && ![SOURCE, QUALIFIER, NOTE].contains(&c.as_str()) {
            let mut d = spec::unknown_name(
                own.columns.as_ref().map_or_else(|| file.key("columns"), |c| file.at(c)),
                "column",
                c,
                table.names(),
            );
            d.hint = Some(
                format!(
                    "{} (dataset `{}` has: {}; and `source`, `qualifier`, `note`)",
                    d.hint.unwrap_or_default(),
                    table.dataset,
                    quoted(table)
                )
                .into(),
            );
            diags.push(d);
        }
    }
    for h in own.headers.keys().chain(own.formats.keys()) {
        if !columns.contains(h) {
            diags.push(
                spec::unknown_name(
                    file.key(if own.headers.contains_key(h) { "headers" } else { "formats" }),
                    "column",
                    h,
                    columns.iter(),
                )
                .hint(format!("headers and formats name shown columns: {}", columns.join(", "))),
            );
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let is_num = |c: &str| table.column(c).is_some_and(|c| matches!(c.values, Values::Number(_)));
    let qualified = match &own.qualified {
        Some(q) if is_num(q.get_ref()) && columns.contains(q.get_ref()) => {
            columns.iter().position(|c| c == q.get_ref())
        }
        Some(q) => {
            return Err(vec![Diagnostic::error(
                file.at(q),
                format!("`qualified` must name a numeric column shown, not `{}`", q.get_ref()),
            )
            .hint(format!("the table shows: {}", columns.join(", ")))])
        }
        None => columns.iter().position(|c| is_num(c)),
    };
    let unit_col = spec.unit.as_ref().map(|u| u.get_ref().clone());
    if let Some(u) = &spec.unit {
        if table.column(u.get_ref()).is_none() {
            return Err(vec![spec::unknown_name(file.at(u), "column", u.get_ref(), table.names())]);
        }
    }

    let mut rows = Vec::with_capacity(table.len());
    let mut notes: Vec<String> = Vec::new();
    let mut any_qualified = false;
    for r in 0..table.len() {
        let p = &table.rows[r];
        let mut cells = Vec::with_capacity(columns.len());
        for (i, c) in columns.iter().enumerate() {
            let cell = match c.as_str() {
                _ if table.column(c).is_some() && is_num(c) => {
                    let (nf, mult) = number_format(
                        spec,
                        c,
                        unit_col.as_deref().filter(|_| Some(i) == qualified),
                        table,
                        r,
                    );
                    let q = if Some(i) == qualified
                        || !table.column(c).is_some_and(|c| c.qualifiers.is_empty())
                    {
                        table.qualifier(c, r)
                    } else {
                        Qualifier::Exact
                    };
                    any_qualified |= q != Qualifier::Exact && table.number(c, r).is_some();
                    number_cell(table.number(c, r), table.text(c, r), q, &nf, mult, ctx.locale)
                }
                SOURCE if table.column(c).is_none() => {
                    let short: Vec<String> = p
                        .sources
                        .iter()
                        .map(|s| ctx.sources.get(s).map_or_else(|| s.clone(), |s| s.short()))
                        .collect();
                    text_cell(short.join("; "))
                }
                QUALIFIER if table.column(c).is_none() => {
                    text_cell(format::qualifier_phrase(p.qualifier, ctx.locale).to_string())
                }
                NOTE if table.column(c).is_none() => text_cell(p.note.clone().unwrap_or_default()),
                // A `<column>.<lang>` column, when the data has one, says it in this language.
                _ => {
                    let translated =
                        table.text(&format!("{c}.{}", ctx.lang), r).filter(|t| !t.trim().is_empty());
                    text_cell(translated.or_else(|| table.text(c, r)).unwrap_or_default())
                }
            };
            cells.push(cell);
        }
        if own.row_notes {
            if let (Some(n), Some(first)) = (&p.note, cells.first_mut()) {
                notes.push(n.clone());
                first.text = format!("{} [{}]", first.text, notes.len());
            }
        }
        rows.push(cells);
    }
    let total = match &own.total {
        Some(t) => Some(total_row(file, spec, t.get_ref(), &columns, &rows, table, ctx)?),
        None => None,
    };
    let mut footnotes: Vec<String> =
        spec.note.as_ref().map(text).into_iter().filter(|s| !s.is_empty()).collect();
    if any_qualified {
        footnotes.push(w.qualifiers.to_string());
    }
    footnotes.extend(notes.iter().enumerate().map(|(i, n)| format!("[{}] {n}", i + 1)));
    let (source_line, sources) = source_line(table, ctx)?;
    Ok(Sheet {
        id: ctx.id.to_string(),
        lang: ctx.lang.to_string(),
        title: text(&spec.title),
        subtitle: spec.subtitle.as_ref().map(text).filter(|s| !s.is_empty()),
        headers: columns.iter().map(|c| own.headers.get(c).map_or_else(|| c.clone(), text)).collect(),
        numeric: columns.iter().map(|c| is_num(c)).collect(),
        qualified,
        rows,
        total,
        footnotes,
        source_line,
        sources,
        qualifier_header: w.qualifier.to_string(),
    })
}

fn quoted(table: &Table) -> String {
    table.names().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
}

/// A column's format: its own (`formats`), else ungrouped for years, else the row's unit
/// (for the qualified column when the spec names a `unit` column), else the table's `format`.
fn number_format(
    spec: &spec::Chart,
    column: &str,
    unit: Option<&str>,
    table: &Table,
    row: usize,
) -> (NumberFormat, f64) {
    if let Some(f) = spec.table().and_then(|t| t.formats.get(column)) {
        return f.resolve();
    }
    // Years are never grouped, whatever the table's format: 2023, not 2,023.
    if table.column(column).is_some_and(|c| c.is_year()) {
        return (NumberFormat { group: false, ..NumberFormat::new() }, 1.0);
    }
    if let Some(u) = unit.and_then(|u| table.text(u, row)) {
        return format::unit_format(&u);
    }
    spec.format.resolve()
}

fn text_cell(s: String) -> Cell {
    Cell { text: s.clone(), raw: s, ..Cell::default() }
}

fn number_cell(
    v: Option<f64>,
    raw: Option<String>,
    q: Qualifier,
    nf: &NumberFormat,
    mult: f64,
    locale: Locale,
) -> Cell {
    match v {
        Some(v) => {
            let figure = v * mult;
            Cell {
                text: format::qualified(&format::number(figure, locale, nf), q, locale),
                raw: raw.unwrap_or_default(),
                number: Some(figure),
                excel: Some(xlsx::number_format(figure, nf)),
                qualifier: q,
            }
        }
        // Missing is not zero: an en dash, and an empty cell in CSV and XLSX.
        None => Cell { text: format::NOT_A_NUMBER.to_string(), ..Cell::default() },
    }
}

fn total_row(
    file: &File<spec::Chart>,
    spec: &spec::Chart,
    t: &spec::chart::TotalRow,
    columns: &[String],
    rows: &[Vec<Cell>],
    table: &Table,
    ctx: &Context,
) -> Result<Vec<Cell>, Vec<Diagnostic>> {
    for c in &t.columns {
        if !columns.contains(c) || !table.column(c).is_some_and(|c| matches!(c.values, Values::Number(_))) {
            return Err(vec![Diagnostic::error(
                file.key("total"),
                format!("cannot total `{c}`: it is not a numeric column shown"),
            )
            .hint(format!("the table shows: {}", columns.join(", ")))]);
        }
    }
    let mut out: Vec<Cell> = columns.iter().map(|_| Cell::default()).collect();
    for (i, c) in columns.iter().enumerate() {
        if !t.columns.contains(c) {
            continue;
        }
        let values: Option<Vec<f64>> = (0..table.len()).map(|r| table.number(c, r)).collect();
        let q = format::qualifier_of_sum(rows.iter().map(|r| r[i].qualifier));
        let (nf, mult) = match spec.table().and_then(|t| t.formats.get(c)) {
            Some(f) => f.resolve(),
            None => spec.format.resolve(),
        };
        let sum = values.map(|v| v.iter().sum::<f64>());
        out[i] = number_cell(sum, sum.map(plain), q, &nf, mult, ctx.locale);
    }
    let label = t.label.get(ctx.lang).unwrap_or_default().to_string();
    if let Some(first) = out.first_mut() {
        if first.number.is_none() {
            *first = text_cell(label);
        }
    }
    Ok(out)
}

/// A number as the CSV writes it: "276000", "12.5".
fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// "Sources: A; B." from every row shown, each source once, in data order.
fn source_line(table: &Table, ctx: &Context) -> Result<(String, Vec<String>), Vec<Diagnostic>> {
    let ids = table.cited(&(0..table.len()).collect::<Vec<_>>());
    if ids.is_empty() {
        return Err(vec![Diagnostic::error(
            spec::Location::file(&table.path),
            "the table's rows cite no source",
        )
        .hint("every value must trace to an entry of data/sources.toml")]);
    }
    let w = words::words(ctx.lang);
    let line = spec::source::line(ctx.sources, &ids, w.source, w.sources).map_err(|id| {
        vec![Diagnostic::error(spec::Location::file(&table.path), format!("unknown source `{id}`"))
            .hint("add it to data/sources.toml")]
    })?;
    Ok((line, ids))
}
