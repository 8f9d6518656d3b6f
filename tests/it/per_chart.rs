//! Errors per chart: a spec error in one chart stops that chart only, and a dataset with
//! errors is reported once, each chart drawn from it saying only that it was not built.
//! Either way the others build (`check` checks them), the exit code is 1, and the failed
//! charts' earlier outputs stay byte for byte (they are no deleted charts).

use crate::common::{cifras, edit, files, fixture};
use std::path::PathBuf;

type Files = Vec<(PathBuf, Vec<u8>)>;

/// The files of chart `id` among `all` (its drawings and its rows CSV).
fn of(all: &Files, id: &str) -> Files {
    let names = [format!("{id}.svg"), format!("{id}.png"), format!("{id}.csv")];
    all.iter().filter(|(p, _)| names.iter().any(|n| p.ends_with(n))).cloned().collect()
}

/// The fixture, built, with a canary file beside it (outside the project).
fn built() -> (tempfile::TempDir, PathBuf, PathBuf, Files) {
    let (t, dir) = fixture("basic");
    let canary = t.path().join("canary.txt");
    std::fs::write(&canary, "keep me").unwrap();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = files(&dir.join("out"));
    assert_eq!(of(&before, "bar").len(), 3, "bar has an SVG, a PNG and its rows");
    (t, dir, canary, before)
}

fn count(text: &str, what: &str) -> usize {
    text.matches(what).count()
}

#[test]
fn a_typo_in_one_chart_stops_that_chart_only() {
    let (_t, dir, canary, before) = built();
    edit(&dir.join("charts/bar.toml"), "sort = ", "sortt = ");
    // Another chart changes too: it must be rebuilt in the same run.
    edit(&dir.join("charts/line.toml"), "title = \"", "title = \"New: ");

    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: unknown key `sortt`\n  --> charts/bar.toml:5:1"),
        "{}",
        run.stderr
    );
    assert_eq!(count(&run.stderr, "error:"), 1, "{}", run.stderr);
    assert!(run.stdout.contains("built 1 chart(s), 5 up to date"), "{}", run.stdout);
    assert!(run.stdout.contains("1 chart(s) failed, 1 error(s)"), "{}", run.stdout);
    let after = files(&dir.join("out"));
    assert_eq!(of(&after, "bar"), of(&before, "bar"), "the broken chart's outputs stay byte for byte");
    assert_ne!(of(&after, "line"), of(&before, "line"), "the other chart is rebuilt");
    let svg = std::fs::read_to_string(dir.join("out/report/en/line.svg")).unwrap();
    assert!(svg.contains("New: "), "the rebuilt chart has its new title");
    let manifest = std::fs::read_to_string(dir.join("out/manifest.json")).unwrap();
    assert!(manifest.contains("\"report/en/bar.svg\""), "the broken chart keeps its manifest entries");

    // `check` checks the others and names the same error.
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: unknown key `sortt`\n  --> charts/bar.toml:5:1"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("checked 6 chart(s), 1 chart(s) failed"), "{}", run.stdout);

    // A second build changes nothing, and `--only` the broken chart names its error.
    let built_once = files(&dir.join("out"));
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(files(&dir.join("out")), built_once);
    let run = cifras(&dir, &["build", "--only", "bar"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("unknown key `sortt`"), "{}", run.stderr);
    assert!(!run.stderr.contains("unknown chart"), "{}", run.stderr);

    // Fixed, it is current again: its outputs were never touched.
    edit(&dir.join("charts/bar.toml"), "sortt = ", "sort = ");
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("built 0 chart(s), 7 up to date"), "{}", run.stdout);
    assert_eq!(of(&files(&dir.join("out")), "bar"), of(&before, "bar"));
    assert_eq!(std::fs::read_to_string(&canary).unwrap(), "keep me");
}

#[test]
fn a_chart_that_does_not_parse_keeps_its_outputs() {
    let (_t, dir, canary, before) = built();
    std::fs::write(dir.join("charts/bar.toml"), "kind = \"bar\"\ndata = [\n").unwrap();
    for cmd in ["build", "check"] {
        let run = cifras(&dir, &[cmd]);
        assert_eq!(run.code, 1, "{cmd}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{cmd}: {}", run.stderr);
        assert!(run.stderr.contains("--> charts/bar.toml:"), "{cmd}: {}", run.stderr);
        assert!(run.stdout.contains("1 chart(s) failed"), "{cmd}: {}", run.stdout);
    }
    assert_eq!(files(&dir.join("out")), before, "nothing else changed, and nothing of bar is removed");
    assert_eq!(std::fs::read_to_string(&canary).unwrap(), "keep me");
}

/// Breaks dataset `arms` (`from` → `to` in `file`); then `build` and `check` each say its
/// error once, first (`first`: its message and position), and then one short line per
/// chart drawn from it (bar, column), nothing more; the other five charts are fine and
/// every output is as it was.
fn arms_broken(file: &str, from: &str, to: &str, first: &str) {
    let (_t, dir, canary, before) = built();
    edit(&dir.join(file), from, to);
    for cmd in ["build", "check"] {
        let run = cifras(&dir, &[cmd]);
        let stderr = &run.stderr;
        assert_eq!(run.code, 1, "{cmd}: {stderr}");
        assert!(stderr.starts_with(first), "{cmd}: {stderr}");
        assert_eq!(count(stderr, first), 1, "{cmd}: {stderr}");
        for (id, at) in [("bar", "charts/bar.toml:2:8"), ("column", "charts/column.toml:2:8")] {
            let line =
                format!("error: chart `{id}` not built: dataset `arms` has errors (above)\n  --> {at}\n\n");
            assert_eq!(count(stderr, &line), 1, "{cmd}: {stderr}");
        }
        assert_eq!(count(stderr, "error:"), 3, "{cmd}: {stderr}");
        assert!(!stderr.contains("unknown dataset"), "{cmd}: {stderr}");
        assert!(!stderr.contains("no dataset is defined yet"), "{cmd}: {stderr}");

        let verb = if cmd == "build" { "built 0 chart(s), 5 up to date" } else { "checked 5 chart(s)" };
        assert!(run.stdout.contains(verb), "{cmd}: {}", run.stdout);
        assert!(run.stdout.contains("2 chart(s) failed, 3 error(s)"), "{cmd}: {}", run.stdout);
        assert_eq!(files(&dir.join("out")), before, "{cmd}: every output is as it was");
    }
    assert_eq!(std::fs::read_to_string(&canary).unwrap(), "keep me");
}

#[test]
fn a_bad_sidecar_is_reported_once_and_its_charts_say_only_that() {
    arms_broken(
        "data/arms.toml",
        "title = ",
        "titel = ",
        "error: unknown key `titel`\n  --> data/arms.toml:1:1",
    );
}

#[test]
fn a_dataset_whose_csv_fails_is_reported_once_and_its_charts_say_only_that() {
    arms_broken(
        "data/arms.csv",
        "Guerrero,2039,",
        "Guerrero,abc,",
        "error: `abc` in column `units` is not an integer\n  --> data/arms.csv:3:10",
    );
}

#[test]
fn a_dataset_derived_from_a_bad_sidecar_is_not_read_either() {
    let (_t, dir, canary, _) = built();
    std::fs::write(dir.join("data/few.toml"), "from = \"arms\"\n").unwrap();
    let bar = std::fs::read_to_string(dir.join("charts/bar.toml")).unwrap();
    std::fs::write(dir.join("charts/few.toml"), bar.replace("data = \"arms\"", "data = \"few\"")).unwrap();
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let before = files(&dir.join("out"));
    edit(&dir.join("data/arms.toml"), "title = ", "titel = ");
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(count(&run.stderr, "unknown key `titel`"), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: dataset `few` not read: dataset `arms` has errors (above)\n  --> data/few.toml:1:8"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: chart `few` not built: dataset `few` has errors (above)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("unknown dataset"), "{}", run.stderr);
    assert!(run.stdout.contains("3 chart(s) failed"), "{}", run.stdout);
    assert_eq!(files(&dir.join("out")), before);
    assert_eq!(std::fs::read_to_string(&canary).unwrap(), "keep me");
}

#[test]
fn a_rule_on_a_dataset_with_errors_waits_for_it() {
    let (_t, dir) = fixture("tables");
    edit(
        &dir.join("data/arms.toml"),
        "whole = \"All\"",
        "whole = { data = \"shares\", key = \"Whole\", field = \"value\" }",
    );
    edit(&dir.join("data/shares.toml"), "title = ", "titel = ");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: unknown key `titel`\n  --> data/shares.toml:1:1"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("unknown dataset"), "{}", run.stderr);
}

#[test]
fn a_lookup_into_a_dataset_with_errors_says_so_not_unknown() {
    let (_t, dir) = fixture("tables");
    edit(&dir.join("data/population.toml"), "title = ", "titel = ");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: unknown key `titel`\n  --> data/population.toml:1:1"),
        "{}",
        run.stderr
    );
    assert_eq!(
        count(&run.stderr, "error: cannot read dataset `population`: it has errors (above)"),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: chart `rates` not built: dataset `rates` has errors (above)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("unknown dataset"), "{}", run.stderr);
}

#[test]
fn list_stats_and_sources_run_beside_a_broken_chart() {
    let (_t, dir) = fixture("basic");
    edit(&dir.join("charts/bar.toml"), "sort = ", "sortt = ");
    let run = cifras(&dir, &["list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("chart    line "), "{}", run.stdout);
    assert!(!run.stdout.contains("chart    bar "), "{}", run.stdout);
    assert!(
        run.stderr.contains("warning: left out 1 spec(s) with errors: charts/bar.toml"),
        "{}",
        run.stderr
    );
    let run = cifras(&dir, &["stats", "arms"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("lines: "), "{}", run.stdout);
    let run = cifras(&dir, &["sources", "--chart", "line"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The broken chart itself says why.
    let run = cifras(&dir, &["sources", "--chart", "bar"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("sortt") && run.stderr.contains("--> charts/bar.toml"), "{}", run.stderr);
}
