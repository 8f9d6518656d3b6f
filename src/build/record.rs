//! Recording: what this build produced goes in the manifest (`out/manifest.json`): each
//! output's entry (key, hash, inputs, sources, words for the gallery, warnings) and the
//! lines of the datasets behind them; last the manifest, the gallery and the input hashes
//! are written. A chart that fails keeps its previous entries, so it is stale next time.
//! May use: spec (and the build's gallery, key, load, manifest, render, unit).

use super::load::Frames;
use super::manifest::{self, Entry, Manifest, Warning};
use super::render::{Rendered, Wrote};
use super::unit::Product;
use super::{cannot, gallery, key, rel_to_root, Output, Report, Run};
use crate::spec::Project;
use std::collections::{BTreeMap, BTreeSet};

/// The manifest as this build leaves it, and the datasets behind what it recorded.
pub(super) struct Record<'r> {
    cx: &'r Run<'r>,
    pub manifest: Manifest,
    /// Datasets behind an output recorded in this build: their lines go in the manifest too.
    recorded: BTreeSet<String>,
}

impl<'r> Record<'r> {
    /// Starts from the last build's manifest, stamped with this cifras and font.
    pub fn new(cx: &'r Run<'r>, old: &Manifest) -> Record<'r> {
        let mut manifest = old.clone();
        manifest.tool = key::TOOL.to_string();
        manifest.font = key::font().to_string();
        Record { cx, manifest, recorded: BTreeSet::new() }
    }

    /// The run this records.
    pub fn cx(&self) -> &'r Run<'r> {
        self.cx
    }

    /// Records every rendered chart, and counts it built or failed.
    pub fn charts(&mut self, rendered: Vec<Rendered>, report: &mut Report) {
        for r in rendered {
            let t = r.todo;
            let (products, wrote) = match r.files {
                Ok(done) => done,
                Err(d) => {
                    // The previous good outputs stay, and so do their entries: still stale next time.
                    report.charts_failed += 1;
                    report.diagnostics.extend(d);
                    continue;
                }
            };
            for p in &products {
                report.diagnostics.extend(p.warnings.iter().cloned());
            }
            let dataset = self.cx.project.charts[&t.id].spec.data.get_ref();
            if self.group(&t.id, dataset, r.inputs, &products, wrote, report) {
                report.charts_ok += 1;
                rebuilt(self.cx, report, &t.reason, &t.id);
            } else {
                report.charts_failed += 1;
            }
        }
    }

    /// Records the files of chart (or table) `id`, drawn from `dataset` and read from
    /// `inputs`: those written, or in `check` all of them; the written ones go in the
    /// report. Whether all were written; if not, the error is reported.
    pub fn group(
        &mut self,
        id: &str,
        dataset: &str,
        inputs: &BTreeSet<String>,
        products: &[Product],
        wrote: Wrote,
        report: &mut Report,
    ) -> bool {
        let cx = self.cx;
        let inputs = cx.hashes.all(inputs);
        // Files written before one could not be (a full disk) count, and are recorded.
        let n = if cx.opts.mode.writes() { wrote.outputs.len() } else { products.len() };
        for p in products.iter().take(n) {
            self.manifest.outputs.insert(p.target.path.clone(), entry(cx.project, id, &inputs, p));
            self.recorded.insert(dataset.to_string());
        }
        report.outputs.extend(wrote.outputs);
        match wrote.failed {
            None => true,
            Some(d) => {
                report.diagnostics.push(d);
                false
            }
        }
    }

    /// How the lines of every dataset read were taken: in the report, and in the manifest
    /// for those behind a recorded output.
    pub fn datasets(&mut self, frames: &Frames, report: &mut Report) {
        let project = self.cx.project;
        for (name, f) in frames.iter().filter_map(|(n, f)| Some((n, f.as_ref()?))) {
            let file = rel_to_root(project, &f.path).to_string_lossy().replace('\\', "/");
            let lines = manifest::Lines { decoding: f.decoding.describe(), ..manifest::Lines::of(&f.census) };
            if self.recorded.contains(name) {
                self.manifest.datasets.insert(file.clone(), lines.clone());
            }
            if let Some(note) = f.decoding.describe() {
                report.decodings.insert(file.clone(), note);
            }
            report.datasets.insert(file, lines);
        }
    }
}

/// Chart `id` was rebuilt for `reason` (said only by a cached build).
pub(super) fn rebuilt(cx: &Run, report: &mut Report, reason: &str, id: &str) {
    if cx.opts.mode.cached() {
        report.rebuilt.entry(reason.to_string()).or_default().push(id.to_string());
    }
}

/// Writes the input hashes, the manifest and the gallery.
pub(super) fn finish(cx: &Run, manifest: &Manifest, report: &mut Report) {
    let out = &cx.plan.out;
    // Not an output: the record that lets the next build skip reading unchanged inputs.
    let _ = (cx.put)(&out.join(key::STATS), cx.hashes.recorded().as_bytes());
    for (name, bytes) in
        [(manifest::FILE, manifest.to_bytes()), (gallery::FILE, gallery::html(manifest).into_bytes())]
    {
        // Said besides every chart's own errors, never instead. The previous manifest
        // stays: what was written now is checked again (and rewritten) next time.
        let path = out.join(name);
        let rel = rel_to_root(cx.project, &path);
        match (cx.put)(&path, &bytes) {
            Ok(written) => report.outputs.push(Output { path: rel, written }),
            Err(e) => report.diagnostics.push(cannot(out, &format!("write {}", rel.display()), &e)),
        }
    }
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
