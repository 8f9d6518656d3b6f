//! Small multiples: one small line chart per value of `facet`, in a grid, on shared or
//! free value scales. May use: chart, spec::kinds.

use super::thin::{Thinner, THIN_COLUMNS};
use super::{draw_line, drawn_rows, is_yearlike, line_alt, x_key, x_labels, Series};
use crate::chart::scale::{nice_ticks, Linear};
use crate::chart::{Anchor, Body, Compiler, Drawn, Label, Mark, Paint, Panel, Role, Shape};
use crate::spec::kinds::Multiples;
use crate::spec::Diagnostic;
use std::collections::HashMap;

/// (x, y, row) of one line; y None is a gap.
type Points = Vec<(f64, Option<f64>, usize)>;

/// One small line chart per value of `facet`, in a grid, on shared or free value scales.
pub(in crate::chart) fn small_multiples(c: &Compiler, spec: &Multiples) -> Result<Drawn, Vec<Diagnostic>> {
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
    let free = spec.scales.as_ref().is_some_and(|s| *s.get_ref() == crate::spec::chart::Scales::Free);
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
