//! The build's table stage and consistency checks: each `kind = "table"` spec becomes
//! `out/tables/<lang>/<id>.csv|md|tex|html` (files the build writes, keys and records in
//! the manifest like a chart's), all tables of a language one
//! `out/tables/<lang>/tables.xlsx`; then the sidecars' `[[check]]` rules and key
//! disagreements are verified over every dataset. May use: data, table, spec (and the
//! build's key, load, record, render, stale, unit).

use super::load::{frame_of, Frames};
use super::record::{self, Record};
use super::render::{write_all, write_files, Wrote};
use super::stale::Stale;
use super::unit::table_targets;
use super::{key, Plan, Product, Report};
use crate::data::{self, Frame, Table};
use crate::spec::{Diagnostic, Kind, Location, Project};
use crate::table::{self, export, Sheet};
use std::collections::BTreeMap;

/// Whether chart spec `id` is a table.
pub fn is_table(project: &Project, id: &str) -> bool {
    project.charts.get(id).is_some_and(|f| *f.spec.kind.get_ref() == Kind::Table)
}

/// Whether the plan builds every table of the project, as the workbooks need; not while a
/// chart spec has errors, since it may be a table's.
pub fn all_planned(project: &Project, plan: &Plan) -> bool {
    project.broken_charts.is_empty()
        && project.charts.keys().filter(|id| is_table(project, id)).all(|id| plan.charts.contains(id))
}

/// The workbook of language `lang`, relative to the output folder.
pub fn workbook(lang: &str) -> String {
    format!("tables/{lang}/tables.xlsx")
}

/// Sheets built so far, per language, for the workbooks.
#[derive(Default)]
pub struct Tables {
    sheets: BTreeMap<String, Vec<Sheet>>,
    failed: usize,
}

/// The rows a table shows: its dataset with the table's own transforms.
pub fn rows(project: &Project, id: &str, frame: &Frame) -> Result<Table, Vec<Diagnostic>> {
    let file = &project.charts[id];
    data::table_in(project, frame, &file.spec.transform)
}

/// Compiles table `id` for every language of the plan.
pub fn sheets(
    project: &Project,
    plan: &Plan,
    id: &str,
    frame: &Frame,
) -> Result<Vec<Sheet>, Vec<Diagnostic>> {
    let table = rows(project, id, frame)?;
    let file = &project.charts[id];
    plan.langs
        .iter()
        .map(|(lang, locale)| {
            let ctx = table::Context { id, lang, locale: *locale, sources: &project.sources };
            table::compile(file, &table, &ctx)
        })
        .collect()
}

impl Tables {
    /// Builds table `id`: its text exports per language (to be written and recorded by the
    /// build, like a chart's files), and its sheets for the workbooks. `None` if it failed.
    pub fn add(
        &mut self,
        project: &Project,
        plan: &Plan,
        id: &str,
        frame: &Frame,
        report: &mut Report,
    ) -> Option<Vec<Product>> {
        let sheets = match sheets(project, plan, id, frame) {
            Ok(s) => s,
            Err(d) => {
                self.failed += 1;
                report.charts_failed += 1;
                report.diagnostics.extend(d);
                return None;
            }
        };
        let mut products = Vec::new();
        for t in table_targets(plan, id) {
            let Some(s) = sheets.iter().find(|s| s.lang == t.lang) else { continue };
            let bytes = match t.what.ext() {
                "csv" => export::csv(s),
                "md" => export::markdown(s).into_bytes(),
                "tex" => export::latex(s).into_bytes(),
                _ => export::html(s).into_bytes(),
            };
            products.push(Product {
                target: t,
                bytes,
                title: s.title.clone(),
                alt: s.subtitle.clone().unwrap_or_default(),
                source_line: s.source_line.clone(),
                sources: s.sources.clone(),
                warnings: Vec::new(),
            });
        }
        for s in sheets {
            self.sheets.entry(s.lang.clone()).or_default().push(s);
        }
        Some(products)
    }

    /// A table whose dataset failed (its errors are reported): no workbook lacking its sheet
    /// replaces the last good one.
    pub fn not_built(&mut self, report: &mut Report) {
        self.failed += 1;
        report.charts_failed += 1;
    }

    /// Each language's workbook (path in the output folder, bytes), when every table of the
    /// project was built: a workbook of some tables only would replace the whole one.
    pub fn finish(self, project: &Project, plan: &Plan, report: &mut Report) -> Vec<(String, Vec<u8>)> {
        if !all_planned(project, plan) || self.failed > 0 {
            return Vec::new();
        }
        let mut files = Vec::new();
        for (lang, sheets) in &self.sheets {
            match table::xlsx::workbook(sheets) {
                Ok(bytes) => files.push((workbook(lang), bytes)),
                Err(e) => {
                    report.diagnostics.push(Diagnostic::error(Location::file(project.root.join("charts")), e))
                }
            }
        }
        files
    }
}

/// The table stage of a build: every table of `stale` when they are stale (else they count
/// as up to date), its exports written and recorded like a chart's files, then each
/// language's workbook. Datasets come from `frames`, loaded once per build.
pub(super) fn stage(rec: &mut Record, stale: &Stale, frames: &mut Frames, report: &mut Report) {
    let cx = rec.cx();
    let (project, plan, writes) = (cx.project, cx.plan, cx.opts.mode.writes());
    let mut sheets = Tables::default();
    for id in stale.tables.iter().filter(|_| stale.tables_stale) {
        let Some(f) = frame_of(project, id, frames, report) else {
            sheets.not_built(report);
            continue;
        };
        let inputs = key::loaded_inputs(project, id, f);
        let Some(products) = sheets.add(project, plan, id, f, report) else { continue };
        let wrote = if writes { write_all(cx, &products) } else { Wrote::default() };
        if rec.group(id, &f.name, &inputs, &products, wrote, report) {
            report.tables_ok += 1;
            record::rebuilt(cx, report, &stale.tables_reason, id);
        } else {
            report.charts_failed += 1;
        }
    }
    if !stale.tables_stale {
        report.charts_current += stale.tables.len();
    }
    let books = sheets.finish(project, plan, report);
    if writes {
        let books = books.iter().map(|(p, b)| (p.as_str(), b.as_slice()));
        let wrote = write_files(cx, books);
        report.outputs.extend(wrote.outputs);
        report.diagnostics.extend(wrote.failed);
    }
}

/// The consistency rules over every dataset: those the build loaded already and the rest.
/// Datasets that fail to load here report their errors once. `check` loads every dataset,
/// so a broken one is reported even if no chart uses it; `build` loads those it has not
/// loaded only for rules to look at (an up-to-date build of a 500 MB file reads nothing).
pub fn consistency(
    project: &Project,
    frames: &mut BTreeMap<String, Option<Frame>>,
    every: bool,
    report: &mut Report,
) {
    let mut tables = BTreeMap::new();
    let rules = data::check::has_rules(project);
    if !rules && !every {
        return;
    }
    for name in project.datasets.keys() {
        let frame = frames.entry(name.clone()).or_insert_with(|| match data::load(project, name) {
            Ok(f) => Some(f),
            Err(d) => {
                report.diagnostics.extend(d);
                None
            }
        });
        if let Some(f) = frame.as_ref().filter(|_| rules) {
            match data::table(f, &[]) {
                Ok(t) => {
                    tables.insert(name.clone(), t);
                }
                Err(d) => report.diagnostics.extend(d),
            }
        }
    }
    report.diagnostics.extend(data::check::check(project, &tables));
}
