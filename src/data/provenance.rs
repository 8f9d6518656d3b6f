//! Provenance cells checked one way on both reading paths: the exact one (`typed`) and
//! Polars' (`scan`) call these, so a file gives the same message and hint whatever its
//! size. A `source` cell lists ids (`a; b`), each an entry of data/sources.toml, or is
//! empty and takes the sidecar's `source`; a `qualifier` cell is empty (exact) or one of
//! [`Qualifier::NAMES`]. May use: spec, format.

use crate::format::Qualifier;
use crate::spec::{Diagnostic, Location, Sources};
use std::path::Path;

/// The ids a `source` cell cites (`default`, the sidecar's `source`, when it is empty), and
/// what is wrong with them: no source at all, or an id data/sources.toml lacks. `at` is
/// the cell's place, asked for only when there is something to say.
pub fn source_ids(
    cell: Option<&str>,
    default: Option<&str>,
    sources: &Sources,
    at: &dyn Fn() -> Location,
) -> (Vec<String>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let listed: Vec<String> = cell
        .unwrap_or_default()
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let ids = match (listed.is_empty(), default) {
        (false, _) => listed,
        (true, Some(d)) => vec![d.to_string()],
        (true, None) => {
            diags.push(no_source(at()));
            vec![]
        }
    };
    for id in &ids {
        if !sources.contains_key(id) {
            diags.push(unknown_source(at(), id, sources));
        }
    }
    (ids, diags)
}

/// A row whose `source` cell is empty, with no `source` in the sidecar.
fn no_source(at: Location) -> Diagnostic {
    Diagnostic::error(at, "row has no source").hint(
        "every value must trace to an entry of data/sources.toml: fill the `source` cell, or set `source = \"id\"` in the sidecar",
    )
}

/// A source id data/sources.toml does not define, with the nearest one if any.
pub fn unknown_source(at: Location, id: &str, sources: &Sources) -> Diagnostic {
    crate::spec::unknown_name(at, "source", id, sources.keys()).hint(
        match crate::spec::diag::did_you_mean(id, sources.keys().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? Sources are the [tables] of data/sources.toml"),
            None => "add it to data/sources.toml as a [table] with title and author, or fix the id".into(),
        },
    )
}

/// A file without a `source` column whose sidecar names no `source` either.
pub fn no_sources(path: &Path) -> Diagnostic {
    Diagnostic::error(Location::file(path), "rows have no source").hint(
        "add a `source` column to the CSV, or `source = \"id\"` to the sidecar, naming an entry of data/sources.toml",
    )
}

/// The qualifier a `qualifier` cell names (exact when it is empty), or why it names none.
pub fn qualifier(cell: &str, at: &dyn Fn() -> Location) -> Result<Qualifier, Diagnostic> {
    let c = cell.trim();
    if c.is_empty() {
        return Ok(Qualifier::Exact);
    }
    Qualifier::parse(c).ok_or_else(|| {
        Diagnostic::error(at(), format!("unknown qualifier `{c}`"))
            .hint(format!("use one of: {}", Qualifier::NAMES.join(", ")))
    })
}
