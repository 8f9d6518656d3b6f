//! Category × series kinds: grouped bars, stacked bars (absolute or 100 %) and dot plots
//! (dumbbells). Categories run down the side; `series` picks the colour.
//! May use: chart, spec::kinds, format.

use super::scale::nice_ticks;
use super::{
    words, Anchor, AxisLabel, Body, Compiler, Drawn, Label, LegendItem, Mark, Paint, Panel, Role, Shape,
};
use crate::spec::chart::Stack;
use crate::spec::dataset::Order;
use crate::spec::kinds::Grouped;
use crate::spec::Diagnostic;
use std::collections::HashMap;

/// Values by category (rows) and series (columns), with the row each came from.
struct Matrix {
    cat_keys: Vec<String>,
    cats: Vec<String>,
    series_keys: Vec<String>,
    series: Vec<String>,
    /// [category][series] → (value, row)
    cells: Vec<Vec<Option<(f64, usize)>>>,
}

fn matrix(c: &Compiler, g: &Grouped) -> Result<Matrix, Vec<Diagnostic>> {
    let spec = g;
    let ck = c.keys(&spec.y)?;
    let cn = c.texts(&spec.y)?;
    let sk = c.keys(&spec.series)?;
    let sn = c.texts(&spec.series)?;
    let vals = c.numeric(&spec.x, "x")?;
    let mut m = Matrix { cat_keys: vec![], cats: vec![], series_keys: vec![], series: vec![], cells: vec![] };
    // Categories and series in order of first appearance, found by key (not by search).
    let (mut cat_at, mut series_at) = (HashMap::new(), HashMap::new());
    let mut at = Vec::with_capacity(c.table.len());
    for r in 0..c.table.len() {
        let ci = *cat_at.entry(ck[r].as_str()).or_insert_with(|| {
            m.cat_keys.push(ck[r].clone());
            m.cats.push(cn[r].clone());
            m.cat_keys.len() - 1
        });
        let si = *series_at.entry(sk[r].as_str()).or_insert_with(|| {
            m.series_keys.push(sk[r].clone());
            m.series.push(sn[r].clone());
            m.series_keys.len() - 1
        });
        at.push((ci, si));
    }
    // Each value, category and series is labelled; the matrix is categories × series.
    let values = vals.iter().flatten().count();
    c.labelled(values.max(m.cats.len()).max(m.series.len()))?;
    m.cells = vec![vec![None; m.series.len()]; m.cats.len()];
    for (r, &(ci, si)) in at.iter().enumerate() {
        if m.cells[ci][si].is_some() {
            let k = &spec.series;
            return Err(vec![Diagnostic::error(
                c.file.at(k),
                format!("`{}` has two values for series `{}`", ck[r], sk[r]),
            )
            .hint("one value per category and series: aggregate or filter the rows")]);
        }
        m.cells[ci][si] = vals[r].map(|v| (v, r));
    }
    // Sorting orders categories by their total.
    if let Some(order) = spec.sort.as_ref().map(|s| *s.get_ref()) {
        let total = |i: usize| m.cells[i].iter().flatten().map(|x| x.0).sum::<f64>();
        let mut idx: Vec<usize> = (0..m.cats.len()).collect();
        idx.sort_by(|&a, &b| {
            let o = total(a).total_cmp(&total(b));
            if order == Order::Descending {
                o.reverse()
            } else {
                o
            }
        });
        m = Matrix {
            cat_keys: idx.iter().map(|&i| m.cat_keys[i].clone()).collect(),
            cats: idx.iter().map(|&i| m.cats[i].clone()).collect(),
            cells: idx.iter().map(|&i| m.cells[i].clone()).collect(),
            series_keys: m.series_keys,
            series: m.series,
        };
    }
    Ok(m)
}

fn series_paints(c: &Compiler, g: &Grouped, m: &Matrix) -> Result<Vec<Paint>, Vec<Diagnostic>> {
    if g.highlight.is_empty() {
        Ok((0..m.series.len()).map(Paint::Series).collect())
    } else {
        c.paints(&g.highlight, &m.series_keys)
    }
}

fn legend(m: &Matrix, paints: &[Paint]) -> Vec<LegendItem> {
    m.series.iter().zip(paints).map(|(s, p)| LegendItem { label: s.clone(), paint: *p }).collect()
}

fn rows(m: &Matrix) -> Vec<usize> {
    m.cells.iter().flatten().flatten().map(|x| x.1).collect()
}

fn alt(c: &Compiler, m: &Matrix) -> String {
    let w = c.words();
    let mut s = format!("{}. ", (w.chart)(c.spec().kind.get_ref().name()));
    let mut items = Vec::new();
    for (ci, cat) in m.cats.iter().enumerate() {
        let parts: Vec<String> = m.cells[ci]
            .iter()
            .zip(&m.series)
            .filter_map(|(cell, s)| cell.map(|(v, r)| format!("{s} {}", c.value_label(v, r))))
            .collect();
        items.push((cat.clone(), parts.join(", ")));
    }
    if items.len() <= 12 {
        s.push_str(&words::listing(c.ctx.lang, &items));
    }
    s
}

pub(super) fn grouped(c: &Compiler, g: &Grouped) -> Result<Drawn, Vec<Diagnostic>> {
    let m = matrix(c, g)?;
    let paints = series_paints(c, g, &m)?;
    let all: Vec<f64> = m.cells.iter().flatten().flatten().map(|x| x.0).collect();
    let scale = c.domain(
        g.domain.as_ref(),
        all.iter().copied().fold(0.0, f64::min),
        all.iter().copied().fold(0.0, f64::max),
        true,
    )?;
    let (n, ns) = (m.cats.len(), m.series.len());
    let mut panel = Panel::new(Shape::Rows { n, pitch: 0.6 + 0.95 * ns as f64 });
    let zero = scale.map(0.0);
    panel.zero_x = Some(zero);
    for (ci, cat) in m.cats.iter().enumerate() {
        let band = 1.0 / n as f64;
        let top = ci as f64 * band + band * 0.12;
        let sub = band * 0.76 / ns as f64;
        for (si, cell) in m.cells[ci].iter().enumerate() {
            let Some((v, r)) = cell else { continue };
            let (y0, y1) = (top + si as f64 * sub + sub * 0.08, top + (si + 1) as f64 * sub - sub * 0.08);
            let end = scale.map(*v);
            panel.marks.push(Mark::Rect { x0: zero.min(end), y0, x1: zero.max(end), y1, paint: paints[si] });
            let (anchor, dx) = if *v < 0.0 { (Anchor::End, -0.4) } else { (Anchor::Start, 0.4) };
            panel.labels.push(
                Label::new(c.value_label(*v, *r), end, (y0 + y1) / 2.0, anchor)
                    .offset(dx, 0.0)
                    .role(Role::Small)
                    .inside(zero, paints[si], false),
            );
        }
        panel.left.push(AxisLabel { text: cat.clone(), at: (ci as f64 + 0.5) / n as f64, strong: false });
    }
    Ok(Drawn {
        axes: None,
        alt: alt(c, &m),
        rows: rows(&m),
        legend: legend(&m, &paints),
        body: Body::Panel(panel),
    })
}

pub(super) fn stacked(c: &Compiler, g: &Grouped) -> Result<Drawn, Vec<Diagnostic>> {
    let m = matrix(c, g)?;
    let paints = series_paints(c, g, &m)?;
    let percent = g.stack.as_ref().is_some_and(|s| *s.get_ref() == Stack::Percent);
    if m.cells.iter().flatten().flatten().any(|x| x.0 < 0.0) {
        let k = &g.x;
        return Err(vec![Diagnostic::error(c.file.at(k), "a stacked bar cannot stack negative values")
            .hint("use kind = \"grouped-bar\" for values of both signs")]);
    }
    let totals: Vec<f64> = m.cells.iter().map(|r| r.iter().flatten().map(|x| x.0).sum()).collect();
    let max = if percent { 1.0 } else { totals.iter().copied().fold(0.0, f64::max) };
    let scale = c.domain(g.domain.as_ref(), 0.0, max, true)?;
    let n = m.cats.len();
    let mut panel = Panel::new(Shape::Rows { n, pitch: 2.0 });
    panel.zero_x = Some(scale.map(0.0));
    if percent {
        for t in nice_ticks(0.0, 1.0, 4) {
            panel.grid_x.push(scale.map(t));
        }
    }
    for (ci, cat) in m.cats.iter().enumerate() {
        let mid = (ci as f64 + 0.5) / n as f64;
        let half = 0.32 / n as f64;
        let mut acc = 0.0;
        for (si, cell) in m.cells[ci].iter().enumerate() {
            let Some((v, r)) = cell else { continue };
            let share = if percent && totals[ci] > 0.0 { v / totals[ci] } else { *v };
            let (x0, x1) = (scale.map(acc), scale.map(acc + share));
            acc += share;
            panel.marks.push(Mark::Rect { x0, y0: mid - half, x1, y1: mid + half, paint: paints[si] });
            let text = if percent {
                crate::format::number(
                    share * 100.0,
                    c.ctx.locale,
                    &crate::format::NumberFormat::percent().decimals(0),
                )
            } else {
                c.value_label(*v, *r)
            };
            // Segment labels sit inside their segment or not at all.
            panel.labels.push(
                Label::new(text, x1, mid, Anchor::Start)
                    .offset(0.4, 0.0)
                    .role(Role::Small)
                    .inside(x0, paints[si], true),
            );
        }
        if !percent {
            let total =
                crate::format::number(totals[ci] * c.numbers.multiplier, c.ctx.locale, &c.numbers.format);
            panel.labels.push(
                Label::new(total, scale.map(acc), mid, Anchor::Start)
                    .offset(0.4, 0.0)
                    .role(Role::Value)
                    .bold(),
            );
        }
        panel.left.push(AxisLabel { text: cat.clone(), at: mid, strong: false });
    }
    Ok(Drawn {
        axes: None,
        alt: alt(c, &m),
        rows: rows(&m),
        legend: legend(&m, &paints),
        body: Body::Panel(panel),
    })
}

pub(super) fn dot(c: &Compiler, g: &Grouped) -> Result<Drawn, Vec<Diagnostic>> {
    let m = matrix(c, g)?;
    let paints = series_paints(c, g, &m)?;
    let all: Vec<f64> = m.cells.iter().flatten().flatten().map(|x| x.0).collect();
    let (lo, hi) =
        (all.iter().copied().fold(f64::MAX, f64::min), all.iter().copied().fold(f64::MIN, f64::max));
    let ticks = nice_ticks(lo.min(0.0), hi, 5);
    let scale = c.domain(g.domain.as_ref(), ticks[0], *ticks.last().expect("ticks"), false)?;
    let n = m.cats.len();
    let mut panel = Panel::new(Shape::Rows { n, pitch: 2.0 });
    for (t, text) in ticks.iter().zip(c.ticks(&ticks)) {
        panel.grid_x.push(scale.map(*t));
        panel.bottom.push(AxisLabel { text, at: scale.map(*t), strong: false });
    }
    panel.thin_bottom = true;
    for (ci, cat) in m.cats.iter().enumerate() {
        let mid = (ci as f64 + 0.5) / n as f64;
        let pts: Vec<(f64, usize, usize)> =
            m.cells[ci].iter().enumerate().filter_map(|(si, cell)| cell.map(|(v, r)| (v, r, si))).collect();
        if pts.len() > 1 {
            let a = pts.iter().map(|p| p.0).fold(f64::MAX, f64::min);
            let b = pts.iter().map(|p| p.0).fold(f64::MIN, f64::max);
            panel.marks.push(Mark::Line {
                points: vec![(scale.map(a), mid), (scale.map(b), mid)],
                paint: Paint::Muted,
                width: 2.0,
            });
        }
        for &(v, _, si) in &pts {
            panel.marks.push(Mark::Dot { x: scale.map(v), y: mid, r: 3.5, paint: paints[si] });
        }
        if let (Some(min), Some(max)) =
            (pts.iter().min_by(|a, b| a.0.total_cmp(&b.0)), pts.iter().max_by(|a, b| a.0.total_cmp(&b.0)))
        {
            panel.labels.push(
                Label::new(c.value_label(min.0, min.1), scale.map(min.0), mid, Anchor::End)
                    .offset(-0.8, 0.0)
                    .role(Role::Small),
            );
            if max.1 != min.1 {
                panel.labels.push(
                    Label::new(c.value_label(max.0, max.1), scale.map(max.0), mid, Anchor::Start)
                        .offset(0.8, 0.0)
                        .role(Role::Small),
                );
            }
        }
        panel.left.push(AxisLabel { text: cat.clone(), at: mid, strong: false });
    }
    Ok(Drawn {
        axes: None,
        alt: alt(c, &m),
        rows: rows(&m),
        legend: legend(&m, &paints),
        body: Body::Panel(panel),
    })
}
