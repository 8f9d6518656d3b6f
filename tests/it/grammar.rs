//! The full chart grammar: model assertions per kind, guides, and the layout lint.

use crate::common::{cifras, edit, fixture};
use cifras::build::{self, Drawing, Options, Plan};
use cifras::chart::{Body, Mark, Panel};
use cifras::layout::{self, Item};
use cifras::spec;

fn drawings(id: &str) -> Vec<Drawing> {
    let (_tmp, dir) = fixture("grammar");
    let p = spec::load(&dir).expect("fixture loads");
    let table = build::chart_table(&p, id).expect("rows");
    let plan = Plan::new(&p, &Options::default()).expect("plan");
    build::draw(&p, &plan, id, &table).expect("draws")
}

fn panel(d: &Drawing) -> &Panel {
    match &d.chart.body {
        Body::Panel(p) => p,
        Body::Cards(_) => panic!("expected a panel"),
    }
}

fn rects(p: &Panel) -> Vec<(f64, f64, f64, f64)> {
    p.marks
        .iter()
        .filter_map(|m| match m {
            Mark::Rect { x0, y0, x1, y1, .. } => Some((*x0, *y0, *x1, *y1)),
            _ => None,
        })
        .collect()
}

#[test]
fn stack_offsets_sum_to_the_totals() {
    let d = drawings("stacked");
    let r = rects(panel(&d[0]));
    assert_eq!(r.len(), 6);
    // Sorted by total, descending: Guanajuato 2766, Guerrero 2039, Veracruz 1499.
    let names: Vec<&str> = panel(&d[0]).left.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(names, ["Guanajuato", "Guerrero", "Veracruz"]);
    // Each segment starts where the previous ended; the stack ends at total / max.
    for (cat, total) in [(0, 2766.0), (1, 2039.0), (2, 1499.0)] {
        let (a, b) = (r[2 * cat], r[2 * cat + 1]);
        assert_eq!(a.0, 0.0);
        assert!((b.0 - a.2).abs() < 1e-12, "segments touch");
        assert!((b.2 - total / 2766.0).abs() < 1e-12, "{cat}: {} vs {}", b.2, total / 2766.0);
    }
    let totals: Vec<&str> = panel(&d[0]).labels.iter().filter(|l| l.bold).map(|l| l.text.as_str()).collect();
    assert_eq!(totals, ["2,766", "2,039", "1,499"]);
}

#[test]
fn percent_stacks_fill_the_width() {
    let d = drawings("stacked-percent");
    let r = rects(panel(&d[0]));
    for cat in 0..3 {
        assert!((r[2 * cat + 1].2 - 1.0).abs() < 1e-12);
    }
    // Guanajuato: 2000 / 2766 rifles.
    assert!((r[0].2 - 2000.0 / 2766.0).abs() < 1e-12);
    let labels: Vec<&str> = panel(&d[0]).labels.iter().map(|l| l.text.as_str()).collect();
    assert!(labels.contains(&"72%") && labels.contains(&"28%"), "{labels:?}");
}

#[test]
fn grouped_bars_share_one_scale() {
    let d = drawings("grouped");
    let p = panel(&d[0]);
    let r = rects(p);
    assert_eq!(r.len(), 6);
    let len: Vec<f64> = r.iter().map(|r| r.2 - r.0).collect();
    assert!((len[0] - 1.0).abs() < 1e-12, "the largest value spans the panel");
    assert!((len[5] / len[0] - 300.0 / 2000.0).abs() < 1e-12);
    assert_eq!(d[0].chart.legend.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(), ["Rifles", "Pistols"]);
}

#[test]
fn dumbbells_join_the_extremes() {
    let d = drawings("dot");
    let p = panel(&d[0]);
    let dots = p.marks.iter().filter(|m| matches!(m, Mark::Dot { .. })).count();
    let lines = p.marks.iter().filter(|m| matches!(m, Mark::Line { .. })).count();
    assert_eq!((dots, lines), (6, 3));
    let ticks: Vec<&str> = p.bottom.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(ticks, ["0", "500", "1,000", "1,500", "2,000"]);
}

#[test]
fn stacked_areas_are_cumulative() {
    let d = drawings("area");
    let p = panel(&d[0]);
    let areas: Vec<&Vec<(f64, f64)>> = p
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Area { points, .. } => Some(points),
            _ => None,
        })
        .collect();
    assert_eq!(areas.len(), 3);
    // Top of the stack in 2013: 31 + 30 + 29 = 90 on a 0–100 scale.
    let last_top = areas[2][3];
    assert!((last_top.0 - 1.0).abs() < 1e-12 && (last_top.1 - (1.0 - 0.9)).abs() < 1e-12, "{last_top:?}");
    // The second area's bottom is the first one's top.
    assert_eq!(areas[1][areas[1].len() - 1].1, areas[0][0].1);
}

#[test]
fn facets_share_scales_when_asked() {
    let shared = drawings("multiples");
    let free = drawings("multiples-free");
    let tops = |d: &Drawing| -> Vec<String> {
        panel(d).labels.iter().filter(|l| l.dy < 0.0).map(|l| l.text.clone()).collect()
    };
    let s = tops(&shared[0]);
    assert!(s.len() >= 3 && s.iter().all(|t| t == &s[0]), "shared: {s:?}");
    let f = tops(&free[0]);
    assert!(f.iter().any(|t| t != &f[0]), "free: {f:?}");
}

#[test]
fn guides_band_rule_and_annotation() {
    let d = drawings("column-guides");
    let p = panel(&d[0]);
    assert!(matches!(p.marks[0], Mark::Area { .. }), "the band is drawn first, behind the columns");
    assert!(p.labels.iter().any(|l| l.text == "Only 2011–2014" && l.leader));
    let scene = &d[0].scene;
    assert!(scene.items.iter().any(|i| matches!(i, Item::Polygon { .. })));
    let d = drawings("lines");
    assert!(panel(&d[0]).labels.iter().any(|l| l.text == "Target: 20"));
}

#[test]
fn line_end_labels_never_overlap() {
    let d = drawings("lines");
    let scene = &d[0].scene;
    let ends: Vec<_> = scene
        .texts()
        .filter(|t| t.role == layout::TextRole::Value)
        .filter(|t| t.text.starts_with("North") || t.text.starts_with("South") || t.text.starts_with("East"))
        .collect();
    assert_eq!(ends.len(), 3);
    for (i, a) in ends.iter().enumerate() {
        for b in &ends[i + 1..] {
            assert!(!a.bbox.overlaps(&b.bbox), "{} overlaps {}", a.text, b.text);
        }
    }
}

#[test]
fn every_fixture_chart_passes_the_lint() {
    let (_tmp, dir) = fixture("grammar");
    let p = spec::load(&dir).unwrap();
    let plan = Plan::new(&p, &Options::default()).unwrap();
    for id in p.charts.keys() {
        let table = build::chart_table(&p, id).unwrap();
        for d in build::draw(&p, &plan, id, &table).unwrap() {
            let findings = layout::lint(&d.scene, p.theme.sizes.min);
            assert!(findings.is_empty(), "{id}: {findings:?}");
        }
    }
}

#[test]
fn bar_axes_must_start_at_zero() {
    let (_t, dir) = fixture("grammar");
    edit(
        &dir.join("charts/grouped.toml"),
        "title = \"Grouped\"",
        "title = \"Grouped\"\ndomain = [100, 3000]",
    );
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error: a grouped-bar axis must include zero"), "{}", run.stderr);
    assert!(run.stderr.contains("charts/grouped.toml:7:10"), "{}", run.stderr);
}

#[test]
fn the_lint_catches_what_an_editor_would() {
    let (_t, dir) = fixture("grammar");
    let theme = "[colors]\nmuted_text = \"#dddddd\"\npalette = [\"#d62728\", \"#2ca02c\"]\n";
    std::fs::write(dir.join("charts/theme.toml"), theme).unwrap();
    let run = cifras(&dir, &["check", "--only", "grouped"]);
    assert!(run.stderr.contains("are hard to tell apart with"), "{}", run.stderr);
    let run = cifras(&dir, &["check", "--only", "column-guides"]);
    assert!(run.stderr.contains("below WCAG AA 4.5:1"), "{}", run.stderr);
}

/// Category names too long for the room between columns are slanted, whole, rather than
/// cut to "Agu…" (and the lint test above finds no overlap among them).
#[test]
fn long_category_names_are_slanted_not_cut() {
    for d in drawings("column-states") {
        let scene = &d.scene;
        let names: Vec<_> =
            scene.texts().filter(|t| t.role == layout::TextRole::Axis && t.rotate != 0.0).collect();
        assert_eq!(names.len(), 32, "{}", d.preset);
        assert!(
            names.iter().all(|t| (t.rotate == 45.0 || t.rotate == 90.0) && !t.text.contains('…')),
            "{}",
            d.preset
        );
        assert!(names.iter().any(|t| t.text == "Veracruz de Ignacio de la Llave"));
        for t in &names {
            assert!(t.bbox.inside(scene.width, scene.height), "{} off the canvas in {}", t.text, d.preset);
        }
    }
    // Short names still stand level under their columns.
    let level = drawings("column-guides");
    assert!(level[0].scene.texts().all(|t| t.rotate == 0.0));
}
