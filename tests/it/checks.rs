//! Consistency rules: each fires on a broken copy of the `tables` fixture with its
//! message, and stays quiet on the fixture and on the shipped report (except for the
//! disagreement the report records on purpose).

use crate::common::{cifras, edit, fixture, report_copy};

fn warnings(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("warning:")).collect()
}

fn errors(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("error:")).collect()
}

#[test]
fn the_fixture_passes_with_its_acknowledged_disagreement() {
    let (_t, dir) = fixture("tables");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(errors(&run.stderr).is_empty(), "{}", run.stderr);
    let w = warnings(&run.stderr);
    assert_eq!(w.len(), 1, "{}", run.stderr);
    assert!(w[0].contains("sources disagree on `2000` in dataset `trade`: 350 (Group A, Report A (2020), line 2) vs about 210 (Agency B, Report B, line 3)"), "{}", w[0]);
    assert!(
        run.stderr.contains("= help: acknowledged: report A and report B count trade differently"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> data/trade.csv:3"), "{}", run.stderr);
}

#[test]
fn an_unacknowledged_disagreement_is_an_error() {
    let (_t, dir) = fixture("tables");
    edit(&dir.join("data/trade.toml"), "acknowledge = 2000", "acknowledge = 2018");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = errors(&run.stderr);
    assert_eq!(e.len(), 1, "{}", run.stderr);
    assert!(e[0].contains("sources disagree on `2000`"), "{}", e[0]);
    assert!(run.stderr.contains("[[check]] acknowledge = \"2000\""), "{}", run.stderr);
    // The acknowledgement of a figure the sources agree on is stale.
    assert!(run.stderr.contains("warning: no disagreement on `2018` to acknowledge"), "{}", run.stderr);
}

#[test]
fn parts_never_exceed_their_whole() {
    let (_t, dir) = fixture("tables");
    edit(&dir.join("data/arms.csv"), "All,2000", "All,1000");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: parts add up to more than their whole: 1,100 > All (1,000)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> data/arms.toml:7:1"), "{}", run.stderr);
    assert!(run.stderr.contains("South (more than 300)"), "{}", run.stderr);
}

#[test]
fn a_whole_that_is_a_lower_bound_only_warns() {
    let (_t, dir) = fixture("tables");
    edit(&dir.join("data/arms.csv"), "All,2000,exact", "All,1000,more_than");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: parts add up to more than their whole: 1,100 > All (more than 1,000)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_declared_total_must_equal_its_parts() {
    let (_t, dir) = fixture("tables");
    edit(&dir.join("data/shares.csv"), "Extra,2", "Extra,3");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: the parts add up to 6, not to the total Whole (5)"),
        "{}",
        run.stderr
    );
}

#[test]
fn percentages_stay_within_0_and_100() {
    let (_t, dir) = fixture("tables");
    edit(&dir.join("data/shares.csv"), "Share A,40", "Share A,140");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: Share A (140) is a percentage outside 0–100"), "{}", run.stderr);
    assert!(run.stderr.contains("--> data/shares.csv:2"), "{}", run.stderr);
}

#[test]
fn a_check_with_two_rules_or_a_bad_figure_is_refused() {
    let (_t, dir) = fixture("tables");
    edit(&dir.join("data/shares.toml"), "percent = \"value\"", "percent = \"value\"\nacknowledge = 1");
    edit(&dir.join("data/arms.toml"), "whole = \"All\"", "whole = \"Al\"");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: a [[check]] must state exactly one rule"), "{}", run.stderr);
    assert!(run.stderr.contains("error: unknown figure `Al`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `All`?"), "{}", run.stderr);
}

#[test]
fn the_shipped_report_is_consistent_but_for_the_recorded_trade_disagreement() {
    let (_t, dir) = report_copy();
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(errors(&run.stderr).is_empty(), "{}", run.stderr);
    let w = warnings(&run.stderr);
    assert_eq!(w.len(), 1, "{}", run.stderr);
    assert!(
        w[0].contains("sources disagree on `2000` in dataset `trade`: 350 (Economía SNCI, Estadísticas"),
        "{}",
        w[0]
    );
    assert!(
        w[0].contains(
            "about 210 (inoticias.mx, Celebran México e Israel 70 años de relaciones bilaterales (2022)"
        ),
        "{}",
        w[0]
    );
}

#[test]
fn the_shipped_report_breaks_when_a_part_outgrows_its_whole() {
    let (_t, dir) = report_copy();
    edit(
        &dir.join("data/iwi_small_arms.csv"),
        "Fusiles de asalto Galil o Tavor,16442",
        "Fusiles de asalto Galil o Tavor,26442",
    );
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("parts add up to more than their whole: 26,442 > Small arms sold by IWI (23,772)"),
        "{}",
        run.stderr
    );
}
