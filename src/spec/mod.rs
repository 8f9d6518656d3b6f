//! The user's files as typed values: `cifras.toml`, `charts/theme.toml`, `charts/*.toml`,
//! `data/*.toml` and `data/sources.toml`, parsed with serde (unknown keys rejected) and
//! checked for what can be checked without reading data: translations, presets, paths.
//!
//! Steps: discover files → parse each (all errors kept) → validate across files.
//! May use: serde, toml, `format` (locale names). Reads files; writes nothing.

pub mod chart;
pub mod confine;
pub mod dataset;
pub use crate::base::diag;
pub mod kinds;
mod parse;
pub mod project;
mod settings;
pub mod source;
pub mod text;
pub mod theme;
pub mod transform;
mod validate;

pub use chart::Kind;
pub use confine::is_confined;
pub use dataset::Dataset;
pub use diag::{is_spreadsheet, Diagnostic, Location, Severity, Sheet};
pub use kinds::Chart;
pub use project::{Format, Settings};
pub use settings::check_out;
pub use source::{Source, Sources};
pub use text::Text;
pub use theme::Theme;

use settings::{exists, load_settings, load_theme};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A spec together with the file it came from, so later stages can point into it.
#[derive(Clone, Debug)]
pub struct File<T> {
    pub path: PathBuf,
    pub text: String,
    pub spec: T,
}

impl<T> File<T> {
    /// The location of a span of this file.
    pub fn at<S>(&self, s: &Spanned<S>) -> Location {
        Location::at_offset(&self.path, &self.text, s.span().start)
    }

    /// The location of the first mention of `word` (quoted, else bare), for names that
    /// cannot carry a span: the keys of a table such as `[preset.NAME]`.
    pub fn find(&self, word: &str) -> Option<Location> {
        let i = [format!("\"{word}\""), format!("'{word}'"), word.to_string()]
            .iter()
            .find_map(|w| self.text.find(w.as_str()))?;
        Some(Location::at_offset(&self.path, &self.text, i))
    }

    pub fn whole(&self) -> Location {
        Location::file(&self.path)
    }

    /// The location of top-level key `key` (`key = …` or `key.xx = …`), for values that
    /// cannot carry a span.
    pub fn key(&self, key: &str) -> Location {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let t = line.trim_start();
            let header = t.starts_with(&format!("[[{key}]]")) || t.starts_with(&format!("[{key}]"));
            if header {
                return Location::at_offset(&self.path, &self.text, offset + line.len() - t.len());
            }
            if let Some(rest) = t.strip_prefix(key) {
                if rest.trim_start().starts_with(['=', '.']) {
                    return Location::at_offset(&self.path, &self.text, offset + line.len() - t.len());
                }
            }
            offset += line.len();
        }
        self.whole()
    }
}

#[derive(Clone, Debug)]
pub struct Project {
    pub root: PathBuf,
    pub settings: Settings,
    pub theme: Theme,
    pub sources: Sources,
    pub sources_path: PathBuf,
    /// By dataset name (file stem).
    pub datasets: BTreeMap<String, File<Dataset>>,
    /// By chart id (file stem).
    pub charts: BTreeMap<String, File<Chart>>,
    /// Chart specs with errors, by id (file stem), with those errors; a chart drawn from a
    /// dataset in `broken_datasets` is one of them. They are not built, their earlier
    /// outputs stay, and the other charts build: one failing chart does not stop the others.
    pub broken_charts: BTreeMap<String, Vec<Diagnostic>>,
    /// Sidecars with errors (or derived from one), by dataset name, with those errors.
    pub broken_datasets: BTreeMap<String, Vec<Diagnostic>>,
}

impl Project {
    pub fn data_dir(&self) -> PathBuf {
        self.root.join("data")
    }

    pub fn out_dir(&self) -> PathBuf {
        self.root.join(&self.settings.out)
    }
}

/// Reads every spec of the project at `root`. Returns all problems found, not only the
/// first; an error in any file fails the load (`list`, `stats` and `sources` need them all).
pub fn load(root: &Path) -> Result<Project, Vec<Diagnostic>> {
    let p = load_each(root)?;
    let diags: Vec<Diagnostic> =
        p.broken_datasets.values().chain(p.broken_charts.values()).flatten().cloned().collect();
    if diags.is_empty() {
        Ok(p)
    } else {
        Err(diags)
    }
}

/// [`load`] for building: an error in a chart spec or a sidecar stops only that chart or
/// dataset (and the charts drawn from it), kept with its diagnostics in `broken_charts` or
/// `broken_datasets`. Errors in the project-wide files (`cifras.toml`, `theme.toml`,
/// `sources.toml`) fail the load, with every other problem found.
pub fn load_each(root: &Path) -> Result<Project, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    if !root.join("charts").is_dir() && !root.join("data").is_dir() {
        return Err(vec![Diagnostic::error(
            Location::file(root),
            "cannot find a cifras project here (no charts/ or data/ folder)",
        )
        .hint("run cifras in the project folder, or pass --project DIR")]);
    }

    let settings = load_settings(root, &mut diags);
    let theme = load_theme(root, &mut diags);
    let sources_path = root.join("data").join("sources.toml");
    let before = diags.len();
    let sources = if exists(&sources_path) {
        read_parse::<Sources>(root, &sources_path, &mut diags).map(|f| f.spec).unwrap_or_default()
    } else {
        Sources::new()
    };
    // Without a readable bibliography every source id would look unknown: say it once.
    let sources_ok = diags.len() == before;

    let (mut datasets, mut broken_datasets) = (BTreeMap::new(), BTreeMap::new());
    for path in toml_files(&root.join("data"), &mut diags) {
        if path.file_name().is_some_and(|n| n == "sources.toml") {
            continue;
        }
        match read_named::<Dataset>(root, &path).and_then(|(name, mut f)| {
            match transform::resolve_all(&f, &f.spec.raw_transform) {
                Ok(steps) => {
                    f.spec.transform = steps;
                    Ok((name, f))
                }
                Err(d) => Err((name, d)),
            }
        }) {
            Ok((name, f)) => {
                datasets.insert(name, f);
            }
            Err((name, d)) => {
                broken_datasets.insert(name, d);
            }
        }
    }
    let (mut charts, mut broken_charts) = (BTreeMap::new(), BTreeMap::new());
    for path in toml_files(&root.join("charts"), &mut diags) {
        if path.file_name().is_some_and(|n| n == "theme.toml") {
            continue;
        }
        match read_named::<chart::RawChart>(root, &path).and_then(|(id, f)| match kinds::resolve(f) {
            Ok(f) => Ok((id, f)),
            Err(d) => Err((id, d)),
        }) {
            Ok((id, f)) => {
                charts.insert(id, f);
            }
            Err((id, d)) => {
                broken_charts.insert(id, d);
            }
        }
    }

    let mut project = Project {
        root: root.to_path_buf(),
        settings,
        theme,
        sources,
        sources_path,
        datasets,
        charts,
        broken_charts,
        broken_datasets,
    };
    validate::validate(&mut project, sources_ok, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        let broken = project.broken_datasets.into_values().chain(project.broken_charts.into_values());
        diags.extend(broken.flatten());
        Err(diags)
    } else {
        Ok(project)
    }
}

/// One chart spec or sidecar by its name (the file stem), or that name and its errors.
fn read_named<T: serde::de::DeserializeOwned>(
    root: &Path,
    path: &Path,
) -> Result<(String, File<T>), (String, Vec<Diagnostic>)> {
    let mut diags = Vec::new();
    let file = read_parse::<T>(root, path, &mut diags);
    match file.and_then(|f| checked_name(path, &mut diags).map(|name| (name, f))) {
        Some(named) => Ok(named),
        None => Err((path.file_stem().unwrap_or_default().to_string_lossy().into_owned(), diags)),
    }
}

/// Reads and parses the spec at `path`, refusing, before it is opened, a file that resolves
/// outside the project at `root` (its text would be quoted in errors) or is no regular file.
fn read_parse<T: serde::de::DeserializeOwned>(
    root: &Path,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<File<T>> {
    let refuse = |msg: String, hint: &str| Diagnostic::error(Location::file(path), msg).hint(hint);
    let name = path.strip_prefix(root).unwrap_or(path).display().to_string();
    match confine::check(path, &confine::canonical(root)) {
        // Reading it says why, in the words of the system.
        Ok(()) | Err(confine::Refusal::Missing(_)) => {}
        Err(confine::Refusal::Outside) => {
            diags.push(refuse(
                format!("cannot read `{name}`: it resolves outside the project"),
                "a spec must be a file inside the project: replace the link with the file itself",
            ));
            return None;
        }
        Err(confine::Refusal::NotFile(kind)) => {
            diags.push(refuse(
                format!("cannot read `{name}`: it is {kind}, not a file"),
                "a spec must be a regular file: replace it with one, or remove it",
            ));
            return None;
        }
    }
    let text = match parse::read_text(path) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    match parse::parse::<T>(path, &text) {
        Ok(spec) => Some(File { path: path.to_path_buf(), text, spec }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// `*.toml` in `dir`, sorted so every run visits them in one order.
fn toml_files(dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    let mut files: Vec<PathBuf> = Vec::new();
    for e in entries {
        match e {
            Ok(e) => {
                let p = e.path();
                // Not only regular files: a FIFO or a folder named `*.toml` is an error to
                // report (`read_parse`), not something to skip without a word.
                if p.extension().is_some_and(|x| x == "toml") {
                    files.push(p);
                }
            }
            Err(e) => diags.push(Diagnostic::error(Location::file(dir), format!("cannot list folder ({e})"))),
        }
    }
    files.sort();
    files
}

/// Ids become file names in `out/`: keep them to a portable, unambiguous alphabet.
fn checked_name(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let ok = !stem.is_empty()
        && stem.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Some(stem)
    } else {
        diags.push(Diagnostic::error(Location::file(path), format!("cannot use `{stem}` as a name")).hint(
            "name files with lower-case letters, digits, `-` and `_` only (it becomes an output file name)",
        ));
        None
    }
}

/// All a chart drawn from a dataset with errors says: the dataset's own errors are
/// reported once, before it, and would only be repeated.
pub fn not_built(id: &str, chart: &File<Chart>) -> Diagnostic {
    let data = &chart.spec.data;
    Diagnostic::error(
        Location { snippet: None, ..chart.at(data) },
        format!("chart `{id}` not built: dataset `{}` has errors (above)", data.get_ref()),
    )
}

pub fn unknown_name<'a>(
    at: Location,
    what: &str,
    name: &str,
    known: impl Iterator<Item = &'a String> + Clone,
) -> Diagnostic {
    let d = Diagnostic::error(at, format!("unknown {what} `{name}`"));
    let list: Vec<&str> = known.clone().map(String::as_str).take(12).collect();
    match diag::did_you_mean(name, known.map(String::as_str)) {
        Some(s) => d.hint(format!("did you mean `{s}`?")),
        None if list.is_empty() => d.hint(format!("no {what} is defined yet")),
        None => d.hint(format!("known: {}", list.join(", "))),
    }
}
