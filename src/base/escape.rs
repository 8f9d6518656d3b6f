//! The one escaper for markup cifras writes: SVG (XML 1.0) and HTML. Everything that
//! comes from data or specs goes through [`escape`] before it lands in an element or an
//! attribute, quoted with either quote. May use: std.
//!
//! Both markups escape `&`, `<`, `>`, `"` and `'`. They differ where their parsers do:
//!
//! - SVG is XML, whose parsers refuse a whole file over one character XML 1.0 forbids,
//!   and an SVG that does not parse is a chart without a PNG or PDF either. So
//!   [`Markup::Svg`] drops the C0 controls (U+0000 to U+001F, carriage return included),
//!   DEL and the non-characters U+FFFE and U+FFFF, and writes tab and line feed as a
//!   space (SVG text has no line breaks). The apostrophe is XML's own `&apos;`.
//! - HTML parsers keep every character, and an HTML page keeps the text as given (a line
//!   break in a note stays one), so [`Markup::Html`] changes nothing else. The apostrophe
//!   is `&#39;`, which every HTML version reads (`&apos;` came with HTML5).
//!
//! The two apostrophe forms are kept so that every file cifras writes keeps its bytes.

/// The markup the text goes into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Markup {
    Svg,
    Html,
}

/// Escapes `s` for element content and single- or double-quoted attribute values.
pub fn escape(s: &str, to: Markup) -> String {
    let svg = to == Markup::Svg;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' if svg => out.push_str("&apos;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' if svg => out.push(' '),
            c if svg && not_in_svg(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// [`escape`] for SVG.
pub fn svg(s: &str) -> String {
    escape(s, Markup::Svg)
}

/// [`escape`] for HTML.
pub fn html(s: &str) -> String {
    escape(s, Markup::Html)
}

/// Characters an SVG text never holds: XML 1.0 forbids them, or (DEL) they only garble.
fn not_in_svg(c: char) -> bool {
    (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{fffe}' || c == '\u{ffff}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_specials_in_both_markups() {
        assert_eq!(svg("<b>R&D</b> \"x\" 'y'"), "&lt;b&gt;R&amp;D&lt;/b&gt; &quot;x&quot; &apos;y&apos;");
        assert_eq!(html("<b>R&D</b> \"x\" 'y'"), "&lt;b&gt;R&amp;D&lt;/b&gt; &quot;x&quot; &#39;y&#39;");
        assert_eq!(svg("&amp;"), "&amp;amp;");
        assert_eq!(html(""), "");
        assert_eq!(svg("México · 276,000 € — ≈"), "México · 276,000 € — ≈");
    }

    #[test]
    fn svg_drops_what_xml_forbids_html_keeps_it() {
        let s = "a\tb\nc\rd\u{0}e\u{1}f\u{1f}g\u{7f}h\u{fffe}i\u{ffff}j\u{fffd}k";
        assert_eq!(svg(s), "a b cdefghij\u{fffd}k");
        assert_eq!(html(s), s);
        assert_eq!(escape(s, Markup::Html), html(s));
        assert_eq!(escape(s, Markup::Svg), svg(s));
    }

    /// The three escapers this one replaced (`render::svg::escape`, `build::gallery::esc`,
    /// `table::export::escape_html`), as they were, to pin every output byte to theirs.
    fn old_svg(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                '\t' | '\n' => out.push(' '),
                c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{fffe}' || c == '\u{ffff}' => {}
                c => out.push(c),
            }
        }
        out
    }

    /// `build::gallery::esc` and `table::export::escape_html` were the same function.
    fn old_html(s: &str) -> String {
        let mut o = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => o.push_str("&amp;"),
                '<' => o.push_str("&lt;"),
                '>' => o.push_str("&gt;"),
                '"' => o.push_str("&quot;"),
                '\'' => o.push_str("&#39;"),
                _ => o.push(c),
            }
        }
        o
    }

    #[test]
    fn every_character_escapes_as_it_did() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("a{c}{c}b");
            assert_eq!(svg(&s), old_svg(&s), "U+{:04X}", c as u32);
            assert_eq!(html(&s), old_html(&s), "U+{:04X}", c as u32);
        }
        let mixed = "Tom's \"R&D\" <b>\r\n\t 70\u{a0}% \u{2212}1 \u{0}\u{7f}\u{feff}\u{fffe}";
        assert_eq!(svg(mixed), old_svg(mixed));
        assert_eq!(html(mixed), old_html(mixed));
    }
}
