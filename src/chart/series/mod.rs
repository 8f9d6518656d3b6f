//! Series over an x (years, dates or numbers): what lines, areas, slopes and small
//! multiples share — rows gathered into series, their paints, x labels, the drawn rows and
//! the alt text — with one module per kind and the thinning of long lines in `thin`.
//! May use: chart (the compiler, scales, time), spec::kinds, format.

mod line;
mod multiples;
mod slope;
mod thin;

pub(super) use line::line;
pub(super) use multiples::small_multiples;
pub(super) use slope::slope;

use super::guides::Axes;
use super::{Body, Compiler, Drawn, LegendItem, Mark, Paint, Panel};
use crate::format;
use crate::spec::Diagnostic;
use std::collections::HashMap;
use thin::Thinner;
use toml::Spanned;

struct Series {
    /// As written in the data (what `highlight` names).
    key: String,
    /// As shown in the chart's language.
    name: String,
    /// (x, y, row), sorted by x; y None is a gap.
    points: Vec<(f64, Option<f64>, usize)>,
}

/// The keys a line and a slope share.
struct Roles<'a> {
    x: &'a Spanned<String>,
    y: &'a Spanned<String>,
    series: Option<&'a Spanned<String>>,
    highlight: &'a [Spanned<String>],
}

fn collect(c: &Compiler, spec: &Roles) -> Result<Vec<Series>, Vec<Diagnostic>> {
    let (xs, _) = c.x_values(spec.x, "x")?;
    let ys = c.numeric(spec.y, "y")?;
    // Without a series column every row is on the one line: no keys to compare.
    let (keys, names) = match spec.series {
        Some(k) => (c.keys(k)?, c.texts(k)?),
        None => (Vec::new(), Vec::new()),
    };
    let none = String::new();
    let mut out: Vec<Series> = Vec::new();
    // Series by key, in order of first appearance (a search per row would be quadratic).
    let mut index: HashMap<&str, usize> = HashMap::new();
    for row in 0..c.table.len() {
        let Some(x) = xs[row] else { continue };
        let key = keys.get(row).unwrap_or(&none);
        let i = *index.entry(key.as_str()).or_insert_with(|| {
            let name = names.get(row).unwrap_or(&none).clone();
            let points = if keys.is_empty() { Vec::with_capacity(c.table.len()) } else { Vec::new() };
            out.push(Series { key: key.clone(), name, points });
            out.len() - 1
        });
        out[i].points.push((x, ys[row], row));
    }
    // Each series has its end label (and a legend entry).
    c.labelled(out.len())?;
    for s in &mut out {
        s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Sorted, a repeated x sits next to itself: one pass, even for a million points.
        if let Some(w) = s.points.windows(2).find(|w| w[0].0 == w[1].0) {
            let key = spec.x;
            let what = if s.name.is_empty() { String::new() } else { format!(" of series `{}`", s.name) };
            return Err(vec![Diagnostic::error(
                c.file.at(key),
                format!("x value {}{what} appears more than once", w[0].0),
            )
            .hint(
                "one point per x and series: set `series = \"<column>\"`, or aggregate or filter the rows",
            )]);
        }
    }
    Ok(out)
}

fn paints(c: &Compiler, roles: &Roles, series: &[Series]) -> Result<Vec<Paint>, Vec<Diagnostic>> {
    if roles.highlight.is_empty() {
        Ok((0..series.len())
            .map(|i| if series.len() == 1 { Paint::Base } else { Paint::Series(i) })
            .collect())
    } else {
        let keys: Vec<String> = series.iter().map(|s| s.key.clone()).collect();
        c.paints(roles.highlight, &keys)
    }
}

/// Years are labelled as years, never grouped ("2018", not "2,018").
fn x_labels(c: &Compiler, ticks: &[f64], yearlike: bool, dates: bool) -> Vec<String> {
    if dates {
        ticks.iter().map(|t| crate::chart::time::long(*t, c.ctx.lang)).collect()
    } else if yearlike {
        ticks.iter().map(|t| format::year(*t as i64, c.ctx.locale)).collect()
    } else {
        format::ticks(ticks, c.ctx.locale, &format::NumberFormat::new())
    }
}

fn is_yearlike(mut xs: impl Iterator<Item = f64>) -> bool {
    xs.all(|x| x.fract() == 0.0 && (1000.0..=3000.0).contains(&x))
}

fn drawn_rows(series: &[Series]) -> Vec<usize> {
    let mut rows = Vec::with_capacity(series.iter().map(|s| s.points.len()).sum());
    rows.extend(series.iter().flat_map(|s| s.points.iter().filter(|p| p.1.is_some()).map(|p| p.2)));
    rows.sort_unstable();
    rows
}

fn x_key(x: f64, yearlike: bool, dates: bool) -> String {
    if dates {
        crate::chart::time::iso(x)
    } else if yearlike || x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Draws one unbroken run of a line's (x, y) points, thinned.
fn draw_line(panel: &mut Panel, line: &mut Thinner, paint: Paint) {
    let points = line.finish();
    match points.len() {
        0 => {}
        1 => panel.marks.push(Mark::Dot { x: points[0].0, y: points[0].1, r: 1.8, paint }),
        _ => panel.marks.push(Mark::Line { points, paint, width: 2.0 }),
    }
}

/// Text in a series' colour, except where that colour is too light to read.
fn label_paint(p: Paint) -> Paint {
    match p {
        Paint::Muted => Paint::MutedText,
        Paint::Base | Paint::Accent => p,
        _ => Paint::Text,
    }
}

fn line_alt(c: &Compiler, series: &[Series], yearlike: bool, dates: bool) -> String {
    let w = c.words();
    let mut s = format!("{}. ", (w.chart)(c.spec().kind.get_ref().name()));
    let fx = |x: f64| {
        if dates {
            crate::chart::time::long(x, c.ctx.lang)
        } else if yearlike {
            format::year(x as i64, c.ctx.locale)
        } else {
            c.number(x)
        }
    };
    for se in series {
        let pts: Vec<&(f64, Option<f64>, usize)> = se.points.iter().filter(|p| p.1.is_some()).collect();
        let (Some(a), Some(b)) = (pts.first(), pts.last()) else { continue };
        let text = w
            .from_to
            .replace("{a}", &c.value_label(a.1.expect("some"), a.2))
            .replace("{x0}", &fx(a.0))
            .replace("{b}", &c.value_label(b.1.expect("some"), b.2))
            .replace("{x1}", &fx(b.0));
        if se.name.is_empty() {
            s.push_str(&crate::chart::words::capitalised(&text));
        } else {
            s.push_str(&format!("{}: {text}", se.name));
        }
        s.push_str(". ");
    }
    s
}

/// What a line or slope chart hands on: its value axis (for guides), the rows it drew, its
/// legend and its alt text. `x` says whether x holds years and whether it holds dates.
fn drawn(
    c: &Compiler,
    series: &[Series],
    panel: Panel,
    axes: Axes,
    legend: Vec<LegendItem>,
    x: (bool, bool),
) -> Drawn {
    let alt = line_alt(c, series, x.0, x.1);
    Drawn { axes: Some(axes), rows: drawn_rows(series), body: Body::Panel(panel), legend, alt }
}
