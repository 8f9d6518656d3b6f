//! `data/sources.toml`: the bibliography every drawn value must trace to. May use: serde.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub year: Option<i64>,
    pub page: Option<String>,
    pub place: Option<String>,
    pub url: Option<String>,
    pub accessed: Option<String>,
    pub licence: Option<String>,
    /// The report's footnote numbers that cite this work.
    #[serde(default)]
    pub citations: Vec<u32>,
    pub note: Option<String>,
}

impl Source {
    /// The short form used in a chart's source line: "Author, Title (Year)".
    pub fn short(&self) -> String {
        let who = self.author.as_deref().or(self.publisher.as_deref());
        let mut s = match who {
            // An institution cited by name only: its name is the title.
            Some(w) if w.starts_with(&self.title) => w.to_string(),
            Some(w) if !self.title.starts_with(w) => format!("{w}, {}", self.title),
            _ => self.title.clone(),
        };
        if let Some(y) = self.year {
            if !s.contains(&y.to_string()) {
                s.push_str(&format!(" ({y})"));
            }
        }
        s
    }

    /// The full bibliography entry.
    pub fn full(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(a) = &self.author {
            parts.push(a.clone());
        }
        parts.push(self.title.clone());
        if let Some(p) = &self.publisher {
            if self.author.as_deref() != Some(p) {
                parts.push(p.clone());
            }
        }
        if let Some(p) = &self.place {
            parts.push(p.clone());
        }
        if let Some(y) = self.year {
            parts.push(y.to_string());
        }
        if let Some(p) = &self.page {
            parts.push(format!("p. {p}"));
        }
        let mut s = parts.join(", ");
        s.push('.');
        if let Some(u) = &self.url {
            s.push_str(&format!(" {u}"));
        }
        if let Some(a) = &self.accessed {
            s.push_str(&format!(" (accessed {a})"));
        }
        s
    }
}

pub type Sources = BTreeMap<String, Source>;

/// "Sources: A; B." for `ids`, in their order, with the label of the caller's language
/// (`one` for a single source, `many` otherwise). Err names an id sources.toml lacks.
pub fn line(sources: &Sources, ids: &[String], one: &str, many: &str) -> Result<String, String> {
    let parts: Vec<String> = ids
        .iter()
        .map(|id| sources.get(id).map(Source::short).ok_or_else(|| id.clone()))
        .collect::<Result<_, _>>()?;
    let mut line = format!("{}: {}", if parts.len() == 1 { one } else { many }, parts.join("; "));
    if !line.ends_with('.') {
        line.push('.');
    }
    Ok(line)
}
