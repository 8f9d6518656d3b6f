//! Summary tables and statistics on the `tables` fixture: the transforms' numbers and
//! provenance, and every export read back (CSV, Markdown, LaTeX, HTML, XLSX).

use crate::common::{cifras, files, fixture};
use cifras::data::Table;
use cifras::format::Qualifier;
use cifras::spec;
use std::path::Path;

fn rows(dir: &Path, id: &str) -> Table {
    let p = spec::load(dir).unwrap();
    let frame = cifras::data::load(&p, p.charts[id].spec.data.get_ref()).unwrap();
    cifras::build::tables::rows(&p, id, &frame).unwrap()
}

fn column(t: &Table, name: &str) -> Vec<Option<f64>> {
    (0..t.len()).map(|r| t.number(name, r)).collect()
}

fn texts(t: &Table, name: &str) -> Vec<String> {
    (0..t.len()).map(|r| t.text(name, r).unwrap_or_default()).collect()
}

fn close(a: &[Option<f64>], b: &[Option<f64>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => (x - y).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        })
}

#[test]
fn top_with_a_total_computes_other_and_cites_what_it_came_from() {
    let (_t, dir) = fixture("tables");
    let t = rows(&dir, "arms-top");
    assert_eq!(texts(&t, "state"), ["North", "South", "Other states"]);
    // 2,000 in all minus the two states kept: 2000 − 500 − 300.
    assert_eq!(column(&t, "units"), [Some(500.0), Some(300.0), Some(1200.0)]);
    let other = &t.rows[2];
    // The whole ("All", report A) and the rows subtracted (reports A and B).
    assert_eq!(other.sources[..], ["report-a", "report-b"]);
    // Minus "more than 300" leaves less than 1,200.
    assert_eq!(other.qualifier, Qualifier::LessThan);
    assert_eq!(other.line, 0);
    assert!(other.note.as_deref().unwrap().contains("All minus North, South"), "{:?}", other.note);
    // Shares of the whole, with a qualifier no more exact than their inputs.
    assert!(close(&column(&t, "share"), &[Some(25.0), Some(15.0), Some(60.0)]));
    assert_eq!(t.qualifier("share", 0), Qualifier::Approx);
    assert_eq!(t.qualifier("units", 0), Qualifier::Exact);
}

#[test]
fn top_without_a_total_sums_the_rest() {
    let (_t, dir) = fixture("tables");
    let t = rows(&dir, "arms-rest");
    assert_eq!(texts(&t, "state"), ["North", "South", "Rest"]);
    assert_eq!(column(&t, "units"), [Some(500.0), Some(300.0), Some(300.0)]);
    assert_eq!(t.rows[2].sources[..], ["report-a"]);
    assert_eq!(t.rows[2].qualifier, Qualifier::Exact);
}

#[test]
fn windows_cumulate_difference_change_rank_and_growth_in_year_order() {
    let (_t, dir) = fixture("tables");
    let t = rows(&dir, "series-window");
    assert_eq!(column(&t, "year"), [Some(2000.0), Some(2001.0), Some(2002.0)]);
    assert!(close(&column(&t, "cumsum"), &[Some(100.0), Some(210.0), Some(331.0)]));
    assert!(close(&column(&t, "difference"), &[None, Some(10.0), Some(11.0)]));
    assert!(close(&column(&t, "change"), &[None, Some(10.0), Some(10.0)]));
    assert_eq!(column(&t, "rank"), [Some(3.0), Some(2.0), Some(1.0)]);
    // 100 → 121 in two years is 10 % a year.
    assert!(close(&column(&t, "cagr"), &[None, Some(10.0), Some(10.0)]), "{:?}", column(&t, "cagr"));
}

#[test]
fn rate_per_100k_through_lookup_cites_both_datasets() {
    let (_t, dir) = fixture("tables");
    let t = rows(&dir, "rates");
    assert_eq!(texts(&t, "state"), ["North", "South"]);
    assert_eq!(column(&t, "count"), [Some(40.0), Some(5.0)]);
    assert!(close(&column(&t, "rate"), &[Some(20.0), Some(10.0)]));
    assert_eq!(t.rows[0].sources[..], ["report-a", "census"]);
    assert_eq!(t.rows[1].sources[..], ["report-b", "census"]);
    // South's 2020 count is missing: its sum is a lower bound and its rate is not exact.
    assert_eq!(t.qualifier("count", 1), Qualifier::AtLeast);
    assert_eq!(t.qualifier("rate", 1), Qualifier::Approx);
    assert_eq!(t.qualifier("rate", 0), Qualifier::Exact);
}

#[test]
fn aggregate_ops_skip_missing_values_and_say_so() {
    let (_t, dir) = fixture("tables");
    let t = rows(&dir, "crimes-stats");
    assert_eq!(texts(&t, "state"), ["North", "South"]);
    assert_eq!(column(&t, "sum"), [Some(40.0), Some(5.0)]);
    assert_eq!(column(&t, "mean"), [Some(20.0), Some(5.0)]);
    assert_eq!(column(&t, "median"), [Some(20.0), Some(5.0)]);
    assert_eq!(column(&t, "min"), [Some(10.0), Some(5.0)]);
    assert_eq!(column(&t, "max"), [Some(30.0), Some(5.0)]);
    assert_eq!(column(&t, "count"), [Some(2.0), Some(1.0)]);
    assert_eq!(column(&t, "years"), [Some(2.0), Some(2.0)]);
    assert_eq!(t.rows[1].sources[..], ["report-b"]);
    assert_eq!(t.qualifier("count", 1), Qualifier::Exact);
    assert_eq!(t.qualifier("mean", 1), Qualifier::Approx);
    assert_eq!(t.rows[0].qualifier, Qualifier::Exact);
}

/// A GitHub table's body rows, cells trimmed.
fn md_rows(md: &str) -> Vec<Vec<String>> {
    md.lines()
        .filter(|l| l.starts_with("| "))
        .skip(1)
        .map(|l| l.trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect())
        .collect()
}

#[test]
fn exports_read_back_equal_the_data() {
    let (_t, dir) = fixture("tables");
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("table(s)"), "{}", run.stdout);
    let out = dir.join("out/tables/en");

    let md = std::fs::read_to_string(out.join("arms-top.md")).unwrap();
    let body = md_rows(&md);
    assert_eq!(body[0][0], "North");
    assert_eq!(body[0][1], "500");
    assert_eq!(body[1][1], "more than 300");
    assert_eq!(body[1][0], "South [1]", "row notes are numbered footnotes");
    assert_eq!(body[2][0], "Other states [2]");
    assert!(md.contains("[1] Text: 'over 300'"), "{md}");
    assert_eq!(body[2][1], "less than 1,200");
    assert_eq!(body[0][2], "about 25.0%");
    assert_eq!(body[3][0], "**Total**");
    // The total mixes a lower and an upper bound: no direction is left, only "about".
    assert_eq!(body[3][1], "**about 2,000**");
    assert!(md.contains("A note with R&D\\_100%."), "{md}");
    assert!(md.contains("Sources: Group A, Report A (2020); Agency B, Report B."), "{md}");

    let mut csv = csv::Reader::from_path(out.join("arms-top.csv")).unwrap();
    assert_eq!(
        csv.headers().unwrap().iter().collect::<Vec<_>>(),
        ["state", "units", "Qualifier", "share", "source"]
    );
    let recs: Vec<Vec<String>> =
        csv.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    assert_eq!(recs[0][..3], ["North", "500", "exact"]);
    assert_eq!(recs[1][..3], ["South", "300", "more_than"]);
    assert_eq!(recs[2][..3], ["Other states", "1200", "less_than"]);
    assert_eq!(recs[3][..2], ["Total", "2000"]);

    let labels = std::fs::read_to_string(out.join("labels.csv")).unwrap();
    assert!(labels.contains("'=1+2,7"), "a formula is neutralised: {labels}");

    let tex = std::fs::read_to_string(out.join("labels.tex")).unwrap();
    assert!(tex.contains("R\\&D\\_100\\% & 5 \\\\"), "{tex}");
    assert!(tex.contains("\\caption{R\\&D\\_100\\% and friends}"), "{tex}");
    assert!(tex.contains("\\toprule") && tex.contains("\\bottomrule"), "{tex}");

    let html = std::fs::read_to_string(out.join("labels.html")).unwrap();
    assert!(html.contains("<caption><strong>R&amp;D_100% and friends</strong></caption>"), "{html}");
    assert!(html.contains("<th scope=\"row\">a|b &lt;i&gt;</th>"), "{html}");
    assert!(html.contains("<th scope=\"col\">label</th>"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    let md = std::fs::read_to_string(out.join("labels.md")).unwrap();
    assert!(md.contains("| a\\|b \\<i\\> | 9 |"), "{md}");
}

#[test]
fn the_workbook_has_a_sheet_per_table_with_numbers_as_numbers() {
    use crate::xlsx::{read, Value};
    let (_t, dir) = fixture("tables");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let book = read(std::fs::read(dir.join("out/tables/en/tables.xlsx")).unwrap());
    assert_eq!(book.sheets, ["arms-rest", "arms-top", "crimes-stats", "labels", "rates", "series-window"]);
    let sheet = &book.cells["arms-top"];
    let row_of = |label: &str| {
        sheet.iter().find(|(_, v)| **v == Value::Text(label.into())).map(|((r, _), _)| *r).unwrap()
    };
    let cell = |label: &str, col: u32| sheet.get(&(row_of(label), col)).cloned();
    assert_eq!(sheet.get(&(0, 0)), Some(&Value::Text("Arms by state".into())));
    assert_eq!(cell("North", 1), Some(Value::Number(500.0)));
    assert_eq!(cell("South", 2), Some(Value::Text("more than".into())));
    assert_eq!(cell("Other states", 1), Some(Value::Number(1200.0)));
    assert_eq!(cell("North", 3), Some(Value::Number(25.0)));
    assert_eq!(cell("Total", 1), Some(Value::Number(2000.0)));
    // The formula-looking label is text with Excel's quote prefix, never a formula.
    let labels = &book.cells["labels"];
    assert!(labels.values().any(|v| *v == Value::Text("=1+2".into())), "{labels:?}");
    assert!(!labels.values().any(|v| matches!(v, Value::Formula(_))));
    assert!(book.styles.contains("quotePrefix=\"1\""), "{}", book.styles);
}

#[test]
fn two_builds_give_identical_tables_and_workbooks() {
    let (_t1, a) = fixture("tables");
    let (_t2, b) = fixture("tables");
    assert_eq!(cifras(&a, &["build"]).code, 0);
    assert_eq!(cifras(&b, &["build"]).code, 0);
    let fa = files(&a.join("out/tables"));
    assert_eq!(fa.len(), 6 * 4 + 1, "6 tables × 4 formats + the workbook");
    assert_eq!(fa, files(&b.join("out/tables")));
    // A rebuild rewrites nothing.
    let again = cifras(&a, &["build"]);
    assert!(again.stdout.contains("wrote 0 file(s)"), "{}", again.stdout);
}

#[test]
fn stats_summarises_each_column() {
    let (_t, dir) = fixture("tables");
    let run = cifras(&dir, &["stats", "crimes"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run.stdout.lines().find(|l| l.starts_with("count")).unwrap();
    let cells: Vec<&str> = line.split_whitespace().collect();
    // count, missing, sum, min, max, mean, median, distinct
    assert_eq!(cells[1..], ["3", "1", "45", "5", "30", "15", "10", "–"]);
    let state = run.stdout.lines().find(|l| l.starts_with("state")).unwrap();
    assert!(state.trim_end().ends_with(" 2"), "{state}");
    let bad = cifras(&dir, &["stats", "crime"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("unknown dataset `crime`"), "{}", bad.stderr);
}

#[test]
fn a_bad_statistics_step_points_at_its_transform() {
    let (_t, dir) = fixture("tables");
    crate::common::edit(&dir.join("data/rates.toml"), "count / population", "count / populaton");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: unknown column `populaton`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `population`?"), "{}", run.stderr);
    assert!(run.stderr.contains("--> data/rates.toml:12"), "{}", run.stderr);

    let (_t, dir) = fixture("tables");
    crate::common::edit(&dir.join("data/rates.toml"), "count / population * 100000", "count / (population");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("cannot read formula `count / (population` (missing `)`"), "{}", run.stderr);
}
