//! Reading one TOML file into a `Raw*` type, with serde errors turned into diagnostics
//! that point at the offending key and suggest the likely intended one. May use: serde, toml.

use super::diag::{did_you_mean, Diagnostic, Location};
use serde::de::DeserializeOwned;
use std::path::Path;

/// The text of a spec file; refuses files too large to be a hand-written spec.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    const MAX_SPEC_BYTES: u64 = 4 * 1024 * 1024;
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error(Location::file(path), format!("cannot read file ({e})"))
            .hint("check that the file exists and is readable")
    })?;
    if meta.len() > MAX_SPEC_BYTES {
        return Err(Diagnostic::error(
            Location::file(path),
            format!("cannot read spec: file is {} bytes, more than the 4 MiB a spec may have", meta.len()),
        )
        .hint("a spec describes data, it does not hold it: put the values in a CSV under data/"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(Location::file(path), format!("cannot read file ({e})")))?;
    String::from_utf8(bytes).map_err(|e| {
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::error(
            Location::at_offset(path, &text, e.utf8_error().valid_up_to()),
            "cannot read spec: it is not valid UTF-8",
        )
        .hint("save the file as UTF-8")
    })
}

/// Parses `text` (the contents of `path`) as `T`.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    toml::from_str(text).map_err(|e| toml_error(path, text, &e))
}

fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let location = match e.span() {
        Some(span) => Location::at_offset(path, text, span.start),
        None => Location::file(path),
    };
    let raw = e.message().trim().trim_end_matches('.');
    if let Some((field, expected)) = unknown_field(raw) {
        let mut d = Diagnostic::error(location, format!("unknown key `{field}`"));
        d = match did_you_mean(&field, expected.iter().map(String::as_str)) {
            Some(s) => d.hint(format!("did you mean `{s}`? (known keys: {})", expected.join(", "))),
            None => d.hint(format!("known keys here: {}", expected.join(", "))),
        };
        return d;
    }
    if let Some((variant, expected)) = unknown_variant(raw) {
        let mut d = Diagnostic::error(location, format!("unknown value `{variant}`"));
        d = match did_you_mean(&variant, expected.iter().map(String::as_str)) {
            Some(s) => d.hint(format!("did you mean `{s}`? (one of: {})", expected.join(", "))),
            None => d.hint(format!("use one of: {}", expected.join(", "))),
        };
        return d;
    }
    if let Some(key) = raw.split("duplicate key `").nth(1).and_then(|r| r.split('`').next()) {
        return Diagnostic::error(location, format!("`{key}` is defined twice"))
            .hint("each key or [table] may appear once: remove or rename the second one");
    }
    let hint = if raw.contains("duplicate key") {
        "each key may appear once per table: remove or rename the second one"
    } else if raw.contains("data did not match any variant") {
        "a text may be a string (\"…\") or a table of languages ({ en = \"…\", es = \"…\" })"
    } else if raw.contains("missing field") {
        "add the key; see README.md for the keys each file takes"
    } else {
        "fix the TOML syntax at this point (https://toml.io)"
    };
    Diagnostic::error(location, format!("invalid spec: {}", first_line(raw))).hint(hint)
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// serde: "unknown field `titel`, expected one of `kind`, `data`" (or "expected `x`").
fn unknown_field(msg: &str) -> Option<(String, Vec<String>)> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    Some((field.to_string(), backticked(rest)))
}

fn unknown_variant(msg: &str) -> Option<(String, Vec<String>)> {
    let rest = msg.strip_prefix("unknown variant `")?;
    let (v, rest) = rest.split_once('`')?;
    Some((v.to_string(), backticked(rest)))
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: Option<String>,
        kind: Option<String>,
    }

    #[test]
    fn unknown_key_points_at_key_and_suggests() {
        let text = "kind = \"bar\"\ntitel = \"x\"\n";
        let d = parse::<T>(Path::new("c.toml"), text).unwrap_err();
        assert_eq!(d.message, "unknown key `titel`");
        assert_eq!((d.location.line, d.location.column), (2, 1));
        assert!(d.hint.unwrap().starts_with("did you mean `title`?"));
    }

    #[test]
    fn syntax_error_has_position() {
        let d = parse::<T>(Path::new("c.toml"), "kind = \n").unwrap_err();
        assert!(d.message.starts_with("invalid spec:"), "{}", d.message);
        assert_eq!(d.location.line, 1);
    }
}
