//! Building a project: every chart × language × preset × format, plus the rows each chart
//! draws as CSV, the manifest and the review gallery. Only what is stale is rebuilt: each
//! output has a content key (see `key`), and an output whose key and bytes match the
//! manifest is skipped without loading data or rendering. One failing chart does not stop
//! the others; its diagnostics say why.
//!
//! Steps: load specs → plan → take the lock, clear stale temporary files → decide what is
//! stale (keys against `out/manifest.json`) → load each needed dataset once and take each
//! chart's rows (Polars, which has its own thread pool) → render stale outputs in parallel
//! (rayon, across charts, languages, presets and formats; see `unit`) and write each
//! atomically → remove outputs of deleted charts → write manifest and gallery.
//! May use every room; prints nothing: progress goes to a callback, results to a `Report`.

mod gallery;
mod key;
mod lock;
mod manifest;
mod plan;
pub mod tables;
mod unit;
mod watch;
mod write;

pub use manifest::{Entry, Manifest, Warning};
pub use plan::Plan;
pub use unit::{
    chart_files, chart_table, draw, neutralise, rows, rows_csv, targets, Drawing, Product, Target, What,
};
pub use watch::watch;
pub use write::{write, Written};

use crate::data::{self, Frame, Table};
use crate::spec::{self, Diagnostic, Format, Location, Project};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Output folder; default from cifras.toml (`out`).
    pub out: Option<PathBuf>,
    /// Only these chart ids.
    pub only: Vec<String>,
    pub langs: Option<Vec<String>>,
    pub presets: Option<Vec<String>>,
    pub formats: Option<Vec<Format>>,
    /// Rebuild and rewrite every output, whatever the cache says.
    pub force: bool,
    /// Write files (false: `check`, which renders everything in memory only).
    pub write: bool,
    /// `build --check`: build nothing, list every output that is missing or stale.
    pub stale_only: bool,
    /// Rendering threads (default: one per core).
    pub jobs: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// Relative to the project root.
    pub path: PathBuf,
    pub written: Written,
}

/// What happened, as it happens: for a progress bar.
#[derive(Clone, Debug)]
pub enum Event {
    /// Another build holds the project's lock; this one waits for it.
    Waiting(PathBuf),
    /// `charts` charts are stale, `outputs` files will be rendered.
    Start { charts: usize, outputs: usize },
    /// One chart's files are written (or found unchanged).
    Chart { id: String, files: usize },
    /// One chart failed; its diagnostics are in the report.
    Failed(String),
    /// `watch`: these files (relative to the project) changed; a rebuild starts.
    Changed(Vec<PathBuf>),
}

#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Files written or compared, relative to the project root, sorted.
    pub outputs: Vec<Output>,
    /// Charts built without error.
    pub charts_ok: usize,
    pub charts_failed: usize,
    /// Charts skipped because all their outputs were current.
    pub charts_current: usize,
    /// Why charts were rebuilt: reason → chart ids.
    pub rebuilt: BTreeMap<String, Vec<String>>,
    /// `build --check`: stale or missing outputs (relative to the project) and why.
    pub stale: Vec<(PathBuf, String)>,
    /// Outputs of deleted charts (or of languages, presets, formats no longer built) removed.
    pub removed: Vec<PathBuf>,
    /// Temporary files of an interrupted build cleaned away.
    pub temps_removed: usize,
    /// Tables exported without error (failed ones count in `charts_failed`).
    pub tables_ok: usize,
    /// Data files read (relative to the project): how their lines were taken.
    pub datasets: BTreeMap<String, manifest::Lines>,
    /// Data files whose decoding repaired something (`auto`): what, for `-v`.
    pub decodings: BTreeMap<String, String>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Builds (or with `write: false`, checks) the project at `root`.
pub fn build(root: &Path, opts: &Options) -> Report {
    build_with(root, opts, &|_| {})
}

/// [`build`], telling `progress` what happens (from several threads).
pub fn build_with(root: &Path, opts: &Options, progress: &(dyn Fn(Event) + Sync)) -> Report {
    let mut report = Report::default();
    let go = || -> Result<Report, Vec<Diagnostic>> {
        let project = spec::load_each(root)?;
        let plan = Plan::new(&project, opts)?;
        run(&project, &plan, opts, progress, &write)
    };
    let result = match opts.jobs.map(|n| rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build()) {
        Some(Ok(pool)) => pool.install(go),
        _ => go(),
    };
    match result {
        Ok(r) => report = r,
        Err(d) => report.diagnostics = d,
    }
    report.diagnostics = report.diagnostics.into_iter().map(|d| d.relative_to(root)).collect();
    // Several languages and presets of one chart can raise the same warning: say it once.
    let mut seen = BTreeSet::new();
    report.diagnostics.retain(|d| seen.insert(d.to_string()));
    report
}

/// A chart to rebuild: its stale targets and why.
struct Todo {
    id: String,
    targets: Vec<Target>,
    reason: String,
}

/// How the build writes one file: [`write`], or in tests one that fails as a full disk does.
type Put<'a> = dyn Fn(&Path, &[u8]) -> std::io::Result<Written> + Sync + 'a;

fn run(
    project: &Project,
    plan: &Plan,
    opts: &Options,
    progress: &(dyn Fn(Event) + Sync),
    put: &Put<'_>,
) -> Result<Report, Vec<Diagnostic>> {
    let mut report = Report::default();
    let out = &plan.out;
    // Spec errors stop only their own charts; the sidecars' are said first, for the charts
    // drawn from them to point "above".
    report.diagnostics.extend(project.broken_datasets.values().flatten().cloned());
    for id in &plan.broken {
        report.diagnostics.extend(project.broken_charts[id].iter().cloned());
        report.charts_failed += 1;
    }
    let _lock = if opts.write && !opts.stale_only {
        let lock = lock::lock(out, || progress(Event::Waiting(out.clone())))
            .map_err(|e| vec![cannot(out, "lock the output folder", &e)])?;
        report.temps_removed = write::clean_temps(out);
        Some(lock)
    } else {
        None
    };
    let cached = opts.write || opts.stale_only;
    let old = if cached {
        let (old, distrust) = Manifest::read(out);
        report.diagnostics.extend(distrust);
        old
    } else {
        Manifest::default()
    };
    // `--force` trusts no recorded hash; `check` writes nothing, so trusts none either.
    let hashes = if (opts.write || opts.stale_only) && !opts.force {
        key::Hashes::with_recorded(&project.root, out)
    } else {
        key::Hashes::new(&project.root)
    };

    // What is stale, from hashes of specs, data files and outputs; no data is loaded.
    let mut todo = Vec::new();
    // Tables are exported after the charts (cheap, and not cached), see `tables`.
    for id in plan.charts.iter().filter(|id| !tables::is_table(project, id)) {
        let targets = targets(plan, id);
        if !cached {
            todo.push(Todo { id: id.clone(), targets, reason: String::new() });
            continue;
        }
        let mut files = key::spec_inputs(project, id);
        files.extend(old.inputs_of(id));
        let inputs = hashes.all(&files);
        let mut reasons = BTreeSet::new();
        let mut stale = Vec::new();
        for t in targets {
            if let Some(why) = staleness(&old, out, &hashes, &inputs, &t, opts.force) {
                if opts.stale_only {
                    report.stale.push((rel_to_root(project, &out.join(&t.path)), why.clone()));
                }
                reasons.insert(why);
                stale.push(t);
            }
        }
        if stale.is_empty() {
            report.charts_current += 1;
            report.diagnostics.extend(
                old.outputs
                    .values()
                    .filter(|e| &e.chart == id)
                    .flat_map(|e| e.warnings.iter().map(|w| warning(project, w))),
            );
        } else {
            let reason = if old.has_chart(id) {
                reasons.into_iter().collect::<Vec<_>>().join(", ")
            } else {
                "new chart".into()
            };
            todo.push(Todo { id: id.clone(), targets: stale, reason });
        }
    }
    // Tables go as one group, since each language's workbook holds them all: rebuilt when
    // any export is stale or a workbook is missing (or outside a cached build).
    let table_ids: Vec<String> =
        plan.charts.iter().filter(|id| tables::is_table(project, id)).cloned().collect();
    let mut table_reasons = BTreeSet::new();
    for id in table_ids.iter().filter(|_| cached) {
        let mut files = key::spec_inputs(project, id);
        files.extend(old.inputs_of(id));
        let inputs = hashes.all(&files);
        for t in unit::table_targets(plan, id) {
            if let Some(why) = staleness(&old, out, &hashes, &inputs, &t, opts.force) {
                if opts.stale_only {
                    report.stale.push((rel_to_root(project, &out.join(&t.path)), why.clone()));
                }
                table_reasons.insert(why);
            }
        }
    }
    if cached && !table_ids.is_empty() && tables::all_planned(project, plan) {
        for (lang, _) in &plan.langs {
            let book = out.join(tables::workbook(lang));
            if !book.is_file() {
                if opts.stale_only {
                    report.stale.push((rel_to_root(project, &book), "output missing".into()));
                }
                table_reasons.insert("output missing".to_string());
            }
        }
    }
    let tables_stale = !cached || !table_reasons.is_empty();
    if opts.stale_only {
        report.stale.sort();
        return Ok(report);
    }
    let total: usize = todo.iter().map(|t| t.targets.len()).sum();
    progress(Event::Start { charts: todo.len() + plan.broken.len(), outputs: total });
    for id in &plan.broken {
        progress(Event::Failed(id.clone()));
    }

    // Load and transform first (Polars parallelises inside), then render in parallel.
    let mut frames: BTreeMap<String, Option<Frame>> = BTreeMap::new();
    let mut ready: Vec<(&Todo, Table, BTreeSet<String>)> = Vec::new();
    for t in &todo {
        let frame = frame_of(project, &t.id, &mut frames, &mut report);
        let table =
            match frame.as_ref().map(|f| (rows(project, &t.id, f), key::loaded_inputs(project, &t.id, f))) {
                Some((Ok(table), inputs)) => Some((table, inputs)),
                Some((Err(d), _)) => {
                    report.diagnostics.extend(d);
                    None
                }
                None => None,
            };
        match table {
            Some((table, inputs)) => ready.push((t, table, inputs)),
            None => {
                report.charts_failed += 1;
                progress(Event::Failed(t.id.clone()));
            }
        }
    }
    let results: Vec<_> = ready
        .par_iter()
        .map(|(t, table, inputs)| {
            let r = chart_files(project, &t.id, table, &t.targets, !opts.write).map(|products| {
                let wrote = if opts.write {
                    write_all(project, out, &products, opts.force, put)
                } else {
                    Wrote::default()
                };
                (products, wrote)
            });
            match &r {
                Ok((p, w)) if w.failed.is_none() => {
                    progress(Event::Chart { id: t.id.clone(), files: p.len() })
                }
                _ => progress(Event::Failed(t.id.clone())),
            }
            (*t, inputs, r)
        })
        .collect();

    let mut manifest = old.clone();
    // Datasets behind an output recorded in this build: their lines go in the manifest too.
    let mut recorded = BTreeSet::new();
    manifest.tool = key::TOOL.to_string();
    manifest.font = key::font().to_string();
    for (t, inputs, r) in results {
        let (products, wrote) = match r {
            Ok(done) => done,
            Err(d) => {
                // The previous good outputs stay, and so do their entries: still stale next time.
                report.charts_failed += 1;
                report.diagnostics.extend(d);
                continue;
            }
        };
        let inputs = hashes.all(inputs);
        for p in &products {
            report.diagnostics.extend(p.warnings.iter().cloned());
        }
        // Files written before one could not be (a full disk) count, and are recorded.
        for p in products.iter().take(if opts.write { wrote.outputs.len() } else { products.len() }) {
            manifest.outputs.insert(p.target.path.clone(), entry(project, &t.id, &inputs, p));
            recorded.insert(project.charts[&t.id].spec.data.get_ref().clone());
        }
        report.outputs.extend(wrote.outputs);
        match wrote.failed {
            None => {
                report.charts_ok += 1;
                if cached {
                    report.rebuilt.entry(t.reason.clone()).or_default().push(t.id.clone());
                }
            }
            Some(d) => {
                report.charts_failed += 1;
                report.diagnostics.push(d);
            }
        }
    }
    // Tables, then the consistency rules over every dataset (the frames loaded above are reused).
    let mut sheets = tables::Tables::default();
    let reason = table_reasons.into_iter().collect::<Vec<_>>().join(", ");
    for id in table_ids.iter().filter(|_| tables_stale) {
        let Some(f) = frame_of(project, id, &mut frames, &mut report) else {
            sheets.not_built(&mut report);
            continue;
        };
        let inputs = key::loaded_inputs(project, id, f);
        let Some(products) = sheets.add(project, plan, id, f, &mut report) else { continue };
        let wrote =
            if opts.write { write_all(project, out, &products, opts.force, put) } else { Wrote::default() };
        let inputs = hashes.all(&inputs);
        for p in products.iter().take(if opts.write { wrote.outputs.len() } else { products.len() }) {
            manifest.outputs.insert(p.target.path.clone(), entry(project, id, &inputs, p));
            recorded.insert(f.name.clone());
        }
        report.outputs.extend(wrote.outputs);
        match wrote.failed {
            None => {
                report.tables_ok += 1;
                if cached {
                    report.rebuilt.entry(reason.clone()).or_default().push(id.clone());
                }
            }
            Some(d) => {
                report.charts_failed += 1;
                report.diagnostics.push(d);
            }
        }
    }
    if !tables_stale {
        report.charts_current += table_ids.len();
    }
    let books = sheets.finish(project, plan, &mut report);
    if opts.write {
        let books = books.iter().map(|(p, b)| (p.as_str(), b.as_slice()));
        let wrote = write_files(project, out, books, opts.force, put);
        report.outputs.extend(wrote.outputs);
        report.diagnostics.extend(wrote.failed);
    }
    tables::consistency(project, &mut frames, !opts.write, &mut report);
    for (name, f) in frames.iter().filter_map(|(n, f)| Some((n, f.as_ref()?))) {
        let file = rel_to_root(project, &f.path).to_string_lossy().replace('\\', "/");
        let lines = manifest::Lines { decoding: f.decoding.describe(), ..manifest::Lines::of(&f.census) };
        if recorded.contains(name) {
            manifest.datasets.insert(file.clone(), lines.clone());
        }
        if let Some(note) = f.decoding.describe() {
            report.decodings.insert(file.clone(), note);
        }
        report.datasets.insert(file, lines);
    }
    if !opts.write {
        return Ok(report);
    }

    // Outputs cifras wrote that nothing asks for any more: a deleted chart's, and after a
    // build of everything, those of languages, presets and formats no longer configured.
    let wanted: BTreeSet<String> = if plan.full {
        plan.charts
            .iter()
            .flat_map(|id| {
                if tables::is_table(project, id) {
                    unit::table_targets(plan, id)
                } else {
                    targets(plan, id)
                }
            })
            .map(|t| t.path)
            .collect()
    } else {
        BTreeSet::new()
    };
    let gone: Vec<String> = manifest
        .outputs
        .iter()
        // A chart whose spec has errors is no deleted chart: its outputs stay until it builds.
        .filter(|(_, e)| !project.broken_charts.contains_key(&e.chart))
        .filter(|(path, e)| !project.charts.contains_key(&e.chart) || (plan.full && !wanted.contains(*path)))
        .map(|(path, _)| path.clone())
        .collect();
    for path in gone {
        // One that cannot be removed stays in the manifest, to be tried again next time.
        let removed = write::inside(out, &path).and_then(|file| {
            write::remove(&file)
                .map_err(|e| cannot(out, &format!("remove {}", rel_to_root(project, &file).display()), &e))?;
            Ok(file)
        });
        match removed {
            Ok(file) => {
                manifest.outputs.remove(&path);
                report.removed.push(rel_to_root(project, &file));
            }
            Err(d) => report.diagnostics.push(d),
        }
    }

    // Not an output: the record that lets the next build skip reading unchanged inputs.
    let _ = put(&out.join(key::STATS), hashes.recorded().as_bytes());
    for (name, bytes) in
        [(manifest::FILE, manifest.to_bytes()), (gallery::FILE, gallery::html(&manifest).into_bytes())]
    {
        // Said besides every chart's own errors, never instead. The previous manifest
        // stays: what was written now is checked again (and rewritten) next time.
        let path = out.join(name);
        let rel = rel_to_root(project, &path);
        match put(&path, &bytes) {
            Ok(written) => report.outputs.push(Output { path: rel, written }),
            Err(e) => report.diagnostics.push(cannot(out, &format!("write {}", rel.display()), &e)),
        }
    }
    report.outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(report)
}

/// Why output `t` must be rebuilt, or None when its key and bytes match the manifest.
fn staleness(
    old: &Manifest,
    out: &Path,
    hashes: &key::Hashes,
    inputs: &BTreeMap<String, String>,
    t: &Target,
    force: bool,
) -> Option<String> {
    let Some(e) = old.outputs.get(&t.path) else { return Some("new output".into()) };
    if force {
        return Some("--force".into());
    }
    if e.key != key::key(inputs, t) {
        let changed: BTreeSet<String> = inputs
            .iter()
            .filter(|(p, h)| e.inputs.get(*p) != Some(*h))
            .map(|(p, _)| key::describe(p))
            .collect();
        if !changed.is_empty() {
            return Some(changed.into_iter().collect::<Vec<_>>().join(", "));
        }
        if old.tool != key::TOOL || old.font != key::font() {
            return Some("cifras changed".into());
        }
        return Some("settings changed".into());
    }
    // By path from the root (or absolute, for an `--out` elsewhere): read only when its
    // size or time changed since the last build recorded it.
    let file = out.join(&t.path);
    let rel = file
        .strip_prefix(hashes.root)
        .map_or_else(|_| file.to_string_lossy().into_owned(), |p| key::rel(Path::new(""), p));
    match hashes.of(&rel) {
        h if h == key::ABSENT => Some("output missing".into()),
        h if h != e.hash => Some("output changed outside cifras".into()),
        _ => None,
    }
}

/// Dataset `name` of chart `id`, loaded once per build. `None` if it failed: its errors are
/// reported once, at its first chart, and each chart drawn from it says only that.
fn frame_of<'f>(
    project: &Project,
    id: &str,
    frames: &'f mut BTreeMap<String, Option<Frame>>,
    report: &mut Report,
) -> Option<&'f Frame> {
    let chart = &project.charts[id];
    let name = chart.spec.data.get_ref();
    let frame = frames.entry(name.clone()).or_insert_with(|| match data::load(project, name) {
        Ok(f) => {
            report.diagnostics.extend(f.warnings.iter().cloned());
            Some(f)
        }
        Err(d) => {
            report.diagnostics.extend(d);
            None
        }
    });
    if frame.is_none() {
        report.diagnostics.push(spec::not_built(id, chart));
    }
    frame.as_ref()
}

/// What writing a group of files did: the files written, in order, until the first that
/// could not be (a full disk), and that one's error. The written ones are counted and
/// recorded; the error is reported with everything else.
#[derive(Debug, Default)]
struct Wrote {
    outputs: Vec<Output>,
    failed: Option<Diagnostic>,
}

fn write_all(project: &Project, out: &Path, products: &[Product], force: bool, put: &Put<'_>) -> Wrote {
    let files = products.iter().map(|p| (p.target.path.as_str(), p.bytes.as_slice()));
    write_files(project, out, files, force, put)
}

/// Writes `files` (path in the output folder, bytes), atomically and only when changed.
fn write_files<'a>(
    project: &Project,
    out: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    force: bool,
    put: &Put<'_>,
) -> Wrote {
    let mut wrote = Wrote::default();
    for (rel, bytes) in files {
        let path = match write::inside(out, rel) {
            Ok(p) => p,
            Err(d) => {
                wrote.failed = Some(d);
                break;
            }
        };
        if force {
            let _ = std::fs::remove_file(&path);
        }
        match put(&path, bytes) {
            Ok(written) => wrote.outputs.push(Output { path: rel_to_root(project, &path), written }),
            Err(e) => {
                wrote.failed = Some(cannot(&path, "write output", &e));
                break;
            }
        }
    }
    wrote
}

/// A file or folder of the output that could not be written (or locked, or removed).
fn cannot(at: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    if e.kind() == std::io::ErrorKind::StorageFull {
        // Not the system's words, which name the temporary file.
        return Diagnostic::error(Location::file(at), format!("cannot {what}: the disk is full"))
            .hint("free some space, then build again (what was written is kept)");
    }
    Diagnostic::error(Location::file(at), format!("cannot {what} ({e})"))
        .hint("check that the output folder is writable")
}

fn entry(project: &Project, chart: &str, inputs: &BTreeMap<String, String>, p: &Product) -> Entry {
    let warnings = p
        .warnings
        .iter()
        .map(|d| Warning {
            file: key::rel(&project.root, &d.location.file),
            line: d.location.line,
            column: d.location.column,
            message: d.message.clone(),
            hint: d.hint.as_deref().map(str::to_string),
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Entry {
        chart: chart.to_string(),
        lang: p.target.lang.clone(),
        preset: p.target.preset.clone(),
        format: p.target.what.ext().to_string(),
        key: key::key(inputs, &p.target),
        hash: key::hash(&p.bytes),
        bytes: p.bytes.len() as u64,
        inputs: inputs.clone(),
        sources: p.sources.clone(),
        title: p.title.clone(),
        alt: p.alt.clone(),
        source_line: p.source_line.clone(),
        warnings,
    }
}

/// A warning of an up-to-date chart, from the manifest: it stands until it is fixed.
fn warning(project: &Project, w: &Warning) -> Diagnostic {
    let loc = Location::at_line(project.root.join(&w.file), w.line, w.column);
    let d = Diagnostic::warning(loc, w.message.clone());
    match &w.hint {
        Some(h) => d.hint(h.clone()),
        None => d,
    }
}

fn rel_to_root(project: &Project, path: &Path) -> PathBuf {
    path.strip_prefix(&project.root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A project of `n` bar charts over one dataset in one language, preset and format:
    /// two files per chart (`report/en/<id>.svg`, `data/<id>.csv`).
    fn project(dir: &Path, n: usize) -> Project {
        let mut files = vec![
            (
                "cifras.toml".to_string(),
                "languages = [\"en\"]\npresets = [\"report\"]\nformats = [\"svg\"]\n".into(),
            ),
            ("data/sources.toml".into(), "[s1]\ntitle = \"One\"\npublisher = \"P\"\nyear = 2020\n".into()),
            ("data/d.toml".into(), "title = \"d\"\n".into()),
            ("data/d.csv".into(), "state,units,source\nA,10,s1\nB,20,s1\n".into()),
        ];
        for i in 0..n {
            let spec =
                format!("kind = \"bar\"\ndata = \"d\"\nx = \"units\"\ny = \"state\"\ntitle = \"C{i}\"\n");
            files.push((format!("charts/c{i}.toml"), spec));
        }
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        spec::load(dir).unwrap()
    }

    #[test]
    fn a_full_disk_counts_what_was_written_and_reports_every_chart() {
        let dir = tempfile::tempdir().unwrap();
        let project = project(dir.path(), 6);
        let opts = Options { write: true, ..Options::default() };
        let plan = Plan::new(&project, &opts).unwrap();
        // Room for five files; every write after them fails as on a full disk.
        let calls = AtomicUsize::new(0);
        let full = |path: &Path, bytes: &[u8]| {
            if calls.fetch_add(1, Ordering::SeqCst) < 5 {
                write(path, bytes)
            } else {
                Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
            }
        };
        let report = run(&project, &plan, &opts, &|_| {}, &full).unwrap();

        assert_eq!(report.outputs.len(), 5, "the five files written are counted");
        for o in &report.outputs {
            assert_eq!(o.written, Written::New);
            assert!(dir.path().join(&o.path).is_file(), "{} is written", o.path.display());
        }
        let ids: Vec<String> = (0..6).map(|i| format!("c{i}")).collect();
        let files_of = |id: &str| [format!("out/report/en/{id}.svg"), format!("out/data/{id}.csv")];
        let whole: Vec<&String> = ids
            .iter()
            .filter(|id| files_of(id).iter().all(|f| report.outputs.iter().any(|o| o.path == Path::new(f))))
            .collect();
        assert!(whole.len() <= 2);
        assert_eq!(report.charts_ok, whole.len());
        assert_eq!(report.charts_failed, 6 - whole.len());
        // Every chart not written whole has its own error, at one of its files.
        let errors: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
        for id in ids.iter().filter(|id| !whole.contains(id)) {
            let at: Vec<PathBuf> = files_of(id).iter().map(|f| dir.path().join(f)).collect();
            let own = errors.iter().filter(|d| at.contains(&d.location.file)).count();
            assert_eq!(own, 1, "{id} has one error: {errors:#?}");
        }
        // And the manifest's (and the gallery's) besides them, not instead.
        for file in [manifest::FILE, gallery::FILE] {
            let msg = format!("cannot write out/{file}: the disk is full");
            assert!(errors.iter().any(|d| d.message == msg), "{msg}: {errors:#?}");
        }
        assert_eq!(errors.len(), 6 - whole.len() + 2, "{errors:#?}");
        assert!(!dir.path().join("out").join(manifest::FILE).exists());

        // With room again, what is there is kept and only the rest is written.
        let report = run(&project, &plan, &opts, &|_| {}, &write).unwrap();
        assert!(!report.has_errors(), "{:#?}", report.diagnostics);
        assert_eq!(report.charts_ok, 6);
        assert_eq!(report.outputs.len(), 14);
        assert_eq!(report.outputs.iter().filter(|o| o.written == Written::Unchanged).count(), 5);
    }
}
