//! Loading: each dataset a stale chart needs, read once per build (Polars, which
//! parallelises inside), and each chart's rows from it with the chart's own transforms.
//! A dataset that fails is reported once; each chart drawn from it says only that it was
//! not built. May use: data, spec (and the build's key, unit).

use super::stale::Todo;
use super::{key, unit, Event, Report, Run};
use crate::data::{self, Frame, Table};
use crate::spec::{self, Project};
use std::collections::{BTreeMap, BTreeSet};

/// Datasets loaded so far, by name; `None` for one that failed.
pub(super) type Frames = BTreeMap<String, Option<Frame>>;

/// A chart ready to render: its rows, and the files they were read from.
pub(super) struct Ready<'t> {
    pub todo: &'t Todo,
    pub table: Table,
    pub inputs: BTreeSet<String>,
}

/// The rows of every chart in `todo`; a chart whose rows cannot be had is counted failed.
pub(super) fn charts<'t>(
    cx: &Run,
    todo: &'t [Todo],
    frames: &mut Frames,
    report: &mut Report,
) -> Vec<Ready<'t>> {
    let project = cx.project;
    let mut ready = Vec::new();
    for t in todo {
        let frame = frame_of(project, &t.id, frames, report);
        let table = match frame
            .as_ref()
            .map(|f| (unit::rows(project, &t.id, f), key::loaded_inputs(project, &t.id, f)))
        {
            Some((Ok(table), inputs)) => Some((table, inputs)),
            Some((Err(d), _)) => {
                report.diagnostics.extend(d);
                None
            }
            None => None,
        };
        match table {
            Some((table, inputs)) => ready.push(Ready { todo: t, table, inputs }),
            None => {
                report.charts_failed += 1;
                (cx.progress)(Event::Failed(t.id.clone()));
            }
        }
    }
    ready
}

/// Dataset `name` of chart `id`, loaded once per build. `None` if it failed: its errors are
/// reported once, at its first chart, and each chart drawn from it says only that.
pub(super) fn frame_of<'f>(
    project: &Project,
    id: &str,
    frames: &'f mut Frames,
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
