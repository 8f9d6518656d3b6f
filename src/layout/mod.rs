//! Layout: the chart model becomes a scene in points, for one preset. Text is measured
//! with the embedded font, wrapped to the width it has, and kept inside the canvas.
//!
//! Steps: header (title, subtitle, legend) → footer (notes, source line) → body (panel or
//! cards) in the space between. The panel is sized, then drawn back to front: `axes`
//! (gridlines, zero lines, category labels), `marks`, `labels` (value and line-end labels,
//! leaders). `text` sets lines in a `TextStyle`; `scene` is all exporters see; `lint`
//! checks it.
//!
//! May use: chart, spec::theme, the embedded font (`font`). Fonts live only here and in
//! render; never a system font.

mod axes;
mod cards;
pub mod font;
mod labels;
mod lint;
mod marks;
mod panel;
mod scene;
mod text;

pub use lint::{confusable, contrast, lint, Finding};

pub use scene::*;

use crate::chart::{Body, Chart, Paint};
use crate::spec::theme::{parse_color, Preset, Theme};
use text::TextStyle;

pub struct Options<'a> {
    pub theme: &'a Theme,
    pub preset: &'a Preset,
}

/// Type sizes of one preset, in points.
struct Sizes {
    title: f64,
    subtitle: f64,
    body: f64,
    small: f64,
    big: f64,
    line: f64,
}

struct Ctx<'a> {
    theme: &'a Theme,
    sz: Sizes,
    width: f64,
    margin: f64,
    items: Vec<Item>,
    /// Points of content that did not fit a fixed canvas.
    overflow: f64,
}

/// Lays out `chart` for `opts.preset`.
pub fn layout(chart: &Chart, opts: &Options) -> Scene {
    let mut k = opts.preset.text_scale;
    // A fixed canvas (slide, social card) that cannot hold the chart at the preset's type
    // scale gets smaller type, down to the theme's minimum size, rather than overlapping text.
    let floor = (opts.theme.sizes.min / opts.theme.sizes.small).min(k);
    let mut scene = layout_at(chart, opts, k);
    for _ in 0..8 {
        if scene.1 <= 0.5 || k <= floor {
            break;
        }
        let need = opts.preset.height + scene.1;
        k = (k * (opts.preset.height / need).sqrt().min(0.97)).max(floor);
        scene = layout_at(chart, opts, k);
    }
    scene.0
}

/// The scene at type scale `k`, and by how many points its content overflows a fixed canvas.
fn layout_at(chart: &Chart, opts: &Options, k: f64) -> (Scene, f64) {
    let t = &opts.theme.sizes;
    let sz = Sizes {
        title: t.title * k,
        subtitle: t.subtitle * k,
        body: t.body * k,
        small: t.small * k,
        big: t.big * k,
        line: t.line_height,
    };
    let mut cx = Ctx {
        theme: opts.theme,
        sz,
        width: opts.preset.width,
        margin: opts.theme.margin * k,
        items: vec![],
        overflow: 0.0,
    };
    let inner = cx.width - 2.0 * cx.margin;
    let m = cx.margin;
    let (text_c, muted_c) = (cx.color(Paint::Text), cx.color(Paint::MutedText));

    let title =
        TextStyle { size: cx.sz.title, bold: true, fill: text_c, align: Align::Start, role: TextRole::Title };
    let mut y = cx.block(&chart.title, m, m, inner, &title);
    if let Some(sub) = &chart.subtitle {
        let st =
            TextStyle { size: cx.sz.subtitle, bold: false, fill: muted_c, role: TextRole::Subtitle, ..title };
        y = cx.block(sub, m, y + 0.2 * cx.sz.subtitle, inner, &st);
    }
    y += 0.9 * cx.sz.body;
    if !chart.legend.is_empty() {
        y = cx.legend(chart, y) + 0.6 * cx.sz.body;
    }

    // The footer is measured first so a fixed-height canvas knows what the body may take.
    let small = TextStyle {
        size: cx.sz.small,
        bold: false,
        fill: muted_c,
        align: Align::Start,
        role: TextRole::Note,
    };
    let mut footer: Vec<(Vec<String>, TextRole)> =
        chart.notes.iter().map(|n| (small.wrap(n, inner), TextRole::Note)).collect();
    footer.push((small.wrap(&chart.source_line, inner), TextRole::Source));
    let footer_lines: usize = footer.iter().map(|(l, _)| l.len()).sum();
    let footer_h = 0.9 * cx.sz.body + footer_lines as f64 * cx.lh(cx.sz.small);

    let fixed = opts.preset.height > 0.0;
    let avail = fixed.then(|| (opts.preset.height - m - footer_h - y).max(2.0 * cx.sz.body));
    if fixed {
        // Header and footer alone must leave the body some room.
        cx.overflow += (y + footer_h + m + 4.0 * cx.sz.body - opts.preset.height).max(0.0);
    }
    let bottom = match &chart.body {
        Body::Panel(p) => cx.panel(p, y, avail),
        Body::Cards(c) => cx.cards(c, y, avail),
    };
    let height = if fixed { opts.preset.height } else { bottom + footer_h + m };
    let mut fy = height - m - footer_lines as f64 * cx.lh(cx.sz.small);
    for (lines, role) in &footer {
        fy = cx.paragraph(lines, m, fy, &TextStyle { role: *role, ..small });
    }
    let overflow = cx.overflow;
    let scene = Scene {
        width: round2(cx.width),
        height: round2(height),
        background: cx.rgb(&opts.theme.colors.background),
        png_scale: opts.preset.png_scale,
        title: chart.title.clone(),
        alt: chart.alt.clone(),
        lang: chart.lang.clone(),
        items: cx.items,
    };
    (scene, overflow)
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

impl Ctx<'_> {
    fn rgb(&self, s: &str) -> Rgb {
        let (r, g, b) = parse_color(s).unwrap_or((0, 0, 0));
        Rgb(r, g, b)
    }

    fn color(&self, p: Paint) -> Rgb {
        let c = &self.theme.colors;
        match p {
            Paint::Base => self.rgb(&c.base),
            Paint::Accent => self.rgb(&c.accent),
            Paint::Muted => self.rgb(&c.muted),
            Paint::Series(i) => self.rgb(&c.palette[i % c.palette.len()]),
            Paint::Text => self.rgb(&c.text),
            Paint::MutedText => self.rgb(&c.muted_text),
            Paint::Axis => self.rgb(&c.axis),
            Paint::Grid => self.rgb(&c.grid),
            Paint::OnFill => self.rgb(&c.background),
        }
    }

    fn legend(&mut self, chart: &Chart, top: f64) -> f64 {
        let size = self.sz.small;
        let sw = 0.8 * size;
        let (x_start, x_end) = (self.margin, self.width - self.margin);
        let (mut x, mut y) = (x_start, top);
        let lh = self.lh(size);
        let st = TextStyle {
            size,
            bold: false,
            fill: self.color(Paint::Text),
            align: Align::Start,
            role: TextRole::Legend,
        };
        for item in &chart.legend {
            let w = sw + 0.4 * size + st.width(&item.label);
            if x > x_start && x + w > x_end {
                x = x_start;
                y += lh;
            }
            let fill = self.color(item.paint);
            self.items.push(Item::Rect { x, y: y + (lh - sw) / 2.0, w: sw, h: sw, fill });
            self.line(&item.label, x + sw + 0.4 * size, y, &st);
            x += w + 1.2 * size;
        }
        y + lh
    }
}
