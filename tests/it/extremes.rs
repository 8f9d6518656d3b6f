//! Extreme and hostile values: a formula nested 30,000 deep, a value of 1e200 beside 20, a
//! million categories, table cells that look like LaTeX or Markdown syntax, escape
//! sequences in a CSV line. Each must fail with its message (or export as text), never
//! crash, hang or draw garbage, and leave everything else as it was.

use crate::common::{cifras, edit, files, fixture};
use std::path::Path;

/// Every output but the manifest, which records each build that ran (the datasets it read).
fn outputs(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut all = files(&dir.join("out"));
    all.retain(|(p, _)| p != Path::new("manifest.json"));
    all
}

/// Builds fixture `name`, applies `change`, builds again; returns the failing build's
/// stderr after checking exit 1, no panic, the earlier outputs byte for byte, and a canary
/// file beside the project untouched. `check` must fail the same way.
fn fails_after(name: &str, change: impl FnOnce(&Path)) -> String {
    let (tmp, dir) = fixture(name);
    let canary = tmp.path().join("canary.txt");
    std::fs::write(&canary, "keep me\n").unwrap();
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let before = outputs(&dir);
    change(&dir);
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let after = outputs(&dir);
    let names = |f: &[(std::path::PathBuf, Vec<u8>)]| f.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&after), names(&before), "no output added or removed");
    assert!(after == before, "earlier outputs must stay intact byte for byte");
    let check = cifras(&dir, &["check"]);
    assert_eq!(check.code, 1, "check agrees: {}", check.stderr);
    assert_eq!(std::fs::read_to_string(&canary).unwrap(), "keep me\n");
    run.stderr
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).unwrap();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

/// A formula step on the arms dataset.
fn formula(dir: &Path, formula: &str) {
    append(&dir.join("data/arms.toml"), &format!("\n[[transform]]\ncalculate = \"{formula}\"\nas = \"x\"\n"));
}

#[test]
fn formula_nested_30000_deep_is_an_error_not_a_stack_overflow() {
    let parens = format!("{}units{}", "(".repeat(30_000), ")".repeat(30_000));
    let err = fails_after("basic", |d| formula(d, &parens));
    assert!(
        err.contains("error: cannot read formula `((((((((((((((((((((((((((((((((((((((((…` (the formula nests more than 256 levels deep at character 257)"),
        "{err}"
    );
    assert!(err.contains("--> data/arms.toml:6:1"), "{err}");
}

#[test]
fn formula_of_30000_unary_minuses_is_an_error_not_a_stack_overflow() {
    let minuses = format!("{}units", "-".repeat(30_000));
    let err = fails_after("basic", |d| formula(d, &minuses));
    assert!(err.contains("(the formula nests more than 256 levels deep at character 257)"), "{err}");
    assert!(err.contains("--> data/arms.toml:6:1"), "{err}");
    // A long chain of operators nests as deep when evaluated.
    let chain = vec!["units"; 30_000].join(" + ");
    let err = fails_after("basic", |d| formula(d, &chain));
    assert!(err.contains("(the formula nests more than 256 levels deep at character 2057)"), "{err}");
}

/// A bar chart over `data/big.csv` (name, value, source).
fn big(dir: &Path, csv: &str) {
    std::fs::write(dir.join("data/big.csv"), csv).unwrap();
    std::fs::write(dir.join("data/big.toml"), "title = \"Big\"\n[columns]\nvalue = { type = \"float\" }\n")
        .unwrap();
    std::fs::write(
        dir.join("charts/big.toml"),
        "kind = \"bar\"\ndata = \"big\"\nx = \"value\"\ny = \"name\"\ntitle = \"Big values\"\n",
    )
    .unwrap();
}

#[test]
fn a_million_categories_fail_at_the_limit() {
    let mut csv = String::from("name,value,source\n");
    for i in 0..1_000_000 {
        csv.push_str(&format!("c{i},{i},report-a\n"));
    }
    let err = fails_after("basic", |d| big(d, &csv));
    assert!(
        err.contains("error: the chart would draw 1000000 labelled rows; no reader can read more than 400"),
        "{err}"
    );
    assert!(err.contains("--> charts/big.toml:2:8"), "{err}");
}

#[test]
fn escape_sequences_in_a_quoted_line_are_shown_escaped() {
    let err = fails_after("basic", |d| {
        edit(&d.join("data/arms.csv"), "Guerrero,2039", "Guer\x1b[31mrero\x1b]0;pwned\x07,20x39")
    });
    assert!(!err.contains('\x1b') && !err.contains('\x07'), "raw control characters: {err:?}");
    assert!(err.contains("3 | Guer\\x1b[31mrero\\x1b]0;pwned\\x07,20x39,report-a"), "{err}");
    assert!(err.contains("`20x39` in column `units` is not an integer"), "{err}");
}

#[test]
fn a_value_of_1e200_is_an_error_naming_its_cell() {
    let err = fails_after("basic", |d| big(d, "name,value,source\nA,1e200,report-a\nB,20,report-a\n"));
    assert!(
        err.contains("error: the value 1e200 of column `value` is too large to draw (beyond ±1e15)"),
        "{err}"
    );
    assert!(err.contains("--> data/big.csv:2\n"), "{err}");
    // A domain beyond it would overflow the scale's span.
    let err = fails_after("basic", |d| {
        big(d, "name,value,source\nA,10,report-a\nB,20,report-a\n");
        append(&d.join("charts/big.toml"), "domain = [-1e308, 1e308]\n");
    });
    assert!(err.contains("error: domain [-1e308, 1e308] is too large to draw (beyond ±1e15)"), "{err}");
    assert!(err.contains("--> charts/big.toml:6:10"), "{err}");
}

/// The largest value drawn beside tiny ones: every coordinate is finite and the bars are
/// drawn to scale (the tiny one was pushed to infinity by the label fitting).
#[test]
fn the_largest_drawable_value_beside_tiny_ones_draws_finite_coordinates() {
    let (_t, dir) = fixture("basic");
    big(&dir, "name,value,source\nA,1e15,report-a\nB,20,report-a\nC,1e-10,report-a\n");
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(dir.join("out/report/en/big.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let mut bars = Vec::new();
    for n in doc.descendants().filter(|n| n.is_element()) {
        for a in n.attributes().filter(|a| ["x", "y", "width", "height", "points"].contains(&a.name())) {
            for v in a.value().split([' ', ',']) {
                let v: f64 = v.parse().unwrap_or_else(|_| panic!("{}={:?} in {svg}", a.name(), a.value()));
                assert!(v.is_finite() && v.abs() < 1e4, "{}={v}", a.name());
            }
        }
        if n.tag_name().name() == "rect" && n.attribute("fill") == Some("#0072b2") {
            bars.push(n.attribute("width").unwrap().parse::<f64>().unwrap());
        }
    }
    assert_eq!(bars.len(), 3, "{svg}");
    assert!(bars[0] > 100.0, "the largest bar is drawn: {bars:?}");
}

#[test]
fn table_cells_that_look_like_latex_or_markdown_syntax_export_as_text() {
    let (_t, dir) = fixture("tables");
    append(
        &dir.join("data/labels.csv"),
        "[3pt] gap,1,report-a\n*star,2,report-a\n[click](x),3,report-a\n\
         [x](javascript:alert(1)),4,report-a\n![](http://t.example/p.png),6,report-a\n",
    );
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("out/tables/en");
    let tex = std::fs::read_to_string(out.join("labels.tex")).unwrap();
    for row in ["\n{[}3pt{]} gap & 1 \\\\\n", "\n{}*star & 2 \\\\\n", "\n{[}click{]}(x) & 3 \\\\\n"] {
        assert!(tex.contains(row), "{row:?} not in\n{tex}");
    }
    let md = std::fs::read_to_string(out.join("labels.md")).unwrap();
    for row in [
        "\n| \\[x\\](javascript:alert(1)) | 4 |\n",
        "\n| \\!\\[\\](http://t.example/p.png) | 6 |\n",
        "\n| \\[click\\](x) | 3 |\n",
    ] {
        assert!(md.contains(row), "{row:?} not in\n{md}");
    }
}

/// Grouped bars were a dense categories × series matrix built by searching per row:
/// 100,000 rows, each its own category and series, asked for 10¹⁰ cells. Lines searched
/// their series per row the same way.
#[test]
fn a_hundred_thousand_series_fail_at_the_limit() {
    let mut csv = String::from("name,value,source\n");
    for i in 0..100_000 {
        csv.push_str(&format!("c{i},{i},report-a\n"));
    }
    for (kind, roles) in [
        ("grouped-bar", "x = \"value\"\ny = \"name\"\nseries = \"name\""),
        ("line", "x = \"value\"\ny = \"value\"\nseries = \"name\""),
    ] {
        let err = fails_after("basic", |d| {
            big(d, &csv);
            std::fs::write(
                d.join("charts/big.toml"),
                format!("kind = \"{kind}\"\ndata = \"big\"\n{roles}\ntitle = \"Many\"\n"),
            )
            .unwrap();
        });
        assert!(
            err.contains(
                "error: the chart would draw 100000 labelled rows; no reader can read more than 400"
            ),
            "{kind}: {err}"
        );
        assert!(err.contains("--> charts/big.toml:2:8"), "{kind}: {err}");
    }
}

/// Each dataset derived from another was a level of recursion: 5,000 sidecars, each
/// `from` the next, overflowed the stack (exit 134).
#[test]
fn a_chain_of_5000_derived_datasets_is_an_error_not_a_stack_overflow() {
    let err = fails_after("basic", |d| {
        for i in 0..5000 {
            let from = if i == 4999 { "arms".to_string() } else { format!("d{}", i + 1) };
            std::fs::write(
                d.join(format!("data/d{i}.toml")),
                format!("title = \"D{i}\"\nfrom = \"{from}\"\n"),
            )
            .unwrap();
        }
        std::fs::write(
            d.join("charts/chain.toml"),
            "kind = \"bar\"\ndata = \"d0\"\nx = \"units\"\ny = \"state\"\ntitle = \"Chain\"\n",
        )
        .unwrap();
    });
    assert!(
        err.contains(
            "error: dataset `d0` is derived through more than 64 datasets (`from` after `from`, up to `d64`)"
        ),
        "{err}"
    );
    assert!(err.contains("--> data/d64.toml"), "{err}");
}
