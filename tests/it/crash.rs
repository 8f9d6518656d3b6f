//! A build killed part-way (SIGKILL) leaves only whole files, deletes no previous good
//! output, and the next build cleans up and completes.

use crate::common::{cifras, edit, files, fixture};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// Every output under `out` is whole: SVGs parse, PNGs decode, CSVs end with a newline.
fn assert_whole(out: &Path) {
    for (p, bytes) in files(out) {
        let name = p.to_string_lossy().into_owned();
        if name.contains(".cifras-") || name.ends_with(".lock") {
            continue;
        }
        assert!(!bytes.is_empty(), "{name} is empty");
        match p.extension().and_then(|e| e.to_str()) {
            Some("svg") => {
                let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{name} is not UTF-8"));
                roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name} is truncated: {e}"));
            }
            Some("png") => {
                let mut r = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().expect("PNG header");
                let mut buf = vec![0; r.output_buffer_size()];
                r.next_frame(&mut buf).unwrap_or_else(|e| panic!("{name} is truncated: {e}"));
            }
            Some("csv") | Some("html") => assert!(bytes.ends_with(b"\n"), "{name} is truncated"),
            Some("pdf") => assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"), "{name} is truncated"),
            Some("json") => {
                serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            _ => panic!("unexpected file {name}"),
        }
    }
}

#[test]
fn a_build_killed_part_way_leaves_only_whole_files() {
    let (_t, dir) = fixture("basic");
    // Many charts, so the kill lands in the middle of the build.
    let bar = std::fs::read_to_string(dir.join("charts/bar.toml")).unwrap();
    let line = std::fs::read_to_string(dir.join("charts/line.toml")).unwrap();
    for i in 0..40 {
        std::fs::write(dir.join(format!("charts/bar-{i:02}.toml")), &bar).unwrap();
        std::fs::write(dir.join(format!("charts/line-{i:02}.toml")), &line).unwrap();
    }
    let run = cifras(&dir, &["build", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before: Vec<_> = files(&dir.join("out")).into_iter().map(|(p, _)| p).collect();
    assert_eq!(before.iter().filter(|p| p.extension().is_some_and(|e| e == "png")).count(), 87);

    // Every chart changes; kill the build once it has written its first chart.
    edit(&dir.join("data/arms.csv"), "Guerrero,2039", "Guerrero,2539");
    edit(&dir.join("data/series.csv"), "2012,North,30", "2012,North,35");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cifras"))
        .args(["build", "--jobs", "2"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a progress line").unwrap();
    assert!(first.starts_with("built "), "{first}");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    assert_whole(&dir.join("out"));
    let after: Vec<_> = files(&dir.join("out"))
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| !p.to_string_lossy().contains(".cifras-"))
        .collect();
    assert_eq!(before, after, "no output was deleted");
    let check = cifras(&dir, &["build", "--check"]);
    assert_eq!(check.code, 1, "the kill interrupted the build: some outputs are still stale");

    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_whole(&dir.join("out"));
    assert!(!files(&dir.join("out")).iter().any(|(p, _)| p.to_string_lossy().contains(".cifras-")));
    assert_eq!(cifras(&dir, &["build", "--check"]).code, 0);
    assert!(std::fs::read_to_string(dir.join("out/data/bar-07.csv")).unwrap().contains("Guerrero,2539"));
}

#[test]
fn twenty_kills_at_random_moments_never_cost_a_whole_file() {
    let (_t, dir) = fixture("basic");
    let bar = std::fs::read_to_string(dir.join("charts/bar.toml")).unwrap();
    for i in 0..30 {
        std::fs::write(dir.join(format!("charts/bar-{i:02}.toml")), &bar).unwrap();
    }
    std::fs::write(dir.join("cifras.toml"), "formats = [\"svg\", \"png\", \"pdf\"]\n").unwrap();
    let run = cifras(&dir, &["build", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let full = std::time::Instant::now();
    assert_eq!(cifras(&dir, &["build", "-q", "--force"]).code, 0);
    let span = full.elapsed().as_millis().max(50) as u64;
    // A fixed linear congruential sequence: random moments, the same on every run.
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % span
    };
    for kill in 0..20 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cifras"))
            .args(["build", "-q", "--force"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(next()));
        child.kill().unwrap(); // SIGKILL, wherever the build is
        child.wait().unwrap();
        assert_whole(&dir.join("out"));
        for (p, bytes) in files(&dir.join("out")) {
            if p.extension().is_some_and(|e| e == "pdf") {
                assert!(
                    bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF"),
                    "kill {kill}: {p:?}"
                );
            }
        }
    }
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_whole(&dir.join("out"));
    assert!(!files(&dir.join("out")).iter().any(|(p, _)| p.to_string_lossy().contains(".cifras-")));
    assert_eq!(cifras(&dir, &["build", "--check"]).code, 0, "the next build repaired everything");
}
