//! Lines (a series over a numeric x, usually years) and slopes (two points per series).

use super::scale::{nice_ticks, Linear};
use super::{Anchor, AxisLabel, Body, Compiler, Drawn, Label, LegendItem, Mark, Paint, Panel, Role, Shape};
use crate::format;
use crate::spec::chart::Stack;
use crate::spec::kinds::{Lines, Multiples, Slope};
use crate::spec::Diagnostic;
use std::collections::HashMap;
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
        ticks.iter().map(|t| super::time::long(*t, c.ctx.lang)).collect()
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

pub(super) fn line(c: &Compiler, l: &Lines, area: bool) -> Result<Drawn, Vec<Diagnostic>> {
    let roles = Roles { x: &l.x, y: &l.y, series: l.series.as_ref(), highlight: &l.highlight };
    let series = collect(c, &roles)?;
    let paints = paints(c, &roles, &series)?;
    let all_x = || series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    if !series.iter().any(|s| s.points.iter().any(|p| p.1.is_some())) {
        return Ok(Drawn {
            axes: None,
            body: Body::Panel(Panel::new(Shape::Aspect(0.55))),
            legend: vec![],
            rows: vec![],
            alt: String::new(),
        });
    }
    let percent = area && l.stack == Some(Stack::Percent);
    // Areas stack; a line's points are read as they are (a line may have a million, so
    // folds and iterators rather than vectors).
    let stacks = if area { stack(c, &l.y, &series, area, percent)? } else { Vec::new() };
    let pts_of = |i: usize| -> Box<dyn DoubleEndedIterator<Item = (f64, f64, f64, Option<usize>)> + '_> {
        if area {
            Box::new(stacks[i].iter().copied())
        } else {
            Box::new(series[i].points.iter().map(|p| (p.0, 0.0, p.1.unwrap_or(0.0), p.1.map(|_| p.2))))
        }
    };
    let (x0, x1) = all_x().fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
    let (ymin, ymax) = (0..series.len())
        .flat_map(pts_of)
        .fold((0.0f64, 0.0f64), |(lo, hi), p| (lo.min(p.1).min(p.2), hi.max(p.1).max(p.2)));
    let yticks = if percent { vec![0.0, 0.25, 0.5, 0.75, 1.0] } else { nice_ticks(ymin, ymax, 5) };
    let ys = match &l.domain {
        Some(d) => c.domain(Some(d), ymin, ymax, area)?,
        None => Linear::new(yticks[0], *yticks.last().expect("ticks")),
    };
    let xs = Linear::new(x0, x1);
    let dates = c.x_values(&l.x, "x")?.1;
    let yearlike = !dates && is_yearlike(all_x());
    let mut panel = Panel::new(Shape::Aspect(0.55));
    let tick_labels = if percent {
        let pf = crate::format::NumberFormat::percent();
        yticks.iter().map(|t| crate::format::number(t * 100.0, c.ctx.locale, &pf)).collect()
    } else {
        c.ticks(&yticks)
    };
    for (t, text) in yticks.iter().zip(tick_labels) {
        if ys.map(*t) < -1e-9 || ys.map(*t) > 1.0 + 1e-9 {
            continue;
        }
        let y = 1.0 - ys.map(*t);
        panel.grid_y.push(y);
        panel.left.push(AxisLabel { text, at: y, strong: false });
    }
    if ys.lo <= 0.0 && ys.hi >= 0.0 {
        panel.zero_y = Some(1.0 - ys.map(0.0));
    }
    // Years tick on whole years only; dates on whole years, months or days.
    let (xticks, xlabels) = if dates {
        let (ticks, unit) = super::time::ticks(x0, x1, 6);
        let labels = ticks.iter().map(|t| super::time::tick_label(*t, unit, c.ctx.lang)).collect();
        (ticks, labels)
    } else {
        let target = if yearlike { ((x1 - x0) as usize).clamp(1, 6) } else { 6 };
        let ticks: Vec<f64> =
            nice_ticks(x0, x1, target).into_iter().filter(|t| *t >= x0 && *t <= x1).collect();
        let labels = x_labels(c, &ticks, yearlike, dates);
        (ticks, labels)
    };
    for (t, text) in xticks.iter().zip(xlabels) {
        panel.bottom.push(AxisLabel { text, at: xs.map(*t), strong: false });
    }
    panel.thin_bottom = true;
    let mut legend = Vec::new();
    let mut anchors = Vec::new();
    for (i, (s, paint)) in series.iter().zip(&paints).enumerate() {
        // Missing values break the line (or area) instead of dropping it to zero.
        if area {
            let mut run: Vec<(f64, f64, f64)> = Vec::new();
            for p in pts_of(i) {
                if p.3.is_some() {
                    run.push((xs.map(p.0), 1.0 - ys.map(p.1), 1.0 - ys.map(p.2)));
                } else {
                    flush_area(&mut panel, &mut run, *paint);
                }
            }
            flush_area(&mut panel, &mut run, *paint);
        } else {
            let mut line = Thinner::new(THIN_COLUMNS);
            for p in pts_of(i) {
                if p.3.is_some() {
                    line.push((xs.map(p.0), 1.0 - ys.map(p.2)));
                } else {
                    draw_line(&mut panel, &mut line, *paint);
                }
            }
            draw_line(&mut panel, &mut line, *paint);
        }
        // Only annotations look points up by x (keys are text: a million would cost).
        if !c.spec().guides.annotation.is_empty() {
            for p in pts_of(i) {
                if p.3.is_some() {
                    let key = x_key(p.0, yearlike, dates);
                    anchors.push((key, s.key.clone(), xs.map(p.0), 1.0 - ys.map(p.2)));
                }
            }
        }
        if let (Some(last), Some(point)) =
            (pts_of(i).rev().find(|p| p.3.is_some()), s.points.iter().rev().find(|p| p.1.is_some()))
        {
            let y = point.1.expect("found");
            let py = if area { 1.0 - ys.map((last.1 + last.2) / 2.0) } else { 1.0 - ys.map(last.2) };
            let px = xs.map(last.0);
            if !area {
                panel.marks.push(Mark::Dot { x: px, y: py, r: 2.2, paint: *paint });
            }
            let text = if s.name.is_empty() {
                c.value_label(y, point.2)
            } else {
                format!("{} {}", s.name, c.value_label(y, point.2))
            };
            panel.labels.push(
                Label::new(text, px, py, Anchor::Start)
                    .offset(0.5, 0.0)
                    .role(Role::Value)
                    .bold()
                    .paint(label_paint(*paint))
                    .repel(),
            );
        }
        if !s.name.is_empty() {
            legend.push(LegendItem { label: s.name.clone(), paint: *paint });
        }
    }
    let alt = line_alt(c, &series, yearlike, dates);
    Ok(Drawn {
        axes: Some(super::guides::Axes { scale: ys, horizontal: false, anchors }),
        rows: drawn_rows(&series),
        body: Body::Panel(panel),
        legend,
        alt,
    })
}

/// Per series, per point: (x, bottom, top, row). Lines and single areas sit on zero;
/// stacked areas on the series before them.
type Stacked = Vec<Vec<(f64, f64, f64, Option<usize>)>>;

fn stack(
    c: &Compiler,
    key: &Spanned<String>,
    series: &[Series],
    area: bool,
    percent: bool,
) -> Result<Stacked, Vec<Diagnostic>> {
    if !area || series.len() == 1 && !percent {
        return Ok(series
            .iter()
            .map(|s| s.points.iter().map(|p| (p.0, 0.0, p.1.unwrap_or(0.0), p.1.map(|_| p.2))).collect())
            .collect());
    }
    let mut xs: Vec<f64> = series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    for s in series {
        for x in &xs {
            if at(s, *x).is_none_or(|p| p.1.is_none()) {
                return Err(vec![Diagnostic::error(c.file.at(key), format!("series `{}` has no value at x = {x}", s.key))
                    .hint("a stacked area needs every series at every x; missing is not zero: fill the value or filter the x out")]);
            }
        }
    }
    let value = |s: &Series, x: f64| at(s, x).and_then(|p| p.1.map(|y| (y, p.2))).expect("checked");
    let totals: Vec<f64> = xs.iter().map(|x| series.iter().map(|s| value(s, *x).0).sum()).collect();
    let mut base = vec![0.0; xs.len()];
    let mut out = Vec::new();
    for s in series {
        let mut pts = Vec::new();
        for (i, x) in xs.iter().enumerate() {
            let (v, row) = value(s, *x);
            if v < 0.0 {
                return Err(vec![Diagnostic::error(
                    c.file.at(key),
                    "a stacked area cannot stack negative values",
                )
                .hint("use kind = \"line\" for values of both signs")]);
            }
            let v = if percent && totals[i] > 0.0 { v / totals[i] } else { v };
            pts.push((*x, base[i], base[i] + v, Some(row)));
            base[i] += v;
        }
        out.push(pts);
    }
    Ok(out)
}

/// The point of `s` at `x`; points are sorted by x (see `collect`), so by bisection.
fn at(s: &Series, x: f64) -> Option<&(f64, Option<f64>, usize)> {
    s.points.binary_search_by(|p| p.0.total_cmp(&x)).ok().map(|i| &s.points[i])
}

fn x_key(x: f64, yearlike: bool, dates: bool) -> String {
    if dates {
        super::time::iso(x)
    } else if yearlike || x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Draws one unbroken run of an area's (x, bottom, top) points.
fn flush_area(panel: &mut Panel, run: &mut Vec<(f64, f64, f64)>, paint: Paint) {
    match run.len() {
        0 => {}
        1 => panel.marks.push(Mark::Dot { x: run[0].0, y: run[0].2, r: 1.8, paint }),
        _ => {
            let mut pts: Vec<(f64, f64)> = run.iter().map(|p| (p.0, p.2)).collect();
            pts.extend(run.iter().rev().map(|p| (p.0, p.1)));
            panel.marks.push(Mark::Area { points: pts, paint });
        }
    }
    run.clear();
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

/// Columns across the panel for [`thin`]: more than the widest preset has pixels (slide,
/// 1920 px), so no pixel column loses anything it would show.
const THIN_COLUMNS: usize = 4096;

/// A long line reduced to what can be seen: in each of `columns` slices of the panel's
/// width, its first, lowest, highest and last points, in order. Every extreme of every
/// column is kept, so the drawn envelope is the same; lines short enough to show every
/// point are returned whole. Points are in panel units, x in 0–1 and increasing.
#[cfg(test)]
pub(super) fn thin(points: &[(f64, f64)], columns: usize) -> Vec<(f64, f64)> {
    let mut line = Thinner::new(columns);
    for p in points {
        line.push(*p);
    }
    line.finish()
}

/// A column's first, lowest, highest and last point, with their indices.
type Kept = [(usize, (f64, f64)); 4];

/// [`thin`] point by point, so a long line is never held whole: the first `4 × columns`
/// points are kept as they come (a line that short is drawn whole); past that, each
/// column keeps its first, lowest, highest and last point.
pub(super) struct Thinner {
    columns: usize,
    /// Points so far, while there are at most `4 × columns` of them.
    raw: Vec<(f64, f64)>,
    /// Points kept from finished columns, once thinning.
    out: Vec<(f64, f64)>,
    /// The current column: its number and its first, lowest, highest and last point, each
    /// with its index (to keep them in order, each once).
    column: Option<(usize, Kept)>,
    count: usize,
}

impl Thinner {
    pub(super) fn new(columns: usize) -> Thinner {
        Thinner { columns, raw: Vec::new(), out: Vec::new(), column: None, count: 0 }
    }

    fn column_of(&self, x: f64) -> usize {
        ((x * self.columns as f64) as usize).min(self.columns - 1)
    }

    pub(super) fn push(&mut self, p: (f64, f64)) {
        let thinning = self.column.is_some();
        if !thinning && self.raw.len() < 4 * self.columns {
            self.raw.push(p);
            return;
        }
        if !thinning {
            // Too long to draw whole: thin what was kept, then go on point by point.
            for q in std::mem::take(&mut self.raw) {
                self.add(q);
            }
        }
        self.add(p);
    }

    fn add(&mut self, p: (f64, f64)) {
        let c = self.column_of(p.0);
        let i = self.count;
        self.count += 1;
        match &mut self.column {
            Some((cur, kept)) if *cur == c => {
                if p.1 < kept[1].1 .1 {
                    kept[1] = (i, p);
                }
                if p.1 > kept[2].1 .1 {
                    kept[2] = (i, p);
                }
                kept[3] = (i, p);
            }
            _ => {
                self.close();
                self.column = Some((c, [(i, p); 4]));
            }
        }
    }

    /// Adds the current column's points, in order, each once.
    fn close(&mut self) {
        if let Some((_, mut kept)) = self.column.take() {
            kept.sort_unstable_by_key(|k| k.0);
            let mut last = usize::MAX;
            for (i, p) in kept {
                if i != last {
                    self.out.push(p);
                    last = i;
                }
            }
        }
    }

    /// The line to draw, and a fresh start.
    pub(super) fn finish(&mut self) -> Vec<(f64, f64)> {
        self.close();
        self.count = 0;
        if self.out.is_empty() {
            std::mem::take(&mut self.raw)
        } else {
            std::mem::take(&mut self.out)
        }
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
            super::time::long(x, c.ctx.lang)
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
            s.push_str(&capitalise(&text));
        } else {
            s.push_str(&format!("{}: {text}", se.name));
        }
        s.push_str(". ");
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().chain(ch).collect(),
        None => String::new(),
    }
}

pub(super) fn slope(c: &Compiler, sl: &Slope) -> Result<Drawn, Vec<Diagnostic>> {
    let roles = Roles { x: &sl.x, y: &sl.y, series: sl.series.as_ref(), highlight: &sl.highlight };
    let series = collect(c, &roles)?;
    let mut xs: Vec<f64> = series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    if xs.len() != 2 {
        let key = &sl.x;
        return Err(vec![Diagnostic::error(
            c.file.at(key),
            format!(
                "a slope chart compares two points, but column `{}` has {} distinct values",
                key.get_ref(),
                xs.len()
            ),
        )
        .hint("filter the rows to two values of x with a [[transform]], or use kind = \"line\"")]);
    }
    let paints = paints(c, &roles, &series)?;
    let all_y: Vec<f64> = series.iter().flat_map(|s| s.points.iter().filter_map(|p| p.1)).collect();
    let ymax = all_y.iter().copied().fold(0.0, f64::max);
    let ymin = all_y.iter().copied().fold(0.0, f64::min);
    let ticks = nice_ticks(ymin, ymax, 4);
    let ys = Linear::new(ticks[0], *ticks.last().expect("ticks"));
    let dates = c.x_values(&sl.x, "x")?.1;
    let yearlike = !dates && is_yearlike(xs.iter().copied());
    let mut panel = Panel::new(Shape::Aspect(0.6));
    for (i, text) in x_labels(c, &xs, yearlike, dates).into_iter().enumerate() {
        panel.bottom.push(AxisLabel { text, at: i as f64, strong: true });
        panel.marks.push(Mark::Line {
            points: vec![(i as f64, 0.0), (i as f64, 1.0)],
            paint: Paint::Grid,
            width: 0.75,
        });
    }
    panel.zero_y = Some(1.0 - ys.map(0.0));
    let mut legend = Vec::new();
    let mut anchors = Vec::new();
    for (s, paint) in series.iter().zip(&paints) {
        for p in &s.points {
            if let Some(y) = p.1 {
                anchors.push((
                    x_key(p.0, yearlike, dates),
                    s.key.clone(),
                    if p.0 == xs[0] { 0.0 } else { 1.0 },
                    1.0 - ys.map(y),
                ));
            }
        }
        let pts: Vec<(f64, f64, usize)> = s
            .points
            .iter()
            .filter_map(|p| p.1.map(|y| (if p.0 == xs[0] { 0.0 } else { 1.0 }, 1.0 - ys.map(y), p.2)))
            .collect();
        if pts.len() == 2 {
            panel.marks.push(Mark::Line {
                points: pts.iter().map(|p| (p.0, p.1)).collect(),
                paint: *paint,
                width: 2.5,
            });
        }
        for &(x, y, row) in &pts {
            panel.marks.push(Mark::Dot { x, y, r: 3.5, paint: *paint });
            let v = c.table.number(sl.y.get_ref(), row).expect("drawn");
            let mut text = c.value_label(v, row);
            if x > 0.5 && !s.name.is_empty() {
                text = format!("{text} {}", s.name);
            }
            let (anchor, dx) = if x < 0.5 { (Anchor::End, -0.7) } else { (Anchor::Start, 0.7) };
            panel.labels.push(
                Label::new(text, x, y, anchor)
                    .offset(dx, 0.0)
                    .role(Role::Value)
                    .bold()
                    .paint(label_paint(*paint)),
            );
        }
        if !s.name.is_empty() && series.len() > 1 {
            legend.push(LegendItem { label: s.name.clone(), paint: *paint });
        }
    }
    let alt = line_alt(c, &series, yearlike, dates);
    Ok(Drawn {
        axes: Some(super::guides::Axes { scale: ys, horizontal: false, anchors }),
        rows: drawn_rows(&series),
        body: Body::Panel(panel),
        legend,
        alt,
    })
}

/// (x, y, row) of one line; y None is a gap.
type Points = Vec<(f64, Option<f64>, usize)>;

/// One small line chart per value of `facet`, in a grid, on shared or free value scales.
pub(super) fn small_multiples(c: &Compiler, spec: &Multiples) -> Result<Drawn, Vec<Diagnostic>> {
    let keys = c.keys(&spec.facet)?;
    let names = c.texts(&spec.facet)?;
    let (xs, _) = c.x_values(&spec.x, "x")?;
    let ys = c.numeric(&spec.y, "y")?;
    // (key, name shown, points)
    let mut facets: Vec<(String, String, Points)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for r in 0..c.table.len() {
        let Some(x) = xs[r] else { continue };
        let i = *index.entry(keys[r].as_str()).or_insert_with(|| {
            facets.push((keys[r].clone(), names[r].clone(), vec![]));
            facets.len() - 1
        });
        facets[i].2.push((x, ys[r], r));
    }
    // Each facet has its title.
    c.labelled(facets.len())?;
    for f in &mut facets {
        // Stable: of a repeated x, the first row is named, as the data reads.
        f.2.sort_by(|a, b| a.0.total_cmp(&b.0));
        if let Some(w) = f.2.windows(2).find(|w| w[0].0 == w[1].0) {
            let k = &spec.x;
            return Err(vec![Diagnostic::error(
                c.file.at(k),
                format!("x value {} appears twice in facet `{}`", w[0].0, f.0),
            )
            .hint("one point per x in each facet: aggregate or filter the rows")]);
        }
    }
    let n = facets.len().max(1);
    let cols = match n {
        1 => 1,
        2 | 4 => 2,
        _ => 3,
    };
    let rows_n = n.div_ceil(cols);
    let all_x: Vec<f64> = facets.iter().flat_map(|f| f.2.iter().map(|p| p.0)).collect();
    let (x0, x1) =
        (all_x.iter().copied().fold(f64::MAX, f64::min), all_x.iter().copied().fold(f64::MIN, f64::max));
    let xsc = Linear::new(x0, x1);
    let dates = c.x_values(&spec.x, "x")?.1;
    let yearlike = !dates && is_yearlike(all_x.iter().copied());
    let top_of = |vals: &mut dyn Iterator<Item = f64>| {
        let max = vals.fold(0.0, f64::max);
        *nice_ticks(0.0, max, 3).last().expect("ticks")
    };
    let shared = top_of(&mut facets.iter().flat_map(|f| f.2.iter().filter_map(|p| p.1)));
    let free = spec.scales == Some(crate::spec::chart::Scales::Free);
    let mut panel = Panel::new(Shape::Aspect(rows_n as f64 * 0.62 / cols as f64));
    let (cw, ch) = (1.0 / cols as f64, 1.0 / rows_n as f64);
    let mut anchors = Vec::new();
    for (i, (key, name, pts)) in facets.iter().enumerate() {
        let (cx, cy) = ((i % cols) as f64 * cw, (i / cols) as f64 * ch);
        // The plot area of a cell leaves room for its title above and its end label right.
        let (px0, px1) = (cx + 0.02 * cw, cx + 0.72 * cw);
        let (py0, py1) = (cy + 0.34 * ch, cy + 0.8 * ch);
        let top = if free { top_of(&mut pts.iter().filter_map(|p| p.1)) } else { shared };
        let ysc = Linear::new(0.0, top);
        let map = |x: f64, y: f64| (px0 + xsc.map(x) * (px1 - px0), py1 - ysc.map(y) * (py1 - py0));
        panel.labels.push(Label::new(name.clone(), cx, cy, Anchor::Start).offset(0.0, 0.8).bold());
        panel.marks.push(Mark::Line { points: vec![(px0, py0), (px1, py0)], paint: Paint::Grid, width: 0.5 });
        panel.labels.push(
            Label::new(c.ticks(&[top]).remove(0), px0, py0, Anchor::Start)
                .offset(0.0, -0.7)
                .role(Role::Small)
                .paint(Paint::MutedText),
        );
        panel.marks.push(Mark::Line {
            points: vec![(px0, py1), (px1, py1)],
            paint: Paint::Axis,
            width: 0.75,
        });
        let mut line = Thinner::new(THIN_COLUMNS);
        for p in pts {
            match p.1 {
                Some(y) => {
                    let (x, yy) = map(p.0, y);
                    line.push((x, yy));
                    anchors.push((x_key(p.0, yearlike, dates), key.clone(), x, yy));
                }
                None => draw_line(&mut panel, &mut line, Paint::Base),
            }
        }
        draw_line(&mut panel, &mut line, Paint::Base);
        if let Some(last) = pts.iter().rev().find(|p| p.1.is_some()) {
            let (x, y) = map(last.0, last.1.expect("found"));
            panel.marks.push(Mark::Dot { x, y, r: 2.0, paint: Paint::Base });
            panel.labels.push(
                Label::new(c.value_label(last.1.expect("found"), last.2), x, y, Anchor::Start)
                    .offset(0.4, 0.0)
                    .role(Role::Small)
                    .bold()
                    .paint(Paint::Base),
            );
        }
        let ends = x_labels(c, &[x0, x1], yearlike, dates);
        panel.labels.push(
            Label::new(ends[0].clone(), px0, py1, Anchor::Start)
                .offset(0.0, 0.9)
                .role(Role::Small)
                .paint(Paint::MutedText),
        );
        panel.labels.push(
            Label::new(ends[1].clone(), px1, py1, Anchor::End)
                .offset(0.0, 0.9)
                .role(Role::Small)
                .paint(Paint::MutedText),
        );
    }
    let series: Vec<Series> =
        facets.iter().map(|f| Series { key: f.0.clone(), name: f.1.clone(), points: f.2.clone() }).collect();
    let alt = line_alt(c, &series, yearlike, dates);
    Ok(Drawn { axes: None, rows: drawn_rows(&series), body: Body::Panel(panel), legend: vec![], alt })
}

#[cfg(test)]
mod tests {
    use super::thin;

    /// A seeded random walk (xorshift), as long as the benchmark's.
    fn walk(n: usize) -> Vec<(f64, f64)> {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut y = 0.0;
        (0..n)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                y += (state % 2001) as f64 / 1000.0 - 1.0;
                (i as f64 / (n - 1) as f64, y)
            })
            .collect()
    }

    /// Thinning as first written, over a whole line at once.
    fn reference_thin(points: &[(f64, f64)], columns: usize) -> Vec<(f64, f64)> {
        if points.len() <= 4 * columns {
            return points.to_vec();
        }
        let column = |x: f64| ((x * columns as f64) as usize).min(columns - 1);
        let mut out = Vec::new();
        let mut start = 0;
        while start < points.len() {
            let c = column(points[start].0);
            let (mut end, mut lo, mut hi) = (start, start, start);
            while end < points.len() && column(points[end].0) == c {
                if points[end].1 < points[lo].1 {
                    lo = end;
                }
                if points[end].1 > points[hi].1 {
                    hi = end;
                }
                end += 1;
            }
            let mut keep = [start, lo, hi, end - 1];
            keep.sort_unstable();
            let mut last = usize::MAX;
            for i in keep {
                if i != last {
                    out.push(points[i]);
                    last = i;
                }
            }
            start = end;
        }
        out
    }

    #[test]
    fn thinning_point_by_point_equals_thinning_at_once() {
        for n in [2, 10, 4 * 64, 4 * 64 + 1, 1000, 100_000] {
            let pts = walk(n);
            assert_eq!(thin(&pts, 64), reference_thin(&pts, 64), "{n} points");
        }
        // One thinner, several runs (a line broken by missing values).
        let mut line = super::Thinner::new(64);
        for run in [walk(5000), walk(3), walk(300)] {
            for p in &run {
                line.push(*p);
            }
            assert_eq!(line.finish(), reference_thin(&run, 64));
        }
    }

    #[test]
    fn thinning_keeps_every_visible_extreme() {
        let pts = walk(1_000_000);
        let columns = 4096;
        let thinned = thin(&pts, columns);
        assert!(thinned.len() <= 4 * columns, "{} points", thinned.len());
        assert_eq!(thinned.first(), pts.first());
        assert_eq!(thinned.last(), pts.last());
        // Every kept point is an original point, in order.
        assert!(thinned.windows(2).all(|w| w[0].0 < w[1].0));
        // Per column of the thinning grid (1/4096 of the panel, under a pixel of any preset)
        // and of coarser grids, the same lowest and highest value: nothing visible is lost.
        for cols in [columns, 2048, 512, 1] {
            let col = |x: f64| ((x * cols as f64) as usize).min(cols - 1);
            let mut env = vec![(f64::MAX, f64::MIN); cols];
            for p in &pts {
                let e = &mut env[col(p.0)];
                *e = (e.0.min(p.1), e.1.max(p.1));
            }
            let mut kept = vec![(f64::MAX, f64::MIN); cols];
            for p in &thinned {
                let e = &mut kept[col(p.0)];
                *e = (e.0.min(p.1), e.1.max(p.1));
            }
            assert_eq!(env, kept, "envelope at {cols} columns");
        }
    }

    #[test]
    fn short_lines_are_untouched() {
        let pts = walk(5000);
        assert_eq!(thin(&pts, 4096), pts);
    }
}
