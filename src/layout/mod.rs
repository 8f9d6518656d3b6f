//! Layout: the chart model becomes a scene in points, for one preset. Text is measured
//! with the embedded font, wrapped to the width it has, and kept inside the canvas.
//!
//! Steps: header (title, subtitle, legend) → footer (notes, source line) → body (panel or
//! cards) in the space between. May use: chart, spec (theme), font data. Never a system font.

pub mod font;
mod lint;
mod scene;

pub use lint::{confusable, contrast, lint, Finding};

pub use scene::*;

use crate::chart::{self, Anchor, Body, Card, Chart, Mark, Paint, Panel, Role, Shape};
use crate::spec::theme::{parse_color, Preset, Theme};

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

    let mut y = m;
    let title = font::wrap(&chart.title, cx.sz.title, true, inner);
    y = cx.paragraph(&title, m, y, cx.sz.title, true, text_c, Align::Start, TextRole::Title);
    if let Some(sub) = &chart.subtitle {
        let lines = font::wrap(sub, cx.sz.subtitle, false, inner);
        y = cx.paragraph(
            &lines,
            m,
            y + 0.2 * cx.sz.subtitle,
            cx.sz.subtitle,
            false,
            muted_c,
            Align::Start,
            TextRole::Subtitle,
        );
    }
    y += 0.9 * cx.sz.body;
    if !chart.legend.is_empty() {
        y = cx.legend(chart, y) + 0.6 * cx.sz.body;
    }

    // The footer is measured first so a fixed-height canvas knows what the body may take.
    let mut footer: Vec<(Vec<String>, TextRole)> =
        chart.notes.iter().map(|n| (font::wrap(n, cx.sz.small, false, inner), TextRole::Note)).collect();
    footer.push((font::wrap(&chart.source_line, cx.sz.small, false, inner), TextRole::Source));
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
        fy = cx.paragraph(lines, m, fy, cx.sz.small, false, muted_c, Align::Start, *role);
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

fn shift(item: &mut Item, dy: f64) {
    match item {
        Item::Rect { y, .. } => *y += dy,
        Item::Line { points, .. } | Item::Polygon { points, .. } => points.iter_mut().for_each(|p| p.1 += dy),
        Item::Circle { cy, .. } => *cy += dy,
        Item::Text(t) => {
            t.y += dy;
            t.bbox.y0 += dy;
            t.bbox.y1 += dy;
        }
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

impl Ctx<'_> {
    fn lh(&self, size: f64) -> f64 {
        size * self.sz.line
    }

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

    /// One line whose line box starts at `top`.
    #[allow(clippy::too_many_arguments)]
    fn line(
        &mut self,
        text: &str,
        x: f64,
        top: f64,
        size: f64,
        bold: bool,
        fill: Rgb,
        align: Align,
        role: TextRole,
    ) {
        let lh = self.lh(size);
        let (asc, desc) = (font::ascent(size), font::descent(size));
        let baseline = top + (lh - (asc + desc)) / 2.0 + asc;
        self.turned_at(text, x, baseline, size, bold, fill, align, role, 0.0);
    }

    /// A line anchored at (`x`, `baseline`), turned `angle` degrees counter-clockwise
    /// about its anchor (0 for level text, 45 or 90 for slanted axis labels); its box is
    /// that of the turned line.
    #[allow(clippy::too_many_arguments)]
    fn turned_at(
        &mut self,
        text: &str,
        x: f64,
        baseline: f64,
        size: f64,
        bold: bool,
        fill: Rgb,
        align: Align,
        role: TextRole,
        angle: f64,
    ) {
        let (x0, x1, y0, y1) = turned_extent(font::width(text, size, bold), size, align, angle);
        let bbox = BBox { x0: x + x0, y0: baseline + y0, x1: x + x1, y1: baseline + y1 };
        self.items.push(Item::Text(Text {
            x,
            y: baseline,
            text: text.to_string(),
            size,
            bold,
            fill,
            align,
            role,
            rotate: angle,
            bbox,
        }));
    }

    /// Lines stacked from `top`; returns the bottom of the last.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        lines: &[String],
        x: f64,
        top: f64,
        size: f64,
        bold: bool,
        fill: Rgb,
        align: Align,
        role: TextRole,
    ) -> f64 {
        let mut y = top;
        for l in lines {
            self.line(l, x, y, size, bold, fill, align, role);
            y += self.lh(size);
        }
        y
    }

    fn legend(&mut self, chart: &Chart, top: f64) -> f64 {
        let size = self.sz.small;
        let sw = 0.8 * size;
        let (x_start, x_end) = (self.margin, self.width - self.margin);
        let (mut x, mut y) = (x_start, top);
        let lh = self.lh(size);
        let text_c = self.color(Paint::Text);
        for item in &chart.legend {
            let w = sw + 0.4 * size + font::width(&item.label, size, false);
            if x > x_start && x + w > x_end {
                x = x_start;
                y += lh;
            }
            let fill = self.color(item.paint);
            self.items.push(Item::Rect { x, y: y + (lh - sw) / 2.0, w: sw, h: sw, fill });
            self.line(
                &item.label,
                x + sw + 0.4 * size,
                y,
                size,
                false,
                text_c,
                Align::Start,
                TextRole::Legend,
            );
            x += w + 1.2 * size;
        }
        y + lh
    }

    fn label_size(&self, role: Role) -> f64 {
        match role {
            Role::Value | Role::Body => self.sz.body,
            Role::Small => self.sz.small,
        }
    }

    /// A panel between the margins, from `top`; returns its bottom (axis labels included).
    fn panel(&mut self, p: &Panel, top: f64, avail: Option<f64>) -> f64 {
        let body = self.sz.body;
        let lh = self.lh(body);
        let (x_left, x_right) = (self.margin, self.width - self.margin);
        let inner = x_right - x_left;

        // Left gutter: category names, wrapped to at most 40 % of the width, two lines at most.
        let cap = 0.4 * inner;
        let left: Vec<(Vec<String>, &chart::AxisLabel)> = p
            .left
            .iter()
            .map(|l| {
                let mut lines = font::wrap(&l.text, body, l.strong, cap);
                if lines.len() > 2 {
                    let rest = lines[1..].join(" ");
                    lines = vec![lines[0].clone(), font::ellipsize(&rest, body, l.strong, cap)];
                }
                (lines, l)
            })
            .collect();
        let gutter_w = left
            .iter()
            .flat_map(|(ls, l)| ls.iter().map(move |s| font::width(s, body, l.strong)))
            .fold(0.0, f64::max);
        let gutter = if left.is_empty() { 0.0 } else { gutter_w + 0.6 * body };

        // Category names too long for the room between columns (a word would be cut) are
        // slanted at 45° rather than cut to a few letters; ticks are thinned instead.
        let spacing_in = |pw: f64| {
            let mut at: Vec<f64> = p.bottom.iter().map(|b| b.at).collect();
            at.sort_by(f64::total_cmp);
            at.windows(2).map(|w| (w[1] - w[0]) * pw).fold(pw, f64::min)
        };
        let room = 0.92 * spacing_in(x_right - x_left - gutter);
        let slant = !p.thin_bottom
            && p.bottom.iter().any(|b| {
                let lines = font::wrap(&b.text, body, b.strong, room.max(2.0 * body));
                lines.len() > 3
                    || b.text
                        .split_whitespace()
                        .any(|w| font::width(w, body, b.strong) > room.max(2.0 * body))
            });
        // 45° while neighbours stay a line apart across their slant, else upright.
        let line = 1.1 * (font::ascent(body) + font::descent(body));
        let angle = if room / 0.92 * SLANT >= line { 45.0 } else { 90.0 };
        let slanted: Vec<String> = if slant {
            let cap = (0.3 * inner).max(8.0 * body);
            p.bottom.iter().map(|b| font::ellipsize(&b.text, body, b.strong, cap)).collect()
        } else {
            Vec::new()
        };

        // Horizontal extent: labels that stick out past a mark's end must still fit the canvas.
        let mut x0 = x_left + gutter;
        let mut pw = x_right - x0;
        // Slanted, the line's end sits just right of its tick; upright, centred on it.
        let nudge = if angle == 45.0 { 0.3 * body } else { (font::ascent(body) - font::descent(body)) / 2.0 };
        let extents: Vec<(f64, f64, f64)> = p
            .labels
            .iter()
            .filter(|l| l.wrap.is_none())
            .map(|l| {
                let size = self.label_size(l.role);
                let w = font::width(&l.text, size, l.bold);
                let shift = match l.anchor {
                    Anchor::Start => 0.0,
                    Anchor::Middle => w / 2.0,
                    Anchor::End => w,
                };
                let off = l.dx * size - shift;
                (l.x, off, off + w)
            })
            .chain(slanted.iter().zip(&p.bottom).map(|(t, b)| {
                let (lo, hi, _, _) = turned_extent(font::width(t, body, b.strong), body, Align::End, angle);
                (b.at, nudge + lo, nudge + hi)
            }))
            .collect();
        for _ in 0..4 {
            let need_left = extents.iter().map(|(x, lo, _)| x_left - (x0 + x * pw + lo)).fold(0.0, f64::max);
            if need_left > 0.0 {
                x0 += need_left;
                pw -= need_left;
            }
            for (x, _, hi) in &extents {
                if *x > 0.0 && x0 + x * pw + hi > x_right {
                    // Never below the floor, even for a label that fits at no width: divided
                    // by a tiny x (20 beside 1e15) the room would be a vast negative width,
                    // and the next pass would move the panel out to infinity.
                    pw = pw.min(((x_right - x0 - hi) / x).max(0.3 * inner));
                }
            }
        }
        pw = pw.max(0.3 * inner);

        // Bottom labels wrap to the room between neighbours.
        let mut positions: Vec<f64> = p.bottom.iter().map(|b| b.at).collect();
        positions.sort_by(f64::total_cmp);
        let spacing = positions.windows(2).map(|w| (w[1] - w[0]) * pw).fold(pw, f64::min);
        let mut bottom_lines: Vec<Vec<String>> = p
            .bottom
            .iter()
            .map(|b| font::wrap(&b.text, body, b.strong, (spacing * 0.92).max(2.0 * body)))
            .collect();
        if p.thin_bottom {
            // Ticks: keep every k-th label, the fewest k for which neighbours do not touch.
            let widths: Vec<f64> = p.bottom.iter().map(|b| font::width(&b.text, body, b.strong)).collect();
            let fits = |k: usize| {
                let kept: Vec<usize> = (0..widths.len()).step_by(k).collect();
                kept.windows(2).all(|w| {
                    (p.bottom[w[1]].at - p.bottom[w[0]].at).abs() * pw
                        >= (widths[w[0]] + widths[w[1]]) / 2.0 + 0.8 * body
                })
            };
            let k = (1..=widths.len().max(1)).find(|&k| fits(k)).unwrap_or(widths.len().max(1));
            for (i, lines) in bottom_lines.iter_mut().enumerate() {
                if i % k != 0 {
                    lines.clear();
                }
            }
        }
        let max_bottom = bottom_lines.iter().map(Vec::len).max().unwrap_or(0);
        // Slanted labels hang from a baseline placed so their tops clear the axis.
        let (slant_top, slant_drop) =
            slanted.iter().zip(&p.bottom).fold((0.0f64, 0.0f64), |(top, drop), (t, b)| {
                let (_, _, y0, y1) = turned_extent(font::width(t, body, b.strong), body, Align::End, angle);
                (top.min(y0), drop.max(y1))
            });
        let bottom_h = if slant {
            0.4 * body - slant_top + slant_drop + 0.5 * body
        } else if max_bottom == 0 {
            0.0
        } else {
            max_bottom as f64 * lh + 0.75 * body
        };

        // Wrapped labels widen rows that would otherwise overlap.
        let wrapped: Vec<Option<Vec<String>>> = p
            .labels
            .iter()
            .map(|l| l.wrap.map(|w| font::wrap(&l.text, self.label_size(l.role), l.bold, w * pw)))
            .collect();
        let max_lines = wrapped
            .iter()
            .flatten()
            .map(Vec::len)
            .chain(left.iter().map(|(l, _)| l.len()))
            .max()
            .unwrap_or(1) as f64;
        let mut ph = match p.shape {
            Shape::Rows { n, pitch } => n as f64 * pitch.max(max_lines + 0.6) * lh,
            Shape::Aspect(a) => a * pw,
        };
        // Labels above the panel's top (values over the tallest column) get headroom.
        let head = p
            .labels
            .iter()
            .zip(&wrapped)
            .map(|(l, w)| {
                let size = self.label_size(l.role);
                let n = w.as_ref().map_or(1, Vec::len) as f64;
                -(l.y * ph + l.dy * size - n * self.lh(size) / 2.0)
            })
            .fold(0.0, f64::max);
        if let Some(a) = avail {
            let room = a - bottom_h - head;
            if let Shape::Rows { .. } = p.shape {
                self.overflow += (ph - room).max(0.0);
            }
            ph = room.max(2.0 * lh);
        }
        let py0 = top + head;

        let (grid_c, axis_c, text_c) =
            (self.color(Paint::Grid), self.color(Paint::Axis), self.color(Paint::Text));
        let px = |x: f64| x0 + x * pw;
        let py = |y: f64| py0 + y * ph;
        for g in &p.grid_y {
            self.items.push(Item::Line {
                points: vec![(px(0.0), py(*g)), (px(1.0), py(*g))],
                stroke: grid_c,
                width: 0.5,
            });
        }
        for g in &p.grid_x {
            self.items.push(Item::Line {
                points: vec![(px(*g), py(0.0)), (px(*g), py(1.0))],
                stroke: grid_c,
                width: 0.5,
            });
        }
        for mark in &p.marks {
            let item = match mark {
                Mark::Rect { x0: a, y0: b, x1: c, y1: d, paint } => Item::Rect {
                    x: px(*a),
                    y: py(*b),
                    w: (c - a) * pw,
                    h: (d - b) * ph,
                    fill: self.color(*paint),
                },
                Mark::Line { points, paint, width } => Item::Line {
                    points: points.iter().map(|(x, y)| (px(*x), py(*y))).collect(),
                    stroke: self.color(*paint),
                    width: *width,
                },
                Mark::Dot { x, y, r, paint } => {
                    Item::Circle { cx: px(*x), cy: py(*y), r: *r, fill: self.color(*paint) }
                }
                Mark::Area { points, paint } => Item::Polygon {
                    points: points.iter().map(|(x, y)| (px(*x), py(*y))).collect(),
                    fill: self.color(*paint),
                },
            };
            self.items.push(item);
        }
        if let Some(z) = p.zero_x {
            self.items.push(Item::Line {
                points: vec![(px(z), py(0.0)), (px(z), py(1.0))],
                stroke: axis_c,
                width: 0.75,
            });
        }
        if let Some(z) = p.zero_y {
            self.items.push(Item::Line {
                points: vec![(px(0.0), py(z)), (px(1.0), py(z))],
                stroke: axis_c,
                width: 0.75,
            });
        }
        for (lines, l) in &left {
            let top = py(l.at) - lines.len() as f64 * lh / 2.0;
            self.paragraph(lines, x0 - 0.6 * body, top, body, l.strong, text_c, Align::End, TextRole::Axis);
        }
        for (t, b) in slanted.iter().zip(&p.bottom) {
            let baseline = py(1.0) + 0.4 * body - slant_top;
            self.turned_at(
                t,
                px(b.at) + nudge,
                baseline,
                body,
                b.strong,
                text_c,
                Align::End,
                TextRole::Axis,
                angle,
            );
        }
        for (lines, b) in bottom_lines.iter().zip(&p.bottom).filter(|_| !slant) {
            self.paragraph(
                lines,
                px(b.at),
                py(1.0) + 0.75 * body,
                body,
                b.strong,
                text_c,
                Align::Middle,
                TextRole::Axis,
            );
        }
        // Each label's text, position and colour, before moving line ends apart.
        struct Placed {
            lines: Vec<String>,
            x: f64,
            top: f64,
            size: f64,
            bold: bool,
            fill: Rgb,
            align: Align,
            role: TextRole,
            /// The point it refers to, when a leader line may join them.
            point: Option<(f64, f64)>,
            repel: bool,
        }
        let mut placed: Vec<Placed> = Vec::new();
        for (l, w) in p.labels.iter().zip(&wrapped) {
            let size = self.label_size(l.role);
            let lines = w.clone().unwrap_or_else(|| vec![l.text.clone()]);
            let mut align = match l.anchor {
                Anchor::Start => Align::Start,
                Anchor::Middle => Align::Middle,
                Anchor::End => Align::End,
            };
            let mut x = px(l.x) + l.dx * size;
            let mut fill = self.color(l.paint);
            if let Some(inside) = l.inside {
                // Inside the bar when the text fits with room to spare, outside otherwise.
                let (from, to) = (px(inside.from), px(l.x));
                let width = font::width(&l.text, size, l.bold);
                let pad = 0.4 * size;
                if width + 2.0 * pad <= (to - from).abs() {
                    let bar = self.color(inside.bar);
                    let light = self.color(Paint::OnFill);
                    fill = if contrast(light, bar) >= 4.5 { light } else { self.color(Paint::Text) };
                    (x, align) = if to >= from { (to - pad, Align::End) } else { (to + pad, Align::Start) };
                } else if inside.only {
                    continue;
                }
            }
            let top = py(l.y) + l.dy * size - lines.len() as f64 * self.lh(size) / 2.0;
            let role = if l.role == Role::Value { TextRole::Value } else { TextRole::Label };
            let point = l.leader.then(|| (px(l.x), py(l.y)));
            placed.push(Placed {
                lines,
                x,
                top,
                size,
                bold: l.bold,
                fill,
                align,
                role,
                point,
                repel: l.repel,
            });
        }
        // Line-end labels: pushed apart top to bottom, then the block kept inside the panel.
        let mut order: Vec<usize> = (0..placed.len()).filter(|&i| placed[i].repel).collect();
        order.sort_by(|&a, &b| placed[a].top.total_cmp(&placed[b].top));
        let original: Vec<f64> = placed.iter().map(|q| q.top).collect();
        for k in 1..order.len() {
            let (prev, cur) = (order[k - 1], order[k]);
            let need = placed[prev].top + placed[prev].lines.len() as f64 * self.lh(placed[prev].size);
            if placed[cur].top < need {
                placed[cur].top = need;
            }
        }
        if let Some(&last) = order.last() {
            let over =
                placed[last].top + placed[last].lines.len() as f64 * self.lh(placed[last].size) - py(1.0);
            if over > 0.0 {
                for &i in &order {
                    placed[i].top -= over;
                }
                for k in (0..order.len().saturating_sub(1)).rev() {
                    let (cur, next) = (order[k], order[k + 1]);
                    let limit = placed[next].top - placed[cur].lines.len() as f64 * self.lh(placed[cur].size);
                    placed[cur].top = placed[cur].top.min(limit);
                }
            }
        }
        // A label moved off its point gets a leader back to where it was.
        for &i in &order {
            let q = &placed[i];
            if (q.top - original[i]).abs() > 0.25 * self.lh(q.size) {
                placed[i].point = Some((q.x - 0.45 * q.size, original[i] + self.lh(q.size) / 2.0));
            }
        }
        for q in &placed {
            if let Some((ax, ay)) = q.point {
                let mid = q.top + self.lh(q.size) / 2.0;
                let w = q.lines.iter().map(|l| font::width(l, q.size, q.bold)).fold(0.0, f64::max);
                let (x0, x1) = match q.align {
                    Align::Start => (q.x, q.x + w),
                    Align::Middle => (q.x - w / 2.0, q.x + w / 2.0),
                    Align::End => (q.x - w, q.x),
                };
                let bottom = q.top + q.lines.len() as f64 * self.lh(q.size);
                // Join the point to the nearest edge of the text block.
                let ey = if ay < q.top {
                    q.top
                } else if ay > bottom {
                    bottom
                } else {
                    mid
                };
                let ex = if (x0..=x1).contains(&ax) {
                    ax
                } else if ax < x0 {
                    x0 - 0.2 * q.size
                } else {
                    x1 + 0.2 * q.size
                };
                self.items.push(Item::Line {
                    points: vec![(ax, ay), (ex, ey)],
                    stroke: self.color(Paint::Axis),
                    width: 0.5,
                });
            }
            self.paragraph(&q.lines, q.x, q.top, q.size, q.bold, q.fill, q.align, q.role);
        }
        py(1.0) + bottom_h
    }

    /// Big-number cards in a grid of up to three columns.
    fn cards(&mut self, cards: &[Card], top: f64, avail: Option<f64>) -> f64 {
        let cols = match cards.len() {
            0 | 1 => 1,
            2 | 4 => 2,
            _ => 3,
        };
        let gap = 1.6 * self.sz.body;
        let inner = self.width - 2.0 * self.margin;
        let cw = (inner - (cols - 1) as f64 * gap) / cols as f64;
        let mut y = top;
        let first_item = self.items.len();
        for row in cards.chunks(cols) {
            let mut row_h: f64 = 0.0;
            // Numbers in one row share a baseline even when only some carry a qualifier.
            let qualifier_lines = row
                .iter()
                .map(|c| {
                    if c.qualifier.is_empty() {
                        0
                    } else {
                        font::wrap(&c.qualifier, self.sz.body, true, cw).len()
                    }
                })
                .max()
                .unwrap_or(0);
            for (i, card) in row.iter().enumerate() {
                let x = self.margin + i as f64 * (cw + gap);
                let fill = self.color(card.paint);
                self.items.push(Item::Line { points: vec![(x, y), (x + cw, y)], stroke: fill, width: 2.0 });
                // The number shrinks until its longest word fits the card.
                let widest = card
                    .value
                    .split_whitespace()
                    .map(|w| font::width(w, self.sz.big, true))
                    .fold(0.0, f64::max);
                let size = if widest > cw { self.sz.big * cw / widest } else { self.sz.big };
                let qualifier_top = y + 0.5 * self.sz.body;
                let value_top = qualifier_top + qualifier_lines as f64 * self.lh(self.sz.body);
                if !card.qualifier.is_empty() {
                    let lines = font::wrap(&card.qualifier, self.sz.body, true, cw);
                    self.paragraph(
                        &lines,
                        x,
                        qualifier_top,
                        self.sz.body,
                        true,
                        fill,
                        Align::Start,
                        TextRole::Value,
                    );
                }
                let lines = font::wrap(&card.value, size, true, cw);
                let mut cy =
                    self.paragraph(&lines, x, value_top, size, true, fill, Align::Start, TextRole::Value);
                let text_c = self.color(Paint::Text);
                let lines = font::wrap(&card.label, self.sz.body, false, cw);
                cy = self.paragraph(
                    &lines,
                    x,
                    cy + 0.2 * self.sz.body,
                    self.sz.body,
                    false,
                    text_c,
                    Align::Start,
                    TextRole::Label,
                );
                if let Some(d) = &card.detail {
                    let muted = self.color(Paint::MutedText);
                    let lines = font::wrap(d, self.sz.small, false, cw);
                    cy = self.paragraph(
                        &lines,
                        x,
                        cy,
                        self.sz.small,
                        false,
                        muted,
                        Align::Start,
                        TextRole::Label,
                    );
                }
                row_h = row_h.max(cy - y);
            }
            y += row_h + gap;
        }
        if let Some(a) = avail {
            let used = y - gap - top;
            self.overflow += (used - a).max(0.0);
            // On a fixed canvas the cards sit in the middle of the room they have.
            let dy = ((a - used) / 2.0).max(0.0);
            for item in &mut self.items[first_item..] {
                shift(item, dy);
            }
        }
        y - gap
    }
}

/// cos 45° = sin 45°.
const SLANT: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// A line of width `w` anchored by `align`, turned `angle` degrees counter-clockwise about
/// its anchor: its box from the anchor, as (left, right, top, bottom) offsets.
fn turned_extent(w: f64, size: f64, align: Align, angle: f64) -> (f64, f64, f64, f64) {
    let (a, d) = (font::ascent(size), font::descent(size));
    let start = match align {
        Align::Start => 0.0,
        Align::Middle => -w / 2.0,
        Align::End => -w,
    };
    let (s, c) = angle.to_radians().sin_cos();
    let corners = [(start, -a), (start + w, -a), (start, d), (start + w, d)]
        .map(|(x, y)| (c * x + s * y, -s * x + c * y));
    let min = |v: [f64; 4]| v.into_iter().fold(f64::MAX, f64::min);
    let max = |v: [f64; 4]| v.into_iter().fold(f64::MIN, f64::max);
    (
        min(corners.map(|p| p.0)),
        max(corners.map(|p| p.0)),
        min(corners.map(|p| p.1)),
        max(corners.map(|p| p.1)),
    )
}
