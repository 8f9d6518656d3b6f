//! Labels in the panel: value labels (inside their bar when they fit with room to spare),
//! line-end labels pushed apart and kept inside the panel, annotation and guide text, and
//! leader lines from a label back to its point. Measured before the panel's size is known
//! (extents, wrapping, headroom), then placed and drawn last, over everything.
//!
//! May use: chart's labels, the panel's `Frame`, `text` and the embedded font, theme colours.

use super::panel::Frame;
use super::{contrast, font, Align, Ctx, Item, TextRole, TextStyle};
use crate::chart::{Anchor, Paint, Panel, Role};

/// One label's text, position and style, before line ends are moved apart.
struct Placed {
    lines: Vec<String>,
    x: f64,
    top: f64,
    style: TextStyle,
    /// The point it refers to, when a leader line may join them.
    point: Option<(f64, f64)>,
    repel: bool,
}

impl Placed {
    /// Bottom of its last line, its lines `lh` apart.
    fn bottom(&self, lh: f64) -> f64 {
        self.top + self.lines.len() as f64 * lh
    }
}

fn align_of(a: Anchor) -> Align {
    match a {
        Anchor::Start => Align::Start,
        Anchor::Middle => Align::Middle,
        Anchor::End => Align::End,
    }
}

impl Ctx<'_> {
    fn label_size(&self, role: Role) -> f64 {
        match role {
            Role::Value | Role::Body => self.sz.body,
            Role::Small => self.sz.small,
        }
    }

    /// Horizontal extents of the labels that do not wrap, as (position in the panel, left
    /// and right offsets in points).
    pub(super) fn label_extents(&self, p: &Panel) -> Vec<(f64, f64, f64)> {
        p.labels
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
            .collect()
    }

    /// Each label's lines when it wraps to a share of the panel's width `pw`.
    pub(super) fn wrap_labels(&self, p: &Panel, pw: f64) -> Vec<Option<Vec<String>>> {
        p.labels
            .iter()
            .map(|l| l.wrap.map(|w| font::wrap(&l.text, self.label_size(l.role), l.bold, w * pw)))
            .collect()
    }

    /// Room above the panel's top for labels over it (values over the tallest column), in a
    /// panel `ph` high.
    pub(super) fn headroom(&self, p: &Panel, wrapped: &[Option<Vec<String>>], ph: f64) -> f64 {
        p.labels
            .iter()
            .zip(wrapped)
            .map(|(l, w)| {
                let size = self.label_size(l.role);
                let n = w.as_ref().map_or(1, Vec::len) as f64;
                -(l.y * ph + l.dy * size - n * self.lh(size) / 2.0)
            })
            .fold(0.0, f64::max)
    }

    /// The panel's labels, placed, moved apart and drawn with their leaders.
    pub(super) fn labels(&mut self, p: &Panel, wrapped: &[Option<Vec<String>>], f: &Frame) {
        let mut placed = self.place_labels(p, wrapped, f);
        self.repel(&mut placed, f.py(1.0));
        for q in &placed {
            if let Some(point) = q.point {
                self.leader(q, point);
            }
            self.paragraph(&q.lines, q.x, q.top, &q.style);
        }
    }

    /// Each label where the chart puts it; a value goes inside its bar when it fits.
    fn place_labels(&self, p: &Panel, wrapped: &[Option<Vec<String>>], f: &Frame) -> Vec<Placed> {
        let mut placed = Vec::new();
        for (l, w) in p.labels.iter().zip(wrapped) {
            let size = self.label_size(l.role);
            let lines = w.clone().unwrap_or_else(|| vec![l.text.clone()]);
            let mut align = align_of(l.anchor);
            let mut x = f.px(l.x) + l.dx * size;
            let mut fill = self.color(l.paint);
            if let Some(inside) = l.inside {
                // Inside the bar when the text fits with room to spare, outside otherwise.
                let (from, to) = (f.px(inside.from), f.px(l.x));
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
            let top = f.py(l.y) + l.dy * size - lines.len() as f64 * self.lh(size) / 2.0;
            let role = if l.role == Role::Value { TextRole::Value } else { TextRole::Label };
            let point = l.leader.then(|| (f.px(l.x), f.py(l.y)));
            let style = TextStyle { size, bold: l.bold, fill, align, role };
            placed.push(Placed { lines, x, top, style, point, repel: l.repel });
        }
        placed
    }

    /// Line-end labels: pushed apart top to bottom, then the block kept above `floor` (the
    /// panel's bottom); one moved off its point gets a leader back to where it was.
    fn repel(&self, placed: &mut [Placed], floor: f64) {
        let lh = |q: &Placed| self.lh(q.style.size);
        let mut order: Vec<usize> = (0..placed.len()).filter(|&i| placed[i].repel).collect();
        order.sort_by(|&a, &b| placed[a].top.total_cmp(&placed[b].top));
        let original: Vec<f64> = placed.iter().map(|q| q.top).collect();
        for k in 1..order.len() {
            let (prev, cur) = (order[k - 1], order[k]);
            let need = placed[prev].bottom(lh(&placed[prev]));
            if placed[cur].top < need {
                placed[cur].top = need;
            }
        }
        if let Some(&last) = order.last() {
            let over = placed[last].bottom(lh(&placed[last])) - floor;
            if over > 0.0 {
                for &i in &order {
                    placed[i].top -= over;
                }
                for k in (0..order.len().saturating_sub(1)).rev() {
                    let (cur, next) = (order[k], order[k + 1]);
                    let limit = placed[next].top - placed[cur].lines.len() as f64 * lh(&placed[cur]);
                    placed[cur].top = placed[cur].top.min(limit);
                }
            }
        }
        // A label moved off its point gets a leader back to where it was.
        for &i in &order {
            let q = &placed[i];
            if (q.top - original[i]).abs() > 0.25 * lh(q) {
                placed[i].point = Some((q.x - 0.45 * q.style.size, original[i] + lh(q) / 2.0));
            }
        }
    }

    /// A leader line from (`ax`, `ay`) to the nearest edge of `q`'s text block.
    fn leader(&mut self, q: &Placed, (ax, ay): (f64, f64)) {
        let lh = self.lh(q.style.size);
        let mid = q.top + lh / 2.0;
        let w = q.lines.iter().map(|l| q.style.width(l)).fold(0.0, f64::max);
        let (x0, x1) = match q.style.align {
            Align::Start => (q.x, q.x + w),
            Align::Middle => (q.x - w / 2.0, q.x + w / 2.0),
            Align::End => (q.x - w, q.x),
        };
        let bottom = q.bottom(lh);
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
            x0 - 0.2 * q.style.size
        } else {
            x1 + 0.2 * q.style.size
        };
        self.items.push(Item::Line {
            points: vec![(ax, ay), (ex, ey)],
            stroke: self.color(Paint::Axis),
            width: 0.5,
        });
    }
}
