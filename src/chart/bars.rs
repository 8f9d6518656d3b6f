//! Bars (horizontal, categories down the side) and columns (vertical, categories along
//! the bottom). Both start at zero: a bar's length is its value.
//! May use: chart, spec::kinds, format.

use super::scale::Linear;
use super::{words, Anchor, AxisLabel, Body, Compiler, Drawn, Label, Mark, Panel, Role, Shape};
use crate::spec::dataset::Order;
use crate::spec::kinds::Bars;
use crate::spec::Diagnostic;

/// Share of a row's band the bar fills.
const BAR_THICKNESS: f64 = 0.64;

struct Category {
    /// As written in the data: what `highlight` names.
    key: String,
    /// As shown in the chart's language.
    name: String,
    value: f64,
    row: usize,
}

fn categories(
    c: &Compiler,
    b: &Bars,
    cat_key: &toml::Spanned<String>,
    val_key: &toml::Spanned<String>,
    val_role: &str,
) -> Result<(Vec<Category>, Vec<Category>), Vec<Diagnostic>> {
    let keys = c.keys(cat_key)?;
    // Every category is a labelled row, with a bar or "no data".
    c.labelled(keys.len())?;
    let names = c.texts(cat_key)?;
    let values = c.numeric(val_key, val_role)?;
    let mut cats = Vec::new();
    let mut missing: Vec<Category> = Vec::new();
    let mut seen = std::collections::HashSet::with_capacity(keys.len());
    for (row, ((key, name), v)) in keys.iter().zip(&names).zip(values).enumerate() {
        if !seen.insert(key.as_str()) {
            let k = cat_key;
            return Err(vec![Diagnostic::error(
                c.file.at(k),
                format!("category `{key}` appears more than once in column `{}`", k.get_ref()),
            )
            .hint(
                "each bar needs its own category: aggregate the rows, or filter them with a [[transform]]",
            )]);
        }
        let cat = Category { key: key.clone(), name: name.clone(), value: v.unwrap_or(0.0), row };
        match v {
            Some(_) => cats.push(cat),
            // Missing is not zero: the category is listed, with no bar.
            None => missing.push(cat),
        }
    }
    match b.sort.as_ref().map(|s| *s.get_ref()) {
        Some(Order::Descending) => cats.sort_by(|a, b| b.value.total_cmp(&a.value)),
        Some(Order::Ascending) => cats.sort_by(|a, b| a.value.total_cmp(&b.value)),
        None => {}
    }
    Ok((cats, missing))
}

fn domain(c: &Compiler, b: &Bars, cats: &[Category]) -> Result<Linear, Vec<Diagnostic>> {
    let lo = cats.iter().map(|c| c.value).fold(0.0, f64::min);
    let mut hi = cats.iter().map(|c| c.value).fold(0.0, f64::max);
    // Shares are read against the whole: a percent axis runs to 100 unless values exceed it.
    if c.numbers.format.style == crate::format::Style::Percent && hi <= 100.0 && lo >= 0.0 {
        hi = 100.0;
    }
    c.domain(b.domain.as_ref(), lo, hi, true)
}

fn alt(c: &Compiler, b: &Bars, cats: &[Category]) -> String {
    let lang = c.ctx.lang;
    let w = c.words();
    let kind = (w.chart)(c.spec().kind.get_ref().name());
    let mut s = format!("{kind}. ");
    if cats.len() > 1 {
        let hi = cats.iter().max_by(|a, b| a.value.total_cmp(&b.value)).expect("non-empty");
        let lo = cats.iter().min_by(|a, b| a.value.total_cmp(&b.value)).expect("non-empty");
        s.push_str(&words::extremes(
            lang,
            (&hi.name, &c.value_label(hi.value, hi.row)),
            (&lo.name, &c.value_label(lo.value, lo.row)),
        ));
        s.push(' ');
    }
    if cats.len() <= 12 {
        let items: Vec<(String, String)> =
            cats.iter().map(|k| (k.name.clone(), c.value_label(k.value, k.row))).collect();
        s.push_str(&words::listing(lang, &items));
        s.push(' ');
    }
    let hl: Vec<String> = cats
        .iter()
        .filter(|k| b.highlight.iter().any(|h| h.get_ref() == &k.key))
        .map(|k| k.name.clone())
        .collect();
    if !hl.is_empty() {
        s.push_str(&words::highlighted(lang, &hl));
        s.push(' ');
    }
    s
}

pub(super) fn bar(c: &Compiler, b: &Bars) -> Result<Drawn, Vec<Diagnostic>> {
    let (cats, missing) = categories(c, b, &b.y, &b.x, "x")?;
    let keys: Vec<String> = cats.iter().chain(&missing).map(|k| k.key.clone()).collect();
    let paints = c.paints(&b.highlight, &keys)?;
    let scale = domain(c, b, &cats)?;
    let n = keys.len();
    let mut anchors = Vec::new();
    let mut panel = Panel::new(Shape::Rows { n, pitch: 2.0 });
    let zero = scale.map(0.0);
    panel.zero_x = Some(zero);
    for (i, k) in cats.iter().enumerate() {
        let mid = (i as f64 + 0.5) / n as f64;
        let half = BAR_THICKNESS / 2.0 / n as f64;
        let end = scale.map(k.value);
        panel.marks.push(Mark::Rect {
            x0: zero.min(end),
            y0: mid - half,
            x1: zero.max(end),
            y1: mid + half,
            paint: paints[i],
        });
        let (anchor, dx) = if k.value < 0.0 { (Anchor::End, -0.4) } else { (Anchor::Start, 0.4) };
        panel.labels.push(
            Label::new(c.value_label(k.value, k.row), end, mid, anchor)
                .offset(dx, 0.0)
                .role(Role::Value)
                .bold()
                .inside(zero, paints[i], false),
        );
        panel.left.push(AxisLabel {
            text: k.name.clone(),
            at: mid,
            strong: paints[i] == super::Paint::Accent,
        });
        anchors.push((k.key.clone(), String::new(), end, mid));
    }
    for (j, m) in missing.iter().enumerate() {
        let mid = ((cats.len() + j) as f64 + 0.5) / n as f64;
        panel.labels.push(
            Label::new(c.words().no_data, zero, mid, Anchor::Start)
                .offset(0.4, 0.0)
                .role(Role::Small)
                .paint(super::Paint::MutedText),
        );
        panel.left.push(AxisLabel { text: m.name.clone(), at: mid, strong: false });
    }
    Ok(Drawn {
        axes: Some(super::guides::Axes { scale, horizontal: true, anchors }),
        alt: alt(c, b, &cats),
        rows: cats.iter().map(|k| k.row).collect(),
        body: Body::Panel(panel),
        legend: vec![],
    })
}

pub(super) fn column(c: &Compiler, b: &Bars) -> Result<Drawn, Vec<Diagnostic>> {
    let (cats, missing) = categories(c, b, &b.x, &b.y, "y")?;
    let keys: Vec<String> = cats.iter().chain(&missing).map(|k| k.key.clone()).collect();
    let paints = c.paints(&b.highlight, &keys)?;
    let scale = domain(c, b, &cats)?;
    let n = keys.len();
    let mut anchors = Vec::new();
    let mut panel = Panel::new(Shape::Aspect(0.5));
    // y grows downward in panel units: value v sits at 1 - map(v).
    let zero = 1.0 - scale.map(0.0);
    panel.zero_y = Some(zero);
    for (i, k) in cats.iter().enumerate() {
        let mid = (i as f64 + 0.5) / n as f64;
        let half = BAR_THICKNESS.min(0.5) / 2.0 / n as f64 * 1.2;
        let top = 1.0 - scale.map(k.value);
        panel.marks.push(Mark::Rect {
            x0: mid - half,
            y0: top.min(zero),
            x1: mid + half,
            y1: top.max(zero),
            paint: paints[i],
        });
        let dy = if k.value < 0.0 { 0.9 } else { -0.9 };
        panel.labels.push(
            Label::new(c.value_label(k.value, k.row), mid, top, Anchor::Middle)
                .offset(0.0, dy)
                .role(Role::Value)
                .bold(),
        );
        panel.bottom.push(AxisLabel {
            text: k.name.clone(),
            at: mid,
            strong: paints[i] == super::Paint::Accent,
        });
        anchors.push((k.key.clone(), String::new(), mid, top));
    }
    for (j, m) in missing.iter().enumerate() {
        let mid = ((cats.len() + j) as f64 + 0.5) / n as f64;
        panel.labels.push(
            Label::new(c.words().no_data, mid, zero, Anchor::Middle)
                .offset(0.0, -0.9)
                .role(Role::Small)
                .paint(super::Paint::MutedText),
        );
        panel.bottom.push(AxisLabel { text: m.name.clone(), at: mid, strong: false });
    }
    Ok(Drawn {
        axes: Some(super::guides::Axes { scale, horizontal: false, anchors }),
        alt: alt(c, b, &cats),
        rows: cats.iter().map(|k| k.row).collect(),
        body: Body::Panel(panel),
        legend: vec![],
    })
}
