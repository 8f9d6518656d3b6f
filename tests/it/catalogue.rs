//! The error catalogue: each folder of `tests/errors/` overlays the `basic` fixture with the
//! files that break it, and `expect.toml` says what `cifras` must answer. For every case:
//! a good build first, then the broken one must exit with the code, print every expected
//! line, never panic, and leave the good build's outputs byte for byte as they were.

use crate::common::{cifras, copy_dir, files, fixture, root};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default = "one")]
    code: i32,
    stderr: Vec<String>,
}

fn one() -> i32 {
    1
}

#[test]
fn every_catalogued_bad_input_gets_its_message() {
    let dir = root().join("tests/errors");
    let mut cases: Vec<_> =
        std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 40, "the catalogue has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expect: Expect =
            toml::from_str(&std::fs::read_to_string(case.join("expect.toml")).unwrap()).unwrap();
        let (_t, project) = fixture("basic");
        assert_eq!(cifras(&project, &["build"]).code, 0, "{name}: the base builds");
        let before = files(&project.join("out"));
        copy_dir(case, &project);
        std::fs::remove_file(project.join("expect.toml")).unwrap();
        for cmd in ["build", "check"] {
            let run = cifras(&project, &[cmd]);
            let mut problems = Vec::new();
            if run.code != expect.code {
                problems.push(format!("exit {} (want {})", run.code, expect.code));
            }
            if run.stderr.contains("panicked") {
                problems.push("panicked".into());
            }
            for want in &expect.stderr {
                if !run.stderr.contains(want.as_str()) {
                    problems.push(format!("missing {want:?}"));
                }
            }
            if !problems.is_empty() {
                failures.push(format!("{name} ({cmd}): {}\n{}", problems.join("; "), run.stderr));
            }
        }
        assert_eq!(files(&project.join("out")), before, "{name}: the last good outputs are intact");
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}
