//! Slopes: two points per series joined by a line, labelled at both ends.
//! May use: chart, spec::kinds.

use super::{collect, drawn, is_yearlike, label_paint, paints, x_key, x_labels, Roles};
use crate::chart::guides::Axes;
use crate::chart::scale::{nice_ticks, Linear};
use crate::chart::{Anchor, AxisLabel, Compiler, Drawn, Label, LegendItem, Mark, Paint, Panel, Role, Shape};
use crate::spec::kinds::Slope;
use crate::spec::Diagnostic;

pub(in crate::chart) fn slope(c: &Compiler, sl: &Slope) -> Result<Drawn, Vec<Diagnostic>> {
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
    Ok(drawn(c, &series, panel, Axes { scale: ys, horizontal: false, anchors }, legend, (yearlike, dates)))
}
