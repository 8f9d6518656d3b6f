//! Lines and areas: one line (or stacked area) per series over x, end labels moved apart,
//! optional highlight. May use: chart, spec::kinds, format.

use super::thin::{Thinner, THIN_COLUMNS};
use super::{collect, draw_line, drawn, is_yearlike, label_paint, paints, x_key, x_labels, Roles, Series};
use crate::chart::guides::Axes;
use crate::chart::scale::{nice_ticks, Linear};
use crate::chart::{
    Anchor, AxisLabel, Body, Compiler, Drawn, Label, LegendItem, Mark, Paint, Panel, Role, Shape,
};
use crate::spec::chart::Stack;
use crate::spec::kinds::Lines;
use crate::spec::Diagnostic;
use toml::Spanned;

pub(in crate::chart) fn line(c: &Compiler, l: &Lines, area: bool) -> Result<Drawn, Vec<Diagnostic>> {
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
    let percent = area && l.stack.as_ref().is_some_and(|s| *s.get_ref() == Stack::Percent);
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
        let (ticks, unit) = crate::chart::time::ticks(x0, x1, 6);
        let labels = ticks.iter().map(|t| crate::chart::time::tick_label(*t, unit, c.ctx.lang)).collect();
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
    Ok(drawn(c, &series, panel, Axes { scale: ys, horizontal: false, anchors }, legend, (yearlike, dates)))
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
