//! Typed specs: each kind takes its own keys. A key its kind does not take is an error at
//! its line, naming what the kind takes; a key the kind needs is named when missing.

use crate::common::{cifras, edit, fixture};
use cifras::spec;

/// A spec of `kind` with the keys it needs, then `extra`.
fn spec_of(kind: &str, extra: &str) -> String {
    let keys = match kind {
        "bar" | "column" | "line" | "area" | "slope" => "x = \"a\"\ny = \"b\"\n",
        "grouped-bar" | "stacked-bar" | "dot" => "x = \"a\"\ny = \"b\"\nseries = \"s\"\n",
        "small-multiples" => "x = \"a\"\ny = \"b\"\nfacet = \"f\"\n",
        "part-of-whole" => "label = \"l\"\nvalue = \"v\"\npart = \"p\"\nwhole = \"w\"\n",
        "timeline" => "x = \"a\"\nlabel = \"l\"\n",
        "stat" => "label = \"l\"\nvalue = \"v\"\n",
        _ => "columns = [\"a\"]\n",
    };
    format!("kind = \"{kind}\"\ndata = \"d\"\ntitle = \"T\"\n{keys}{extra}")
}

fn resolve(text: &str) -> Result<spec::Chart, Vec<spec::Diagnostic>> {
    let raw: spec::chart::RawChart = toml::from_str(text).expect("parses");
    spec::kinds::resolve(spec::File { path: "charts/c.toml".into(), text: text.into(), spec: raw })
        .map(|f| f.spec)
}

const KINDS: [&str; 13] = [
    "bar",
    "column",
    "grouped-bar",
    "stacked-bar",
    "dot",
    "line",
    "area",
    "small-multiples",
    "slope",
    "part-of-whole",
    "timeline",
    "stat",
    "table",
];

#[test]
fn every_kind_takes_its_keys_and_refuses_the_others_at_their_line() {
    for kind in KINDS {
        assert!(resolve(&spec_of(kind, "")).is_ok(), "{kind} with the keys it needs");
        // A key of another kind: `sort` where it does nothing, else `facet`.
        let foreign = if ["bar", "column", "grouped-bar", "stacked-bar", "dot"].contains(&kind) {
            "facet = \"f\"\n"
        } else {
            "sort = \"descending\"\n"
        };
        let text = spec_of(kind, foreign);
        let err = resolve(&text).expect_err(kind);
        assert_eq!(err.len(), 1, "{kind}: {err:?}");
        let key = foreign.split(' ').next().unwrap();
        let what = if kind == "table" { "tables".to_string() } else { format!("`{kind}` charts") };
        assert_eq!(err[0].message, format!("`{key}` does not apply to {what}"));
        let line = text.lines().position(|l| l.starts_with(key)).unwrap() + 1;
        assert_eq!((err[0].location.line, err[0].location.column), (line, 1), "{kind}");
        let hint = err[0].hint.as_deref().unwrap();
        assert!(hint.starts_with(&format!("remove it; {kind} takes: ")), "{hint}");
        println!("{kind}: {}", err[0].message);
        println!("  = help: {hint}");
    }
}

#[test]
fn keys_that_did_nothing_before_are_refused_where_they_do_nothing() {
    // `stack` on a line (only areas and stacked bars stack), guides on a chart without a
    // value axis, `highlight` on a timeline, `alt` on a table, number formats and units on
    // a timeline (it writes no numbers).
    for (kind, extra) in [
        ("line", "stack = \"percent\"\n"),
        ("dot", "[[rule]]\nvalue = 1\n"),
        ("timeline", "highlight = [\"x\"]\n"),
        ("table", "alt = \"A table\"\n"),
        ("timeline", "format = { style = \"percent\" }\n"),
        ("timeline", "unit = \"unit\"\n"),
    ] {
        let err = resolve(&spec_of(kind, extra)).expect_err(kind);
        assert!(err[0].message.contains("does not apply to"), "{kind}: {}", err[0].message);
    }
    assert!(resolve(&spec_of("stat", "unit = \"unit\"\nformat = { style = \"percent\" }\n")).is_ok());
    // `height` was read by nothing: it is no key at all now.
    let raw: Result<spec::chart::RawChart, _> = toml::from_str(&spec_of("bar", "height = 200\n"));
    assert!(raw.unwrap_err().to_string().contains("unknown field `height`"));
}

#[test]
fn a_missing_key_names_the_keys_of_the_kind() {
    let err =
        resolve("kind = \"grouped-bar\"\ndata = \"d\"\ntitle = \"T\"\nx = \"a\"\ny = \"b\"\n").unwrap_err();
    assert_eq!(err[0].message, "a grouped-bar chart needs `series`");
    assert_eq!((err[0].location.line, err[0].location.column), (1, 8));
    assert!(err[0]
        .hint
        .as_deref()
        .unwrap()
        .starts_with("add series = \"<column>\"; grouped-bar takes: x, y, series"));
}

#[test]
fn check_reports_a_key_a_kind_does_not_take_and_builds_the_rest() {
    let (_t, dir) = fixture("basic");
    edit(&dir.join("charts/line.toml"), "title = ", "sort = \"descending\"\ntitle = ");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: `sort` does not apply to `line` charts"), "{}", run.stderr);
    assert!(run.stderr.contains("--> charts/line.toml:"), "{}", run.stderr);
}
