//! The one embedded font (Roboto, Apache-2.0, tabular figures), and text measured with
//! the shaper the renderer uses (rustybuzz, as usvg 0.45), so widths match the pixels.
//!
//! May use: rustybuzz and the font files in assets/fonts. The only font layout and render
//! use; never a system font.

use rustybuzz::{Direction, Face, ShapePlan, UnicodeBuffer};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

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
    em_width(text, bold) * size
}

/// Width in ems, cached: layouts measure the same labels for every preset and every fitting
/// pass, and shaping dominated the build's profile. Widths scale linearly with size (the
/// renderer does not hint), so one entry serves every size.
fn em_width(text: &str, bold: bool) -> f64 {
    static CACHE: OnceLock<Mutex<HashMap<(bool, String), f64>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(w) = cache.lock().ok().and_then(|c| c.get(&(bold, text.to_string())).copied()) {
        return w;
    }
    let face = face(bold);
    let mut buf = UnicodeBuffer::new();
    buf.push_str(text);
    buf.guess_segment_properties();
    let glyphs = match plan(bold, &buf) {
        Some(plan) => rustybuzz::shape_with_plan(face, plan, buf),
        None => rustybuzz::shape(face, &[], buf),
    };
    let units: i64 = glyphs.glyph_positions().iter().map(|p| p.x_advance as i64).sum();
    let w = units as f64 / face.units_per_em() as f64;
    if let Ok(mut c) = cache.lock() {
        // Bounded: a pathological project must not grow the cache without end.
        if c.len() > 200_000 {
            c.clear();
        }
        c.insert((bold, text.to_string()), w);
    }
    w
}

/// A reusable shaping plan for left-to-right Latin text (all of cifras' own languages);
/// other scripts are shaped with a fresh plan.
fn plan(bold: bool, buf: &UnicodeBuffer) -> Option<&'static ShapePlan> {
    static PLANS: OnceLock<[ShapePlan; 2]> = OnceLock::new();
    if buf.script() != rustybuzz::script::LATIN || buf.direction() != Direction::LeftToRight {
        return None;
    }
    let plans = PLANS.get_or_init(|| {
        let make = |b: bool| {
            ShapePlan::new(face(b), Direction::LeftToRight, Some(rustybuzz::script::LATIN), None, &[])
        };
        [make(false), make(true)]
    });
    Some(&plans[usize::from(bold)])
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
///
/// Words are measured once and summed (shaping every growing candidate line would be
/// quadratic: a long source line took 100 ms); each finished line is then measured whole
/// and trimmed if kerning across a space made it longer than the sum.
pub fn wrap(text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
    let space = width(" ", size, bold);
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line: Vec<&str> = Vec::new();
        let mut w = 0.0;
        let mut out: Vec<Vec<&str>> = Vec::new();
        for word in paragraph.split_whitespace() {
            let ww = width(word, size, bold);
            if !line.is_empty() && w + space + ww > max {
                out.push(std::mem::take(&mut line));
                w = 0.0;
            }
            w += if line.is_empty() { ww } else { space + ww };
            line.push(word);
        }
        out.push(line);
        // Exact check of each line; overflow moves its last word down.
        let mut i = 0;
        while i < out.len() {
            while out[i].len() > 1 && width(&out[i].join(" "), size, bold) > max {
                let last = out[i].pop().expect("more than one word");
                if i + 1 == out.len() {
                    out.push(vec![]);
                }
                out[i + 1].insert(0, last);
            }
            i += 1;
        }
        for l in out {
            let joined = l.join(" ");
            lines.push(if width(&joined, size, bold) > max {
                ellipsize(&joined, size, bold, max)
            } else {
                joined
            });
        }
    }
    lines
}

/// `text` cut to fit `max` points, ending in "…".
pub fn ellipsize(text: &str, size: f64, bold: bool, max: f64) -> String {
    if width(text, size, bold) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let cut = |n: usize| chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
    // The longest prefix that fits, found by bisection: widths grow with length.
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if width(&cut(mid), size, bold) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    cut(lo)
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
