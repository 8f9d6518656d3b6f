//! A panel: first sized (the axes' labels, then its width so labels past a mark's end stay
//! on the canvas, then its height), then drawn back to front: gridlines, marks, zero lines,
//! axis labels, labels.
//!
//! May use: chart's panel, the steps in `axes`, `marks` and `labels`, `text`.

use super::axes::Axes;
use super::Ctx;
use crate::chart::{Panel, Shape};

/// Where the panel's unit square lands on the canvas, in points.
pub(super) struct Frame {
    /// Left edge.
    pub x0: f64,
    /// Width.
    pub pw: f64,
    /// Top edge.
    pub py0: f64,
    /// Height.
    pub ph: f64,
}

impl Frame {
    pub fn px(&self, x: f64) -> f64 {
        self.x0 + x * self.pw
    }

    pub fn py(&self, y: f64) -> f64 {
        self.py0 + y * self.ph
    }

    /// Points of the unit square on the canvas.
    pub fn points(&self, points: &[(f64, f64)]) -> Vec<(f64, f64)> {
        points.iter().map(|(x, y)| (self.px(*x), self.py(*y))).collect()
    }
}

impl Ctx<'_> {
    /// The canvas between the margins: its left edge, right edge and width.
    pub(super) fn span(&self) -> (f64, f64, f64) {
        let (x_left, x_right) = (self.margin, self.width - self.margin);
        (x_left, x_right, x_right - x_left)
    }

    /// A panel between the margins, from `top`; returns its bottom (axis labels included).
    pub(super) fn panel(&mut self, p: &Panel, top: f64, avail: Option<f64>) -> f64 {
        let mut axes = self.measure_axes(p);
        let (x0, pw) = self.fit_width(p, &axes);
        self.fit_bottom(p, &mut axes, pw);
        let wrapped = self.wrap_labels(p, pw);
        let (head, ph) = self.fit_height(p, &axes, &wrapped, pw, avail);
        let f = Frame { x0, pw, py0: top + head, ph };

        self.gridlines(p, &f);
        self.marks(&p.marks, &f);
        self.zero_lines(p, &f);
        self.axis_labels(p, &axes, &f);
        self.labels(p, &wrapped, &f);
        f.py(1.0) + axes.bottom_h
    }

    /// Left edge and width: labels that stick out past a mark's end must still fit the canvas.
    fn fit_width(&self, p: &Panel, axes: &Axes) -> (f64, f64) {
        let (x_left, x_right, inner) = self.span();
        let mut x0 = x_left + axes.gutter;
        let mut pw = x_right - x0;
        let mut extents = self.label_extents(p);
        extents.extend(axes.slanted_extents(p));
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
        (x0, pw.max(0.3 * inner))
    }

    /// Headroom above the panel and the panel's height: wrapped labels widen rows that
    /// would otherwise overlap; a fixed canvas gives the panel what room is left.
    fn fit_height(
        &mut self,
        p: &Panel,
        axes: &Axes,
        wrapped: &[Option<Vec<String>>],
        pw: f64,
        avail: Option<f64>,
    ) -> (f64, f64) {
        let lh = self.lh(self.sz.body);
        let max_lines = wrapped
            .iter()
            .flatten()
            .map(Vec::len)
            .chain(axes.left.iter().map(|(l, _)| l.len()))
            .max()
            .unwrap_or(1) as f64;
        let mut ph = match p.shape {
            Shape::Rows { n, pitch } => n as f64 * pitch.max(max_lines + 0.6) * lh,
            Shape::Aspect(a) => a * pw,
        };
        let head = self.headroom(p, wrapped, ph);
        if let Some(a) = avail {
            let room = a - axes.bottom_h - head;
            if let Shape::Rows { .. } = p.shape {
                self.overflow += (ph - room).max(0.0);
            }
            ph = room.max(2.0 * lh);
        }
        (head, ph)
    }
}
