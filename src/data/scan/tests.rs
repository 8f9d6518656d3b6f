//! The fast path end to end: a file planned by `scan`, checked and read in blocks by
//! `batch`, gives what one query over the whole file gives.

use super::{check, scan};
use crate::data::{batch, transform};
use crate::spec::{Diagnostic, Location};
use polars::prelude::*;

/// A project whose one dataset is scanned, filtered and aggregated.
fn project(dir: &std::path::Path) -> crate::spec::Project {
    let mut csv = String::from("title line of the export\n\nstate,year,kind,count,source,qualifier\n");
    for i in 0..400 {
        let state = match i % 5 {
            0 => "\"Ciudad de México\"".to_string(),
            // Rows with quoted line breaks are read by the exact path (see `census`).
            1 => "\"Coahuila, de Zaragoza\"".to_string(),
            2 => "\"Veracruz, \"\"Llave\"\"\"".to_string(),
            3 => "Jalisco".to_string(),
            _ => String::new(),
        };
        let count = if i % 7 == 0 { String::new() } else { (i * 37 % 101).to_string() };
        let source = ["s1", "s2", "s1;s2"][i % 3];
        let qualifier = ["exact", "exact", "approx", "more_than"][i % 4];
        let kind = if i % 3 == 0 { "b" } else { "a" };
        csv += &format!("{state},{},{kind},{count},{source},{qualifier}\n", 2020 + i % 4);
    }
    let files = [
        ("cifras.toml", "languages = [\"en\"]\npresets = [\"report\"]\nformats = [\"svg\"]\n"),
        ("data/sources.toml", "[s1]\ntitle = \"One\"\npublisher = \"P\"\nyear = 2020\n[s2]\ntitle = \"Two\"\npublisher = \"P\"\nyear = 2021\n"),
        (
            "data/x.toml",
            "title = \"x\"\n[read]\nfast = true\n[[transform]]\nfilter = { field = \"kind\", equal = \"a\" }\n[[transform]]\naggregate = [{ op = \"sum\", field = \"count\", as = \"total\" }, { op = \"count\", as = \"rows\" }]\ngroupby = [\"state\", \"year\"]\n",
        ),
        ("data/x.csv", csv.as_str()),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir_all(dir.join("charts")).unwrap();
    crate::spec::load(dir).unwrap()
}

#[test]
fn checks_read_in_blocks_find_what_spans_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,count,source\n");
    for i in 0..200 {
        let id = if i == 190 { 7 } else { i };
        let count = if i == 120 { -5 } else { i % 9 };
        let source = if i == 150 { "nope" } else { "s1" };
        csv += &format!("{id},{count},{source}\n");
    }
    let files = [
        ("cifras.toml", "languages = [\"en\"]\npresets = [\"report\"]\nformats = [\"svg\"]\n"),
        ("data/sources.toml", "[s1]\ntitle = \"One\"\npublisher = \"P\"\nyear = 2020\n"),
        (
            "data/x.toml",
            "title = \"x\"\n[read]\nfast = true\n[columns]\nid = { type = \"integer\", unique = true }\ncount = { type = \"integer\", min = 0 }\n",
        ),
        ("data/x.csv", csv.as_str()),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("charts")).unwrap();
    let project = crate::spec::load(dir.path()).unwrap();
    let sidecar = &project.datasets["x"];
    let mut scanned = scan(&dir.path().join("data/x.csv"), sidecar).unwrap().expect("scanned");
    // About 40 blocks: the repeated id lies in the first and the last of them.
    std::sync::Arc::get_mut(&mut scanned.scan).unwrap().block = 64;
    let found: Vec<String> = check(&scanned, sidecar, &project.sources)
        .unwrap_err()
        .iter()
        .map(|d| format!("{}:{} {}", d.location.line, d.location.column, d.message))
        .collect();
    assert_eq!(
        found,
        [
            "152:7 unknown source `nope`",
            "122:5 -5 in column `count` is below its minimum 0",
            "9:1 a value of column `id` appears twice",
        ],
        "{found:?}"
    );
}

#[test]
fn blocks_give_what_the_whole_query_gives() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let sidecar = &project.datasets["x"];
    let steps = sidecar.spec.transform.clone();
    let mut fetch = |_: &str| -> Result<DataFrame, Vec<Diagnostic>> { unreachable!() };
    let path = dir.path().join("data/x.csv");
    let mut scanned = scan(&path, sidecar).unwrap().expect("scanned");
    let whole = transform::collect(
        transform::apply_lazy(scanned.lf.clone(), &steps, &mut fetch).unwrap(),
        Location::default(),
    )
    .unwrap();
    assert!(whole.height() > 10, "{whole}");
    // The filter alone: rows in file order (lines aside: in blocks they count the line
    // ends inside quotes, which a whole-file row number does not).
    let filtered = |df: DataFrame| df.drop(crate::data::LINE).unwrap();
    let whole_rows = filtered(
        transform::collect(
            transform::apply_lazy(scanned.lf.clone(), &steps[..1], &mut fetch).unwrap(),
            Location::default(),
        )
        .unwrap(),
    );
    assert!(whole_rows.height() > 200, "{whole_rows}");
    // Blocks of about 300 bytes: dozens of them, cut between rows, never inside quotes.
    for block in [300, 1000, 1 << 20] {
        std::sync::Arc::get_mut(&mut scanned.scan).unwrap().block = block;
        let blocks = batch::apply(&scanned.scan, &steps, &mut fetch).unwrap().expect("done in blocks");
        assert!(blocks.equals_missing(&whole), "block {block}:\n{blocks}\n{whole}");
        let rows =
            filtered(batch::apply(&scanned.scan, &steps[..1], &mut fetch).unwrap().expect("in blocks"));
        assert!(rows.equals_missing(&whole_rows), "block {block}:\n{rows}\n{whole_rows}");
    }
    // Nothing to do row by row: the whole query runs as one.
    assert!(batch::apply(&scanned.scan, &[], &mut fetch).unwrap().is_none());
}
