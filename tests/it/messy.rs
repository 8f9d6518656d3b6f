//! Government exports as they come: one small fixture per reading quirk (`tests/fixtures/messy`),
//! the reshaping transforms, and the fast (Polars) path giving the same rows as the exact one.

use crate::common::{cifras, edit, fixture};
use cifras::data::{self, Table, Values};
use cifras::spec::{self, Diagnostic};
use std::path::Path;

fn load(dir: &Path, name: &str) -> Result<Table, Vec<Diagnostic>> {
    let p = spec::load(dir).expect("project loads");
    let f = data::load(&p, name)?;
    data::table(&f, &[])
}

fn table(dir: &Path, name: &str) -> Table {
    load(dir, name)
        .unwrap_or_else(|d| panic!("{name}: {}", d.iter().map(|d| format!("{d}\n")).collect::<String>()))
}

fn numbers(t: &Table, col: &str) -> Vec<Option<f64>> {
    match &t.column(col).unwrap_or_else(|| panic!("no column {col}")).values {
        Values::Number(v) => v.clone(),
        Values::Text(v) => panic!("{col} is text: {v:?}"),
    }
}

fn texts(t: &Table, col: &str) -> Vec<String> {
    match &t.column(col).unwrap_or_else(|| panic!("no column {col}")).values {
        Values::Text(v) => v.iter().map(|s| s.clone().unwrap_or_default()).collect(),
        Values::Number(v) => panic!("{col} is numeric: {v:?}"),
    }
}

fn lines(t: &Table) -> Vec<usize> {
    t.rows.iter().map(|r| r.line).collect()
}

#[test]
fn mojibake_bom_crlf_and_wide_months_are_read() {
    let (_t, dir) = fixture("messy");
    let t = table(&dir, "mojibake");
    let names: Vec<&String> = t.names().collect();
    assert_eq!(names[0], "year");
    assert!(names.iter().any(|n| *n == "Bien jurídico afectado"), "{names:?}");
    let mut states = texts(&t, "state");
    states.dedup();
    states.sort();
    states.dedup();
    assert_eq!(states, ["Aguascalientes", "Michoacán de Ocampo", "México"]);
    // 4 wide rows of Homicidio doloso × 12 months; months numbered 1–12.
    assert_eq!(t.len(), 48);
    let months = numbers(&t, "month");
    assert_eq!(months.iter().flatten().fold(0.0, |a: f64, b| a.max(*b)), 12.0);
    let (years, counts) = (numbers(&t, "year"), numbers(&t, "count"));
    let sum = |y: f64| -> f64 {
        years.iter().zip(&counts).filter(|(a, _)| **a == Some(y)).map(|(_, c)| c.unwrap_or(0.0)).sum()
    };
    assert_eq!(sum(2020.0), 78.0 + 120.0);
    assert_eq!(sum(2021.0), 24.0);
    // 2022: three months given, nine missing (never zero).
    let missing = years.iter().zip(&counts).filter(|(y, c)| **y == Some(2022.0) && c.is_none()).count();
    assert_eq!(missing, 9);
    // Each folded row keeps the line of its wide row (CRLF counted once per line).
    let mut l = lines(&t);
    l.sort();
    l.dedup();
    assert_eq!(l, [2, 3, 5, 6]);
}

#[test]
fn latin1_preamble_footer_thousands_decimal_comma_and_padded_codes() {
    let (_t, dir) = fixture("messy");
    let t = table(&dir, "latin1");
    assert_eq!(texts(&t, "Clave_Ent"), ["01", "16", "09"]);
    assert_eq!(texts(&t, "Entidad"), ["Aguascalientes", "Michoacán", "Ciudad de México"]);
    assert_eq!(numbers(&t, "Víctimas"), [Some(1234.0), Some(12345.0), None]);
    assert_eq!(numbers(&t, "Tasa"), [Some(8.5), Some(25.75), Some(10.0)]);
    // Three title lines and a blank before the header; the footer is not a row.
    assert_eq!(lines(&t), [5, 6, 7]);
}

#[test]
fn pipe_delimiter_is_sniffed_and_codes_stay_text() {
    let (_t, dir) = fixture("messy");
    let t = table(&dir, "pipe");
    assert_eq!(texts(&t, "cve_ent"), ["01", "01", "02", "02"]);
    assert_eq!(numbers(&t, "homicides"), [Some(3.0), Some(4.0), Some(10.0), Some(12.0)]);
    assert_eq!(numbers(&t, "pop_est")[0], Some(944330.1442033038));
}

#[test]
fn carry_forward_blanks_month_names_and_na_as_a_value() {
    let (_t, dir) = fixture("messy");
    let t = table(&dir, "blocks");
    assert_eq!(texts(&t, "Region"), ["Centro", "Centro", "Centro", "Norte", "Norte"]);
    assert_eq!(numbers(&t, "Year"), [1998.0, 1998.0, 1999.0, 1998.0, 1998.0].map(Some));
    assert_eq!(numbers(&t, "Month"), [1.0, 2.0, 1.0, 1.0, 12.0].map(Some));
    // `NA` is Nayarit's abbreviation here, not a missing value: null_values is per dataset.
    assert_eq!(texts(&t, "Abbr"), ["NA", "NA", "NA", "NO", "NO"]);
    assert_eq!(numbers(&t, "Homicide"), [Some(328.0), Some(361.0), Some(400.0), Some(100.0), None]);
}

#[test]
fn macroman_bytes_and_old_mac_line_ends() {
    let (_t, dir) = fixture("messy");
    let t = table(&dir, "macroman");
    assert_eq!(texts(&t, "Entidad"), ["Michoacán", "Querétaro", "Yucatán"]);
    assert_eq!(lines(&t), [2, 3, 4]);
}

#[test]
fn pivot_makes_one_column_per_value_and_keeps_gaps() {
    let (_t, dir) = fixture("messy");
    let t = table(&dir, "pivoted");
    assert_eq!(t.len(), 12);
    assert_eq!(numbers(&t, "2021"), vec![Some(2.0); 12]);
    let y22 = numbers(&t, "2022");
    assert_eq!(&y22[..3], [Some(3.0); 3]);
    assert!(y22[3..].iter().all(Option::is_none), "{y22:?}");
    assert!(t.rows.iter().all(|r| r.sources[..] == ["sesnsp"]));
    // A combined row points at the first line it came from.
    assert_eq!(t.rows[0].line, 5);
}

#[test]
fn aggregate_sums_and_a_missing_month_makes_a_lower_bound() {
    let (_t, dir) = fixture("messy");
    let t = table(&dir, "yearly");
    assert_eq!(numbers(&t, "year"), [2020.0, 2021.0, 2022.0].map(Some));
    // A group with a missing month sums what is there, as a lower bound: never as if complete.
    assert_eq!(numbers(&t, "homicides"), [Some(198.0), Some(24.0), Some(9.0)]);
    assert_eq!(t.rows[2].qualifier, cifras::format::Qualifier::AtLeast);
    assert_eq!(t.rows[0].qualifier, cifras::format::Qualifier::Exact);
}

#[test]
fn pivot_refuses_two_rows_for_one_cell() {
    let (_t, dir) = fixture("messy");
    // Kept outside data/ so the fixture as a whole builds; added for this test only.
    for (from, to) in [("dups.csv.in", "data/dups.csv"), ("dups.toml.in", "data/dups.toml")] {
        std::fs::copy(dir.join(from), dir.join(to)).unwrap();
    }
    let d = load(&dir, "dups").unwrap_err();
    assert_eq!(d[0].message, "two rows give the same cell of `n` for one value of `year`");
    assert!(d[0].location.file.ends_with("data/dups.toml"));
    assert_eq!(d[0].location.line, 3);
}

#[test]
fn every_fast_path_dataset_matches_the_exact_path() {
    for name in ["mojibake", "latin1", "pipe", "blocks", "macroman", "pivoted", "yearly"] {
        let (_t, dir) = fixture("messy");
        let exact = table(&dir, name);
        for f in ["mojibake", "latin1", "blocks", "macroman"] {
            edit(&dir.join(format!("data/{f}.toml")), "[read]", "[read]\nfast = true");
        }
        let p = dir.join("data/pipe.toml");
        let s = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("{s}[read]\nfast = true\n")).unwrap();
        let fast = table(&dir, name);
        assert_eq!(fast, exact, "dataset {name}");
    }
}

#[test]
fn fast_path_names_the_line_and_column_of_a_bad_cell() {
    let (_t, dir) = fixture("messy");
    let p = dir.join("data/pipe.toml");
    std::fs::write(&p, "title = \"x\"\nsource = \"inegi\"\n[read]\nfast = true\n[columns]\nhomicides = { type = \"integer\" }\n").unwrap();
    edit(&dir.join("data/pipe.csv"), "02|2000|1|10|", "02|2000|1|1O|");
    let d = load(&dir, "pipe").map(|t| t.len()).unwrap_err();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].message, "`1O` in column `homicides` is not an integer");
    assert_eq!((d[0].location.line, d[0].location.column), (4, 11));
    assert!(d[0].location.file.ends_with("data/pipe.csv"));
}

#[test]
fn a_missing_header_or_wrong_delimiter_names_file_and_line() {
    let (_t, dir) = fixture("messy");
    std::fs::write(dir.join("data/pipe.csv"), "01|2000|1|3|944330.14\n01|2000|2|4|944330.14\n").unwrap();
    let d = load(&dir, "pipe").unwrap_err();
    assert_eq!(d[0].message, "the first line looks like data, not a header");
    assert_eq!(d[0].location.line, 1);
    assert!(d[0].location.file.ends_with("data/pipe.csv"));

    let (_t, dir) = fixture("messy");
    edit(&dir.join("data/latin1.toml"), "[read]", "[read]\ndelimiter = \",\"\nskip_rows = 3");
    let d = load(&dir, "latin1").unwrap_err();
    assert_eq!(d[0].message, "the header has one column, but `;` would split it into 4");
    assert_eq!(d[0].location.line, 4);
    assert!(d[0].hint.as_deref().unwrap_or("").contains("delimiter = \";\""), "{:?}", d[0].hint);
}

#[test]
fn a_word_in_a_month_column_is_an_error_with_its_cell() {
    let (_t, dir) = fixture("messy");
    edit(&dir.join("data/blocks.csv"), ",,Febrero,", ",,Febr,");
    let d = load(&dir, "blocks").unwrap_err();
    assert_eq!(d[0].message, "`Febr` is not a month name");
    assert_eq!((d[0].location.line, d[0].location.column), (3, 3));
}

#[test]
fn the_messy_project_builds() {
    let (_t, dir) = fixture("messy");
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(dir.join("out/data/by-year.csv")).unwrap();
    assert_eq!(
        csv,
        "year,homicides,source,qualifier,note\n2020,198,sesnsp,exact,Computed by cifras from 24 rows\n\
         2021,24,sesnsp,exact,Computed by cifras from 12 rows\n2022,9,sesnsp,at_least,Computed by cifras from 12 rows\n"
    );
}

#[test]
fn a_chart_aggregate_over_an_aggregated_dataset_keeps_flat_sources() {
    use cifras::spec::dataset::{Aggregate, AggregateOp, Filter};
    use cifras::spec::transform::{Aggregation, Step, Transform};
    use cifras::spec::Location;
    let (_t, dir) = fixture("messy");
    let p = spec::load(&dir).expect("loads");
    let frame = data::load(&p, "yearly").expect("yearly");
    let filter = Filter {
        field: "year".into(),
        equal: None,
        not_equal: None,
        one_of: None,
        lt: None,
        lte: Some(2021.0),
        gt: None,
        gte: None,
        range: None,
        valid: None,
    };
    let ops = vec![
        Aggregate { op: AggregateOp::Sum, field: Some("homicides".into()), as_: "homicides".into() },
        Aggregate { op: AggregateOp::Count, field: None, as_: "years".into() },
    ];
    let steps = vec![
        Step { at: Location::default(), op: Transform::Filter(filter) },
        Step { at: Location::default(), op: Transform::Aggregate(Aggregation { ops, groupby: vec![] }) },
    ];
    let t = data::table(&frame, &steps).expect("table");
    assert_eq!(numbers(&t, "homicides"), [Some(222.0)]);
    assert_eq!(numbers(&t, "years"), [Some(2.0)]);
    assert_eq!(t.rows[0].sources[..], ["sesnsp"]);
}

#[test]
fn fast_path_checks_row_sources() {
    let (_t, dir) = fixture("messy");
    std::fs::write(dir.join("data/pipe.toml"), "title = \"x\"\n[read]\nfast = true\n").unwrap();
    std::fs::write(
        dir.join("data/pipe.csv"),
        "cve_ent|homicides|source\n01|3|inegi\n02|4|sesnsp; inegi\n03|5|inegi\n",
    )
    .unwrap();
    let t = table(&dir, "pipe");
    assert_eq!(t.rows[1].sources[..], ["sesnsp", "inegi"]);
    edit(&dir.join("data/pipe.csv"), "03|5|inegi", "03|5|inegy");
    let d = load(&dir, "pipe").unwrap_err();
    assert_eq!(d[0].message, "unknown source `inegy`");
    assert_eq!((d[0].location.line, d[0].location.column), (4, 6));
}
