//! Reading datasets: CSV bytes → decoded text → typed Polars frame (with provenance
//! columns) → `[[transform]]`s → plain [`Table`]s. The only room that touches Polars.
//!
//! Steps: `load` (read, decode, type, check sources; then the sidecar's transforms)
//! → `table` (a chart's own transforms, then plain columns). `check` verifies the
//! sidecars' consistency rules across loaded datasets.
//!
//! The rooms, in the order a file goes through them. Exact path (files up to 8 MB, and
//! spreadsheets): `read` (with `decode`, `sniff`, `census`, `header`; `sheet` for
//! spreadsheets) → `typed`. Fast path (larger files): `scan` plans a `lazy::Scan` and
//! checks what only the rows tell; `batch` reads it in blocks. Both check sources and
//! qualifiers with `provenance`, and read dates and months with `date`. Then `retype`
//! (`parse`, late `[columns]`), `transform` (with `shape` and `stats`), `table`; `check`
//! across datasets. May use: spec, format, polars (polars lives in data only).

mod batch;
pub mod census;
pub mod check;
mod date;
mod decode;
mod header;
mod lazy;
mod provenance;
mod read;
mod retype;
mod scan;
mod shape;
mod sheet;
mod sniff;
pub mod stats;
mod table;
mod transform;
mod typed;

pub use census::Census;
pub use read::{records, Decoding, Records};
pub use stats::Summary;
pub use table::{Column, Provenance, Table, Values};

use crate::spec::confine::{self, Refusal};
use crate::spec::dataset::ColumnType;
use crate::spec::transform::Step;
use crate::spec::{Diagnostic, Location, Project};
use polars::prelude::{DataFrame, LazyFrame};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Reserved columns (DESIGN.md): provenance travels through transforms as ordinary columns.
pub const SOURCE: &str = "source";
pub const QUALIFIER: &str = "qualifier";
pub const NOTE: &str = "note";
pub(crate) const SOURCES: &str = SOURCE;
/// The CSV line each row came from; internal.
pub(crate) const LINE: &str = "__line";

/// A loaded dataset, transforms of its sidecar applied.
#[derive(Clone)]
pub struct Frame {
    pub name: String,
    /// The CSV it was read from (of the root dataset, for derived ones).
    pub path: PathBuf,
    /// Every data file read to make it, for cache keys.
    pub files: Vec<PathBuf>,
    /// How every line of the CSV was taken (rows, preamble, blank lines, footer).
    pub census: Census,
    /// What reading it found worth saying (columns named by position).
    pub warnings: Vec<Diagnostic>,
    /// What decoding repaired (stray bytes, mangled names), for `build -v`.
    pub decoding: Decoding,
    rows: Rows,
    kinds: BTreeMap<String, (ColumnType, Option<String>)>,
}

/// A dataset's rows: in memory, or (a large file without sidecar transforms) still a lazy
/// scan, so that each chart's query reads only what it needs.
#[derive(Clone)]
enum Rows {
    Eager(DataFrame),
    Lazy(Box<LazyFrame>, Arc<lazy::Scan>),
}

impl Frame {
    /// All rows in memory (a lazily scanned file is read now).
    pub fn dataframe(&self) -> Result<DataFrame, Vec<Diagnostic>> {
        match &self.rows {
            Rows::Eager(df) => Ok(df.clone()),
            Rows::Lazy(lf, scan) => collect((**lf).clone(), scan, Location::file(&self.path)),
        }
    }

    /// Rows in memory; `None` while the file is only scanned lazily.
    pub fn height(&self) -> Option<usize> {
        match &self.rows {
            Rows::Eager(df) => Some(df.height()),
            Rows::Lazy(..) => None,
        }
    }
}

/// Most datasets a chain of `from` may pass through.
const MAX_DERIVED: usize = 64;

/// Loads dataset `name` of `project`.
pub fn load(project: &Project, name: &str) -> Result<Frame, Vec<Diagnostic>> {
    load_chain(project, name, &mut Vec::new())
}

fn load_chain(project: &Project, name: &str, stack: &mut Vec<String>) -> Result<Frame, Vec<Diagnostic>> {
    let Some(sidecar) = project.datasets.get(name) else {
        // A lookup into a dataset with errors: those are reported already, once.
        let msg = if project.broken_datasets.contains_key(name) {
            format!("cannot read dataset `{name}`: it has errors (above)")
        } else {
            format!("unknown dataset `{name}`")
        };
        return Err(vec![Diagnostic::error(Location::file(project.data_dir()), msg)]);
    };
    if stack.iter().any(|s| s == name) {
        stack.push(name.to_string());
        return Err(vec![Diagnostic::error(
            sidecar.whole(),
            format!("datasets derive from each other in a circle: {}", stack.join(" → ")),
        )
        .hint("a dataset's `from` must lead to a dataset read from a CSV")]);
    }
    // Each dataset derived from another is a level of recursion: a hostile chain of
    // thousands of sidecars would overflow the stack.
    if stack.len() >= MAX_DERIVED {
        return Err(vec![Diagnostic::error(
            sidecar.whole(),
            format!(
                "dataset `{}` is derived through more than {MAX_DERIVED} datasets (`from` after `from`, up to `{name}`)",
                stack[0]
            ),
        )
        .hint("derive from a dataset read from a CSV in fewer steps: put the transforms in one sidecar")]);
    }
    stack.push(name.to_string());
    let spec = &sidecar.spec;
    let steps = &spec.transform;

    let mut frame = if let Some(from) = &spec.from {
        let mut parent = load_chain(project, from.get_ref(), stack)?;
        parent.name = name.to_string();
        parent
    } else {
        let file = match &spec.file {
            Some(f) => f.get_ref().clone(),
            None => default_file(project, name, sidecar)?,
        };
        let path = confined(project, &sidecar.path, &file, spec.file.as_ref().map(|f| sidecar.at(f)))?;
        let scanned = if scan::wanted(&path, &spec.read) { scan::scan(&path, sidecar)? } else { None };
        if let Some(scanned) = scanned {
            scan::check(&scanned, sidecar, &project.sources)?;
            Frame {
                name: name.to_string(),
                path: path.clone(),
                files: vec![path],
                census: scanned.scan.census.clone(),
                decoding: scanned.scan.decoding.clone(),
                warnings: scanned.warnings,
                rows: Rows::Lazy(Box::new(scanned.lf), scanned.scan),
                kinds: scanned.kinds,
            }
        } else {
            let (mut records, sheet) = if crate::spec::is_spreadsheet(&path) {
                let bytes = std::fs::read(&path).map_err(|e| vec![cannot_read(&path, e)])?;
                let cells = sheet::records(&path, bytes, sidecar)?;
                (cells.records, Some(cells.sheet))
            } else {
                refuse_sheet_keys(sidecar)?;
                (read::records(&path, &spec.read).map_err(|d| vec![d])?, None)
            };
            // The header's warnings (a column named by position) explain the errors that may
            // follow; in a spreadsheet every place is named by sheet and cell.
            let warnings = records.warnings.clone();
            let with_warnings = |mut d: Vec<Diagnostic>| {
                d.splice(0..0, warnings.iter().cloned());
                match &sheet {
                    Some(sheet) => sheet::locate(d, &path, sheet),
                    None => d,
                }
            };
            read::prepare(&path, &mut records, &spec.read, &sidecar.whole()).map_err(with_warnings)?;
            let typed = typed::typed(&path, &records, sidecar, &project.sources).map_err(with_warnings)?;
            Frame {
                name: name.to_string(),
                path: path.clone(),
                files: vec![path],
                census: records.census.clone(),
                decoding: records.decoding.clone(),
                warnings: records.warnings.clone(),
                rows: Rows::Eager(typed.df),
                kinds: typed.kinds,
            }
        }
    };
    // `[columns]` the input lacks are made by the transforms: typed after them.
    // The header's warnings (a column named by position) explain errors about columns.
    let warnings = frame.warnings.clone();
    let explained = |mut d: Vec<Diagnostic>| {
        d.splice(0..0, warnings.iter().cloned());
        d
    };
    let path_of_rows = frame.path.clone();
    let typed_before =
        retype::before(&mut frame, sidecar).map_err(|d| explained(retype::name_file(d, &path_of_rows)))?;
    let at = steps.first().map_or_else(|| sidecar.whole(), |s| s.at.clone());
    {
        // `lookup` reads other datasets through the same chain, so circles are caught.
        let mut fetch = |other: &str| load_chain(project, other, stack).and_then(|f| f.dataframe());
        let named = |d: Vec<Diagnostic>| retype::name_file(d, &path_of_rows);
        frame.rows = match frame.rows {
            Rows::Eager(df) => Rows::Eager(transform::apply(df, steps, &mut fetch).map_err(named)?),
            // A scan with nothing to do stays lazy; with transforms (a filter and a group-by,
            // say) it runs once here, streaming, and every chart reads the small result.
            Rows::Lazy(lf, s) if steps.is_empty() => Rows::Lazy(lf, s),
            Rows::Lazy(lf, s) => Rows::Eager(query(*lf, &s, steps, &mut fetch, at).map_err(named)?),
        };
    }
    retype::after(&mut frame, sidecar, &typed_before)
        .map_err(|d| explained(retype::name_file(d, &path_of_rows)))?;
    if frame.height() == Some(0) {
        return Err(vec![Diagnostic::error(
            sidecar.whole(),
            format!("dataset `{name}` has no rows left after its transforms"),
        )
        .hint("check the filters of its [[transform]] steps")]);
    }
    stack.pop();
    Ok(frame)
}

/// `steps` over a scanned file: block by block when they allow (see `batch`), else as one
/// query.
fn query(
    lf: LazyFrame,
    scan: &lazy::Scan,
    steps: &[Step],
    fetch: &mut stats::Fetch,
    at: Location,
) -> Result<DataFrame, Vec<Diagnostic>> {
    match batch::apply(scan, steps, fetch).map_err(|d| located(scan, d))? {
        Some(df) => Ok(df),
        None => collect(transform::apply_lazy(lf, steps, fetch)?, scan, at),
    }
}

/// Runs a query over a scanned file; a cell Polars could not parse is named with its line.
fn collect(lf: LazyFrame, scan: &lazy::Scan, at: Location) -> Result<DataFrame, Vec<Diagnostic>> {
    transform::collect(lf, at).map_err(|d| located(scan, d))
}

/// The cells Polars could not parse, named with their line, in place of its message.
fn located(scan: &lazy::Scan, d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let cells = scan::locate(scan);
    if cells.is_empty() {
        d
    } else {
        cells
    }
}

fn cannot_read(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Location::file(path), format!("cannot read data file ({e})"))
        .hint("check the `file` key of the sidecar, or add the file under data/")
}

/// `sheet` and `range` name a spreadsheet's cells: on a CSV they would do nothing.
fn refuse_sheet_keys(sidecar: &crate::spec::File<crate::spec::Dataset>) -> Result<(), Vec<Diagnostic>> {
    let read = &sidecar.spec.read;
    let keys = [("sheet", &read.sheet), ("range", &read.range)];
    let diags: Vec<Diagnostic> = keys
        .iter()
        .filter_map(|(key, v)| v.as_ref().map(|v| (key, v)))
        .map(|(key, v)| {
            Diagnostic::error(
                sidecar.at(v),
                format!("`{key}` under [read] applies to spreadsheets, not CSV files"),
            )
            .hint(format!("remove `{key}`, or set `file` to the spreadsheet (.xlsx, .xls, .ods)"))
        })
        .collect();
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

/// The data file of dataset `name` without `file =`: `<name>.csv`, or the one spreadsheet
/// of that name. Two candidates are an error: reading either could draw the wrong figures.
fn default_file(
    project: &Project,
    name: &str,
    sidecar: &crate::spec::File<crate::spec::Dataset>,
) -> Result<String, Vec<Diagnostic>> {
    let data = project.data_dir();
    let found: Vec<String> = std::iter::once("csv")
        .chain(crate::spec::diag::SPREADSHEETS.iter().copied())
        .map(|ext| format!("{name}.{ext}"))
        .filter(|f| std::fs::symlink_metadata(data.join(f)).is_ok())
        .collect();
    match found.len() {
        0 => Ok(format!("{name}.csv")),
        1 => Ok(found[0].clone()),
        _ => Err(vec![Diagnostic::error(
            sidecar.whole(),
            format!(
                "dataset `{name}` could be read from {}",
                found.iter().map(|f| format!("data/{f}")).collect::<Vec<_>>().join(" or ")
            ),
        )
        .hint(format!("say which file holds the data: file = \"{}\" in the sidecar", found[0]))]),
    }
}

/// `data/<file>`, refusing anything that resolves outside `data/` or the project (`..`,
/// absolute, links out) and anything but a regular file (a FIFO, a device, a folder).
fn confined(
    project: &Project,
    sidecar: &Path,
    file: &str,
    at: Option<Location>,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let at = at.unwrap_or_else(|| Location::file(sidecar));
    let data = project.data_dir();
    let path = data.join(file);
    let outside = || {
        vec![Diagnostic::error(
            at.clone(),
            format!("cannot read `{file}`: it is outside the project's data/ folder"),
        )
        .hint("keep data files inside data/ and name them relative to it")]
    };
    if !crate::spec::is_confined(Path::new(file)) {
        return Err(outside());
    }
    // data/ itself may be a link out of the project.
    let base = confine::canonical(&data);
    if data.canonicalize().is_ok() && !base.starts_with(confine::canonical(&project.root)) {
        return Err(outside());
    }
    // Checked before opening: a FIFO or a device would make the read wait forever.
    match confine::check(&path, &base) {
        Ok(()) => Ok(path),
        Err(Refusal::Outside) => Err(outside()),
        Err(Refusal::NotFile(kind)) => Err(vec![Diagnostic::error(
            at.clone(),
            format!("cannot read data file `data/{file}`: it is {kind}, not a file"),
        )
        .hint("replace it with the CSV itself")]),
        Err(Refusal::Missing(_)) => {
            Err(vec![Diagnostic::error(at.clone(), format!("cannot find data file `data/{file}`"))
                .hint("add the CSV (or a spreadsheet of the same name), or set `file = \"…\"` in the sidecar to the file's name")])
        }
    }
}

/// The rows a chart draws: `frame` with the chart's own transforms applied. Without the
/// project at hand a chart's `lookup` cannot read the other dataset: see [`table_in`].
pub fn table(frame: &Frame, steps: &[Step]) -> Result<Table, Vec<Diagnostic>> {
    let mut fetch = |other: &str| -> Result<DataFrame, Vec<Diagnostic>> {
        Err(vec![Diagnostic::error(
            Location::file(&frame.path),
            format!("cannot look up dataset `{other}` here"),
        )
        .hint("move the lookup into a dataset's sidecar (`from = \"…\"` plus [[transform]])")])
    };
    rows_of(frame, steps, &mut fetch)
}

/// [`table`], with `lookup` steps able to read the project's other datasets.
pub fn table_in(project: &Project, frame: &Frame, steps: &[Step]) -> Result<Table, Vec<Diagnostic>> {
    let mut fetch = |other: &str| load(project, other).and_then(|f| f.dataframe());
    rows_of(frame, steps, &mut fetch)
}

fn rows_of(frame: &Frame, steps: &[Step], fetch: &mut stats::Fetch) -> Result<Table, Vec<Diagnostic>> {
    let at = steps.first().map_or_else(|| Location::file(&frame.path), |s| s.at.clone());
    let named = |d: Vec<Diagnostic>| retype::name_file(d, &frame.path);
    let df = match &frame.rows {
        Rows::Eager(df) => transform::apply(df.clone(), steps, fetch).map_err(named)?,
        Rows::Lazy(lf, scan) => query((**lf).clone(), scan, steps, fetch, at).map_err(named)?,
    };
    table::from_frame(&frame.name, frame.path.clone(), &df, &frame.kinds).map_err(|e| {
        vec![Diagnostic::error(Location::file(&frame.path), format!("cannot read back dataset ({e})"))]
    })
}

/// Count, sum, min, max, mean and median of each column of a loaded dataset (`cifras stats`).
pub fn summary(frame: &Frame) -> Result<Vec<Summary>, Vec<Diagnostic>> {
    let declared_year = |c: &str| frame.kinds.get(c).is_some_and(|k| k.0 == ColumnType::Year);
    let summary = stats::summary(&frame.dataframe()?).map(|mut s| {
        s.iter_mut().for_each(|s| s.year |= declared_year(&s.column));
        s
    });
    summary.map_err(|e| {
        vec![Diagnostic::error(Location::file(&frame.path), format!("cannot summarise dataset ({e})"))]
    })
}
