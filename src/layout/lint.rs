//! The layout lint: what an editor would throw a chart out for, found on the laid-out scene.
//! Text boxes that overlap or leave the canvas, text below the theme's minimum size, text
//! contrast below WCAG AA, and mark colours a colour-blind reader cannot tell apart.
//!
//! May use: the scene alone (no chart, no theme: the minimum size is passed in).

use super::{Align, Item, Rgb, Scene, Text, TextRole};

/// One problem, naming the element it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub element: String,
    pub message: String,
}

/// Smallest ΔE (CIE76) between two mark colours, under each simulated deficiency, below
/// which they read as one colour.
const MIN_DELTA_E: f64 = 10.0;

pub fn lint(scene: &Scene, min_size: f64) -> Vec<Finding> {
    let mut out = Vec::new();
    let texts: Vec<&Text> = scene.texts().collect();
    for t in &texts {
        let name = element(t);
        if !t.bbox.inside(scene.width, scene.height) {
            out.push(Finding { element: name.clone(), message: "leaves the canvas".into() });
        }
        if t.size + 1e-9 < min_size {
            out.push(Finding {
                element: name.clone(),
                message: format!("is set in {:.1} pt, below the minimum {min_size} pt", t.size),
            });
        }
        let bg = background_of(scene, t);
        let ratio = contrast(t.fill, bg);
        let large = t.size >= 18.0 || (t.bold && t.size >= 14.0);
        let need = if large { 3.0 } else { 4.5 };
        if ratio < need {
            out.push(Finding {
                element: name.clone(),
                message: format!("has contrast {ratio:.2}:1 against its background, below WCAG AA {need}:1"),
            });
        }
    }
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            if collide(a, b) {
                out.push(Finding { element: element(a), message: format!("overlaps {}", element(b)) });
            }
        }
    }
    for (a, b, name, d) in confusable(&mark_colours(scene)) {
        out.push(Finding {
            element: format!("colours {} and {}", a.hex(), b.hex()),
            message: format!("are hard to tell apart with {name} (ΔE {d:.1})"),
        });
    }
    out
}

/// Whether two lines of text overlap: by their boxes, or, when both are turned by the same
/// angle (slanted axis labels), by their boxes along that angle, where parallel lines that
/// never touch have boxes that do.
fn collide(a: &Text, b: &Text) -> bool {
    if a.rotate == 0.0 || a.rotate != b.rotate {
        return a.bbox.overlaps(&b.bbox);
    }
    let (s, c) = a.rotate.to_radians().sin_cos();
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    // b's anchor in a's frame, where both read level.
    let (bx, by) = (c * dx - s * dy, s * dx + c * dy);
    let span = |t: &Text, x: f64| {
        let w = super::font::width(&t.text, t.size, t.bold);
        match t.align {
            Align::Start => (x, x + w),
            Align::Middle => (x - w / 2.0, x + w / 2.0),
            Align::End => (x - w, x),
        }
    };
    let ((a0, a1), (b0, b1)) = (span(a, 0.0), span(b, bx));
    let (at, ab) = (-super::font::ascent(a.size), super::font::descent(a.size));
    let (bt, bb) = (by - super::font::ascent(b.size), by + super::font::descent(b.size));
    a0 < b1 && b0 < a1 && at < bb && bt < ab
}

fn element(t: &Text) -> String {
    let role = match t.role {
        TextRole::Title => "title",
        TextRole::Subtitle => "subtitle",
        TextRole::Legend => "legend entry",
        TextRole::Axis => "axis label",
        TextRole::Label => "label",
        TextRole::Value => "value label",
        TextRole::Note => "note",
        TextRole::Source => "source line",
    };
    let mut s: String = t.text.chars().take(40).collect();
    if t.text.chars().count() > 40 {
        s.push('…');
    }
    format!("{role} “{s}”")
}

/// The colour under the centre of `t`: the last rectangle drawn beneath it, or the canvas.
fn background_of(scene: &Scene, t: &Text) -> Rgb {
    let (cx, cy) = ((t.bbox.x0 + t.bbox.x1) / 2.0, (t.bbox.y0 + t.bbox.y1) / 2.0);
    let mut bg = scene.background;
    for item in &scene.items {
        match item {
            Item::Rect { x, y, w, h, fill } if cx >= *x && cx <= x + w && cy >= *y && cy <= y + h => {
                bg = *fill
            }
            Item::Text(other) if std::ptr::eq(other, t) => break,
            _ => {}
        }
    }
    bg
}

/// Distinct fill and stroke colours of marks (bars, lines, dots), not text, grid or canvas.
fn mark_colours(scene: &Scene) -> Vec<Rgb> {
    let mut out: Vec<Rgb> = Vec::new();
    let mut push = |c: Rgb| {
        if c != scene.background && !out.contains(&c) {
            out.push(c);
        }
    };
    for item in &scene.items {
        match item {
            Item::Rect { w, h, fill, .. } if (*w) * (*h) > 4.0 && *w < scene.width - 1.0 => push(*fill),
            Item::Circle { fill, .. } => push(*fill),
            Item::Line { stroke, width, .. } if *width >= 1.5 => push(*stroke),
            _ => {}
        }
    }
    out
}

fn linear(c: u8) -> f64 {
    let c = c as f64 / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn luminance(c: Rgb) -> f64 {
    0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
}

/// WCAG 2 contrast ratio.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

type Matrix = [[f64; 3]; 3];

/// Machado, Oliveira & Fernandes (2009), severity 1.0, in linear RGB.
const DEFICIENCIES: [(&str, Matrix); 3] = [
    (
        "protanopia",
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    ),
    (
        "deuteranopia",
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    ),
    (
        "tritanopia",
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
    ),
];

fn simulate(c: Rgb, m: &Matrix) -> [f64; 3] {
    let v = [linear(c.0), linear(c.1), linear(c.2)];
    let mut out = [0.0; 3];
    for (i, row) in m.iter().enumerate() {
        out[i] = (row[0] * v[0] + row[1] * v[1] + row[2] * v[2]).clamp(0.0, 1.0);
    }
    out
}

/// CIE L*a*b* (D65) of a linear RGB colour.
fn lab(v: [f64; 3]) -> [f64; 3] {
    let x = (0.4124 * v[0] + 0.3576 * v[1] + 0.1805 * v[2]) / 0.95047;
    let y = 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    let z = (0.0193 * v[0] + 0.1192 * v[1] + 0.9505 * v[2]) / 1.08883;
    let f = |t: f64| if t > 216.0 / 24389.0 { t.cbrt() } else { (24389.0 / 27.0 * t + 16.0) / 116.0 };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (a, b) = (lab(a), lab(b));
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// Pairs of `colours` that fall below the distinguishability threshold under some deficiency.
pub fn confusable(colours: &[Rgb]) -> Vec<(Rgb, Rgb, &'static str, f64)> {
    let mut out = Vec::new();
    for (i, a) in colours.iter().enumerate() {
        for b in &colours[i + 1..] {
            for (name, m) in DEFICIENCIES {
                let d = delta_e(simulate(*a, &m), simulate(*b, &m));
                if d < MIN_DELTA_E {
                    out.push((*a, *b, name, d));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(s: &str) -> Rgb {
        let (r, g, b) = crate::spec::theme::parse_color(s).unwrap();
        Rgb(r, g, b)
    }

    #[test]
    fn wcag_contrast() {
        assert!((contrast(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!(contrast(rgb("#595959"), Rgb(255, 255, 255)) > 7.0);
        assert!(contrast(rgb("#b9c3cc"), Rgb(255, 255, 255)) < 4.5);
    }

    #[test]
    fn red_and_green_are_confused_by_deuteranopes_but_okabe_ito_is_not() {
        let hits = confusable(&[rgb("#d62728"), rgb("#2ca02c")]);
        assert!(hits.iter().any(|h| h.2 == "deuteranopia" || h.2 == "protanopia"), "{hits:?}");
        let theme = crate::spec::Theme::default();
        let palette: Vec<Rgb> = theme.colors.palette.iter().map(|c| rgb(c)).collect();
        assert_eq!(confusable(&palette), vec![]);
    }
}
