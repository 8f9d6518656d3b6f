//! Every record accounted for, on both reading paths: a generated corpus of malformed files
//! (short and long rows at the start, middle and end; quoted line breaks and bare CRs in the
//! last row; blank lines; notes; files below and above 8 MB) read exactly and through
//! Polars must give the same rows or the same error, and rows + skipped lines = lines.

use crate::common::{cifras, fixture, one_dataset};
use cifras::data;
use cifras::spec;
use std::path::Path;

const SOURCES: &str = "[src]\ntitle = \"A source\"\nauthor = \"X\"\n";

/// A project with dataset `x` holding `csv`, read with `fast` (None: by size).
fn project(dir: &Path, csv: &[u8], fast: Option<bool>) {
    let read = fast.map_or(String::new(), |f| format!("[read]\nfast = {f}\n"));
    one_dataset(dir, csv, &format!("title = \"X\"\n{read}"), SOURCES);
}

/// The rows (as debug text) or the errors (as printed) of dataset `x`, and its census.
fn read(csv: &[u8], fast: Option<bool>) -> (Result<String, String>, Option<data::Census>) {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), csv, fast);
    let p = spec::load(t.path()).expect("project loads");
    match data::load(&p, "x") {
        Ok(f) => {
            let rows =
                data::table(&f, &[]).map(|t| format!("{:?}", t.rows.len()) + &format!("{:?}", t.columns));
            (rows.map_err(|d| format!("{d:?}")), Some(f.census))
        }
        Err(d) => {
            let d: Vec<String> = d.into_iter().map(|d| d.relative_to(t.path()).to_string()).collect();
            (Err(d.join("\n")), None)
        }
    }
}

fn both(csv: &str) -> (Result<String, String>, Option<data::Census>) {
    let (exact, census) = read(csv.as_bytes(), Some(false));
    let (fast, fast_census) = read(csv.as_bytes(), Some(true));
    assert_eq!(exact, fast, "both paths agree on {csv:?}");
    assert_eq!(census, fast_census, "both paths count the lines of {csv:?} alike");
    if let Some(c) = &census {
        assert!(c.balanced(), "rows + skipped = lines for {csv:?}: {c:?}");
        // Lines as the file has them: an old Mac CR ends one too.
        assert_eq!(c.lines, csv.replace("\r\n", "\n").replace('\r', "\n").lines().count(), "{csv:?}");
    }
    (exact, census)
}

const HEAD: &str = "name,value,source\n";

#[test]
fn short_rows_at_the_end_are_errors_not_a_footer() {
    let (r, _) = both(&format!("{HEAD}A,10,src\nB,20,src\nC,30\nD,40\n"));
    let e = r.unwrap_err();
    assert!(
        e.starts_with("error: row has 2 fields but the header has 3 (1 more row(s) after it too)"),
        "{e}"
    );
    assert!(e.contains("x.csv:4:5"), "{e}");
}

#[test]
fn malformed_rows_anywhere_are_errors_on_both_paths() {
    let cases = [
        (format!("{HEAD}A,10\nB,20,src\nC,30,src\n"), 2, "row has 2 fields but the header has 3"),
        (format!("{HEAD}A,10,src,extra\nB,20,src\n"), 2, "row has 4 fields but the header has 3"),
        (format!("{HEAD}A,10,src\nB,20\nC,30,src\n"), 3, "row has 2 fields but the header has 3"),
        (format!("{HEAD}A,10,src\nB,20,src,x\nC,30,src\n"), 3, "row has 4 fields but the header has 3"),
        (format!("{HEAD}A,10,src\nB,20,src,x\n"), 3, "row has 4 fields but the header has 3"),
        (format!("{HEAD}A,10,src\nB,20\n"), 3, "row has 2 fields but the header has 3"),
        (format!("{HEAD}A,10,src\nNota: x,1\n"), 3, "row has 2 fields but the header has 3"),
        (format!("{HEAD}A,10,src\nB,\"20,src\n"), 3, "a quoted field opens here and never closes"),
    ];
    for (csv, line, msg) in cases {
        let e = both(&csv).0.unwrap_err();
        assert!(e.starts_with(&format!("error: {msg}")), "{csv:?}: {e}");
        assert!(e.contains(&format!("x.csv:{line}:")), "{csv:?}: {e}");
    }
}

#[test]
fn the_last_row_keeps_its_quoted_line_break_and_bare_cr() {
    let (r, c) = both(&format!("{HEAD}A,10,src\nB,20,\"src\"\nC,30,\"s\nrc\"\n"));
    // The cell is read whole (an unknown source `s\nrc` then), never cut to `s`.
    let e = r.unwrap_err();
    assert!(e.contains("unknown source `s\\nrc`") || e.contains("unknown source `s"), "{e}");
    assert!(c.is_none());
    // A line break in a cell is kept (the column is then text, never a number 20).
    let (r, c) = both(&format!("{HEAD}A,10,src\nB,\"2\n0\",src\n"));
    assert!(r.unwrap().contains(r#""2\n0""#));
    assert_eq!(c.map(|c| (c.rows, c.row_lines, c.lines)), Some((2, 3, 4)));
    let (r, c) = both(&format!("{HEAD}A,10,src\nB,20,\"src\"\rC,30,src\r"));
    assert!(r.unwrap().starts_with('3'), "a bare CR ends a line");
    assert_eq!(c.unwrap().rows, 3);
    let (r, c) = both(&format!("{HEAD}A,10,src\nB,20,\"my\nsrc\"\n"));
    assert!(r.is_err());
    assert!(c.is_none());
}

#[test]
fn notes_and_blank_lines_are_skipped_and_counted() {
    let csv = format!(
        "Informe\nCorte: 2024\n\n{HEAD}A,10,src\n\nB,20,src\n,,\n\n\"FUENTE: INEGI, 2020.\"\nNota:,,\n"
    );
    let (r, c) = both(&csv);
    assert!(r.unwrap().starts_with('2'));
    let c = c.unwrap();
    assert_eq!(
        (c.preamble, c.header_line, c.rows, c.blank_inside, c.blank_after, c.footer),
        (3, 4, 2, 1, 2, 2)
    );
    // A last row with missing values is a row, not a note.
    let (r, c) = both(&format!("{HEAD}A,10,src\nZacatecas,,src\n"));
    assert!(r.unwrap().starts_with('2'));
    assert_eq!(c.unwrap().footer, 0);
}

/// A file above 8 MB takes the Polars path unless told otherwise; the exact path must agree.
fn large(extra_at: Option<usize>, short_at: Option<usize>, footer: bool) -> String {
    let mut s = String::from(HEAD);
    let mut i = 0;
    while s.len() < (9 << 20) {
        if Some(i) == extra_at {
            s.push_str(&format!("n{i},{i},src,oops\n"));
        } else if Some(i) == short_at {
            s.push_str(&format!("n{i},{i}\n"));
        } else {
            s.push_str(&format!("n{i},{},src\n", i % 1000));
        }
        i += 1;
    }
    if footer {
        s.push_str("\nFuente: A source\n");
    }
    s
}

#[test]
fn large_files_read_by_polars_account_for_every_row() {
    for (extra, short, footer) in
        [(Some(200_000), None, false), (None, Some(300_000), true), (None, None, true)]
    {
        let csv = large(extra, short, footer);
        let (by_size, c_size) = read(csv.as_bytes(), None);
        let (exact, c_exact) = read(csv.as_bytes(), Some(false));
        assert_eq!(by_size, exact, "extra {extra:?} short {short:?} footer {footer}");
        assert_eq!(c_size, c_exact);
        match (extra.or(short), by_size) {
            (Some(i), Err(e)) => {
                let fields = if extra.is_some() { 4 } else { 2 };
                assert!(
                    e.starts_with(&format!("error: row has {fields} fields but the header has 3")),
                    "{e}"
                );
                assert!(e.contains(&format!("x.csv:{}:", i + 2)), "{e}");
            }
            (None, Ok(_)) => {
                let c = c_size.unwrap();
                assert!(c.balanced());
                assert_eq!((c.footer, c.blank_after, c.rows + 3), (1, 1, csv.lines().count()));
            }
            (want, got) => panic!("want an error at {want:?}, got {got:?}"),
        }
    }
}

/// The errors of dataset `x` read from `csv` by size: each message, hint and line.
fn errors(csv: &str) -> Vec<(String, Option<String>, usize)> {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), csv.as_bytes(), None);
    let p = spec::load(t.path()).expect("project loads");
    let d = data::load(&p, "x").err().expect("unknown sources are errors");
    d.iter().map(|d| (d.message.clone(), d.hint.as_deref().map(str::to_string), d.location.line)).collect()
}

/// One provenance checker for both paths: an unknown source id gets the same message and
/// hint (did you mean, or where sources are defined) in a small file, read exactly, and in
/// one past 8 MB, read by Polars.
#[test]
fn unknown_sources_are_told_alike_below_and_above_8_mb() {
    let with_bad = |csv: String| {
        csv.replacen("n100,100,src\n", "n100,100,srcc\n", 1).replacen("n2000,0,src\n", "n2000,0,nowhere\n", 1)
    };
    let small = with_bad(large(None, None, false)[..60_000].rsplit_once('\n').unwrap().0.to_string() + "\n");
    let big = with_bad(large(None, None, false));
    assert!(small.len() < 1 << 20 && big.len() > 8 << 20);
    let (small, big) = (errors(&small), errors(&big));
    let want = [
        (
            "unknown source `srcc`".to_string(),
            Some("did you mean `src`? Sources are the [tables] of data/sources.toml".to_string()),
            102,
        ),
        (
            "unknown source `nowhere`".to_string(),
            Some("add it to data/sources.toml as a [table] with title and author, or fix the id".to_string()),
            2002,
        ),
    ];
    assert_eq!(small, want);
    assert_eq!(big, want);
}

#[test]
fn verbose_build_and_stats_say_what_was_skipped() {
    let (_t, dir) = fixture("basic");
    let p = dir.join("data/arms.csv");
    let s = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, format!("Arms by state\n\n{s}\n\"Fuente: Report A\"\n")).unwrap();
    let run = cifras(&dir, &["build", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("data/arms.csv: 3 rows; skipped 2 preamble line(s), 1 blank line(s), 1 footer line(s); header on line 3"),
        "{}",
        run.stdout
    );
    let m = std::fs::read_to_string(dir.join("out/manifest.json")).unwrap();
    assert!(m.contains("\"datasets\""), "{m}");
    let stats = cifras(&dir, &["stats", "arms"]);
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    assert!(
        stats.stdout.contains("lines: 8 = 3 rows + 1 header + 2 preamble + 1 blank + 1 footer"),
        "{}",
        stats.stdout
    );
}
