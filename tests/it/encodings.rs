//! `[read] encoding`: every WHATWG label, and `auto` on files that mix UTF-8 with stray
//! single-byte text or carry names mangled twice. Fixture bytes are written by the tests.

use crate::common::{cifras, fixture, root};
use cifras::data::{self, Values};
use cifras::spec;
use std::path::Path;

/// The states of `arms`, read from `csv` with `read` under `[read]`, on both paths.
fn states(dir: &Path, read: &str, csv: &[u8]) -> Vec<String> {
    std::fs::write(dir.join("data/arms.csv"), csv).unwrap();
    let sidecar =
        format!("title = \"Arms by state\"\n[columns]\nunits = {{ type = \"integer\" }}\n[read]\n{read}\n");
    let mut seen = Vec::new();
    for fast in ["false", "true"] {
        std::fs::write(dir.join("data/arms.toml"), format!("{sidecar}fast = {fast}\n")).unwrap();
        let p = spec::load(dir).unwrap_or_else(|d| panic!("{read}: {d:?}"));
        let f = data::load(&p, "arms").unwrap_or_else(|d| panic!("{read}: {}", d[0]));
        let t = data::table(&f, &[]).ok().unwrap();
        match &t.column("state").unwrap().values {
            Values::Text(v) => seen.push(v.iter().map(|s| s.clone().unwrap_or_default()).collect::<Vec<_>>()),
            Values::Number(_) => panic!("state is numeric"),
        }
    }
    assert_eq!(seen[0], seen[1], "{read}: the fast path reads the same");
    seen.remove(0)
}

const HEADER: &[u8] = b"state,units,source\n";

fn csv(rows: &[&[u8]]) -> Vec<u8> {
    let mut out = HEADER.to_vec();
    for (i, r) in rows.iter().enumerate() {
        out.extend_from_slice(r);
        out.extend_from_slice(format!(",{},report-a\n", i + 1).as_bytes());
    }
    out
}

#[test]
fn labels_as_the_readme_writes_them() {
    let (_t, dir) = fixture("basic");
    let utf8 = csv(&[b"Nuevo Le\xc3\xb3n", b"Quer\xc3\xa9taro"]);
    assert_eq!(states(&dir, "encoding = \"utf-8\"", &utf8), ["Nuevo León", "Querétaro"]);
    assert_eq!(states(&dir, "encoding = \"UTF8\"", &utf8), ["Nuevo León", "Querétaro"]);
    let latin1 = csv(&[b"Nuevo Le\xf3n", b"Quer\xe9taro", b"A\xf1o \x80"]);
    for label in ["windows-1252", "iso-8859-1", "latin1", "cp1252"] {
        let got = states(&dir, &format!("encoding = \"{label}\""), &latin1);
        assert_eq!(got, ["Nuevo León", "Querétaro", "Año €"], "{label}");
    }
    let mac = csv(&[b"Nuevo Le\x97n", b"Quer\x8etaro"]);
    for label in ["macroman", "macintosh", "mac"] {
        assert_eq!(
            states(&dir, &format!("encoding = \"{label}\""), &mac),
            ["Nuevo León", "Querétaro"],
            "{label}"
        );
    }
}

#[test]
fn every_encoding_the_readme_shows_is_accepted() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut labels = Vec::new();
    for line in readme.lines().filter(|l| l.trim_start().starts_with("encoding = ")) {
        let value = line.split('"').nth(1).unwrap();
        labels.push(value.to_string());
        // The comment lists the others: `# utf-8 (default) | latin1 | …`.
        if let Some(comment) = line.split('#').nth(1) {
            labels.extend(comment.split('|').map(|l| l.split_whitespace().next().unwrap_or("").to_string()));
        }
    }
    assert!(labels.len() >= 5, "{labels:?}");
    for l in labels {
        let toml = format!("encoding = \"{l}\"\n");
        assert!(toml::from_str::<spec::dataset::Read>(&toml).is_ok(), "README's `{l}` is refused");
    }
}

/// UTF-8 rows with stray MacRoman bytes (one row mixing both), a Latin-1-as-MacRoman name,
/// and names mangled twice: `auto` keeps the UTF-8, reads the stray bytes as MacRoman,
/// repairs the names, and `-v` says so.
#[test]
fn auto_reads_a_mixed_file_and_says_what_it_repaired() {
    let (_t, dir) = fixture("basic");
    let mixed = csv(&[
        b"Nuevo Le\xc3\xb3n",
        b"Michoac\x87n",
        b"Yucat\x87n y Le\xc3\xb3n",
        b"Jorge Mart\xc3\x95n",
        b"Jes\xc3\x8fs Le\xc3\x91n",
        b"M\xc3\x88xico",
        b"Quer\xc3\xa9taro",
        b"Veracruz",
    ]);
    let want = [
        "Nuevo León",
        "Michoacán",
        "Yucatán y León",
        "Jorge Martín",
        "Jesús León",
        "México",
        "Querétaro",
        "Veracruz",
    ];
    assert_eq!(states(&dir, "encoding = \"auto\"", &mixed), want);
    let run = cifras(&dir, &["build", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "data/arms.csv: 2 lines: 2 bytes read as MacRoman; 3 lines: 4 names repaired (mojibake)\n"
        ),
        "{}",
        run.stdout
    );
    // The manifest keeps what decoding repaired, beside the file's lines.
    let manifest = std::fs::read_to_string(dir.join("out/manifest.json")).unwrap();
    assert!(
        manifest.contains(
            "\"decoding\": \"2 lines: 2 bytes read as MacRoman; 3 lines: 4 names repaired (mojibake)\""
        ),
        "{manifest}"
    );
    // Strict UTF-8 refuses it, pointing at the first stray byte, and says what it looks like.
    std::fs::write(dir.join("data/arms.toml"), "title = \"Arms\"\n[read]\nencoding = \"utf-8\"\n").unwrap();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: cannot read data: the file is not valid UTF-8 (2 bytes on 2 lines are not)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> data/arms.csv:3:8"), "{}", run.stderr);
    assert!(
        run.stderr.contains("look like MacRoman (`Michoacán`): add encoding = \"auto\""),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_label_is_an_error_at_its_place() {
    let (_t, dir) = fixture("basic");
    std::fs::write(dir.join("data/arms.toml"), "title = \"Arms\"\n[read]\nencoding = \"utf-9\"\n").unwrap();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error: unknown value `utf-9`"), "{}", run.stderr);
    assert!(run.stderr.contains("--> data/arms.toml:3:12"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `utf-8`?"), "{}", run.stderr);
}
