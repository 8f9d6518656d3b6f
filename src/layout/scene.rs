//! The laid-out chart: shapes and single lines of text in points, colours resolved.
//! Exporters see only this.
//!
//! May use: nothing but std; it knows no chart, theme or font.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BBox {
    pub fn overlaps(&self, o: &BBox) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn inside(&self, width: f64, height: f64) -> bool {
        self.x0 >= -0.01 && self.y0 >= -0.01 && self.x1 <= width + 0.01 && self.y1 <= height + 0.01
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Start,
    Middle,
    End,
}

/// What a piece of text is, for the layout lint and for readers of the SVG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextRole {
    Title,
    Subtitle,
    Legend,
    Axis,
    Label,
    Value,
    Note,
    Source,
}

impl TextRole {
    pub fn class(self) -> &'static str {
        match self {
            TextRole::Title => "title",
            TextRole::Subtitle => "subtitle",
            TextRole::Legend => "legend",
            TextRole::Axis => "axis",
            TextRole::Label => "label",
            TextRole::Value => "value",
            TextRole::Note => "note",
            TextRole::Source => "source",
        }
    }
}

/// One line of text. `x` is the anchor point, `y` the baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub x: f64,
    pub y: f64,
    pub text: String,
    pub size: f64,
    pub bold: bool,
    pub fill: Rgb,
    pub align: Align,
    pub role: TextRole,
    /// Degrees about the anchor, counter-clockwise as the reader sees it; 0 for level text.
    pub rotate: f64,
    /// The measured extent of the line (of its rotated box, when rotated).
    pub bbox: BBox,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Rect { x: f64, y: f64, w: f64, h: f64, fill: Rgb },
    Line { points: Vec<(f64, f64)>, stroke: Rgb, width: f64 },
    Circle { cx: f64, cy: f64, r: f64, fill: Rgb },
    Polygon { points: Vec<(f64, f64)>, fill: Rgb },
    Text(Text),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub background: Rgb,
    /// PNG pixels per point.
    pub png_scale: f64,
    pub title: String,
    pub alt: String,
    pub lang: String,
    pub items: Vec<Item>,
}

impl Scene {
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
    }
}
