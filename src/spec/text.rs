//! Text fields that are either one string or one string per language. May use: serde.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// As written: `title = "…"` or `title.en = "…"` / `title = { en = "…", es = "…" }`.
#[derive(Clone, Debug, PartialEq)]
pub enum Text {
    Plain(String),
    Langs(BTreeMap<String, String>),
}

impl Text {
    /// The text for `lang`. A plain string serves every language only when the project has
    /// one language; with several, [`Text::missing`] reports it.
    pub fn get(&self, lang: &str) -> Option<&str> {
        match self {
            Text::Plain(s) => Some(s),
            Text::Langs(m) => m.get(lang).map(String::as_str),
        }
    }

    /// The languages among `langs` this text lacks.
    pub fn missing<'a>(&self, langs: &'a [String]) -> Vec<&'a str> {
        match self {
            Text::Plain(_) if langs.len() <= 1 => vec![],
            Text::Plain(_) => langs.iter().map(String::as_str).collect(),
            Text::Langs(m) => langs
                .iter()
                .filter(|l| m.get(l.as_str()).is_none_or(|s| s.trim().is_empty()))
                .map(String::as_str)
                .collect(),
        }
    }
}

// By hand rather than `#[serde(untagged)]`: untagged buffering loses toml's spans and
// gives a useless "did not match any variant" message.
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a table of language codes to strings (title.en = \"…\")")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut m = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    m.insert(k, v);
                }
                Ok(Text::Langs(m))
            }
        }
        d.deserialize_any(V)
    }
}
