//! Bad input: exit 1, a message naming file, line and column with the fix, no panic, and
//! the outputs of the last good build left as they were.

use crate::common::{cifras, edit, files, fixture};
use std::path::Path;

/// Builds the fixture, applies `change`, builds again: returns stderr of the failing build
/// after checking the exit code and that the earlier outputs are untouched.
fn fails_after(change: impl FnOnce(&Path)) -> String {
    let (_t, dir) = fixture("basic");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let before = files(&dir.join("out"));
    change(&dir);
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(files(&dir.join("out")), before, "earlier outputs must stay intact");
    let check = cifras(&dir, &["check"]);
    assert_eq!(check.code, 1, "check agrees: {}", check.stderr);
    run.stderr
}

#[test]
fn unknown_chart_kind() {
    let err = fails_after(|d| edit(&d.join("charts/bar.toml"), "kind = \"bar\"", "kind = \"barr\""));
    assert!(err.contains("error: unknown value `barr`"), "{err}");
    assert!(err.contains("--> charts/bar.toml:1:8"), "{err}");
    assert!(err.contains("did you mean `bar`?"), "{err}");
}

#[test]
fn unknown_key_with_suggestion() {
    let err = fails_after(|d| edit(&d.join("charts/bar.toml"), "title =", "titel ="));
    assert!(err.contains("error: unknown key `titel`"), "{err}");
    assert!(err.contains("--> charts/bar.toml:7:1"), "{err}");
    assert!(err.contains("did you mean `title`?"), "{err}");
}

#[test]
fn missing_column() {
    let err = fails_after(|d| edit(&d.join("charts/bar.toml"), "x = \"units\"", "x = \"unit\""));
    assert!(err.contains("error: unknown column `unit`"), "{err}");
    assert!(err.contains("--> charts/bar.toml:3:5"), "{err}");
    assert!(err.contains("did you mean `units`?"), "{err}");
}

#[test]
fn non_number_in_numeric_column() {
    let err = fails_after(|d| edit(&d.join("data/arms.csv"), "2039", "\"2,039\""));
    assert!(err.contains("error: `2,039` in column `units` is not an integer"), "{err}");
    assert!(err.contains("--> data/arms.csv:3:10"), "{err}");
    assert!(err.contains("thousands = \",\""), "{err}");
}

#[test]
fn unknown_source_id() {
    let err = fails_after(|d| edit(&d.join("data/arms.csv"), "1199,report-b", "1199,report-c"));
    assert!(err.contains("error: unknown source `report-c`"), "{err}");
    assert!(err.contains("--> data/arms.csv:4:15"), "{err}");
    assert!(err.contains("did you mean `report-a`?") || err.contains("did you mean `report-b`?"), "{err}");
}

#[test]
fn duplicate_source_id() {
    let err = fails_after(|d| {
        let p = d.join("data/sources.toml");
        let s = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("{s}\n[report-a]\ntitle = \"Again\"\nauthor = \"X\"\n")).unwrap();
    });
    assert!(err.contains("error: `report-a` is defined twice"), "{err}");
    assert!(!err.contains("unknown source"), "no cascade of follow-on errors: {err}");
    assert!(err.contains("--> data/sources.toml:10:"), "{err}");
}

#[test]
fn empty_dataset() {
    let err = fails_after(|d| std::fs::write(d.join("data/arms.csv"), "").unwrap());
    assert!(err.contains("error: cannot read data: the file is empty"), "{err}");
    assert!(err.contains("--> data/arms.csv:1"), "{err}");
    let err = fails_after(|d| std::fs::write(d.join("data/arms.csv"), "state,units,source\n").unwrap());
    assert!(err.contains("error: cannot use dataset: it has a header but no rows"), "{err}");
}

#[test]
fn negative_count_where_min_is_zero() {
    let err = fails_after(|d| edit(&d.join("data/arms.csv"), "2039", "-2039"));
    assert!(err.contains("error: -2039 in column `units` is below its minimum 0"), "{err}");
    assert!(err.contains("--> data/arms.csv:3:10"), "{err}");
    assert!(err.contains("3 | Guerrero,-2039,report-a"), "{err}");
}

#[test]
fn row_without_source() {
    let err = fails_after(|d| edit(&d.join("data/arms.csv"), "1199,report-b", "1199,"));
    assert!(err.contains("error: row has no source"), "{err}");
    assert!(err.contains("--> data/arms.csv:4:15"), "{err}");
}

#[test]
fn missing_value_is_not_drawn_as_zero() {
    let (_t, dir) = fixture("basic");
    edit(&dir.join("data/arms.csv"), "2039", "");
    let run = cifras(&dir, &["build", "--only", "bar"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(dir.join("out/report/en/bar.svg")).unwrap();
    assert!(svg.contains(">no data</text>"), "a missing value is flagged");
    assert_eq!(svg.matches("<rect").count(), 1 + 2, "background + two bars, no zero-length bar");
}

#[test]
fn one_failing_chart_does_not_stop_the_others() {
    let (_t, dir) = fixture("basic");
    edit(&dir.join("charts/bar.toml"), "x = \"units\"", "x = \"nope\"");
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("built 6 chart(s)") && run.stdout.contains("1 chart(s) failed"),
        "{}",
        run.stdout
    );
    assert!(dir.join("out/report/en/line.svg").is_file());
}

#[test]
fn all_errors_are_reported_at_once() {
    let (_t, dir) = fixture("basic");
    edit(&dir.join("charts/bar.toml"), "title =", "titel =");
    edit(&dir.join("charts/line.toml"), "kind = \"line\"", "kind = \"lines\"");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("charts/bar.toml:7:1") && run.stderr.contains("charts/line.toml:1:8"),
        "{}",
        run.stderr
    );
}

#[test]
fn data_file_outside_the_project_is_refused() {
    let err = fails_after(|d| {
        let p = d.join("data/arms.toml");
        let s = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("file = \"../../etc/passwd\"\n{s}")).unwrap();
    });
    assert!(err.contains("cannot read `../../etc/passwd`: it is outside data/"), "{err}");
    assert!(err.contains("--> data/arms.toml:1:8"), "{err}");
}

#[test]
fn not_a_project() {
    let tmp = tempfile::tempdir().unwrap();
    let run = cifras(tmp.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("cannot find a cifras project here"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_without_an_encoding() {
    let err = fails_after(|d| {
        std::fs::write(d.join("data/arms.csv"), b"state,units,source\nMichoac\xe1n,12,report-a\n").unwrap()
    });
    assert!(err.contains("error: cannot read data: the file is not valid UTF-8"), "{err}");
    assert!(err.contains("--> data/arms.csv:2:8"), "{err}");
    assert!(err.contains("encoding = \"latin1\""), "{err}");
    let err = fails_after(|d| {
        std::fs::write(d.join("charts/bar.toml"), b"kind = \"bar\"\ntitle = \"Armas pe\xf1as\"\n").unwrap()
    });
    assert!(err.contains("error: cannot read spec: it is not valid UTF-8"), "{err}");
    assert!(err.contains("--> charts/bar.toml:2:18"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_project_is_refused() {
    let err = fails_after(|d| {
        std::fs::remove_file(d.join("data/trade.csv")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", d.join("data/trade.csv")).unwrap();
    });
    assert!(
        err.contains("error: cannot read `trade.csv`: it is outside the project's data/ folder"),
        "{err}"
    );
}

#[test]
fn a_spec_of_100_mb_is_refused_without_reading_it() {
    let err = fails_after(|d| {
        let mut s = String::from("kind = \"bar\"\n");
        s.push_str(&"# padding\n".repeat(10 * 1024 * 1024));
        std::fs::write(d.join("charts/bar.toml"), s).unwrap();
    });
    assert!(
        err.contains("error: cannot read spec: file is 104857613 bytes, more than the 4 MiB a spec may have"),
        "{err}"
    );
}

#[test]
fn a_10_mb_line_is_refused_not_measured() {
    let err = fails_after(|d| {
        let long = "x".repeat(10 * 1024 * 1024);
        std::fs::write(
            d.join("data/arms.csv"),
            format!("state,units,source\n{long},12,report-a\nGuerrero,3,report-a\n"),
        )
        .unwrap();
    });
    assert!(
        err.contains("error: a value of column `state` is 10485760 characters long, too long to draw"),
        "{err}"
    );
    assert!(err.contains("--> data/arms.csv:2"), "{err}");
    // The quoted line is cut, not printed whole.
    assert!(err.len() < 5_000, "{} bytes of message", err.len());
}

#[test]
fn ten_thousand_categories_get_a_clear_refusal() {
    let err = fails_after(|d| {
        let mut s = String::from("state,units,source\n");
        for i in 0..10_000 {
            s.push_str(&format!("State {i},{i},report-a\n"));
        }
        std::fs::write(d.join("data/arms.csv"), s).unwrap();
    });
    assert!(
        err.contains("error: the chart would draw 10000 labelled rows; no reader can read more than 400"),
        "{err}"
    );
    assert!(err.contains("--> charts/column.toml:2:8"), "{err}");
}
