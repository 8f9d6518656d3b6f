//! The panel's axes: category names at the left (wrapped, at most two lines) and at the
//! bottom (wrapped to the room between neighbours, thinned, or slanted when a word would be
//! cut), measured before the panel's size is known; then gridlines, zero lines and the
//! names themselves.
//!
//! May use: chart's panel, the panel's `Frame`, `text` and the embedded font.

use super::panel::Frame;
use super::text::turned_extent;
use super::{font, Align, Ctx, Item, TextRole, TextStyle};
use crate::chart::{AxisLabel, Paint, Panel};

/// cos 45° = sin 45°.
const SLANT: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// The category names of a panel, as measured for its size.
pub(super) struct Axes<'p> {
    /// How names are set (bold and anchor vary per name).
    style: TextStyle,
    /// Left names, each as its lines.
    pub left: Vec<(Vec<String>, &'p AxisLabel)>,
    /// Width the left names take, their gap included.
    pub gutter: f64,
    /// Whether bottom names are slanted, and by how many degrees.
    slant: bool,
    angle: f64,
    /// How far right of its tick a slanted name's end sits.
    nudge: f64,
    /// Slanted bottom names, each one line (empty when upright).
    slanted: Vec<String>,
    /// Upright bottom names, each as its lines (none for a thinned-out tick).
    bottom_lines: Vec<Vec<String>>,
    /// Top of the slanted names' boxes above their baseline.
    slant_top: f64,
    /// Height the bottom names take below the panel.
    pub bottom_h: f64,
}

impl Axes<'_> {
    /// The style of a name set `strong` and anchored by `align`.
    fn name(&self, strong: bool, align: Align) -> TextStyle {
        TextStyle { bold: strong, align, ..self.style }
    }

    /// Horizontal extents of the slanted names, as (position, left and right offsets).
    pub fn slanted_extents(&self, p: &Panel) -> Vec<(f64, f64, f64)> {
        self.slanted
            .iter()
            .zip(&p.bottom)
            .map(|(t, b)| {
                let (lo, hi, _, _) = turned_extent(t, &self.name(b.strong, Align::End), self.angle);
                (b.at, self.nudge + lo, self.nudge + hi)
            })
            .collect()
    }
}

/// The narrowest room between neighbouring bottom names in a panel `pw` wide.
fn bottom_spacing(p: &Panel, pw: f64) -> f64 {
    let mut at: Vec<f64> = p.bottom.iter().map(|b| b.at).collect();
    at.sort_by(f64::total_cmp);
    at.windows(2).map(|w| (w[1] - w[0]) * pw).fold(pw, f64::min)
}

impl Ctx<'_> {
    /// The left gutter, and whether and how bottom names slant: all that is known before
    /// the panel's width.
    pub(super) fn measure_axes<'p>(&self, p: &'p Panel) -> Axes<'p> {
        let body = self.sz.body;
        let (x_left, x_right, inner) = self.span();
        let style = TextStyle {
            size: body,
            bold: false,
            fill: self.color(Paint::Text),
            align: Align::End,
            role: TextRole::Axis,
        };

        // Left gutter: category names, wrapped to at most 40 % of the width, two lines at most.
        let cap = 0.4 * inner;
        let left: Vec<(Vec<String>, &AxisLabel)> = p
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
        let room = 0.92 * bottom_spacing(p, x_right - x_left - gutter);
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
        // Slanted, the line's end sits just right of its tick; upright, centred on it.
        let nudge = if angle == 45.0 { 0.3 * body } else { (font::ascent(body) - font::descent(body)) / 2.0 };
        Axes {
            style,
            left,
            gutter,
            slant,
            angle,
            nudge,
            slanted,
            bottom_lines: Vec::new(),
            slant_top: 0.0,
            bottom_h: 0.0,
        }
    }

    /// Bottom names in a panel `pw` wide: wrapped to the room between neighbours, ticks
    /// thinned until neighbours do not touch; and the height they take below the panel.
    pub(super) fn fit_bottom(&self, p: &Panel, axes: &mut Axes, pw: f64) {
        let body = self.sz.body;
        let spacing = bottom_spacing(p, pw);
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
            axes.slanted.iter().zip(&p.bottom).fold((0.0f64, 0.0f64), |(top, drop), (t, b)| {
                let (_, _, y0, y1) = turned_extent(t, &axes.name(b.strong, Align::End), axes.angle);
                (top.min(y0), drop.max(y1))
            });
        axes.bottom_h = if axes.slant {
            0.4 * body - slant_top + slant_drop + 0.5 * body
        } else if max_bottom == 0 {
            0.0
        } else {
            max_bottom as f64 * self.lh(body) + 0.75 * body
        };
        axes.bottom_lines = bottom_lines;
        axes.slant_top = slant_top;
    }

    /// Gridlines across the panel, behind everything.
    pub(super) fn gridlines(&mut self, p: &Panel, f: &Frame) {
        let grid_c = self.color(Paint::Grid);
        let across = p.grid_y.iter().map(|g| [(f.px(0.0), f.py(*g)), (f.px(1.0), f.py(*g))]);
        let down = p.grid_x.iter().map(|g| [(f.px(*g), f.py(0.0)), (f.px(*g), f.py(1.0))]);
        for ends in across.chain(down) {
            self.items.push(Item::Line { points: ends.to_vec(), stroke: grid_c, width: 0.5 });
        }
    }

    /// The zero lines, over the marks.
    pub(super) fn zero_lines(&mut self, p: &Panel, f: &Frame) {
        let axis_c = self.color(Paint::Axis);
        let down = p.zero_x.map(|z| [(f.px(z), f.py(0.0)), (f.px(z), f.py(1.0))]);
        let across = p.zero_y.map(|z| [(f.px(0.0), f.py(z)), (f.px(1.0), f.py(z))]);
        for ends in down.into_iter().chain(across) {
            self.items.push(Item::Line { points: ends.to_vec(), stroke: axis_c, width: 0.75 });
        }
    }

    /// The category names: left of the panel, then below it (slanted or upright).
    pub(super) fn axis_labels(&mut self, p: &Panel, axes: &Axes, f: &Frame) {
        let (body, lh) = (self.sz.body, self.lh(self.sz.body));
        for (lines, l) in &axes.left {
            let top = f.py(l.at) - lines.len() as f64 * lh / 2.0;
            self.paragraph(lines, f.x0 - 0.6 * body, top, &axes.name(l.strong, Align::End));
        }
        for (t, b) in axes.slanted.iter().zip(&p.bottom) {
            let baseline = f.py(1.0) + 0.4 * body - axes.slant_top;
            self.turned_at(
                t,
                f.px(b.at) + axes.nudge,
                baseline,
                &axes.name(b.strong, Align::End),
                axes.angle,
            );
        }
        for (lines, b) in axes.bottom_lines.iter().zip(&p.bottom).filter(|_| !axes.slant) {
            self.paragraph(lines, f.px(b.at), f.py(1.0) + 0.75 * body, &axes.name(b.strong, Align::Middle));
        }
    }
}
