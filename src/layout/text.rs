//! Setting text: a line, a turned line, a paragraph of lines, each measured with the
//! embedded font and pushed as one `Item::Text` a line, with its box. How the text is set
//! (size, weight, colour, anchor, role) travels as one `TextStyle`.
//!
//! May use: the scene's types and `font`. Never a system font.

use super::{font, Align, BBox, Ctx, Item, Rgb, Text, TextRole};

/// How a line of text is set: all a `Text` carries but where it stands and what it says.
#[derive(Clone, Copy, Debug)]
pub(super) struct TextStyle {
    /// Points.
    pub size: f64,
    pub bold: bool,
    pub fill: Rgb,
    /// Which end of the line (or its middle) stands at the anchor.
    pub align: Align,
    pub role: TextRole,
}

impl TextStyle {
    /// Advance width of `text` set in this style.
    pub fn width(&self, text: &str) -> f64 {
        font::width(text, self.size, self.bold)
    }

    /// `text` broken into lines no wider than `width`, set in this style.
    pub fn wrap(&self, text: &str, width: f64) -> Vec<String> {
        font::wrap(text, self.size, self.bold, width)
    }
}

impl Ctx<'_> {
    /// Height of one line box of type `size`.
    pub(super) fn lh(&self, size: f64) -> f64 {
        size * self.sz.line
    }

    /// One line whose line box starts at `top`.
    pub(super) fn line(&mut self, text: &str, x: f64, top: f64, st: &TextStyle) {
        let lh = self.lh(st.size);
        let (asc, desc) = (font::ascent(st.size), font::descent(st.size));
        let baseline = top + (lh - (asc + desc)) / 2.0 + asc;
        self.turned_at(text, x, baseline, st, 0.0);
    }

    /// A line anchored at (`x`, `baseline`), turned `angle` degrees counter-clockwise
    /// about its anchor (0 for level text, 45 or 90 for slanted axis labels); its box is
    /// that of the turned line.
    pub(super) fn turned_at(&mut self, text: &str, x: f64, baseline: f64, st: &TextStyle, angle: f64) {
        let (x0, x1, y0, y1) = turned_extent(text, st, angle);
        let bbox = BBox { x0: x + x0, y0: baseline + y0, x1: x + x1, y1: baseline + y1 };
        self.items.push(Item::Text(Text {
            x,
            y: baseline,
            text: text.to_string(),
            size: st.size,
            bold: st.bold,
            fill: st.fill,
            align: st.align,
            role: st.role,
            rotate: angle,
            bbox,
        }));
    }

    /// Lines stacked from `top`; returns the bottom of the last.
    pub(super) fn paragraph(&mut self, lines: &[String], x: f64, top: f64, st: &TextStyle) -> f64 {
        let mut y = top;
        for l in lines {
            self.line(l, x, y, st);
            y += self.lh(st.size);
        }
        y
    }

    /// `text` wrapped to `width` and stacked from `top`; returns the bottom of the last line.
    pub(super) fn block(&mut self, text: &str, x: f64, top: f64, width: f64, st: &TextStyle) -> f64 {
        let lines = st.wrap(text, width);
        self.paragraph(&lines, x, top, st)
    }
}

/// The line `text` set in `st`, turned `angle` degrees counter-clockwise about its anchor:
/// its box from the anchor, as (left, right, top, bottom) offsets.
pub(super) fn turned_extent(text: &str, st: &TextStyle, angle: f64) -> (f64, f64, f64, f64) {
    let (w, size) = (st.width(text), st.size);
    let (a, d) = (font::ascent(size), font::descent(size));
    let start = match st.align {
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
