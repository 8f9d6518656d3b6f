//! Pruning: outputs cifras wrote that nothing asks for any more are removed: a deleted
//! chart's, and after a build of everything, those of languages, presets and formats no
//! longer configured. Only files the manifest names, inside the output folder (see
//! `write::inside`); one that cannot be removed stays in the manifest, to be tried again.
//! May use: spec (and the build's manifest, tables, unit, write).

use super::manifest::Manifest;
use super::unit::{table_targets, targets};
use super::{cannot, rel_to_root, tables, write, Report, Run};
use std::collections::BTreeSet;

/// Removes the outputs `manifest` names that this project no longer builds, and their entries.
pub(super) fn prune(cx: &Run, manifest: &mut Manifest, report: &mut Report) {
    let (project, plan) = (cx.project, cx.plan);
    let out = &plan.out;
    let wanted: BTreeSet<String> = if plan.full {
        plan.charts
            .iter()
            .flat_map(
                |id| if tables::is_table(project, id) { table_targets(plan, id) } else { targets(plan, id) },
            )
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
}
