//! What needs redrawing: each output's key and bytes against the manifest of the last
//! build, from hashes of specs, data files and outputs; no data is loaded. Charts go one
//! by one; tables as one group, since each language's workbook holds them all. Up-to-date
//! charts keep their recorded warnings. May use: spec (and the build's key, manifest,
//! unit, tables).

use super::manifest::{Manifest, Warning};
use super::unit::{table_targets, targets, Target};
use super::{key, rel_to_root, tables, Mode, Report, Run};
use crate::spec::{Diagnostic, Location, Project};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A chart to rebuild: its stale targets and why.
pub(super) struct Todo {
    pub id: String,
    pub targets: Vec<Target>,
    pub reason: String,
}

/// The work of a build: the charts to rebuild, and the tables, rebuilt together or not.
pub(super) struct Stale {
    pub charts: Vec<Todo>,
    /// Every table of the plan.
    pub tables: Vec<String>,
    /// Whether the tables are rebuilt: when any export is stale or a workbook is missing
    /// (or outside a cached build), and why.
    pub tables_stale: bool,
    pub tables_reason: String,
}

/// What of the plan is stale against `old`. In `build --check` each stale output goes in
/// `report.stale`; outside a cached build everything is.
pub(super) fn find(cx: &Run, old: &Manifest, report: &mut Report) -> Stale {
    let (project, plan, opts) = (cx.project, cx.plan, cx.opts);
    let out = &plan.out;
    let cached = opts.mode.cached();
    let stale_out = |report: &mut Report, path: &Path, why: &str| {
        if opts.mode == Mode::Stale {
            report.stale.push((rel_to_root(project, path), why.to_string()));
        }
    };
    let mut todo = Vec::new();
    // Tables are exported after the charts (cheap, and not cached), see `tables`.
    for id in plan.charts.iter().filter(|id| !tables::is_table(project, id)) {
        let targets = targets(plan, id);
        if !cached {
            todo.push(Todo { id: id.clone(), targets, reason: String::new() });
            continue;
        }
        let inputs = inputs(cx, old, id);
        let mut reasons = BTreeSet::new();
        let mut stale = Vec::new();
        for t in targets {
            if let Some(why) = staleness(old, out, &cx.hashes, &inputs, &t, opts.force) {
                stale_out(report, &out.join(&t.path), &why);
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
    let table_ids: Vec<String> =
        plan.charts.iter().filter(|id| tables::is_table(project, id)).cloned().collect();
    let mut reasons = BTreeSet::new();
    for id in table_ids.iter().filter(|_| cached) {
        let inputs = inputs(cx, old, id);
        for t in table_targets(plan, id) {
            if let Some(why) = staleness(old, out, &cx.hashes, &inputs, &t, opts.force) {
                stale_out(report, &out.join(&t.path), &why);
                reasons.insert(why);
            }
        }
    }
    if cached && !table_ids.is_empty() && tables::all_planned(project, plan) {
        for (lang, _) in &plan.langs {
            let book = out.join(tables::workbook(lang));
            if !book.is_file() {
                stale_out(report, &book, "output missing");
                reasons.insert("output missing".to_string());
            }
        }
    }
    Stale {
        charts: todo,
        tables: table_ids,
        tables_stale: !cached || !reasons.is_empty(),
        tables_reason: reasons.into_iter().collect::<Vec<_>>().join(", "),
    }
}

/// The files chart `id` reads, by its specs and as the last build found, with their hashes.
fn inputs(cx: &Run, old: &Manifest, id: &str) -> BTreeMap<String, String> {
    let mut files = key::spec_inputs(cx.project, id);
    files.extend(old.inputs_of(id));
    cx.hashes.all(&files)
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

/// A warning of an up-to-date chart, from the manifest: it stands until it is fixed.
fn warning(project: &Project, w: &Warning) -> Diagnostic {
    let loc = Location::at_line(project.root.join(&w.file), w.line, w.column);
    let d = Diagnostic::warning(loc, w.message.clone());
    match &w.hint {
        Some(h) => d.hint(h.clone()),
        None => d,
    }
}
