//! Kinds without a value axis: part-of-whole, timeline and stat cards.
//! May use: chart, spec::kinds, format.

use super::{
    Anchor, AxisLabel, Body, Card, Compiler, Drawn, Label, LegendItem, Mark, Paint, Panel, Role, Shape,
};
use crate::format::{self, NumberFormat, Qualifier};
use crate::spec::kinds::{PartOfWhole, Stat, Timeline};
use crate::spec::Diagnostic;
use std::collections::BTreeMap;
use toml::Spanned;

/// The row whose `label` column equals the value of `key` (`part` or `whole`).
fn find_row(
    c: &Compiler,
    labels: &[String],
    k: &Spanned<String>,
    role: &str,
) -> Result<usize, Vec<Diagnostic>> {
    let hits: Vec<usize> =
        labels.iter().enumerate().filter(|(_, l)| *l == k.get_ref()).map(|(i, _)| i).collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => Err(vec![crate::spec::unknown_name(c.file.at(k), "label", k.get_ref(), labels.iter())
            .hint(format!("`{role}` names a value of the label column: {}", labels.join(", ")))]),
        _ => Err(vec![Diagnostic::error(
            c.file.at(k),
            format!("`{}` labels {} rows", k.get_ref(), hits.len()),
        )
        .hint("filter the rows so each label is unique")]),
    }
}

pub(super) fn part_of_whole(c: &Compiler, spec: &PartOfWhole) -> Result<Drawn, Vec<Diagnostic>> {
    let keys = c.keys(&spec.label)?;
    let labels = c.texts(&spec.label)?;
    let values = c.numeric(&spec.value, "value")?;
    let p = find_row(c, &keys, &spec.part, "part")?;
    let w = find_row(c, &keys, &spec.whole, "whole")?;
    let missing = |row: usize| {
        vec![Diagnostic::error(c.file.at(&spec.value), format!("`{}` has no value", labels[row]))
            .hint("a part-of-whole chart needs both numbers; missing is not zero")]
    };
    let pv = values[p].ok_or_else(|| missing(p))?;
    let wv = values[w].ok_or_else(|| missing(w))?;
    if wv <= 0.0 || pv < 0.0 || pv > wv {
        let at = c.file.at(&spec.part);
        return Err(vec![Diagnostic::error(
            at,
            format!("the part ({pv}) must lie between 0 and the whole ({wv})"),
        )
        .hint("check the figures: a part can never exceed its whole")]);
    }
    let share = pv / wv;
    let mut panel = Panel::new(Shape::Rows { n: 1, pitch: 4.5 });
    let (y0, y1) = (0.5, 0.95);
    panel.marks.push(Mark::Rect { x0: 0.0, y0, x1: 1.0, y1, paint: Paint::Muted });
    panel.marks.push(Mark::Rect { x0: 0.0, y0, x1: share, y1, paint: Paint::Accent });
    let mut pct = format::number(share * 100.0, c.ctx.locale, &NumberFormat::percent().decimals(0));
    // A share of an approximate figure is approximate too.
    if c.qualifier(p) != Qualifier::Exact || c.qualifier(w) != Qualifier::Exact {
        pct = format!("≈{pct}");
    }
    panel.labels.push(
        Label::new(format!("{}: {} ({pct})", labels[p], c.value_label(pv, p)), 0.0, 0.16, Anchor::Start)
            .role(Role::Value)
            .bold()
            .paint(Paint::Accent)
            .wrap(0.56),
    );
    panel.labels.push(
        Label::new(format!("{}: {}", labels[w], c.value_label(wv, w)), 1.0, 0.16, Anchor::End)
            .role(Role::Value)
            .paint(Paint::MutedText)
            .wrap(0.42),
    );
    // "Galil or Tavor assault rifles: 16,442 (69%) of 23,772 (Small arms sold by IWI)": the
    // part named once, the whole in brackets, so no label is run into the next.
    let of = if c.ctx.lang == "es" { "de" } else { "of" };
    let alt = format!(
        "{}. {}: {} ({pct}) {of} {} ({}).",
        (c.words().chart)("part-of-whole"),
        labels[p],
        c.value_label(pv, p),
        c.value_label(wv, w),
        labels[w]
    );
    let mut rows = vec![p, w];
    rows.sort_unstable();
    Ok(Drawn { axes: None, body: Body::Panel(panel), legend: vec![], rows, alt })
}

pub(super) fn timeline(c: &Compiler, spec: &Timeline) -> Result<Drawn, Vec<Diagnostic>> {
    let years = c.numeric(&spec.x, "x")?;
    let events = c.texts(&spec.label)?;
    let when = match &spec.period {
        Some(k) => Some(c.texts(k)?),
        None => None,
    };
    let kinds = match &spec.color {
        Some(k) => Some(c.keys(k)?),
        None => None,
    };
    let kind_labels = match &spec.color {
        Some(k) => Some(c.texts(k)?),
        None => None,
    };
    let mut rows: Vec<usize> = (0..c.table.len()).filter(|&r| years[r].is_some()).collect();
    c.labelled(rows.len())?;
    rows.sort_by(|&a, &b| years[a].expect("filtered").total_cmp(&years[b].expect("filtered")));
    let mut legend: Vec<LegendItem> = Vec::new();
    // Kinds in name order, each with the first row (in time) that has it, and its colour.
    let mut kind_paint: BTreeMap<&str, usize> = BTreeMap::new();
    if let Some(k) = &kinds {
        let mut first: BTreeMap<&str, usize> = BTreeMap::new();
        for &r in &rows {
            first.entry(k[r].as_str()).or_insert(r);
        }
        let shown = kind_labels.as_ref().expect("with kinds");
        for (i, (name, row)) in first.into_iter().enumerate() {
            kind_paint.insert(name, i);
            legend.push(LegendItem { label: shown[row].clone(), paint: Paint::Series(i) });
        }
    }
    let n = rows.len();
    let mut panel = Panel::new(Shape::Rows { n, pitch: 1.7 });
    const X: f64 = 0.012;
    if n > 1 {
        panel.marks.push(Mark::Line {
            points: vec![(X, 0.5 / n as f64), (X, 1.0 - 0.5 / n as f64)],
            paint: Paint::Grid,
            width: 1.5,
        });
    }
    let mut alt_items = Vec::new();
    for (i, &r) in rows.iter().enumerate() {
        let y = (i as f64 + 0.5) / n as f64;
        let paint = match &kinds {
            Some(k) => Paint::Series(kind_paint[k[r].as_str()]),
            None => Paint::Base,
        };
        panel.marks.push(Mark::Dot { x: X, y, r: 3.0, paint });
        let year = years[r].expect("filtered");
        let label = match &when {
            Some(w) if !w[r].is_empty() => w[r].clone(),
            _ => format::year(year as i64, c.ctx.locale),
        };
        panel.labels.push(Label::new(events[r].clone(), X, y, Anchor::Start).offset(0.9, 0.0).wrap(1.0 - X));
        // The first item opens a sentence: "Early 1970s: …", "Principios de los setenta: …".
        let shown = if alt_items.is_empty() { super::words::capitalised(&label) } else { label.clone() };
        alt_items.push(format!("{shown}: {}", events[r]));
        panel.left.push(AxisLabel { text: label, at: y, strong: false });
    }
    let alt = format!("{}. {}.", (c.words().chart)("timeline"), alt_items.join("; "));
    rows.sort_unstable();
    Ok(Drawn { axes: None, body: Body::Panel(panel), legend, rows, alt })
}

pub(super) fn stat(c: &Compiler, spec: &Stat) -> Result<Drawn, Vec<Diagnostic>> {
    let labels = c.texts(&spec.label)?;
    let values = c.numeric(&spec.value, "value")?;
    let periods = match &spec.period {
        Some(k) => Some(c.texts(k)?),
        None => None,
    };
    c.labelled(values.iter().flatten().count())?;
    let mut cards = Vec::new();
    let mut rows = Vec::new();
    let mut alt = Vec::new();
    for r in 0..c.table.len() {
        let Some(v) = values[r] else { continue };
        let value = c.value_label(v, r);
        let detail = periods.as_ref().map(|p| p[r].clone()).filter(|s| !s.is_empty());
        // "Murders in Mexico: more than 276,000 (2006–2019)": the label first, so the figure
        // is never read into the next label.
        alt.push(match &detail {
            Some(d) => format!("{}: {value} ({d})", labels[r]),
            None => format!("{}: {value}", labels[r]),
        });
        cards.push(Card {
            qualifier: format::qualifier_phrase(c.qualifier(r), c.ctx.locale).to_string(),
            value: c.value_number(v, r),
            label: labels[r].clone(),
            detail,
            paint: Paint::Accent,
        });
        rows.push(r);
    }
    let alt = format!("{}. {}.", (c.words().chart)("stat"), alt.join("; "));
    Ok(Drawn { axes: None, body: Body::Cards(cards), legend: vec![], rows, alt })
}
