//! The user's files as typed values: `cifras.toml`, `charts/theme.toml`, `charts/*.toml`,
//! `data/*.toml` and `data/sources.toml`, parsed with serde (unknown keys rejected) and
//! checked for what can be checked without reading data: translations, presets, paths.
//!
//! Steps: discover files → parse each (all errors kept) → validate across files.
//! May use: serde, toml, `format` (locale names). Reads files; writes nothing.

pub mod chart;
pub mod confine;
pub mod dataset;
pub mod diag;
pub mod kinds;
mod parse;
pub mod project;
pub mod source;
pub mod text;
pub mod theme;

pub use chart::Kind;
pub use confine::is_confined;
pub use dataset::Dataset;
pub use diag::{is_spreadsheet, Diagnostic, Location, Severity, Sheet};
pub use kinds::Chart;
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
        match read_named::<Dataset>(root, &path) {
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
    validate(&mut project, sources_ok, &mut diags);
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

fn load_settings(root: &Path, diags: &mut Vec<Diagnostic>) -> Settings {
    let path = root.join("cifras.toml");
    let mut s = Settings::default();
    if !exists(&path) {
        return s;
    }
    let Some(f) = read_parse::<project::RawSettings>(root, &path, diags) else { return s };
    let raw = &f.spec;
    let at = Location::file(&path);
    if let Some(l) = &raw.languages {
        if l.is_empty() {
            diags.push(
                Diagnostic::error(f.key("languages"), "`languages` is empty")
                    .hint("list at least one, e.g. [\"en\"]"),
            );
        }
        for lang in l {
            if !confine::is_plain(lang.get_ref()) {
                diags.push(not_plain(f.at(lang), "language", lang.get_ref()));
            } else if crate::format::Locale::for_language(lang.get_ref()).is_none() {
                diags.push(
                    Diagnostic::error(f.at(lang), format!("unsupported language `{}`", lang.get_ref()))
                        .hint("cifras formats numbers for: en, es"),
                );
            }
        }
        s.languages = l.iter().map(|x| x.get_ref().clone()).collect();
    }
    if let Some(p) = &raw.presets {
        for preset in p.iter().filter(|p| !confine::is_plain(p.get_ref())) {
            diags.push(not_plain(f.at(preset), "preset", preset.get_ref()));
        }
        s.presets = p.iter().map(|x| x.get_ref().clone()).collect();
    }
    if let Some(fm) = &raw.formats {
        s.formats = fm.clone();
    }
    if let Some(o) = &raw.out {
        let how = format!("out = \"{}\"", o.get_ref());
        match check_out(Path::new(o.get_ref()), f.at(o), &how, "out = \"out\"") {
            Some(d) => diags.push(d),
            None => s.out = o.get_ref().clone(),
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
    s.locale = raw.locale.clone();
    s.outline_text = raw.outline_text.unwrap_or(false);
    s.png_compression = raw.png_compression.unwrap_or_default();
    s
}

/// Why outputs cannot go to `out` (`out =` of cifras.toml or `--out`, as the user wrote it:
/// `how`), if they cannot. Outputs are replaced and removed wholesale: never over the project
/// itself or its inputs, never outside it. `example` is a good value, written the same way.
pub fn check_out(out: &Path, at: Location, how: &str, example: &str) -> Option<Diagnostic> {
    if !is_confined(out) {
        return Some(
            Diagnostic::error(at, format!("cannot write outside the project (`{how}`)"))
                .hint(format!("use a folder inside the project, e.g. {example}")),
        );
    }
    let first = out.components().find(|c| !matches!(c, Component::CurDir));
    let into_inputs = match first {
        None => true,
        Some(c) => c.as_os_str() == "data" || c.as_os_str() == "charts",
    };
    into_inputs.then(|| {
        Diagnostic::error(
            at,
            format!("cannot write outputs into `{}`: it holds the project's inputs", out.display()),
        )
        .hint(format!("use a folder of its own, e.g. {example}"))
    })
}

/// A name that becomes part of an output path and is not a plain name.
fn not_plain(at: Location, what: &str, name: &str) -> Diagnostic {
    Diagnostic::error(at, format!("cannot use `{name}` as a {what} name"))
        .hint("a name is letters, digits, `-` and `_` only: it becomes a folder name in the output folder")
}

/// Whether anything is at `path`, a broken link or a FIFO included: those are errors to
/// report, not files to do without.
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

fn load_theme(root: &Path, diags: &mut Vec<Diagnostic>) -> Theme {
    let path = root.join("charts").join("theme.toml");
    if !exists(&path) {
        return Theme::default();
    }
    let Some(f) = read_parse::<Theme>(root, &path, diags) else { return Theme::default() };
    for name in f.spec.preset.keys().filter(|n| !confine::is_plain(n)) {
        diags.push(not_plain(f.find(name).unwrap_or_else(|| f.key("preset")), "preset", name));
    }
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

/// Checks across files. A problem of the settings or theme goes to `diags` (the whole
/// build stops); one of a sidecar or chart moves it to `broken_datasets` or `broken_charts`.
fn validate(p: &mut Project, sources_ok: bool, diags: &mut Vec<Diagnostic>) {
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
    let mut broken = BTreeMap::new();
    for (name, f) in &p.datasets {
        let mut own = Vec::new();
        let d = &f.spec;
        if let Some(file) = &d.file {
            if !is_confined(Path::new(file.get_ref())) {
                own.push(
                    Diagnostic::error(
                        f.at(file),
                        format!("cannot read `{}`: it is outside data/", file.get_ref()),
                    )
                    .hint("give a path relative to data/, without `..`"),
                );
            }
        }
        if let Some(from) = &d.from {
            let known =
                p.datasets.contains_key(from.get_ref()) || p.broken_datasets.contains_key(from.get_ref());
            if !known {
                own.push(unknown_name(f.at(from), "dataset", from.get_ref(), p.datasets.keys()));
            }
        }
        if let Some(src) = &d.source {
            if sources_ok && !p.sources.contains_key(src.get_ref()) {
                own.push(unknown_name(f.at(src), "source", src.get_ref(), p.sources.keys()));
            }
        }
        if !own.is_empty() {
            broken.insert(name.clone(), own);
        }
    }
    move_broken(&mut p.datasets, &mut p.broken_datasets, broken);
    // A dataset derived from a broken one cannot be read either, nor one derived from that.
    loop {
        let derived: BTreeMap<String, Vec<Diagnostic>> = p
            .datasets
            .iter()
            .filter_map(|(name, f)| {
                let from =
                    f.spec.from.as_ref().filter(|from| p.broken_datasets.contains_key(from.get_ref()))?;
                let d = Diagnostic::error(
                    Location { snippet: None, ..f.at(from) },
                    format!("dataset `{name}` not read: dataset `{}` has errors (above)", from.get_ref()),
                );
                Some((name.clone(), vec![d]))
            })
            .collect();
        if derived.is_empty() {
            break;
        }
        move_broken(&mut p.datasets, &mut p.broken_datasets, derived);
    }
    let mut broken = BTreeMap::new();
    for (id, f) in &p.charts {
        let mut own = Vec::new();
        let c = &f.spec;
        let dataset_broken = p.broken_datasets.contains_key(c.data.get_ref());
        if !dataset_broken && !p.datasets.contains_key(c.data.get_ref()) {
            own.push(unknown_name(f.at(&c.data), "dataset", c.data.get_ref(), p.datasets.keys()));
        }
        let langs = &p.settings.languages;
        let mut texts: Vec<(&str, &Text)> = vec![("title", &c.title)];
        for (n, t) in [("subtitle", &c.subtitle), ("note", &c.note), ("alt", &c.alt)] {
            if let Some(t) = t {
                texts.push((n, t));
            }
        }
        // Tables: headers and the totals row are words a reader sees too; they are written
        // inside a table (`[headers]`, `total = { label = … }`), so the hint shows that form.
        let mut inner: Vec<(String, &str, &Text)> = Vec::new();
        if let kinds::Body::Table(t) = &c.body {
            inner.extend(
                t.headers
                    .iter()
                    .map(|(col, t)| (format!("{col} = {{ LANGS }} under [headers]"), "headers", t)),
            );
            inner.extend(
                t.total
                    .as_ref()
                    .map(|t| ("total = { label = { LANGS }, columns = […] }".to_string(), "total", &t.label)),
            );
        }
        let forms =
            texts.into_iter().map(|(field, t)| (format!("{field}.LANG = \"…\""), field, t)).chain(inner);
        for (form, field, t) in forms {
            let missing = t.missing(langs);
            if !missing.is_empty() {
                let per_language: Vec<String> = langs.iter().map(|l| format!("{l} = \"…\"")).collect();
                let example = form.replace("LANGS", &per_language.join(", ")).replace("LANG", missing[0]);
                own.push(
                    Diagnostic::error(
                        f.key(field),
                        format!("`{field}` has no translation for {}", missing.join(", ")),
                    )
                    .hint(format!(
                        "write it per language: {example} (the project builds {})",
                        langs.join(", ")
                    )),
                );
            }
        }
        if dataset_broken {
            own.push(not_built(id, f));
        }
        if !own.is_empty() {
            broken.insert(id.clone(), own);
        }
    }
    move_broken(&mut p.charts, &mut p.broken_charts, broken);
}

/// Moves the specs named in `broken` from `good` to `bad`, with their errors.
fn move_broken<T>(
    good: &mut BTreeMap<String, File<T>>,
    bad: &mut BTreeMap<String, Vec<Diagnostic>>,
    broken: BTreeMap<String, Vec<Diagnostic>>,
) {
    for (name, diags) in broken {
        good.remove(&name);
        bad.insert(name, diags);
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
