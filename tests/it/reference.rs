//! Reference outputs: one small SVG per chart kind under `tests/ref/`, compared byte for
//! byte. `CIFRAS_BLESS=1 cargo test --release` rewrites them after a deliberate change;
//! review the diff before committing it. A mismatch names the first element that differs.

use crate::common::{cifras, fixture, root};
use std::path::Path;

/// (fixture, chart id, kind): one chart of every kind, from the two chart fixtures.
const CASES: &[(&str, &str, &str)] = &[
    ("basic", "bar", "bar"),
    ("basic", "column", "column"),
    ("grammar", "grouped", "grouped-bar"),
    ("grammar", "stacked", "stacked-bar"),
    ("grammar", "dot", "dot"),
    ("basic", "line", "line"),
    ("grammar", "area", "area"),
    ("basic", "slope", "slope"),
    ("grammar", "multiples", "small-multiples"),
    ("basic", "part", "part-of-whole"),
    ("basic", "timeline", "timeline"),
    ("basic", "stat", "stat"),
];

/// A small canvas, so the references stay a few kilobytes each.
const SETTINGS: &str = "languages = [\"en\"]\npresets = [\"ref\"]\nformats = [\"svg\"]\n";
const THEME: &str = "[preset.ref]\nwidth = 320\nheight = 200\npng_scale = 1\n";

/// The element (from one `<` to the next) where `a` and `b` first differ, numbered.
pub fn first_difference(a: &str, b: &str) -> Option<(usize, String, String)> {
    let split = |s: &str| s.split_inclusive('>').map(str::to_string).collect::<Vec<_>>();
    let (ea, eb) = (split(a), split(b));
    let n = ea.len().max(eb.len());
    (0..n).find(|&i| ea.get(i) != eb.get(i)).map(|i| {
        let get = |e: &[String]| e.get(i).cloned().unwrap_or_else(|| "(end of file)".into());
        (i + 1, get(&ea), get(&eb))
    })
}

fn build(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = fixture(name);
    std::fs::write(dir.join("cifras.toml"), SETTINGS).unwrap();
    let theme = dir.join("charts/theme.toml");
    assert!(!theme.exists(), "fixture {name} has a theme; merge THEME into it");
    std::fs::write(&theme, THEME).unwrap();
    let r = cifras(&dir, &["build"]);
    assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    (tmp, dir)
}

#[test]
fn every_kind_matches_its_reference_svg() {
    let bless = std::env::var_os("CIFRAS_BLESS").is_some_and(|v| v == "1");
    let refs = root().join("tests/ref");
    let mut built = std::collections::BTreeMap::new();
    let mut failures = Vec::new();
    for (fixture_name, id, kind) in CASES {
        let dir = &built.entry(*fixture_name).or_insert_with(|| build(fixture_name)).1;
        let spec = std::fs::read_to_string(dir.join("charts").join(format!("{id}.toml"))).unwrap();
        assert!(spec.contains(&format!("kind = \"{kind}\"")), "{fixture_name}/{id} is not a {kind} chart");
        let got = std::fs::read_to_string(dir.join("out/ref/en").join(format!("{id}.svg"))).unwrap();
        let path = refs.join(format!("{kind}.svg"));
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!("{} is missing: run CIFRAS_BLESS=1 cargo test --release", path.display())
        });
        if let Some((i, w, g)) = first_difference(&want, &got) {
            failures.push(format!("{kind} ({}): element {i} differs\n  want: {w}\n  got:  {g}", rel(&path)));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nif the change is meant, run CIFRAS_BLESS=1 cargo test --release and review the diff",
        failures.join("\n")
    );
}

#[test]
fn references_are_few_and_small() {
    let dir = root().join("tests/ref");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), CASES.len(), "one reference per case: {files:?}");
    for f in files {
        let size = std::fs::metadata(&f).unwrap().len();
        assert!(size < 24_000, "{} is {size} bytes", f.display());
    }
}

#[test]
fn a_mismatch_names_the_first_differing_element() {
    let a = "<svg><rect x=\"1\"/><text>a</text></svg>";
    let b = "<svg><rect x=\"2\"/><text>a</text></svg>";
    assert_eq!(first_difference(a, b), Some((2, "<rect x=\"1\"/>".into(), "<rect x=\"2\"/>".into())));
    assert_eq!(first_difference(a, a), None);
    assert_eq!(first_difference("<svg></svg>", "<svg>").map(|d| d.0), Some(2));
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}
