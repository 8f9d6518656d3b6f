//! Writes and deletes only inside `out/`, reads only inside the project, as attacked by a
//! hostile report repository: a manifest naming files elsewhere, names that are paths,
//! `--out` over the inputs, links out of the project or out of `out/`, FIFOs and folders
//! where files belong. Each case checks the exit code, the message, that a canary file
//! beside the project is untouched, and that the last good outputs are intact. Every run
//! has a time limit, since the bugs these guard against hang.

use crate::common::{edit, files, fixture};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: i32,
    stderr: String,
}

/// Runs cifras in `dir`, killed (and the test failed) after 20 s: a FIFO opened by
/// mistake blocks forever.
fn cifras(dir: &Path, args: &[&str]) -> Run {
    let logs = tempfile::tempdir().unwrap();
    let (out, err) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_cifras"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .expect("run cifras");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("cifras {args:?} still running after 20 s; stderr:\n{}", read(&err));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run { code: status.code().unwrap_or(-1), stderr: read(&err) }
}

fn read(p: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned()
}

/// The basic fixture, built, with a canary file beside it (outside the project).
fn built() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (t, dir) = fixture("basic");
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let canary = t.path().join("canary.txt");
    std::fs::write(&canary, "SECRET_TOKEN=hunter2\n").unwrap();
    (t, dir, canary)
}

fn canary_intact(canary: &Path) {
    assert_eq!(std::fs::read(canary).unwrap(), b"SECRET_TOKEN=hunter2\n", "the canary beside the project");
}

fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo").success();
    assert!(ok, "mkfifo {}", path.display());
}

fn has(run: &Run, want: &str) {
    assert!(run.stderr.contains(want), "missing {want:?} in:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// Changes the manifest's JSON with `change`.
fn edit_manifest(dir: &Path, change: impl FnOnce(&mut serde_json::Value)) {
    let path = dir.join("out/manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    change(&mut m);
    std::fs::write(&path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
}

#[test]
fn a_manifest_output_outside_out_is_never_removed() {
    for absolute in [false, true] {
        let (_t, dir, canary) = built();
        let before = files(&dir.join("out"));
        // `out/../../canary.txt` is the canary; so is its absolute path.
        let named = if absolute { canary.display().to_string() } else { "../../canary.txt".to_string() };
        // `--only` too: a deleted chart's outputs are removed whatever the selection.
        for args in [&["build", "--only", "bar"][..], &["build"]] {
            edit_manifest(&dir, |m| {
                let outputs = m["outputs"].as_object_mut().unwrap();
                let mut e = outputs["report/en/bar.svg"].clone();
                e["chart"] = "deleted".into();
                outputs.insert(named.clone(), e);
            });
            let run = cifras(&dir, args);
            assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
            has(
                &run,
                &format!("warning: cannot trust the manifest: output `{named}` is outside the output folder"),
            );
            has(&run, "--> out/manifest.json:");
            canary_intact(&canary);
        }
        // The manifest was rebuilt as cifras writes it: every byte as after the first build.
        assert_eq!(files(&dir.join("out")), before, "absolute: {absolute}");
        let run = cifras(&dir, &["build"]);
        assert!(run.code == 0 && !run.stderr.contains("warning"), "{}", run.stderr);
    }
}

#[test]
fn manifest_inputs_outside_the_project_are_never_read() {
    // Relative to the project: `../` is the folder that holds it and the canary.
    for input in ["/dev/zero", "../outside.fifo", "../canary.txt"] {
        let (t, dir, canary) = built();
        // Read, it would block the build: the test's time limit would say so.
        mkfifo(&t.path().join("outside.fifo"));
        let before = files(&dir.join("out"));
        edit_manifest(&dir, |m| {
            for e in m["outputs"].as_object_mut().unwrap().values_mut() {
                e["inputs"].as_object_mut().unwrap().insert(input.into(), "0".repeat(64).into());
            }
        });
        let want = format!("warning: cannot trust the manifest: input `{input}` is outside the project");
        let run = cifras(&dir, &["build", "--check"]);
        assert_eq!(run.code, 1, "every output is stale once the manifest is untrusted: {}", run.stderr);
        has(&run, &want);
        let run = cifras(&dir, &["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        has(&run, &want);
        canary_intact(&canary);
        // Not hashed, not recorded: the manifest and the hash record are as before.
        assert_eq!(files(&dir.join("out")), before, "{input}");
        let hashes = std::fs::read_to_string(dir.join("out/.cifras.hashes")).unwrap_or_default();
        assert!(!hashes.contains("outside") && !hashes.contains("canary") && !hashes.contains("/dev"));
    }
}

#[test]
fn preset_and_language_names_are_plain_names() {
    let (t, dir, canary) = built();
    let before = files(&dir.join("out"));
    std::fs::write(dir.join("charts/theme.toml"), "[preset.\"../../x\"]\nwidth = 400\npng_scale = 2\n")
        .unwrap();
    edit(&dir.join("cifras.toml"), "presets = [\"report\"]", "presets = [\"report\", \"../../x\"]");
    for cmd in ["build", "check"] {
        let run = cifras(&dir, &[cmd]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        has(&run, "error: cannot use `../../x` as a preset name");
        has(&run, "--> cifras.toml:2:22");
        has(&run, "--> charts/theme.toml:1:9");
        has(&run, "help: a name is letters, digits, `-` and `_` only");
    }
    edit(&dir.join("cifras.toml"), "languages = [\"en\"]", "languages = [\"en\", \"../es\"]");
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    has(&run, "error: cannot use `../es` as a language name");
    has(&run, "--> cifras.toml:1:20");
    canary_intact(&canary);
    assert!(!t.path().join("x").exists(), "nothing written beside the project");
    assert_eq!(files(&dir.join("out")), before);
}

#[test]
fn out_flag_gets_the_checks_of_out_in_cifras_toml() {
    let (t, dir, canary) = built();
    // A chart named as a dataset: its rows CSV is `data/arms.csv` inside the output folder.
    std::fs::copy(dir.join("charts/bar.toml"), dir.join("charts/arms.toml")).unwrap();
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let before = files(&dir.join("out"));
    let data = std::fs::read(dir.join("data/arms.csv")).unwrap();
    let elsewhere = t.path().join("elsewhere");
    let absolute = elsewhere.display().to_string();
    let cases = [
        (".", "error: cannot write outputs into `.`: it holds the project's inputs"),
        ("./data", "error: cannot write outputs into `./data`: it holds the project's inputs"),
        ("charts", "error: cannot write outputs into `charts`: it holds the project's inputs"),
        ("../elsewhere", "error: cannot write outside the project (`--out ../elsewhere`)"),
        (absolute.as_str(), "error: cannot write outside the project (`--out /"),
    ];
    for (out, want) in cases {
        for args in [&["build", "--out", out][..], &["build", "--out", out, "--check"]] {
            let run = cifras(&dir, args);
            assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
            has(&run, want);
            has(&run, "--> command line");
            has(&run, "help: use a folder");
        }
    }
    // Deleting the chart must not delete the dataset either.
    std::fs::remove_file(dir.join("charts/arms.toml")).unwrap();
    assert_eq!(cifras(&dir, &["build", "--out", "."]).code, 1);
    assert_eq!(std::fs::read(dir.join("data/arms.csv")).unwrap(), data, "the dataset is intact");
    assert!(!elsewhere.exists(), "nothing written beside the project");
    canary_intact(&canary);
    assert_eq!(files(&dir.join("out")), before);
}

#[test]
fn specs_linked_outside_the_project_are_refused_without_quoting_them() {
    let cases = [
        ("charts/leak.toml", "error: cannot read `charts/leak.toml`: it resolves outside the project"),
        ("data/leak.toml", "error: cannot read `data/leak.toml`: it resolves outside the project"),
        ("charts/theme.toml", "error: cannot read `charts/theme.toml`: it resolves outside the project"),
        ("data/sources.toml", "error: cannot read `data/sources.toml`: it resolves outside the project"),
        ("cifras.toml", "error: cannot read `cifras.toml`: it resolves outside the project"),
        ("data/arms.csv", "error: cannot read `arms.csv`: it is outside the project's data/ folder"),
    ];
    refused(&cases, |file, canary| {
        let _ = std::fs::remove_file(file);
        symlink(canary, file).unwrap();
    });
}

/// For each `(file, message)` of `cases`: the built fixture with something else `put` at
/// `file` (given its path and the canary's). `build` and `check` exit 1 with the message,
/// `build --check` (hashes only) with 1; none quotes the canary, which stays as it was, and
/// so do the outputs.
fn refused(cases: &[(&str, &str)], put: impl Fn(&Path, &Path)) {
    for (file, want) in cases {
        let (_t, dir, canary) = built();
        let before = files(&dir.join("out"));
        put(&dir.join(file), &canary);
        for args in [&["build"][..], &["check"], &["build", "--check"]] {
            let run = cifras(&dir, args);
            assert_eq!(run.code, 1, "{file} {args:?}: {}", run.stderr);
            if args != ["build", "--check"] {
                has(&run, want);
            }
            assert!(!run.stderr.contains("hunter2") && !run.stderr.contains("SECRET"), "{}", run.stderr);
        }
        canary_intact(&canary);
        assert_eq!(files(&dir.join("out")), before, "{file}");
    }
}

#[test]
fn a_linked_folder_inside_out_is_neither_written_into_nor_deleted_through() {
    // `out/report` (every report-preset output) moved beside the project, linked back.
    let (t, dir, canary) = built();
    let elsewhere = t.path().join("elsewhere");
    std::fs::rename(dir.join("out/report"), &elsewhere).unwrap();
    symlink(&elsewhere, dir.join("out/report")).unwrap();
    let theirs = files(&elsewhere);
    // A changed chart would be written into the link, a deleted one removed through it.
    edit(&dir.join("charts/bar.toml"), "title = \"Arms by state\"", "title = \"Arms\"");
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    has(&run, "cannot write or remove output `report/en/");
    has(&run, "(`out/report` is a symbolic link, not a folder)");
    assert_eq!(files(&elsewhere), theirs, "nothing written through the link");
    edit(&dir.join("charts/bar.toml"), "title = \"Arms\"", "title = \"Arms by state\"");
    std::fs::remove_file(dir.join("charts/line.toml")).unwrap();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    has(&run, "(`out/report` is a symbolic link, not a folder)");
    assert_eq!(files(&elsewhere), theirs, "nothing removed through the link");
    assert!(elsewhere.join("en/line.svg").is_file());
    canary_intact(&canary);
}

#[test]
fn an_output_folder_that_is_a_link_is_refused() {
    let (t, dir, canary) = built();
    let elsewhere = t.path().join("elsewhere");
    std::fs::rename(dir.join("out"), &elsewhere).unwrap();
    symlink(&elsewhere, dir.join("out")).unwrap();
    let theirs = files(&elsewhere);
    std::fs::remove_file(dir.join("charts/line.toml")).unwrap();
    for args in [&["build"][..], &["build", "--force"], &["build", "--check"]] {
        let run = cifras(&dir, args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        has(&run, "error: cannot write outputs into `out`: it is a symbolic link");
    }
    assert_eq!(files(&elsewhere), theirs, "nothing written, removed or locked through the link");
    canary_intact(&canary);
}

#[test]
fn a_fifo_or_folder_for_an_input_is_an_error_at_once() {
    let cases = [
        ("data/arms.csv", "error: cannot read data file `data/arms.csv`: it is a FIFO, not a file"),
        ("data/arms.toml", "error: cannot read `data/arms.toml`: it is a FIFO, not a file"),
        ("charts/bar.toml", "error: cannot read `charts/bar.toml`: it is a FIFO, not a file"),
        ("charts/theme.toml", "error: cannot read `charts/theme.toml`: it is a FIFO, not a file"),
        ("data/sources.toml", "error: cannot read `data/sources.toml`: it is a FIFO, not a file"),
        ("cifras.toml", "error: cannot read `cifras.toml`: it is a FIFO, not a file"),
    ];
    refused(&cases, |file, _| mkfifo(file));
    // A folder where a file is expected.
    let (_t, dir, _) = built();
    std::fs::remove_file(dir.join("data/arms.csv")).unwrap();
    std::fs::create_dir(dir.join("data/arms.csv")).unwrap();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    has(&run, "error: cannot read data file `data/arms.csv`: it is a folder, not a file");
    std::fs::create_dir(dir.join("charts/dir.toml")).unwrap();
    let run = cifras(&dir, &["check"]);
    has(&run, "error: cannot read `charts/dir.toml`: it is a folder, not a file");
}

#[test]
fn a_fifo_at_an_output_path_is_an_error_at_once() {
    let cases = [
        (
            "report/en/bar.svg",
            "error: cannot write or remove output `report/en/bar.svg` (`out/report/en/bar.svg` is a FIFO, not a file)",
        ),
        ("manifest.json", "manifest.json (it is a FIFO, not a file)"),
        (".cifras.lock", "error: cannot lock the output folder (`.cifras.lock` is a FIFO, not a file)"),
    ];
    for (file, want) in cases {
        let (_t, dir, canary) = built();
        let mut before = files(&dir.join("out"));
        before.retain(|(p, _)| p != Path::new(file));
        mkfifo(&dir.join("out").join(file));
        let run = cifras(&dir, &["build"]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        has(&run, want);
        if file == "manifest.json" {
            has(&run, "warning: cannot trust the manifest: it is a FIFO, not a file");
        }
        std::fs::remove_file(dir.join("out").join(file)).unwrap();
        canary_intact(&canary);
        assert_eq!(files(&dir.join("out")), before, "{file}: the other outputs are intact");
    }
    // A file where a folder of outputs belongs: left as it is.
    let (_t, dir, canary) = built();
    std::fs::remove_dir_all(dir.join("out/report")).unwrap();
    std::fs::write(dir.join("out/report"), "mine").unwrap();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    has(&run, "(`out/report` is a file, not a folder)");
    assert_eq!(std::fs::read(dir.join("out/report")).unwrap(), b"mine");
    canary_intact(&canary);
}

#[test]
fn a_data_or_charts_folder_linked_out_of_the_project_is_refused() {
    for folder in ["data", "charts"] {
        let (t, dir, canary) = built();
        let before = files(&dir.join("out"));
        let elsewhere = t.path().join("elsewhere");
        std::fs::rename(dir.join(folder), &elsewhere).unwrap();
        symlink(&elsewhere, dir.join(folder)).unwrap();
        let theirs = files(&elsewhere);
        for cmd in ["build", "check"] {
            let run = cifras(&dir, &[cmd]);
            assert_eq!(run.code, 1, "{folder} ({cmd}): {}", run.stderr);
            has(&run, &format!("error: cannot read `{folder}/"));
            has(&run, "it resolves outside the project");
        }
        assert_eq!(files(&elsewhere), theirs, "{folder}: nothing changed in the linked folder");
        canary_intact(&canary);
        assert_eq!(files(&dir.join("out")), before, "{folder}");
    }
}
