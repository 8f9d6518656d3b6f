//! Rendering: every stale chart's files, in parallel across charts (rayon; `unit`
//! parallelises its languages, presets and formats), each chart's written as soon as they
//! are rendered, atomically and only when changed (see `write`); in `check` they stay in
//! memory. A group stops at the first file that cannot be written (a full disk): those
//! before it count. May use: rayon, spec (and the build's load, stale, unit, write).

use super::load::Ready;
use super::stale::Todo;
use super::unit::{chart_files, Product};
use super::{cannot, rel_to_root, write, Event, Output, Run};
use crate::spec::Diagnostic;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// One chart rendered: its files and what writing them did, or why it could not be drawn.
pub(super) struct Rendered<'t> {
    pub todo: &'t Todo,
    pub inputs: &'t BTreeSet<String>,
    pub files: Result<(Vec<Product>, Wrote), Vec<Diagnostic>>,
}

/// What writing a group of files did: the files written, in order, until the first that
/// could not be (a full disk), and that one's error. The written ones are counted and
/// recorded; the error is reported with everything else.
#[derive(Debug, Default)]
pub(super) struct Wrote {
    pub outputs: Vec<Output>,
    pub failed: Option<Diagnostic>,
}

/// Renders (and when building, writes) the stale files of every chart in `ready`.
pub(super) fn charts<'t>(cx: &Run, ready: &'t [Ready<'t>]) -> Vec<Rendered<'t>> {
    let writes = cx.opts.mode.writes();
    ready
        .par_iter()
        .map(|r| {
            let t = r.todo;
            let files = chart_files(cx.project, &t.id, &r.table, &t.targets, !writes).map(|products| {
                let wrote = if writes { write_all(cx, &products) } else { Wrote::default() };
                (products, wrote)
            });
            match &files {
                Ok((p, w)) if w.failed.is_none() => {
                    (cx.progress)(Event::Chart { id: t.id.clone(), files: p.len() })
                }
                _ => (cx.progress)(Event::Failed(t.id.clone())),
            }
            Rendered { todo: t, inputs: &r.inputs, files }
        })
        .collect()
}

/// Writes `products` into the output folder.
pub(super) fn write_all(cx: &Run, products: &[Product]) -> Wrote {
    let files = products.iter().map(|p| (p.target.path.as_str(), p.bytes.as_slice()));
    write_files(cx, files)
}

/// Writes `files` (path in the output folder, bytes), atomically and only when changed.
pub(super) fn write_files<'a>(cx: &Run, files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Wrote {
    let out = &cx.plan.out;
    let mut wrote = Wrote::default();
    for (rel, bytes) in files {
        let path = match write::inside(out, rel) {
            Ok(p) => p,
            Err(d) => {
                wrote.failed = Some(d);
                break;
            }
        };
        if cx.opts.force {
            let _ = std::fs::remove_file(&path);
        }
        match (cx.put)(&path, bytes) {
            Ok(written) => wrote.outputs.push(Output { path: rel_to_root(cx.project, &path), written }),
            Err(e) => {
                wrote.failed = Some(cannot(&path, "write output", &e));
                break;
            }
        }
    }
    wrote
}
