//! The user's files as typed values: `cifras.toml`, `charts/theme.toml`, `charts/*.toml`,
//! `data/*.toml` and `data/sources.toml`, parsed with serde (unknown keys rejected) and
//! checked for what can be checked without reading data: translations, presets, paths.
//!
//! Steps: discover files → parse each (all errors kept) → validate across files.
//! May use: serde, toml, `format` (locale names). Reads files; writes nothing.

pub mod chart;
pub mod dataset;
pub mod diag;
mod parse;
pub mod project;
pub mod source;
pub mod text;
pub mod theme;

pub use chart::{Chart, Kind};
pub use dataset::Dataset;
pub use diag::{Diagnostic, Location, Severity};
pub use project::{Format, Settings};
pub use source::{Source, Sources};
pub use text::Text;
pub use theme::Theme;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
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
}

impl Project {
    pub fn data_dir(&self) -> PathBuf {
        self.root.join("data")
    }

    pub fn out_dir(&self) -> PathBuf {
        self.root.join(&self.settings.out)
    }
}

/// Reads every spec of the project at `root`. Returns all problems found, not only the first.
pub fn load(root: &Path) -> Result<Project, Vec<Diagnostic>> {
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
    let sources = if sources_path.is_file() {
        read_parse::<Sources>(&sources_path, &mut diags).map(|f| f.spec).unwrap_or_default()
    } else {
        Sources::new()
    };
    // Without a readable bibliography every source id would look unknown: say it once.
    let sources_ok = diags.len() == before;

    let mut datasets = BTreeMap::new();
    for path in toml_files(&root.join("data"), &mut diags) {
        if path.file_name().is_some_and(|n| n == "sources.toml") {
            continue;
        }
        if let Some(f) = read_parse::<Dataset>(&path, &mut diags) {
            if let Some(name) = checked_name(&path, &mut diags) {
                datasets.insert(name, f);
            }
        }
    }
    let mut charts = BTreeMap::new();
    for path in toml_files(&root.join("charts"), &mut diags) {
        if path.file_name().is_some_and(|n| n == "theme.toml") {
            continue;
        }
        if let Some(f) = read_parse::<Chart>(&path, &mut diags) {
            if let Some(id) = checked_name(&path, &mut diags) {
                charts.insert(id, f);
            }
        }
    }

    let project =
        Project { root: root.to_path_buf(), settings, theme, sources, sources_path, datasets, charts };
    validate(&project, sources_ok, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok(project)
    }
}

fn read_parse<T: serde::de::DeserializeOwned>(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<File<T>> {
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
                if p.extension().is_some_and(|x| x == "toml") && p.is_file() {
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

fn load_settings(root: &Path, diags: &mut Vec<Diagnostic>) -> Settings {
    let path = root.join("cifras.toml");
    let mut s = Settings::default();
    if !path.is_file() {
        return s;
    }
    let Some(f) = read_parse::<project::RawSettings>(&path, diags) else { return s };
    let raw = f.spec;
    let at = Location::file(&path);
    if let Some(l) = raw.languages {
        if l.is_empty() {
            diags.push(
                Diagnostic::error(at.clone(), "`languages` is empty")
                    .hint("list at least one, e.g. [\"en\"]"),
            );
        }
        for lang in &l {
            if crate::format::Locale::for_language(lang).is_none() {
                diags.push(
                    Diagnostic::error(at.clone(), format!("unsupported language `{lang}`"))
                        .hint("cifras formats numbers for: en, es"),
                );
            }
        }
        s.languages = l;
    }
    if let Some(p) = raw.presets {
        s.presets = p;
    }
    if let Some(fm) = raw.formats {
        s.formats = fm;
    }
    if let Some(o) = raw.out {
        let first = Path::new(&o).components().find(|c| !matches!(c, Component::CurDir));
        // Outputs are replaced wholesale: never over the project itself or its inputs.
        let into_inputs = match first {
            None => true,
            Some(c) => c.as_os_str() == "data" || c.as_os_str() == "charts",
        };
        if is_confined(Path::new(&o)) && into_inputs {
            diags.push(
                Diagnostic::error(
                    at.clone(),
                    format!("cannot write outputs into `{o}`: it holds the project's inputs"),
                )
                .hint("use a folder of its own, e.g. out = \"out\""),
            );
        } else if !is_confined(Path::new(&o)) {
            diags.push(
                Diagnostic::error(at.clone(), format!("cannot write outside the project (`out = \"{o}\"`)"))
                    .hint("use a folder inside the project, e.g. out = \"out\""),
            );
        } else {
            s.out = o;
        }
    }
    for (lang, tag) in &raw.locale {
        match crate::format::Locale::parse(tag) {
            Some(l) if l.language() == lang => {}
            Some(_) => diags.push(Diagnostic::error(
                at.clone(),
                format!("locale `{tag}` is not a locale of language `{lang}`"),
            )),
            None => diags.push(
                Diagnostic::error(at.clone(), format!("unknown locale `{tag}`"))
                    .hint("use one of: en-US, en-GB, es-MX, es-ES"),
            ),
        }
    }
    s.locale = raw.locale;
    s.outline_text = raw.outline_text.unwrap_or(false);
    s.png_compression = raw.png_compression.unwrap_or_default();
    s
}

fn load_theme(root: &Path, diags: &mut Vec<Diagnostic>) -> Theme {
    let path = root.join("charts").join("theme.toml");
    if !path.is_file() {
        return Theme::default();
    }
    let Some(f) = read_parse::<Theme>(&path, diags) else { return Theme::default() };
    let mut theme = f.spec;
    // User presets add to the built-in ones.
    for (name, p) in Theme::default().preset {
        theme.preset.entry(name).or_insert(p);
    }
    let at = Location::file(&path);
    if theme.font != theme::FONT_FAMILY {
        diags.push(
            Diagnostic::error(at.clone(), format!("font `{}` is not embedded in cifras", theme.font)).hint(
                format!("use font = \"{}\": charts must look the same on every machine", theme::FONT_FAMILY),
            ),
        );
    }
    let c = &theme.colors;
    for (name, v) in [
        ("background", &c.background),
        ("text", &c.text),
        ("muted_text", &c.muted_text),
        ("grid", &c.grid),
        ("axis", &c.axis),
        ("base", &c.base),
        ("accent", &c.accent),
        ("muted", &c.muted),
    ]
    .into_iter()
    .chain(c.palette.iter().map(|v| ("palette", v)))
    {
        if theme::parse_color(v).is_none() {
            diags.push(
                Diagnostic::error(at.clone(), format!("colour `{v}` of `{name}` is not a #rrggbb colour"))
                    .hint("write colours as six hex digits, e.g. \"#0072b2\""),
            );
        }
    }
    if c.palette.is_empty() {
        diags.push(
            Diagnostic::error(at.clone(), "`colors.palette` is empty").hint("list at least one colour"),
        );
    }
    for (name, p) in &theme.preset {
        let ok = p.width.is_finite()
            && (50.0..=10_000.0).contains(&p.width)
            && p.height.is_finite()
            && (p.height == 0.0 || (50.0..=10_000.0).contains(&p.height))
            && p.png_scale.is_finite()
            && (0.1..=20.0).contains(&p.png_scale)
            && (0.3..=5.0).contains(&p.text_scale);
        if !ok {
            diags.push(
                Diagnostic::error(at.clone(), format!("preset `{name}` has an impossible size"))
                    .hint("width and height are points between 50 and 10000 (height 0 = fit); png_scale between 0.1 and 20"),
            );
        }
    }
    theme
}

/// A relative path without `..`: it cannot name anything outside the folder it is joined to.
pub fn is_confined(p: &Path) -> bool {
    !p.as_os_str().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

fn validate(p: &Project, sources_ok: bool, diags: &mut Vec<Diagnostic>) {
    for preset in &p.settings.presets {
        if !p.theme.preset.contains_key(preset) {
            let known: Vec<&str> = p.theme.preset.keys().map(String::as_str).collect();
            diags.push(
                Diagnostic::error(
                    Location::file(p.root.join("cifras.toml")),
                    format!("unknown preset `{preset}`"),
                )
                .hint(format!(
                    "define it under [preset.{preset}] in charts/theme.toml, or use one of: {}",
                    known.join(", ")
                )),
            );
        }
    }
    for (name, f) in &p.datasets {
        let d = &f.spec;
        if let Some(file) = &d.file {
            if !is_confined(Path::new(file.get_ref())) {
                diags.push(
                    Diagnostic::error(
                        f.at(file),
                        format!("cannot read `{}`: it is outside data/", file.get_ref()),
                    )
                    .hint("give a path relative to data/, without `..`"),
                );
            }
        }
        if let Some(from) = &d.from {
            if !p.datasets.contains_key(from.get_ref()) {
                diags.push(unknown_name(f.at(from), "dataset", from.get_ref(), p.datasets.keys()));
            }
        }
        if let Some(src) = &d.source {
            if sources_ok && !p.sources.contains_key(src.get_ref()) {
                diags.push(unknown_name(f.at(src), "source", src.get_ref(), p.sources.keys()));
            }
        }
        let _ = name;
    }
    for f in p.charts.values() {
        let c = &f.spec;
        if !p.datasets.contains_key(c.data.get_ref()) {
            diags.push(unknown_name(f.at(&c.data), "dataset", c.data.get_ref(), p.datasets.keys()));
        }
        let langs = &p.settings.languages;
        let mut texts: Vec<(&str, &Text)> = vec![("title", &c.title)];
        for (n, t) in [("subtitle", &c.subtitle), ("note", &c.note), ("alt", &c.alt)] {
            if let Some(t) = t {
                texts.push((n, t));
            }
        }
        // Tables: headers and the totals row are words a reader sees too.
        texts.extend(c.headers.values().map(|t| ("headers", t)));
        texts.extend(c.total.as_ref().map(|t| ("total", &t.label)));
        for (field, t) in texts {
            let missing = t.missing(langs);
            if !missing.is_empty() {
                diags.push(
                    Diagnostic::error(
                        f.key(field),
                        format!("`{field}` has no translation for {}", missing.join(", ")),
                    )
                    .hint(format!(
                        "write it per language: {field}.{} = \"…\" (the project builds {})",
                        missing[0],
                        langs.join(", ")
                    )),
                );
            }
        }
    }
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
