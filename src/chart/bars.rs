//! Bars (horizontal, categories down the side) and columns (vertical, categories along
//! the bottom). Both start at zero: a bar's length is its value.

use super::scale::Linear;
use super::{words, Anchor, AxisLabel, Body, Compiler, Drawn, Label, Mark, Panel, Role, Shape};
use crate::spec::dataset::Order;
use crate::spec::{self, Diagnostic};

/// Share of a row's band the bar fills.
const BAR_THICKNESS: f64 = 0.64;

struct Category {
    name: String,
    value: f64,
    row: usize,
}

fn categories(
    c: &Compiler,
    cat_key: &Option<toml::Spanned<String>>,
    cat_role: &str,
    val_key: &Option<toml::Spanned<String>>,
    val_role: &str,
) -> Result<(Vec<Category>, Vec<String>), Vec<Diagnostic>> {
    let names = c.texts(cat_key, cat_role)?;
    let values = c.numeric(val_key, val_role)?;
    let mut cats = Vec::new();
    let mut missing = Vec::new();
    for (row, (name, v)) in names.iter().zip(values).enumerate() {
        if cats.iter().any(|k: &Category| &k.name == name) || missing.contains(name) {
            let k = cat_key.as_ref().expect("texts() checked the key");
            return Err(vec![Diagnostic::error(
                c.file.at(k),
                format!("category `{name}` appears more than once in column `{}`", k.get_ref()),
            )
            .hint(
                "each bar needs its own category: aggregate the rows, or filter them with a [[transform]]",
            )]);
        }
        match v {
            Some(v) => cats.push(Category { name: name.clone(), value: *v, row }),
            // Missing is not zero: the category is listed, with no bar.
            None => missing.push(name.clone()),
        }
    }
    match c.spec().sort {
        Some(Order::Descending) => cats.sort_by(|a, b| b.value.total_cmp(&a.value)),
        Some(Order::Ascending) => cats.sort_by(|a, b| a.value.total_cmp(&b.value)),
        None => {}
    }
    Ok((cats, missing))
}

fn domain(cats: &[Category]) -> Linear {
    let lo = cats.iter().map(|c| c.value).fold(0.0, f64::min);
    let hi = cats.iter().map(|c| c.value).fold(0.0, f64::max);
    Linear::new(lo, hi)
}

fn alt(c: &Compiler, cats: &[Category]) -> String {
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
    let hl: Vec<String> = c.spec().highlight.iter().map(|h| h.get_ref().clone()).collect();
    if !hl.is_empty() {
        s.push_str(&words::highlighted(lang, &hl));
        s.push(' ');
    }
    s
}

pub(super) fn bar(c: &Compiler) -> Result<Drawn, Vec<Diagnostic>> {
    let spec: &spec::Chart = c.spec();
    let (cats, missing) = categories(c, &spec.y, "y", &spec.x, "x")?;
    let names: Vec<String> = cats.iter().map(|k| k.name.clone()).chain(missing.iter().cloned()).collect();
    let paints = c.paints(&names)?;
    let scale = domain(&cats);
    let n = names.len();
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
                .bold(),
        );
        panel.left.push(AxisLabel {
            text: k.name.clone(),
            at: mid,
            strong: paints[i] == super::Paint::Accent,
        });
    }
    for (j, name) in missing.iter().enumerate() {
        let mid = ((cats.len() + j) as f64 + 0.5) / n as f64;
        panel.labels.push(
            Label::new(c.words().no_data, zero, mid, Anchor::Start)
                .offset(0.4, 0.0)
                .role(Role::Small)
                .paint(super::Paint::MutedText),
        );
        panel.left.push(AxisLabel { text: name.clone(), at: mid, strong: false });
    }
    Ok(Drawn {
        alt: alt(c, &cats),
        rows: cats.iter().map(|k| k.row).collect(),
        body: Body::Panel(panel),
        legend: vec![],
    })
}

pub(super) fn column(c: &Compiler) -> Result<Drawn, Vec<Diagnostic>> {
    let spec: &spec::Chart = c.spec();
    let (cats, missing) = categories(c, &spec.x, "x", &spec.y, "y")?;
    let names: Vec<String> = cats.iter().map(|k| k.name.clone()).chain(missing.iter().cloned()).collect();
    let paints = c.paints(&names)?;
    let scale = domain(&cats);
    let n = names.len();
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
    }
    for (j, name) in missing.iter().enumerate() {
        let mid = ((cats.len() + j) as f64 + 0.5) / n as f64;
        panel.labels.push(
            Label::new(c.words().no_data, mid, zero, Anchor::Middle)
                .offset(0.0, -0.9)
                .role(Role::Small)
                .paint(super::Paint::MutedText),
        );
        panel.bottom.push(AxisLabel { text: name.clone(), at: mid, strong: false });
    }
    Ok(Drawn {
        alt: alt(c, &cats),
        rows: cats.iter().map(|k| k.row).collect(),
        body: Body::Panel(panel),
        legend: vec![],
    })
}
