//! `charts/theme.toml`: the house style. Every key is optional; the built-in style applies
//! where the file is silent, so a project without a theme still gets finished charts.
//! May use: serde.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Theme {
    /// Only the embedded family is available: naming another is an error, not a fallback.
    pub font: String,
    pub colors: Colors,
    pub sizes: Sizes,
    /// Outer margin, in points.
    pub margin: f64,
    pub preset: BTreeMap<String, Preset>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Colors {
    pub background: String,
    pub text: String,
    pub muted_text: String,
    pub grid: String,
    pub axis: String,
    /// Bars and lines when nothing is highlighted.
    pub base: String,
    /// Highlighted categories and the part of a whole.
    pub accent: String,
    /// Everything else once something is highlighted; the rest of a whole.
    pub muted: String,
    /// Categorical palette, colour-blind safe (Okabe–Ito by default).
    pub palette: Vec<String>,
}

/// Type sizes in points at text scale 1.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Sizes {
    pub title: f64,
    pub subtitle: f64,
    pub body: f64,
    pub small: f64,
    pub big: f64,
    /// Smallest text any chart may use (the layout lint warns below it).
    pub min: f64,
    pub line_height: f64,
}

/// A canvas: report page, slide, social card.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// Width in points (1/72 in).
    pub width: f64,
    /// Height in points; 0 lets the chart take the height its content needs.
    #[serde(default)]
    pub height: f64,
    /// PNG pixels per point: 300 dpi print is 300/72.
    pub png_scale: f64,
    /// Multiplies every type size and the margin.
    #[serde(default = "one")]
    pub text_scale: f64,
}

fn one() -> f64 {
    1.0
}

pub const FONT_FAMILY: &str = "Roboto";

impl Default for Theme {
    fn default() -> Theme {
        let mut preset = BTreeMap::new();
        // 160 mm, the text width of an A4 report, at 300 dpi.
        preset.insert(
            "report".to_string(),
            Preset { width: 160.0 / 25.4 * 72.0, height: 0.0, png_scale: 300.0 / 72.0, text_scale: 1.0 },
        );
        // 1920×1080 px.
        preset.insert(
            "slide".to_string(),
            Preset { width: 960.0, height: 540.0, png_scale: 2.0, text_scale: 1.7 },
        );
        // 1200×1200 px.
        preset.insert(
            "social".to_string(),
            Preset { width: 600.0, height: 600.0, png_scale: 2.0, text_scale: 1.6 },
        );
        // 1200×675 px.
        preset.insert(
            "social-wide".to_string(),
            Preset { width: 600.0, height: 337.5, png_scale: 2.0, text_scale: 1.3 },
        );
        Theme {
            font: FONT_FAMILY.to_string(),
            colors: Colors::default(),
            sizes: Sizes::default(),
            margin: 12.0,
            preset,
        }
    }
}

impl Default for Colors {
    fn default() -> Colors {
        Colors {
            background: "#ffffff".into(),
            text: "#1a1a1a".into(),
            muted_text: "#595959".into(),
            grid: "#e3e3e3".into(),
            axis: "#4d4d4d".into(),
            base: "#0072b2".into(),
            accent: "#c05400".into(),
            muted: "#b9c3cc".into(),
            palette: ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl Default for Sizes {
    fn default() -> Sizes {
        Sizes { title: 13.0, subtitle: 9.5, body: 8.0, small: 6.8, big: 24.0, min: 6.0, line_height: 1.3 }
    }
}

/// `#rrggbb` → (r, g, b).
pub fn parse_color(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some((p(0)?, p(2)?, p(4)?))
}
