//! Building a project: every chart × language × preset × format, plus the rows each chart
//! draws as CSV. One failing chart does not stop the others; its diagnostics say why.
//!
//! Steps: load specs → load each dataset once → per chart: rows → compile per language →
//! layout per preset → render per format → atomic write. May use every room; prints nothing.

pub mod tables;
mod write;

pub use write::{write, Written};

use crate::chart::{self, Chart};
use crate::data::{self, Frame, Table, Values};
use crate::format::Locale;
use crate::layout::{self, font, Scene};
use crate::render;
use crate::spec::{self, Diagnostic, Format, Location, Project};
use std::collections::BTreeMap;
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
    /// Rewrite outputs even when unchanged (they are compared byte for byte otherwise).
    pub force: bool,
    /// Write files (false: `check`, which renders in memory only).
    pub write: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// Relative to the project root.
    pub path: PathBuf,
    pub written: Written,
}

#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub outputs: Vec<Output>,
    /// Charts built without error.
    pub charts_ok: usize,
    pub charts_failed: usize,
    /// Tables exported without error (failed ones count in `charts_failed`).
    pub tables_ok: usize,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// One chart for one language, laid out for one preset.
pub struct Drawing {
    pub chart: Chart,
    pub preset: String,
    pub scene: Scene,
}

/// Builds (or with `write: false`, checks) the project at `root`.
pub fn build(root: &Path, opts: &Options) -> Report {
    let mut report = Report::default();
    let project = match spec::load(root) {
        Ok(p) => p,
        Err(d) => {
            report.diagnostics = relative(d, root);
            return report;
        }
    };
    let plan = match Plan::new(&project, opts) {
        Ok(p) => p,
        Err(d) => {
            report.diagnostics = relative(d, root);
            return report;
        }
    };
    let mut frames: BTreeMap<String, Result<Frame, ()>> = BTreeMap::new();
    let mut sheets = tables::Tables::default();
    for id in &plan.charts {
        let file = &project.charts[id];
        let name = file.spec.data.get_ref().clone();
        let frame = frames
            .entry(name.clone())
            .or_insert_with(|| data::load(&project, &name).map_err(|d| report.diagnostics.extend(d)));
        let Ok(frame) = frame else {
            report.charts_failed += 1;
            continue;
        };
        if tables::is_table(&project, id) {
            sheets.add(&project, &plan, id, frame, opts, &mut report);
            continue;
        }
        match chart_outputs(&project, &plan, id, frame, opts) {
            Ok((outputs, warnings)) => {
                report.charts_ok += 1;
                report.outputs.extend(outputs);
                report.diagnostics.extend(warnings);
            }
            Err(d) => {
                report.charts_failed += 1;
                report.diagnostics.extend(d);
            }
        }
    }
    sheets.finish(&project, &plan, opts, &mut report);
    tables::consistency(&project, &mut frames, &mut report);
    report.diagnostics = relative(std::mem::take(&mut report.diagnostics), root);
    report
}

fn relative(d: Vec<Diagnostic>, root: &Path) -> Vec<Diagnostic> {
    d.into_iter().map(|d| d.relative_to(root)).collect()
}

/// What to build: the chart ids, languages, presets and formats after flags.
pub struct Plan {
    pub charts: Vec<String>,
    pub langs: Vec<(String, Locale)>,
    pub presets: Vec<String>,
    pub formats: Vec<Format>,
    pub out: PathBuf,
}

impl Plan {
    pub fn new(project: &Project, opts: &Options) -> Result<Plan, Vec<Diagnostic>> {
        let s = &project.settings;
        let mut diags = Vec::new();
        let cli = Location::file("command line");
        let langs = opts.langs.clone().unwrap_or_else(|| s.languages.clone());
        let mut resolved = Vec::new();
        for l in &langs {
            if !s.languages.contains(l) {
                diags.push(
                    Diagnostic::error(cli.clone(), format!("language `{l}` is not one of the project's"))
                        .hint(format!(
                            "the project builds: {} (set `languages` in cifras.toml)",
                            s.languages.join(", ")
                        )),
                );
                continue;
            }
            let locale = s.locale.get(l).and_then(|t| Locale::parse(t)).or_else(|| Locale::for_language(l));
            match locale {
                Some(loc) => resolved.push((l.clone(), loc)),
                None => diags.push(Diagnostic::error(cli.clone(), format!("unsupported language `{l}`"))),
            }
        }
        let presets = opts.presets.clone().unwrap_or_else(|| s.presets.clone());
        for p in &presets {
            if !project.theme.preset.contains_key(p) {
                let known: Vec<String> = project.theme.preset.keys().cloned().collect();
                diags.push(spec::unknown_name(cli.clone(), "preset", p, known.iter()));
            }
        }
        let mut charts: Vec<String> = project.charts.keys().cloned().collect();
        if !opts.only.is_empty() {
            for id in &opts.only {
                if !project.charts.contains_key(id) {
                    diags.push(spec::unknown_name(cli.clone(), "chart", id, project.charts.keys()));
                }
            }
            charts.retain(|c| opts.only.contains(c));
        }
        let out = match &opts.out {
            Some(o) if o.is_absolute() => o.clone(),
            Some(o) => project.root.join(o),
            None => project.out_dir(),
        };
        if diags.is_empty() {
            Ok(Plan {
                charts,
                langs: resolved,
                presets,
                formats: opts.formats.clone().unwrap_or_else(|| s.formats.clone()),
                out,
            })
        } else {
            Err(diags)
        }
    }
}

/// Compiles and lays out chart `id` for every language and preset of the plan.
pub fn draw(
    project: &Project,
    plan: &Plan,
    id: &str,
    table: &Table,
) -> Result<Vec<Drawing>, Vec<Diagnostic>> {
    let file = &project.charts[id];
    let mut out = Vec::new();
    for (lang, locale) in &plan.langs {
        let ctx = chart::Context { id, lang, locale: *locale, sources: &project.sources };
        let chart = chart::compile(file, table, &ctx)?;
        for preset in &plan.presets {
            let p = &project.theme.preset[preset];
            let scene = layout::layout(&chart, &layout::Options { theme: &project.theme, preset: p });
            out.push(Drawing { chart: chart.clone(), preset: preset.clone(), scene });
        }
    }
    Ok(out)
}

/// Rows a chart reads: its dataset with the chart's own transforms.
pub fn rows(project: &Project, id: &str, frame: &Frame) -> Result<Table, Vec<Diagnostic>> {
    let file = &project.charts[id];
    let steps: Vec<_> = file.spec.transform.iter().map(|t| (file.at(t), t.get_ref().clone())).collect();
    data::table_in(project, frame, &steps)
}

type Built = (Vec<Output>, Vec<Diagnostic>);

fn chart_outputs(
    project: &Project,
    plan: &Plan,
    id: &str,
    frame: &Frame,
    opts: &Options,
) -> Result<Built, Vec<Diagnostic>> {
    let table = rows(project, id, frame)?;
    let drawings = draw(project, plan, id, &table)?;
    let file = &project.charts[id];
    let mut warnings = Vec::new();
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for d in &drawings {
        let missing: Vec<char> = d.scene.texts().flat_map(|t| font::missing_chars(&t.text)).collect();
        if !missing.is_empty() {
            let list: String = missing.iter().map(|c| format!("{c} (U+{:04X}) ", *c as u32)).collect();
            warnings.push(
                Diagnostic::warning(
                    file.whole(),
                    format!("the embedded font cannot draw: {}", list.trim_end()),
                )
                .hint("these characters would show as boxes: replace them in the data or spec"),
            );
        }
        let svg = render::svg(&d.scene, id);
        let dir = plan.out.join(&d.preset).join(&d.chart.lang);
        for f in &plan.formats {
            let bytes = match f {
                Format::Svg => svg.clone().into_bytes(),
                Format::Png => {
                    render::png(&svg, &d.scene).map_err(|e| vec![Diagnostic::error(file.whole(), e)])?
                }
                Format::Pdf => {
                    render::pdf(&svg, &d.scene).map_err(|e| vec![Diagnostic::error(file.whole(), e)])?
                }
            };
            files.push((dir.join(format!("{id}.{}", f.ext())), bytes));
        }
    }
    if let Some(first) = drawings.first() {
        files.push((plan.out.join("data").join(format!("{id}.csv")), rows_csv(&table, &first.chart.rows)));
    }
    let mut outputs = Vec::new();
    if opts.write {
        for (path, bytes) in files {
            if opts.force {
                let _ = std::fs::remove_file(&path);
            }
            let written = write(&path, &bytes).map_err(|e| {
                vec![Diagnostic::error(Location::file(&path), format!("cannot write output ({e})"))
                    .hint("check that the output folder is writable")]
            })?;
            let rel = path.strip_prefix(&project.root).map(Path::to_path_buf).unwrap_or(path);
            outputs.push(Output { path: rel, written });
        }
    }
    Ok((outputs, warnings))
}

/// The rows a chart draws as CSV ("get the data"), with their sources.
pub fn rows_csv(table: &Table, rows: &[usize]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let mut header: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    header.extend([data::SOURCE, data::QUALIFIER, data::NOTE]);
    let _ = w.write_record(&header);
    for &r in rows {
        let mut rec: Vec<String> = table
            .columns
            .iter()
            .map(|c| match &c.values {
                Values::Number(_) => table.text(&c.name, r).unwrap_or_default(),
                Values::Text(v) => neutralise(v[r].as_deref().unwrap_or("")),
            })
            .collect();
        let p = &table.rows[r];
        rec.push(p.sources.join(";"));
        rec.push(p.qualifier.as_str().to_string());
        rec.push(neutralise(p.note.as_deref().unwrap_or("")));
        let _ = w.write_record(&rec);
    }
    w.into_inner().unwrap_or_default()
}

/// Formula neutralising lives with the table exporters, which need it for CSV and XLSX.
pub use crate::table::export::neutralise;

/// Loads the project and one chart's rows: for `sources --chart` and tests.
pub fn chart_table(project: &Project, id: &str) -> Result<Table, Vec<Diagnostic>> {
    let file = project.charts.get(id).ok_or_else(|| {
        vec![spec::unknown_name(Location::file("command line"), "chart", id, project.charts.keys())]
    })?;
    let frame = data::load(project, file.spec.data.get_ref())?;
    rows(project, id, &frame)
}
