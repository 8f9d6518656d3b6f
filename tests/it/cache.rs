//! The build cache: a no-op build touches nothing, an edit rebuilds exactly the outputs
//! that read the edited file, `build --check` names stale outputs, deleted charts' outputs
//! go, the manifest records inputs and hashes, temp files of a killed build are cleaned,
//! and a second build waits for the first.

use crate::common::{cifras, edit, files, fixture};
use std::path::Path;
use std::time::SystemTime;

/// Every file under `out` with its modification time and bytes.
fn snapshot(out: &Path) -> Vec<(std::path::PathBuf, SystemTime, Vec<u8>)> {
    files(out)
        .into_iter()
        .map(|(p, b)| (p.clone(), std::fs::metadata(out.join(&p)).unwrap().modified().unwrap(), b))
        .collect()
}

/// The chart outputs a `-v` build visited (written or compared), without manifest and gallery.
fn visited(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| {
            l.trim_start()
                .strip_prefix("new ")
                .or(l.trim_start().strip_prefix("changed "))
                .or(l.trim_start().strip_prefix("unchanged "))
        })
        .map(|p| p.trim().to_string())
        .filter(|p| !p.ends_with("manifest.json") && !p.ends_with("index.html"))
        .collect()
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("out/manifest.json")).unwrap()).unwrap()
}

#[test]
fn a_noop_build_rewrites_no_file() {
    let (_t, dir) = fixture("basic");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let before = snapshot(&dir.join("out"));
    let run = cifras(&dir, &["build", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("built 0 chart(s), 7 up to date, wrote 0 file(s), 2 unchanged"),
        "{}",
        run.stdout
    );
    assert_eq!(visited(&run.stdout), Vec::<String>::new(), "nothing rendered");
    assert_eq!(before, snapshot(&dir.join("out")));
}

#[test]
fn editing_one_csv_rebuilds_exactly_the_outputs_that_read_it() {
    let (_t, dir) = fixture("basic");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let before = snapshot(&dir.join("out"));
    edit(&dir.join("data/arms.csv"), "Guerrero,2039", "Guerrero,2040");
    let run = cifras(&dir, &["build", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        visited(&run.stdout),
        [
            "out/data/bar.csv",
            "out/data/column.csv",
            "out/report/en/bar.png",
            "out/report/en/bar.svg",
            "out/report/en/column.png",
            "out/report/en/column.svg",
        ]
    );
    assert!(run.stdout.contains("rebuilt 2 chart(s): data arms.csv changed (bar, column)"), "{}", run.stdout);
    assert!(run.stdout.contains("built 2 chart(s), 5 up to date"), "{}", run.stdout);
    // Every other chart's files are untouched, time and bytes.
    let after = snapshot(&dir.join("out"));
    let untouched = |s: &[(std::path::PathBuf, SystemTime, Vec<u8>)]| {
        s.iter()
            .filter(|(p, _, _)| {
                let p = p.to_string_lossy();
                !p.contains("bar.")
                    && !p.contains("column.")
                    && !p.ends_with("manifest.json")
                    && !p.ends_with("index.html")
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(untouched(&before), untouched(&after));
    assert_eq!(untouched(&after).len(), 5 * 3 + 1, "5 charts × (svg, png, csv) and the lock file");
    assert!(std::fs::read_to_string(dir.join("out/data/bar.csv")).unwrap().contains("Guerrero,2040"));
}

#[test]
fn a_derived_dataset_rebuilds_when_its_root_csv_changes() {
    let (_t, dir) = fixture("basic");
    std::fs::write(
        dir.join("data/big_arms.toml"),
        "title = \"Big\"\nfrom = \"arms\"\n[[transform]]\nfilter = { field = \"units\", gt = 1500 }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("charts/big.toml"),
        "kind = \"bar\"\ndata = \"big_arms\"\nx = \"units\"\ny = \"state\"\ntitle = \"Big\"\n",
    )
    .unwrap();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("rebuilt 8 chart(s): new chart"), "{}", run.stdout);
    edit(&dir.join("data/arms.csv"), "Guerrero,2039", "Guerrero,2041");
    let run = cifras(&dir, &["build"]);
    assert!(
        run.stdout.contains("rebuilt 3 chart(s): data arms.csv changed (bar, big, column)"),
        "{}",
        run.stdout
    );
    // The derived dataset's own sidecar is an input of its charts only.
    edit(&dir.join("data/big_arms.toml"), "1500", "1000");
    let run = cifras(&dir, &["build"]);
    assert!(run.stdout.contains("rebuilt 1 chart(s): sidecar big_arms.toml changed (big)"), "{}", run.stdout);
}

#[test]
fn specs_theme_and_sources_are_inputs_too() {
    let (_t, dir) = fixture("basic");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    edit(&dir.join("charts/line.toml"), "Counts by group", "Counts per group");
    let run = cifras(&dir, &["build"]);
    assert!(run.stdout.contains("rebuilt 1 chart(s): spec changed (line)"), "{}", run.stdout);
    edit(&dir.join("data/sources.toml"), "Report A", "Report A (revised)");
    let run = cifras(&dir, &["build"]);
    assert!(run.stdout.contains("rebuilt 7 chart(s): sources.toml changed"), "{}", run.stdout);
    // A theme where there was none: its absence was part of every key.
    std::fs::write(dir.join("charts/theme.toml"), "").unwrap();
    let run = cifras(&dir, &["build"]);
    assert!(run.stdout.contains("rebuilt 7 chart(s): theme changed"), "{}", run.stdout);
    let run = cifras(&dir, &["build", "--force"]);
    assert!(run.stdout.contains("rebuilt 7 chart(s): --force"), "{}", run.stdout);
    assert!(run.stdout.contains("wrote 21 file(s)"), "--force rewrites: {}", run.stdout);
}

#[test]
fn a_missing_or_hand_edited_output_is_rebuilt() {
    let (_t, dir) = fixture("basic");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let good = std::fs::read(dir.join("out/report/en/stat.svg")).unwrap();
    std::fs::write(dir.join("out/report/en/stat.svg"), "<svg/>").unwrap();
    std::fs::remove_file(dir.join("out/report/en/line.png")).unwrap();
    let run = cifras(&dir, &["build"]);
    assert!(
        run.stdout.contains("rebuilt 1 chart(s): output changed outside cifras (stat)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("rebuilt 1 chart(s): output missing (line)"), "{}", run.stdout);
    assert_eq!(std::fs::read(dir.join("out/report/en/stat.svg")).unwrap(), good);
    assert!(dir.join("out/report/en/line.png").is_file());
}

#[test]
fn build_check_fails_after_an_edit_and_passes_after_a_build() {
    let (_t, dir) = fixture("basic");
    let run = cifras(&dir, &["build", "--check"]);
    assert_eq!(run.code, 1, "nothing built yet");
    assert_eq!(run.stdout.lines().count(), 21, "{}", run.stdout);
    assert!(run.stdout.contains("stale out/report/en/bar.svg (new output)"), "{}", run.stdout);
    assert!(!dir.join("out/manifest.json").exists(), "--check builds nothing");

    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let run = cifras(&dir, &["build", "--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("all outputs are up to date (7 chart(s))"), "{}", run.stdout);

    edit(&dir.join("data/series.csv"), "2012,South,25", "2012,South,26");
    let before = snapshot(&dir.join("out"));
    let run = cifras(&dir, &["build", "--check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "stale out/data/line.csv (data series.csv changed)\n\
         stale out/report/en/line.png (data series.csv changed)\n\
         stale out/report/en/line.svg (data series.csv changed)\n"
    );
    assert!(run.stderr.contains("3 output(s) missing or stale"), "{}", run.stderr);
    assert_eq!(before, snapshot(&dir.join("out")), "--check writes nothing");

    assert_eq!(cifras(&dir, &["build"]).code, 0);
    assert_eq!(cifras(&dir, &["build", "--check"]).code, 0);
}

#[test]
fn outputs_of_a_deleted_chart_are_removed_and_nothing_else() {
    let (_t, dir) = fixture("basic");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    std::fs::write(dir.join("out/report/en/mine.txt"), "a file cifras did not write").unwrap();
    std::fs::remove_file(dir.join("charts/line.toml")).unwrap();
    let run = cifras(&dir, &["build", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("removed 3 output(s) nothing builds any more"), "{}", run.stdout);
    for f in ["out/report/en/line.svg", "out/report/en/line.png", "out/data/line.csv"] {
        assert!(!dir.join(f).exists(), "{f}");
    }
    assert!(dir.join("out/report/en/mine.txt").is_file());
    assert!(dir.join("out/report/en/bar.svg").is_file());
    assert!(!manifest(&dir)["outputs"].as_object().unwrap().values().any(|e| e["chart"] == "line"));
    // A format no longer configured goes too, but only after a build of everything.
    assert_eq!(cifras(&dir, &["build", "--format", "pdf", "--only", "bar"]).code, 0);
    assert!(dir.join("out/report/en/bar.pdf").is_file());
    assert_eq!(cifras(&dir, &["build", "--only", "stat"]).code, 0);
    assert!(dir.join("out/report/en/bar.pdf").is_file(), "a selective build removes nothing it could need");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    assert!(!dir.join("out/report/en/bar.pdf").exists(), "cifras.toml asks for svg and png only");
}

#[test]
fn the_manifest_records_inputs_hashes_sources_and_warnings() {
    let (_t, dir) = fixture("basic");
    edit(&dir.join("charts/bar.toml"), "Arms by state", "Arms by state ☃");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let text = std::fs::read_to_string(dir.join("out/manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
    let outputs = m["outputs"].as_object().unwrap();
    let keys: Vec<&String> = outputs.keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(keys.len(), 21);
    let e = &outputs["report/en/bar.svg"];
    assert_eq!(e["chart"], "bar");
    assert_eq!(e["format"], "svg");
    let hash = |p: &str| blake3::hash(&std::fs::read(dir.join(p)).unwrap()).to_hex().to_string();
    assert_eq!(e["hash"], hash("out/report/en/bar.svg"));
    let inputs = e["inputs"].as_object().unwrap();
    let names: Vec<&String> = inputs.keys().collect();
    assert_eq!(
        names,
        ["charts/bar.toml", "charts/theme.toml", "data/arms.csv", "data/arms.toml", "data/sources.toml"]
    );
    assert_eq!(inputs["data/arms.csv"], hash("data/arms.csv"));
    assert_eq!(inputs["charts/theme.toml"], "absent");
    assert_eq!(e["sources"], serde_json::json!(["report-a", "report-b"]));
    let w = &e["warnings"][0];
    assert!(w["message"].as_str().unwrap().contains("U+2603"), "{w}");
    assert_eq!(w["file"], "charts/bar.toml");
    assert!(outputs["report/en/line.svg"]["warnings"].as_array().unwrap().is_empty());
    // The warning stands on a no-op build, once.
    let run = cifras(&dir, &["build"]);
    assert!(run.stdout.contains("built 0 chart(s), 7 up to date"), "{}", run.stdout);
    assert_eq!(run.stderr.matches("U+2603").count(), 1, "{}", run.stderr);
    // No timestamps nor machine paths: the fields are these, and paths are relative.
    let fields: Vec<&String> = e.as_object().unwrap().keys().collect();
    assert_eq!(
        fields,
        [
            "alt",
            "bytes",
            "chart",
            "format",
            "hash",
            "inputs",
            "key",
            "lang",
            "preset",
            "source_line",
            "sources",
            "title",
            "warnings"
        ]
    );
    let top: Vec<&String> = m.as_object().unwrap().keys().collect();
    assert_eq!(top, ["datasets", "font", "outputs", "tool"]);
    // Every line of each data file read is accounted for.
    let arms = &m["datasets"]["data/arms.csv"];
    assert_eq!(
        (arms["lines"].as_u64(), arms["rows"].as_u64(), arms["header"].as_u64()),
        (Some(4), Some(3), Some(1))
    );
    assert!(!text.contains(&dir.display().to_string()), "no absolute paths");
}

#[test]
fn temp_files_of_a_killed_build_are_cleaned_up() {
    let (_t, dir) = fixture("basic");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    std::fs::write(dir.join("out/report/en/.cifras-Ab12Cd.tmp"), "half a png").unwrap();
    std::fs::write(dir.join("out/.cifras-x.tmp"), "").unwrap();
    let run = cifras(&dir, &["build"]);
    assert!(run.stdout.contains("cleaned up 2 temporary file(s) of an interrupted build"), "{}", run.stdout);
    assert!(!files(&dir.join("out")).iter().any(|(p, _)| p.to_string_lossy().contains(".cifras-")));
}

#[test]
fn a_second_build_waits_for_the_first() {
    use std::io::{BufRead, BufReader};
    let (_t, dir) = fixture("basic");
    std::fs::create_dir_all(dir.join("out")).unwrap();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join("out/.cifras.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cifras"))
        .args(["build"])
        .current_dir(&dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stderr.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.contains("another cifras build is writing to") && first.contains("waiting"), "{first}");
    assert!(child.try_wait().unwrap().is_none(), "it waits while the lock is held");
    assert!(!dir.join("out/report").exists(), "and writes nothing meanwhile");
    drop(lock);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert!(dir.join("out/report/en/bar.svg").is_file());
}

#[test]
fn parallel_and_serial_builds_give_identical_bytes() {
    let (_t1, a) = fixture("basic");
    let (_t2, b) = fixture("basic");
    for d in [&a, &b] {
        edit(&d.join("cifras.toml"), "formats = [\"svg\", \"png\"]", "formats = [\"svg\", \"png\", \"pdf\"]");
    }
    assert_eq!(cifras(&a, &["build", "--jobs", "1"]).code, 0);
    assert_eq!(cifras(&b, &["build", "--jobs", "4"]).code, 0);
    let fa = files(&a.join("out"));
    assert_eq!(fa.len(), 7 * 4 + 3, "7 × (svg, png, pdf, csv), manifest, gallery, lock");
    assert_eq!(fa, files(&b.join("out")));
    let run = cifras(&a, &["build", "--jobs", "0"]);
    assert_eq!(run.code, 2, "--jobs 0 is a usage error");
}

/// Tables are outputs like a chart's: keyed, recorded in the manifest, skipped when current,
/// listed by `--check` when stale, rebuilt (with the workbook that holds them all) when not.
#[test]
fn tables_are_rebuilt_only_when_stale() {
    let (_t, dir) = fixture("tables");
    let first = cifras(&dir, &["build"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let m = manifest(&dir);
    let entry = &m["outputs"]["tables/en/arms-top.md"];
    assert_eq!(entry["chart"], "arms-top");
    assert_eq!(entry["format"], "md");
    assert!(entry["inputs"]["data/arms.csv"].is_string(), "{entry}");
    let before = snapshot(&dir.join("out"));

    let noop = cifras(&dir, &["build"]);
    assert!(noop.stdout.contains("built 0 chart(s), 6 up to date, wrote 0 file(s)"), "{}", noop.stdout);
    assert_eq!(before, snapshot(&dir.join("out")), "nothing rewritten");

    std::fs::remove_file(dir.join("out/tables/en/arms-top.csv")).unwrap();
    let check = cifras(&dir, &["build", "--check"]);
    assert_eq!(check.code, 1);
    assert!(check.stdout.contains("stale out/tables/en/arms-top.csv (output missing)"), "{}", check.stdout);
    let rebuild = cifras(&dir, &["build"]);
    assert!(rebuild.stdout.contains("6 table(s)"), "{}", rebuild.stdout);
    assert!(dir.join("out/tables/en/arms-top.csv").is_file());
    assert!(dir.join("out/tables/en/tables.xlsx").is_file());
    assert_eq!(cifras(&dir, &["build", "--check"]).code, 0);

    // A deleted table's exports go, like a deleted chart's files.
    std::fs::remove_file(dir.join("charts/arms-rest.toml")).unwrap();
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    assert!(!dir.join("out/tables/en/arms-rest.md").exists());
    assert!(manifest(&dir)["outputs"].get("tables/en/arms-rest.md").is_none());
}
