//! Types as they come: years folded out of wide columns, `[columns]` after a fold and in a
//! derived dataset, the `parse` step, `calculate` on text, dates, years never grouped.

use crate::common::{cifras, fixture};
use cifras::data::{self, Table, Values};
use cifras::spec;
use std::path::{Path, PathBuf};

const WIDE: &str = "state,2019,2020,2021\nNorth,1200,1300,1400\nSouth,500,600,700\n";
const FOLD: &str = "title = \"Wide\"\nsource = \"report-a\"\n[[transform]]\nfold = [\"2019\", \"2020\", \"2021\"]\nas = [\"year\", \"count\"]\n";
const LINE: &str =
    "kind = \"line\"\ndata = \"wide\"\nx = \"year\"\ny = \"count\"\nseries = \"state\"\ntitle = \"T\"\n";

/// The basic fixture with no charts, and `files` (path, contents) written into it.
fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let (t, dir) = fixture("basic");
    for e in std::fs::read_dir(dir.join("charts")).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
    for (path, text) in files {
        std::fs::write(dir.join(path), text).unwrap();
    }
    (t, dir)
}

fn table(dir: &Path, name: &str) -> Result<Table, String> {
    // Transform steps are resolved with the spec, so their errors come from loading it.
    let shown = |d: Vec<cifras::spec::Diagnostic>| {
        d.iter().map(|d| format!("{}\n", d.clone().relative_to(dir))).collect::<String>()
    };
    let p = spec::load(dir).map_err(shown)?;
    let f = data::load(&p, name).map_err(shown)?;
    data::table(&f, &[]).map_err(|d| format!("{d:?}"))
}

fn numbers(t: &Table, col: &str) -> Vec<Option<f64>> {
    match &t.column(col).unwrap_or_else(|| panic!("no column {col}")).values {
        Values::Number(v) => v.clone(),
        Values::Text(v) => panic!("{col} is text: {v:?}"),
    }
}

fn texts(t: &Table, col: &str) -> Vec<Option<String>> {
    match &t.column(col).unwrap_or_else(|| panic!("no column {col}")).values {
        Values::Text(v) => v.clone(),
        Values::Number(v) => panic!("{col} is numeric: {v:?}"),
    }
}

const YEARS: [Option<f64>; 6] =
    [Some(2019.0), Some(2020.0), Some(2021.0), Some(2019.0), Some(2020.0), Some(2021.0)];

/// The hint for a text year said to declare it in the sidecar, which then said "unknown
/// column year": declared after the fold that makes it, it is an integer and the chart builds.
#[test]
fn a_folded_year_declared_under_columns_is_an_integer() {
    let (_t, dir) = project(&[("data/wide.csv", WIDE), ("data/wide.toml", FOLD), ("charts/l.toml", LINE)]);
    let before = cifras(&dir, &["build"]);
    assert_eq!(before.code, 1, "{}", before.stderr);
    assert!(
        before.stderr.contains("error: column `year` holds text, but `x` must be numeric"),
        "{}",
        before.stderr
    );
    assert!(before.stderr.contains("`year = { type = \"integer\" }` under [columns]"), "{}", before.stderr);

    std::fs::write(dir.join("data/wide.toml"), format!("{FOLD}[columns]\nyear = {{ type = \"integer\" }}\n"))
        .unwrap();
    let t = table(&dir, "wide").unwrap();
    assert_eq!(numbers(&t, "year"), YEARS);
    assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 2, 2, 3, 3, 3]);
    let after = cifras(&dir, &["build"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
}

/// `[columns]` of a derived dataset was silently ignored: now its type, rename, unit and
/// checks apply, to the parent's columns before its transforms and to the others after.
#[test]
fn columns_of_a_derived_dataset_apply() {
    let derived = "title = \"Derived\"\nfrom = \"wide\"\n[columns]\nyear = { type = \"integer\", rename = \"año\" }\ncount = { type = \"float\", unit = \"people\" }\n";
    let (_t, dir) = project(&[("data/wide.csv", WIDE), ("data/wide.toml", FOLD), ("data/d.toml", derived)]);
    let t = table(&dir, "d").unwrap();
    assert_eq!(numbers(&t, "año"), YEARS);
    assert!(t.column("year").is_none());
    let count = t.column("count").unwrap();
    assert_eq!(count.unit.as_deref(), Some("people"));
    assert_eq!(numbers(&t, "count")[0], Some(1200.0));

    // A check fails on the row it names.
    let checked =
        "title = \"Derived\"\nfrom = \"wide\"\n[columns]\nyear = { type = \"integer\", min = 2020 }\n";
    std::fs::write(dir.join("data/d.toml"), checked).unwrap();
    let err = table(&dir, "d").unwrap_err();
    assert!(
        err.contains(
            "error: 2019 in column `year` is below its minimum 2020 (its row is line 2 of wide.csv)"
        ),
        "{err}"
    );
    assert!(err.contains("--> data/d.toml:4:8"), "{err}");
    assert_eq!(err.matches("is below its minimum").count(), 2, "{err}");

    // A column neither the parent nor the transforms have is unknown, with a suggestion.
    let unknown = "title = \"Derived\"\nfrom = \"wide\"\n[columns]\nyaer = { type = \"integer\" }\n";
    std::fs::write(dir.join("data/d.toml"), unknown).unwrap();
    let err = table(&dir, "d").unwrap_err();
    assert!(err.contains("error: unknown column `yaer`"), "{err}");
    assert!(err.contains("--> data/d.toml:4:8"), "{err}");
    assert!(err.contains("did you mean `year`?"), "{err}");
}

/// A `[columns]` entry of a text column after a fold: `one_of` and `unique` apply too.
#[test]
fn checks_of_a_declared_folded_column_name_the_row() {
    let sidecar = format!("{FOLD}[columns]\nyear = {{ type = \"string\", one_of = [\"2019\", \"2020\"] }}\n");
    let (_t, dir) = project(&[("data/wide.csv", WIDE), ("data/wide.toml", &sidecar)]);
    let err = table(&dir, "wide").unwrap_err();
    assert!(
        err.contains("error: `2021` is not allowed in column `year` (its row is line 3 of wide.csv)"),
        "{err}"
    );
    assert!(err.contains("--> data/wide.toml:7:8"), "{err}");
}

/// `parse` after a fold, in the sidecar and in a chart; a bad cell names its CSV line.
#[test]
fn parse_converts_a_folded_year_anywhere() {
    let parse = "[[transform]]\nparse = { year = \"integer\", count = \"number\" }\n";
    let (_t, dir) = project(&[("data/wide.csv", WIDE), ("data/wide.toml", &format!("{FOLD}{parse}"))]);
    let t = table(&dir, "wide").unwrap();
    assert_eq!(numbers(&t, "year"), YEARS);
    assert_eq!(t.column("count").unwrap().kind.name(), "float");

    // In a chart's own transforms, over the text the sidecar's fold leaves.
    std::fs::write(dir.join("data/wide.toml"), FOLD).unwrap();
    std::fs::write(dir.join("charts/l.toml"), format!("{LINE}{parse}")).unwrap();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        dir.join("out/l.report.en.svg").exists() || std::fs::read_dir(dir.join("out")).unwrap().count() > 1
    );

    // A header that is no year: the cell is named with the line of its row and the step.
    let bad = WIDE.replace("2021", "20x1");
    std::fs::write(dir.join("data/wide.csv"), bad).unwrap();
    std::fs::write(dir.join("data/wide.toml"), FOLD.replace("2021", "20x1")).unwrap();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: `20x1` in column `year` is not an integer (its row is line 2 of wide.csv)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> charts/l.toml:7:1"), "{}", run.stderr);
}

#[test]
fn parse_is_one_operation_with_a_known_type() {
    let step = "[[transform]]\nparse = { year = \"integer\" }\nlimit = 2\n";
    let (_t, dir) = project(&[("data/wide.csv", WIDE), ("data/wide.toml", &format!("{FOLD}{step}"))]);
    let err = table(&dir, "wide").unwrap_err();
    assert!(err.contains("error: a [[transform]] step must do exactly one thing"), "{err}");
    // The step's second operation, as written, is where it goes wrong.
    assert!(err.contains("--> data/wide.toml:8:1"), "{err}");
    assert!(err.contains("(this one has `parse`, `limit`)"), "{err}");

    std::fs::write(
        dir.join("data/wide.toml"),
        format!("{FOLD}[[transform]]\nparse = {{ year = \"yearly\" }}\n"),
    )
    .unwrap();
    let err = table(&dir, "wide").unwrap_err();
    assert!(err.contains("error: cannot parse column `year` as `yearly` (no such type)"), "{err}");
    assert!(err.contains("--> data/wide.toml:6:1"), "{err}");
}

/// `calculate = "year * 1"` on text years failed with advice that did not work; now the
/// advice names `parse`, and following it works.
#[test]
fn calculate_on_a_text_year_points_to_parse() {
    let calc = "[[transform]]\ncalculate = \"year * 1\"\nas = \"y\"\n";
    let (_t, dir) = project(&[("data/wide.csv", WIDE), ("data/wide.toml", &format!("{FOLD}{calc}"))]);
    let err = table(&dir, "wide").unwrap_err();
    assert!(err.contains("error: column `year` holds text, not numbers"), "{err}");
    assert!(err.contains("--> data/wide.toml:6:1"), "{err}");
    assert!(err.contains("parse = { year = \"integer\" }"), "{err}");

    let fixed = format!("{FOLD}[[transform]]\nparse = {{ year = \"integer\" }}\n{calc}");
    std::fs::write(dir.join("data/wide.toml"), fixed).unwrap();
    let t = table(&dir, "wide").unwrap();
    assert_eq!(numbers(&t, "y"), YEARS);
}

const DATES: &str = "fecha,n,source\n2019-03-01,1,report-a\n01/03/2019,2,report-a\n1 de marzo de 2019,3,report-a\nMarch 1, 2019,4,report-a\n";

#[test]
fn dates_are_checked_and_read_as_iso() {
    let quoted = DATES.replace("March 1, 2019", "\"March 1, 2019\"");
    let sidecar = "title = \"Dates\"\n[columns]\nfecha = { type = \"date\" }\n";
    let (_t, dir) = project(&[("data/dates.csv", &quoted), ("data/dates.toml", sidecar)]);
    let t = table(&dir, "dates").unwrap();
    assert_eq!(texts(&t, "fecha"), vec![Some("2019-03-01".to_string()); 4]);
    assert_eq!(t.column("fecha").unwrap().kind.name(), "date");

    // `banana` was accepted as a date.
    std::fs::write(dir.join("data/dates.csv"), "fecha,n,source\n2019-03-01,1,report-a\nbanana,2,report-a\n")
        .unwrap();
    let err = table(&dir, "dates").unwrap_err();
    assert!(
        err.contains("error: `banana` in column `fecha` is not a date (not a layout cifras reads)"),
        "{err}"
    );
    assert!(err.contains("--> data/dates.csv:3:1"), "{err}");
    assert!(err.contains("date_format"), "{err}");

    // Two-digit years need the format, and then read.
    std::fs::write(dir.join("data/dates.csv"), "n,fecha,source\n1,01/03/19,report-a\n2,31/12/99,report-a\n")
        .unwrap();
    let err = table(&dir, "dates").unwrap_err();
    assert!(
        err.contains("error: `01/03/19` in column `fecha` is not a date (a two-digit year needs date_format"),
        "{err}"
    );
    assert!(err.contains("--> data/dates.csv:2:3"), "{err}");
    std::fs::write(
        dir.join("data/dates.toml"),
        "title = \"Dates\"\n[columns]\nfecha = { type = \"date\", date_format = \"%d/%m/%y\" }\n",
    )
    .unwrap();
    let t = table(&dir, "dates").unwrap();
    assert_eq!(texts(&t, "fecha"), [Some("2019-03-01".to_string()), Some("1999-12-31".to_string())]);
}

#[test]
fn parse_reads_dates_with_a_format() {
    let csv = "n,fecha,source\n1,01/03/19,report-a\n2,29/02/19,report-a\n";
    let sidecar = "title = \"Dates\"\n[[transform]]\nparse = { fecha = \"date:%d/%m/%y\" }\n";
    let (_t, dir) = project(&[("data/dates.csv", csv), ("data/dates.toml", sidecar)]);
    let err = table(&dir, "dates").unwrap_err();
    assert!(
        err.contains("error: `29/02/19` in column `fecha` is not a date (month 2 of 2019 has no day 29) (its row is line 3 of dates.csv)"),
        "{err}"
    );
    assert!(err.contains("--> data/dates.toml:2:1"), "{err}");
    std::fs::write(dir.join("data/dates.csv"), csv.replace("29/02/19", "28/02/19")).unwrap();
    let t = table(&dir, "dates").unwrap();
    assert_eq!(texts(&t, "fecha"), [Some("2019-03-01".to_string()), Some("2019-02-28".to_string())]);
}

/// Tables printed `2,023` unless a format said otherwise, and `cifras stats` `2,019`: a
/// column named `year` (`año`, …) or declared `type = "year"` is never grouped.
#[test]
fn years_are_never_grouped_in_tables_and_stats() {
    let (_t, dir) = fixture("tables");
    for e in std::fs::read_dir(dir.join("charts")).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
    std::fs::write(
        dir.join("charts/years.toml"),
        "kind = \"table\"\ndata = \"crimes\"\ncolumns = [\"year\", \"periodo\", \"count\"]\ntitle = \"Years\"\n\n[[transform]]\ncalculate = \"year * 1\"\nas = \"periodo\"\n",
    )
    .unwrap();
    let crimes = "title = \"Crimes\"\n[columns]\ncount = { type = \"integer\", min = 0 }\n";
    std::fs::write(dir.join("data/crimes.toml"), format!("{crimes}year = {{ type = \"year\" }}\n")).unwrap();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(dir.join("out/tables/en/years.md")).unwrap();
    let rows: Vec<Vec<String>> = md
        .lines()
        .filter(|l| l.starts_with('|') && !l.contains("---"))
        .map(|l| l.trim_matches('|').split('|').map(|c| c.trim().to_string()).collect())
        .collect();
    assert_eq!(rows[0], ["year", "periodo", "count"], "{md}");
    // The year column never grouped; a computed column not named as years keeps grouping.
    assert_eq!(rows[1][..2], ["2019", "2,019"], "{md}");

    // Named `year`, not declared: never grouped either.
    std::fs::write(dir.join("data/crimes.toml"), crimes).unwrap();
    let stats = cifras(&dir, &["stats", "crimes"]);
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    let year = stats.stdout.lines().find(|l| l.starts_with("year ")).unwrap_or_default();
    let cells: Vec<&str> = year.split_whitespace().collect();
    // column, count, missing, sum, min, max, mean, median, distinct
    assert_eq!(cells[3], "–", "{year}");
    assert_eq!(cells[4], "2019", "{year}");
    assert!(!stats.stdout.contains("2,0"), "{}", stats.stdout);
}

/// The README's example of the keys this file tests, exercised as written.
const README_EXAMPLE: &str = r#"[columns]
fecha = { type = "date", date_format = "%d/%m/%y" }   # default: 2019-03-01, 01/03/2019, 1 de marzo de 2019, March 1, 2019
"año" = { type = "year" }                             # printed 2023, never 2,023
[[transform]]                                         # anywhere: after a fold, in a derived dataset or a chart
parse = { count = "integer", code = "string" }        # also float (number), year, date, "date:%d/%m/%y"
"#;

#[test]
fn the_readme_example_reads() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    assert!(readme.contains(README_EXAMPLE), "README.md lacks the example");
    let csv = "fecha,año,count,code,source\n01/03/19,2019,\"1,200\",7,report-a\n";
    let sidecar = format!("title = \"Example\"\n[read]\nthousands = \",\"\n{README_EXAMPLE}");
    let (_t, dir) = project(&[("data/example.csv", csv), ("data/example.toml", &sidecar)]);
    let t = table(&dir, "example").unwrap();
    assert_eq!(texts(&t, "fecha"), [Some("2019-03-01".to_string())]);
    assert_eq!(t.column("año").unwrap().kind.name(), "year");
    assert_eq!(numbers(&t, "count"), [Some(1200.0)]);
    assert_eq!(texts(&t, "code"), [Some("7".to_string())]);
}

/// Dates as the x of a line: positions proportional to the days between them, ticks on
/// months in the chart's language, the alt text with the dates written out.
#[test]
fn dates_are_the_x_of_a_line_with_month_ticks() {
    let csv =
        "fecha,personas,source\n15/01/2019,10,report-a\n01/03/2019,30,report-a\n20/12/2019,20,report-a\n";
    let sidecar = "title = \"D\"\n[columns]\nfecha = { type = \"date\" }\n";
    let chart = "kind = \"line\"\ndata = \"dated\"\nx = \"fecha\"\ny = \"personas\"\ntitle.en = \"T\"\ntitle.es = \"T\"\n[[annotation]]\nat = \"2019-03-01\"\ntext.en = \"March\"\ntext.es = \"Marzo\"\n";
    let (_t, dir) =
        project(&[("data/dated.csv", csv), ("data/dated.toml", sidecar), ("charts/d.toml", chart)]);
    std::fs::write(
        dir.join("cifras.toml"),
        "languages = [\"en\", \"es\"]\npresets = [\"report\"]\nformats = [\"svg\"]\n",
    )
    .unwrap();
    let p = spec::load(&dir).unwrap_or_else(|d| panic!("{d:?}"));
    let t = cifras::build::chart_table(&p, "d").unwrap_or_else(|d| panic!("{d:?}"));
    let plan = cifras::build::Plan::new(&p, &cifras::build::Options::default()).unwrap();
    let drawings = cifras::build::draw(&p, &plan, "d", &t).unwrap_or_else(|d| panic!("{d:?}"));
    let panel = |i: usize| match &drawings[i].chart.body {
        cifras::chart::Body::Panel(p) => p.clone(),
        _ => panic!("a panel"),
    };
    let ticks = |i: usize| panel(i).bottom.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
    assert_eq!(ticks(0), ["Mar 2019", "May 2019", "Jul 2019", "Sep 2019", "Nov 2019"]);
    assert_eq!(ticks(1), ["mar 2019", "may 2019", "jul 2019", "sep 2019", "nov 2019"]);
    // 2019-03-01 is 45 of the 339 days from the first point to the last.
    let march = panel(0).bottom[0].at;
    assert!((march - 45.0 / 339.0).abs() < 1e-9, "{march}");
    assert!(drawings[1].chart.alt.contains("20 de diciembre de 2019"), "{}", drawings[1].chart.alt);
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// On the fast path (Polars' reader) a date column is checked cell by cell too, past the
/// first megabyte the types are read from.
#[test]
fn dates_are_checked_on_the_fast_path_past_the_first_megabyte() {
    let mut csv = String::from("fecha,n,source\n");
    for i in 0..80_000 {
        csv.push_str(&format!("2019-{:02}-{:02},{i},report-a\n", i % 12 + 1, i % 28 + 1));
    }
    let good = csv.clone();
    csv.push_str("2019-02-30,1,report-a\n01/03/2019,2,report-a\n");
    let sidecar = "title = \"D\"\n[read]\nfast = true\n[columns]\nfecha = { type = \"date\" }\n";
    let (_t, dir) = project(&[("data/dated.csv", &csv), ("data/dated.toml", sidecar)]);
    let err = table(&dir, "dated").unwrap_err();
    assert!(err.contains("`2019-02-30` in column `fecha` is not a date"), "{err}");
    assert!(err.contains("--> data/dated.csv:80002:1"), "{err}");
    assert!(err.contains("`01/03/2019` in column `fecha` is written unlike the dates"), "{err}");
    assert!(err.contains("set fast = false under [read]"), "{err}");
    std::fs::write(dir.join("data/dated.csv"), &good).unwrap();
    let t = table(&dir, "dated").unwrap();
    assert_eq!(t.len(), 80_000);
}
