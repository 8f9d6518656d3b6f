//! The shipped report: every chart builds, cites its sources and keeps its text on the canvas.

use crate::common::{cifras, files, report_copy};
use cifras::build::{self, Options, Plan};
use cifras::spec;

#[test]
fn the_report_builds_without_warnings() {
    let (_t, dir) = report_copy();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "no warnings");
    let p = spec::load(&dir).unwrap();
    assert!(p.charts.len() >= 10);
    let svgs = files(&dir.join("out/report/en"))
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "svg"))
        .count();
    assert_eq!(svgs, p.charts.len());
}

#[test]
fn every_shipped_chart_cites_sources_and_keeps_text_apart() {
    let (_t, dir) = report_copy();
    let p = spec::load(&dir).unwrap();
    let plan = Plan::new(&p, &Options::default()).unwrap();
    for id in p.charts.keys() {
        let table = build::chart_table(&p, id).unwrap();
        for d in build::draw(&p, &plan, id, &table).unwrap() {
            let label = if d.chart.lang == "es" { "Fuente" } else { "Source" };
            assert!(d.chart.source_line.starts_with(label), "{id}: {}", d.chart.source_line);
            assert!(!d.chart.sources.is_empty(), "{id}");
            // Overlap, canvas, minimum size, contrast and colour-blind safety, every preset and language.
            let findings = cifras::layout::lint(&d.scene, p.theme.sizes.min);
            assert!(findings.is_empty(), "{id} ({}, {}): {findings:?}", d.preset, d.chart.lang);
        }
    }
}

#[test]
fn report_figures_match_the_seed() {
    let (_t, dir) = report_copy();
    let p = spec::load(&dir).unwrap();
    let table = build::chart_table(&p, "small-arms-by-state").unwrap();
    let units: Vec<f64> = (0..table.len()).map(|r| table.number("units", r).unwrap()).collect();
    assert_eq!(units, [2766.0, 2039.0, 1199.0]);
    let plan = Plan::new(&p, &Options::default()).unwrap();
    let d = build::draw(
        &p,
        &plan,
        "human-rights-figures",
        &build::chart_table(&p, "human-rights-figures").unwrap(),
    )
    .unwrap();
    assert!(d[0].chart.alt.contains("more than 276,000"), "{}", d[0].chart.alt);
    assert_eq!(
        p.sources.values().map(|s| s.citations.len()).sum::<usize>(),
        18,
        "all 18 footnotes are sourced"
    );
}
