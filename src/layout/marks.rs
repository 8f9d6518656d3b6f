//! Marks: the chart's bars, lines, dots and areas, from the panel's unit square to points
//! on the canvas, their paints resolved to theme colours.
//!
//! May use: chart's marks, the panel's `Frame`, theme colours. No text.

use super::panel::Frame;
use super::{Ctx, Item};
use crate::chart::Mark;

impl Ctx<'_> {
    /// Each of `marks` as a scene item, in order.
    pub(super) fn marks(&mut self, marks: &[Mark], f: &Frame) {
        for mark in marks {
            let item = match mark {
                Mark::Rect { x0: a, y0: b, x1: c, y1: d, paint } => Item::Rect {
                    x: f.px(*a),
                    y: f.py(*b),
                    w: (c - a) * f.pw,
                    h: (d - b) * f.ph,
                    fill: self.color(*paint),
                },
                Mark::Line { points, paint, width } => {
                    Item::Line { points: f.points(points), stroke: self.color(*paint), width: *width }
                }
                Mark::Dot { x, y, r, paint } => {
                    Item::Circle { cx: f.px(*x), cy: f.py(*y), r: *r, fill: self.color(*paint) }
                }
                Mark::Area { points, paint } => {
                    Item::Polygon { points: f.points(points), fill: self.color(*paint) }
                }
            };
            self.items.push(item);
        }
    }
}
