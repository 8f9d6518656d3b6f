//! Big-number cards: a grid of up to three columns, each card a rule, a qualifier, the
//! number (shrunk until its longest word fits), a label and a detail; on a fixed canvas the
//! grid sits in the middle of the room it has.
//!
//! May use: chart's cards, `text` (and through it the embedded font), theme colours.

use super::{font, Align, Ctx, Item, TextRole, TextStyle};
use crate::chart::{Card, Paint};

impl Ctx<'_> {
    /// Big-number cards in a grid of up to three columns, from `top`; returns their bottom.
    pub(super) fn cards(&mut self, cards: &[Card], top: f64, avail: Option<f64>) -> f64 {
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
            let lines = qualifier_lines(self, row, cw);
            for (i, card) in row.iter().enumerate() {
                let x = self.margin + i as f64 * (cw + gap);
                let bottom = self.card(card, x, y, cw, lines);
                row_h = row_h.max(bottom - y);
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

    /// One card `cw` wide at (`x`, `y`), its number below `qualifier_lines` lines; returns
    /// its bottom.
    fn card(&mut self, card: &Card, x: f64, y: f64, cw: f64, qualifier_lines: usize) -> f64 {
        let fill = self.color(card.paint);
        self.items.push(Item::Line { points: vec![(x, y), (x + cw, y)], stroke: fill, width: 2.0 });
        let value =
            TextStyle { size: self.sz.big, bold: true, fill, align: Align::Start, role: TextRole::Value };
        // The number shrinks until its longest word fits the card.
        let widest = card.value.split_whitespace().map(|w| value.width(w)).fold(0.0, f64::max);
        let size = if widest > cw { self.sz.big * cw / widest } else { self.sz.big };
        let qualifier_top = y + 0.5 * self.sz.body;
        let value_top = qualifier_top + qualifier_lines as f64 * self.lh(self.sz.body);
        if !card.qualifier.is_empty() {
            self.block(&card.qualifier, x, qualifier_top, cw, &TextStyle { size: self.sz.body, ..value });
        }
        let mut cy = self.block(&card.value, x, value_top, cw, &TextStyle { size, ..value });
        let label = TextStyle {
            size: self.sz.body,
            bold: false,
            fill: self.color(Paint::Text),
            align: Align::Start,
            role: TextRole::Label,
        };
        cy = self.block(&card.label, x, cy + 0.2 * self.sz.body, cw, &label);
        if let Some(d) = &card.detail {
            let detail = TextStyle { size: self.sz.small, fill: self.color(Paint::MutedText), ..label };
            cy = self.block(d, x, cy, cw, &detail);
        }
        cy
    }
}

/// Lines of the longest qualifier in `row`: numbers in one row share a baseline even when
/// only some carry a qualifier.
fn qualifier_lines(cx: &Ctx, row: &[Card], cw: f64) -> usize {
    row.iter()
        .map(
            |c| if c.qualifier.is_empty() { 0 } else { font::wrap(&c.qualifier, cx.sz.body, true, cw).len() },
        )
        .max()
        .unwrap_or(0)
}

/// `item` moved down by `dy`.
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
