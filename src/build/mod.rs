//! Building a project: every chart × language × preset × format, plus the rows each chart
//! draws as CSV, the manifest and the review gallery. Only what is stale is rebuilt: each
//! output has a content key (see `key`), and an output whose key and bytes match the
//! manifest is skipped without loading data or rendering. One failing chart does not stop
//! the others; its diagnostics say why.
//!
//! A run's steps, each a module: the specs and the [`Plan`] → take the lock, clear stale
//! temporary files → `stale` (keys against `out/manifest.json`: what needs redrawing) →
//! `load` (each needed dataset once, each chart's rows; Polars, which has its own thread
//! pool) → `render` (stale outputs in parallel, rayon, across charts, languages, presets
//! and formats; see `unit`; each written atomically, see `write`) → `tables` (exports and
//! workbooks, then the consistency rules) → `record` (manifest entries) → `prune` (outputs
//! no longer produced) → manifest and gallery. [`Mode`] says which of it runs. `query`
//! answers `list`, `sources` and `stats`.
//! May use every room; prints nothing: progress goes to a callback, results to a `Report`.

mod gallery;
mod key;
mod load;
mod lock;
mod manifest;
mod plan;
mod prune;
mod query;
mod record;
mod render;
mod stale;
pub mod tables;
mod unit;
mod watch;
mod write;

pub use manifest::{Entry, Manifest, Warning};
pub use plan::Plan;
pub use query::{list, sources, stats};
pub use unit::{
    chart_files, chart_table, draw, neutralise, rows, rows_csv, targets, Drawing, Product, Target, What,
};
pub use watch::watch;
pub use write::{write, Written};

use crate::spec::{self, Diagnostic, Format, Location, Project};
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
    pub mode: Mode,
    /// Rendering threads (default: one per core).
    pub jobs: Option<usize>,
}

/// What a run does with the outputs: the three commands that build.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// `check`: render everything in memory and write nothing; no cache is read.
    #[default]
    Check,
    /// `build`: render what is stale and write it, record the manifest, remove the outputs
    /// nothing produces any more.
    Build,
    /// `build --check`: render nothing; list every output that is missing or stale.
    Stale,
}

impl Mode {
    /// Whether outputs are written (with the output folder locked).
    pub fn writes(self) -> bool {
        self == Mode::Build
    }

    /// Whether the outputs are compared with what the last build recorded.
    pub fn cached(self) -> bool {
        self != Mode::Check
    }
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

/// How the build writes one file: [`write`], or in tests one that fails as a full disk does.
type Put<'a> = dyn Fn(&Path, &[u8]) -> std::io::Result<Written> + Sync + 'a;

/// What every step of a run reads.
struct Run<'a> {
    project: &'a Project,
    plan: &'a Plan,
    opts: &'a Options,
    progress: &'a (dyn Fn(Event) + Sync),
    put: &'a Put<'a>,
    /// Hashes of the project's files; `--force` and `check` trust none recorded.
    hashes: key::Hashes<'a>,
}

fn run(
    project: &Project,
    plan: &Plan,
    opts: &Options,
    progress: &(dyn Fn(Event) + Sync),
    put: &Put<'_>,
) -> Result<Report, Vec<Diagnostic>> {
    let mode = opts.mode;
    let mut report = Report::default();
    let out = &plan.out;
    // Spec errors stop only their own charts; the sidecars' are said first, for the charts
    // drawn from them to point "above".
    report.diagnostics.extend(project.broken_datasets.values().flatten().cloned());
    for id in &plan.broken {
        report.diagnostics.extend(project.broken_charts[id].iter().cloned());
        report.charts_failed += 1;
    }
    let _lock = if mode.writes() {
        let lock = lock::lock(out, || progress(Event::Waiting(out.clone())))
            .map_err(|e| vec![cannot(out, "lock the output folder", &e)])?;
        report.temps_removed = write::clean_temps(out);
        Some(lock)
    } else {
        None
    };
    let old = if mode.cached() {
        let (old, distrust) = Manifest::read(out);
        report.diagnostics.extend(distrust);
        old
    } else {
        Manifest::default()
    };
    // `--force` trusts no recorded hash; `check` writes nothing, so trusts none either.
    let hashes = if mode.cached() && !opts.force {
        key::Hashes::with_recorded(&project.root, out)
    } else {
        key::Hashes::new(&project.root)
    };
    let cx = Run { project, plan, opts, progress, put, hashes };

    let stale = stale::find(&cx, &old, &mut report);
    if mode == Mode::Stale {
        report.stale.sort();
        return Ok(report);
    }
    let total: usize = stale.charts.iter().map(|t| t.targets.len()).sum();
    progress(Event::Start { charts: stale.charts.len() + plan.broken.len(), outputs: total });
    for id in &plan.broken {
        progress(Event::Failed(id.clone()));
    }
    // Load and transform first (Polars parallelises inside), then render in parallel.
    let mut frames = load::Frames::new();
    let ready = load::charts(&cx, &stale.charts, &mut frames, &mut report);
    let rendered = render::charts(&cx, &ready);
    let mut record = record::Record::new(&cx, &old);
    record.charts(rendered, &mut report);
    // Tables, then the consistency rules over every dataset (the frames loaded above are reused).
    tables::stage(&mut record, &stale, &mut frames, &mut report);
    tables::consistency(project, &mut frames, !mode.writes(), &mut report);
    record.datasets(&frames, &mut report);
    if !mode.writes() {
        return Ok(report);
    }
    let mut manifest = record.manifest;
    prune::prune(&cx, &mut manifest, &mut report);
    record::finish(&cx, &manifest, &mut report);
    report.outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(report)
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
        let opts = Options { mode: Mode::Build, ..Options::default() };
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
