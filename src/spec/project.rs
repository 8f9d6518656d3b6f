//! `cifras.toml`: languages, presets, formats, output folder, locales. May use: serde, toml.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    /// Spans kept: languages and presets become folder names in `out/`, so each is checked
    /// and pointed at.
    pub languages: Option<Vec<Spanned<String>>>,
    pub presets: Option<Vec<Spanned<String>>>,
    pub formats: Option<Vec<Format>>,
    pub out: Option<Spanned<String>>,
    #[serde(default)]
    pub locale: BTreeMap<String, String>,
    /// Write SVG text as outlines, for viewers without the font (the text stays in
    /// `<title>`/`<desc>`; it is no longer selectable).
    pub outline_text: Option<bool>,
    /// PNG compression: "fast" (largest files, ~10× faster to encode), "default", "best".
    pub png_compression: Option<PngCompression>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum PngCompression {
    Fast,
    #[default]
    Default,
    Best,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Svg,
    Png,
    Pdf,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// Settings with every default filled in.
#[derive(Clone, Debug)]
pub struct Settings {
    pub languages: Vec<String>,
    pub presets: Vec<String>,
    pub formats: Vec<Format>,
    pub out: String,
    /// language → locale tag, e.g. "es" → "es-MX".
    pub locale: BTreeMap<String, String>,
    pub outline_text: bool,
    pub png_compression: PngCompression,
}

impl Default for Settings {
    /// Without `cifras.toml`: English, the report preset, SVG and PNG (DESIGN.md).
    fn default() -> Settings {
        Settings {
            languages: vec!["en".into()],
            presets: vec!["report".into()],
            formats: vec![Format::Svg, Format::Png],
            out: "out".into(),
            locale: BTreeMap::new(),
            outline_text: false,
            png_compression: PngCompression::Default,
        }
    }
}
