//! The chart model: everything to draw, in panel units, before any text is measured.
//!
//! Panel coordinates: x from 0 (left) to 1 (right), y from 0 (top) to 1 (bottom).
//! Sizes that depend on type (offsets of labels) are in ems of the label's own size.
//! May use: spec (kinds).

use crate::spec::Kind;

#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub id: String,
    pub kind: Kind,
    pub lang: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub notes: Vec<String>,
    /// "Source: …" built from the rows drawn.
    pub source_line: String,
    /// Source ids cited, in order of first use.
    pub sources: Vec<String>,
    /// Indices of the table rows drawn, ascending.
    pub rows: Vec<usize>,
    pub alt: String,
    pub legend: Vec<LegendItem>,
    pub body: Body,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Panel(Panel),
    Cards(Vec<Card>),
}

/// How tall a panel wants to be when the canvas lets it choose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    /// `n` rows, each `pitch` body-text line heights tall.
    Rows { n: usize, pitch: f64 },
    /// Height as a fraction of the panel's width.
    Aspect(f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub shape: Shape,
    pub marks: Vec<Mark>,
    pub labels: Vec<Label>,
    /// Category or tick labels left of the panel, at panel y.
    pub left: Vec<AxisLabel>,
    /// Category or tick labels under the panel, at panel x.
    pub bottom: Vec<AxisLabel>,
    /// Light guide lines at panel x (vertical) and panel y (horizontal).
    pub grid_x: Vec<f64>,
    pub grid_y: Vec<f64>,
    /// The zero line: vertical at panel x (bars) or horizontal at panel y (columns, lines).
    pub zero_x: Option<f64>,
    pub zero_y: Option<f64>,
    /// The bottom labels are ticks: layout may drop every other one until they fit.
    pub thin_bottom: bool,
}

impl Panel {
    pub fn new(shape: Shape) -> Panel {
        Panel {
            shape,
            marks: vec![],
            labels: vec![],
            left: vec![],
            bottom: vec![],
            grid_x: vec![],
            grid_y: vec![],
            zero_x: None,
            zero_y: None,
            thin_bottom: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AxisLabel {
    pub text: String,
    pub at: f64,
    pub strong: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paint {
    Base,
    Accent,
    Muted,
    Series(usize),
    Text,
    MutedText,
    Axis,
    Grid,
    /// Text on top of a filled mark.
    OnFill,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// A filled rectangle between two corners.
    Rect { x0: f64, y0: f64, x1: f64, y1: f64, paint: Paint },
    /// A polyline; `width` in points.
    Line { points: Vec<(f64, f64)>, paint: Paint, width: f64 },
    /// A filled circle; `r` in points.
    Dot { x: f64, y: f64, r: f64, paint: Paint },
    /// A filled polygon (areas, bands).
    Area { points: Vec<(f64, f64)>, paint: Paint },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Numbers on marks.
    Value,
    /// Ordinary text in the panel.
    Body,
    /// Secondary text (periods, qualifiers).
    Small,
}

/// Text placed in the panel. `y` is the vertical centre of the first line.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub anchor: Anchor,
    /// Offsets in ems of this label's size.
    pub dx: f64,
    pub dy: f64,
    pub role: Role,
    pub paint: Paint,
    pub bold: bool,
    /// Wrap to this width, in panel units.
    pub wrap: Option<f64>,
    /// A value label at the end of a bar that starts at this panel x: layout puts it
    /// inside the bar when it fits, outside otherwise (or drops it, for stack segments).
    pub inside: Option<Inside>,
    /// Labels with `repel` (line ends) are moved apart vertically until none overlap.
    pub repel: bool,
    /// Draw a thin line from (x, y) to the label (annotations, moved labels).
    pub leader: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Inside {
    /// Panel x where the bar starts.
    pub from: f64,
    /// The bar's paint, to pick a readable text colour on it.
    pub bar: Paint,
    /// Drop the label when it does not fit inside (segments of a stack).
    pub only: bool,
}

impl Label {
    pub fn new(text: impl Into<String>, x: f64, y: f64, anchor: Anchor) -> Label {
        Label {
            text: text.into(),
            x,
            y,
            anchor,
            dx: 0.0,
            dy: 0.0,
            role: Role::Body,
            paint: Paint::Text,
            bold: false,
            wrap: None,
            inside: None,
            repel: false,
            leader: false,
        }
    }

    pub fn leader(mut self) -> Label {
        self.leader = true;
        self
    }

    pub fn inside(mut self, from: f64, bar: Paint, only: bool) -> Label {
        self.inside = Some(Inside { from, bar, only });
        self
    }

    pub fn repel(mut self) -> Label {
        self.repel = true;
        self
    }

    pub fn offset(mut self, dx: f64, dy: f64) -> Label {
        self.dx = dx;
        self.dy = dy;
        self
    }

    pub fn role(mut self, role: Role) -> Label {
        self.role = role;
        self
    }

    pub fn paint(mut self, paint: Paint) -> Label {
        self.paint = paint;
        self
    }

    pub fn bold(mut self) -> Label {
        self.bold = true;
        self
    }

    pub fn wrap(mut self, width: f64) -> Label {
        self.wrap = Some(width);
        self
    }
}

/// A big-number card (stat kind).
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// The qualifier's words ("more than"), empty for an exact figure.
    pub qualifier: String,
    /// The number, e.g. "276,000".
    pub value: String,
    pub label: String,
    pub detail: Option<String>,
    pub paint: Paint,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    pub label: String,
    pub paint: Paint,
}
