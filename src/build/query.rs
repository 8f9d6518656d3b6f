//! What `list`, `sources` and `stats` print, as text for `cli` to print: the project's
//! charts, datasets and sources; the bibliography, whole or of the rows a chart draws (or
//! a table shows); a dataset's column statistics. Reads data, writes nothing.
//! May use: data, format, spec (and the build's plan, tables, unit).

use super::{tables, unit, Options, Plan};
use crate::data;
use crate::format::{number, Locale, NumberFormat};
use crate::spec::{Diagnostic, Project};
use std::fmt::Write;

/// `cifras list`: charts, datasets and sources, one per line.
pub fn list(p: &Project) -> String {
    let lang = p.settings.languages.first().cloned().unwrap_or_else(|| "en".into());
    let mut out = String::new();
    for (id, f) in &p.charts {
        let title = f.spec.title.get(&lang).unwrap_or("");
        let _ = writeln!(
            out,
            "chart    {id:<28} {:<14} {:<24} {title}",
            f.spec.kind.get_ref().name(),
            f.spec.data.get_ref()
        );
    }
    for (name, f) in &p.datasets {
        let title = f.spec.title.as_ref().and_then(|t| t.get(&lang)).unwrap_or("");
        let file = f.spec.file.as_ref().map_or_else(|| format!("{name}.csv"), |x| x.get_ref().clone());
        let _ = writeln!(out, "dataset  {name:<28} {file:<39} {title}");
    }
    for (id, s) in &p.sources {
        let _ = writeln!(out, "source   {id:<28} {}", s.short());
    }
    out
}

/// `cifras sources`: one line per source, `[id] full reference`: every source of the
/// project, or with `chart` those of the rows it draws (or that table shows), in the
/// project's first language.
pub fn sources(project: &Project, chart: Option<&str>) -> Result<String, Vec<Diagnostic>> {
    let ids = match chart {
        None => project.sources.keys().cloned().collect(),
        Some(id) => cited(project, id)?,
    };
    let mut out = String::new();
    for id in ids {
        let _ = writeln!(out, "[{id}] {}", project.sources[&id].full());
    }
    Ok(out)
}

/// Source ids of the rows chart `id` draws (or table `id` shows).
fn cited(p: &Project, id: &str) -> Result<Vec<String>, Vec<Diagnostic>> {
    if let Some(d) = p.broken_charts.get(id) {
        return Err(d.clone());
    }
    let plan = Plan::new(p, &Options { only: vec![id.to_string()], ..Options::default() })?;
    if tables::is_table(p, id) {
        let frame = data::load(p, p.charts[id].spec.data.get_ref())?;
        let sheets = tables::sheets(p, &plan, id, &frame)?;
        return Ok(sheets.first().map(|s| s.sources.clone()).unwrap_or_default());
    }
    let table = unit::chart_table(p, id)?;
    let drawings = unit::draw(p, &plan, id, &table)?;
    Ok(drawings.first().map(|d| d.chart.sources.clone()).unwrap_or_default())
}

/// `cifras stats DATASET`: one line per column (count, missing, sum, min, max, mean,
/// median, distinct), then how the file's lines were taken. Missing values are counted,
/// never summed.
pub fn stats(project: &Project, dataset: &str) -> Result<String, Vec<Diagnostic>> {
    let frame = data::load(project, dataset)?;
    let summary = data::summary(&frame)?;
    let n =
        |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| number(v, Locale::EnUs, &NumberFormat::new()));
    // Years are never grouped, and a sum of years means nothing.
    let y = |v: Option<f64>| {
        v.map_or_else(|| "–".to_string(), |v| number(v, Locale::EnUs, &NumberFormat::new().grouping(false)))
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<24} {:>7} {:>8} {:>14} {:>12} {:>12} {:>12} {:>12} {:>9}",
        "column", "count", "missing", "sum", "min", "max", "mean", "median", "distinct"
    );
    for s in summary {
        let n = |v| if s.year { y(v) } else { n(v) };
        let _ = writeln!(
            out,
            "{:<24} {:>7} {:>8} {:>14} {:>12} {:>12} {:>12} {:>12} {:>9}",
            s.column,
            s.count,
            s.missing,
            if s.year { "–".to_string() } else { n(s.sum) },
            n(s.min),
            n(s.max),
            n(s.mean),
            n(s.median),
            s.distinct.map_or_else(|| "–".to_string(), |d| d.to_string())
        );
    }
    let c = frame.census;
    let rows = if c.rows == c.row_lines {
        format!("{} rows", c.rows)
    } else {
        format!("{} rows on {} lines", c.rows, c.row_lines)
    };
    let _ = writeln!(
        out,
        "lines: {} = {rows} + {} header + {} preamble + {} blank + {} footer",
        c.lines,
        c.header_lines,
        c.preamble,
        c.blank_inside + c.blank_after,
        c.footer
    );
    Ok(out)
}
