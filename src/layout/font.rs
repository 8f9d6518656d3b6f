//! The one embedded font (Roboto, Apache-2.0, tabular figures), and text measured with
//! the shaper the renderer uses (rustybuzz, as usvg 0.45), so widths match the pixels.

use rustybuzz::{Face, UnicodeBuffer};
use std::sync::OnceLock;

pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/Roboto-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/Roboto-Bold.ttf");
pub const FAMILY: &str = "Roboto";

struct Faces {
    regular: Face<'static>,
    bold: Face<'static>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        regular: Face::from_slice(REGULAR, 0).expect("embedded Roboto Regular parses"),
        bold: Face::from_slice(BOLD, 0).expect("embedded Roboto Bold parses"),
    })
}

fn face(bold: bool) -> &'static Face<'static> {
    let f = faces();
    if bold {
        &f.bold
    } else {
        &f.regular
    }
}

/// Advance width of `text` at `size` points, kerning included.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    let face = face(bold);
    let mut buf = UnicodeBuffer::new();
    buf.push_str(text);
    let glyphs = rustybuzz::shape(face, &[], buf);
    let units: i64 = glyphs.glyph_positions().iter().map(|p| p.x_advance as i64).sum();
    units as f64 * size / face.units_per_em() as f64
}

/// Distance from baseline to the top of capitals and to the bottom of descenders, in points.
pub fn ascent(size: f64) -> f64 {
    let f = face(false);
    f.ascender() as f64 / f.units_per_em() as f64 * size
}

pub fn descent(size: f64) -> f64 {
    let f = face(false);
    -(f.descender() as f64) / f.units_per_em() as f64 * size
}

/// Height of capital letters, for centring a line on a point.
pub fn cap_height(size: f64) -> f64 {
    let f = face(false);
    let cap = f.capital_height().unwrap_or((f.ascender() as f32 * 0.7) as i16);
    cap as f64 / f.units_per_em() as f64 * size
}

/// Characters of `text` the font cannot draw (they would render as boxes).
pub fn missing_chars(text: &str) -> Vec<char> {
    let f = face(false);
    let mut out: Vec<char> =
        text.chars().filter(|c| !c.is_whitespace() && f.glyph_index(*c).is_none()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Greedy line breaking at spaces to `max` points; a word longer than a line is broken
/// with an ellipsis rather than left running off the canvas.
pub fn wrap(text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if width(&candidate, size, bold) <= max || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            }
            if width(&line, size, bold) > max {
                line = ellipsize(&line, size, bold, max);
            }
        }
        lines.push(line);
    }
    lines
}

/// `text` cut to fit `max` points, ending in "…".
pub fn ellipsize(text: &str, size: f64, bold: bool, max: f64) -> String {
    if width(text, size, bold) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        n -= 1;
        let s: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if width(&s, size, bold) <= max {
            return s;
        }
    }
    "…".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_tabular() {
        let w1 = width("1111", 10.0, false);
        let w8 = width("8888", 10.0, false);
        assert!((w1 - w8).abs() < 1e-9, "{w1} vs {w8}");
    }

    #[test]
    fn width_scales_with_size_and_counts_accents_once() {
        let a = width("Michoacán", 10.0, false);
        assert!((width("Michoacán", 20.0, false) - 2.0 * a).abs() < 1e-9);
        // Bytes would count "á" twice; glyphs do not.
        assert!(a < width("Michoacaan", 10.0, false));
        assert!(width("Bold", 10.0, true) > width("Bold", 10.0, false));
    }

    #[test]
    fn wrap_respects_width() {
        let text = "Israeli small arms sold to Mexican police, by state, as reported by the final report";
        let lines = wrap(text, 12.0, true, 200.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 12.0, true) <= 200.0));
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn spanish_and_typographic_characters_are_covered() {
        assert!(missing_chars("¿Qué? ¡Sí! Año Michoacán − € ≈ – … 1 234").is_empty());
        assert_eq!(missing_chars("ok \u{1F600}"), vec!['\u{1F600}']);
    }
}
