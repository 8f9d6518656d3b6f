//! Numeric assertions on the chart model and the laid-out scene, per kind.

use crate::common::fixture;
use cifras::build::{self, Options, Plan};
use cifras::chart::{Body, Chart, Mark, Paint, Panel};
use cifras::layout::{Item, Scene, TextRole};
use cifras::spec;

fn drawn(id: &str) -> (Chart, Scene) {
    let (_tmp, dir) = fixture("basic");
    let p = spec::load(&dir).expect("fixture loads");
    let table = build::chart_table(&p, id).expect("rows");
    let plan = Plan::new(&p, &Options::default()).expect("plan");
    let mut d = build::draw(&p, &plan, id, &table).expect("draws");
    let d = d.remove(0);
    (d.chart, d.scene)
}

fn panel(c: &Chart) -> &Panel {
    match &c.body {
        Body::Panel(p) => p,
        Body::Cards(_) => panic!("expected a panel"),
    }
}

fn rects(p: &Panel) -> Vec<(f64, f64, f64, f64, Paint)> {
    p.marks
        .iter()
        .filter_map(|m| match m {
            Mark::Rect { x0, y0, x1, y1, paint } => Some((*x0, *y0, *x1, *y1, *paint)),
            _ => None,
        })
        .collect()
}

#[test]
fn bar_lengths_are_proportional_and_sorted() {
    let (c, _) = drawn("bar");
    let p = panel(&c);
    let r = rects(p);
    assert_eq!(r.len(), 3);
    // sort = "ascending": Veracruz 1199, Guerrero 2039, Guanajuato 2766, top to bottom.
    let names: Vec<&str> = p.left.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(names, ["Veracruz", "Guerrero", "Guanajuato"]);
    let len: Vec<f64> = r.iter().map(|r| r.2 - r.0).collect();
    assert!((len[0] / len[2] - 1199.0 / 2766.0).abs() < 1e-9, "{len:?}");
    assert!((len[1] / len[2] - 2039.0 / 2766.0).abs() < 1e-9, "{len:?}");
    // Axis starts at zero: every bar starts at the zero line.
    assert_eq!(p.zero_x, Some(0.0));
    assert!(r.iter().all(|r| r.0 == 0.0));
    // Highlight: Veracruz in the accent colour, the rest muted.
    assert_eq!(r.iter().map(|r| r.4).collect::<Vec<_>>(), [Paint::Accent, Paint::Muted, Paint::Muted]);
    let values: Vec<&str> = p.labels.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(values, ["1,199", "2,039", "2,766"]);
}

#[test]
fn source_line_names_exactly_the_sources_drawn() {
    let (c, _) = drawn("bar");
    assert_eq!(c.source_line, "Sources: Group A, Report A (2020); Agency B, Report B.");
    assert_eq!(c.sources, ["report-a", "report-b"]);
    // The stat chart draws only rows of report-b.
    let (c, _) = drawn("stat");
    assert_eq!(c.source_line, "Source: Agency B, Report B.");
}

#[test]
fn column_heights_start_at_zero() {
    let (c, _) = drawn("column");
    let p = panel(&c);
    let r = rects(p);
    let heights: Vec<f64> = r.iter().map(|r| r.3 - r.1).collect();
    assert!((heights[2] / heights[0] - 1199.0 / 2766.0).abs() < 1e-9);
    assert!(r.iter().all(|r| (r.3 - 1.0).abs() < 1e-12), "columns stand on the zero line");
    assert_eq!(p.zero_y, Some(1.0));
}

#[test]
fn slope_labels_carry_qualifier_and_currency() {
    let (c, _) = drawn("slope");
    let p = panel(&c);
    let labels: Vec<&str> = p.labels.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(labels, ["$350 million", "almost $1 billion"]);
    let years: Vec<&str> = p.bottom.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(years, ["2000", "2018"]);
    // Scale from zero to the nice maximum 1000: 350 sits at 0.65 from the top.
    let dots: Vec<(f64, f64)> = p
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Dot { x, y, .. } => Some((*x, *y)),
            _ => None,
        })
        .collect();
    assert_eq!(dots.len(), 2);
    assert!((dots[0].1 - 0.65).abs() < 1e-9 && (dots[1].1 - 0.0).abs() < 1e-9, "{dots:?}");
}

#[test]
fn line_ticks_are_nice_and_gaps_stay_gaps() {
    let (c, _) = drawn("line");
    let p = panel(&c);
    let ticks: Vec<&str> = p.left.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(ticks, ["0", "5", "10", "15", "20", "25", "30"]);
    let years: Vec<&str> = p.bottom.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(years, ["2010", "2011", "2012"]);
    // North has a missing 2011: two single points, never a line through zero.
    let lines = p.marks.iter().filter(|m| matches!(m, Mark::Line { .. })).count();
    assert_eq!(lines, 1, "only South is a continuous line");
    assert!(p.marks.iter().all(|m| match m {
        Mark::Dot { y, .. } => *y < 1.0,
        _ => true,
    }));
    assert_eq!(c.legend.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(), ["North", "South"]);
}

#[test]
fn part_of_whole_share() {
    let (c, _) = drawn("part");
    let p = panel(&c);
    let r = rects(p);
    assert_eq!(r.len(), 2);
    assert!((r[1].2 - 16442.0 / 23772.0).abs() < 1e-12);
    assert_eq!(p.labels[0].text, "Rifles: 16,442 (69%)");
    assert!(c.alt.contains("16,442") && c.alt.contains("23,772"), "{}", c.alt);
}

#[test]
fn timeline_is_in_year_order_with_kind_colours() {
    let (c, _) = drawn("timeline");
    let p = panel(&c);
    let years: Vec<&str> = p.left.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(years, ["early 1970s", "1981", "2006"]);
    let legend: Vec<&str> = c.legend.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(legend, ["cancellation", "sale", "surveillance"]);
}

#[test]
fn stat_cards_show_qualifiers_and_units() {
    let (c, _) = drawn("stat");
    let Body::Cards(cards) = &c.body else { panic!("cards") };
    let values: Vec<(&str, &str)> = cards.iter().map(|c| (c.qualifier.as_str(), c.value.as_str())).collect();
    assert_eq!(values, [("more than", "276,000"), ("est.", "98%")]);
    // The label first: "more than 276,000 Murders" read a figure into the next label.
    assert!(c.alt.contains("Murders: more than 276,000 (2006–2019)"), "{}", c.alt);
}

#[test]
fn alt_text_drafted_from_data() {
    let (c, scene) = drawn("bar");
    assert!(
        c.alt.starts_with(
            "Bar chart. Guanajuato has the highest value, 2,766, and Veracruz the lowest, 1,199."
        ),
        "{}",
        c.alt
    );
    assert!(c.alt.contains("Highlighted: Veracruz."));
    assert_eq!(scene.alt, c.alt);
}

#[test]
fn text_stays_inside_the_canvas_and_does_not_overlap() {
    for id in ["bar", "column", "slope", "line", "part", "timeline", "stat"] {
        let (_, scene) = drawn(id);
        let boxes: Vec<_> = scene.texts().collect();
        for t in &boxes {
            assert!(t.bbox.inside(scene.width, scene.height), "{id}: {:?} leaves the canvas", t.text);
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.bbox.overlaps(&b.bbox), "{id}: {:?} overlaps {:?}", a.text, b.text);
            }
        }
        assert!(scene.texts().any(|t| t.role == TextRole::Source));
    }
}

#[test]
fn long_titles_wrap_to_the_width() {
    let (_tmp, dir) = fixture("basic");
    let long = "A very long title that goes on and on about Israeli small arms sold to Mexican state and municipal police forces in several states over many years, 2006–2018";
    assert!(long.chars().count() >= 150);
    crate::common::edit(
        &dir.join("charts/bar.toml"),
        "title = \"Arms by state\"",
        &format!("title = \"{long}\""),
    );
    let p = spec::load(&dir).expect("loads");
    let table = build::chart_table(&p, "bar").expect("rows");
    let plan = Plan::new(&p, &Options::default()).expect("plan");
    let d = build::draw(&p, &plan, "bar", &table).expect("draws");
    let scene = &d[0].scene;
    let titles: Vec<_> = scene.texts().filter(|t| t.role == TextRole::Title).collect();
    assert!(titles.len() >= 2, "the title wraps");
    assert!(titles.iter().all(|t| t.bbox.x1 <= scene.width - 11.9));
    let joined: Vec<&str> = titles.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(joined.join(" "), long);
    assert!(scene.items.iter().any(|i| matches!(i, Item::Rect { .. })));
}

/// Regression: charts built their number format apart from tables and ignored `group`.
#[test]
fn charts_honour_the_format_group_key_like_tables() {
    let (_tmp, dir) = fixture("basic");
    crate::common::edit(
        &dir.join("charts/bar.toml"),
        "sort = \"ascending\"",
        "sort = \"ascending\"\nformat = { group = false }",
    );
    let p = spec::load(&dir).expect("loads");
    let table = build::chart_table(&p, "bar").expect("rows");
    let plan = Plan::new(&p, &Options::default()).expect("plan");
    let d = build::draw(&p, &plan, "bar", &table).expect("draws");
    let values: Vec<&str> = panel(&d[0].chart).labels.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(values, ["1199", "2039", "2766"]);
}
