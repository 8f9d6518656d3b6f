use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh copy of fixture `name` in a temporary folder (kept alive by the TempDir).
pub fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dst = tmp.path().join(name);
    copy_dir(&root().join("tests/fixtures").join(name), &dst);
    (tmp, dst)
}

/// A copy of the shipped report (charts, data, settings) without its outputs.
pub fn report_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dst = tmp.path().join("report");
    for d in ["charts", "data"] {
        copy_dir(&root().join(d), &dst.join(d));
    }
    std::fs::copy(root().join("cifras.toml"), dst.join("cifras.toml")).expect("copy settings");
    (tmp, dst)
}

pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for e in std::fs::read_dir(src).expect("read fixture") {
        let e = e.expect("entry");
        let to = dst.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).expect("copy");
        }
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the cifras binary in `dir`.
pub fn cifras(dir: &Path, args: &[&str]) -> Run {
    let out =
        Command::new(env!("CARGO_BIN_EXE_cifras")).args(args).current_dir(dir).output().expect("run cifras");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn edit(path: &Path, from: &str, to: &str) {
    let s = std::fs::read_to_string(path).expect("read");
    assert!(s.contains(from), "{} does not contain {from:?}", path.display());
    std::fs::write(path, s.replacen(from, to, 1)).expect("write");
}

/// Every file under `dir`, relative, sorted, with its bytes; not the record of input
/// hashes (`out/.cifras.hashes`), which keeps file times and is no output.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.retain(|(p, _)| p != Path::new(".cifras.hashes"));
    out.sort();
    out
}

fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(base, &p, out);
        } else {
            out.push((
                p.strip_prefix(base).expect("under base").to_path_buf(),
                std::fs::read(&p).expect("read"),
            ));
        }
    }
}

/// A project of one dataset `x`: `csv` as data/x.csv, `sidecar` as data/x.toml, `sources`
/// as data/sources.toml, no charts.
pub fn one_dataset(dir: &Path, csv: &[u8], sidecar: &str, sources: &str) {
    std::fs::create_dir_all(dir.join("data")).expect("mkdir");
    std::fs::create_dir_all(dir.join("charts")).expect("mkdir");
    let settings = "languages = [\"en\"]\npresets = [\"report\"]\nformats = [\"svg\"]\n";
    std::fs::write(dir.join("cifras.toml"), settings).expect("write");
    std::fs::write(dir.join("data/sources.toml"), sources).expect("write");
    std::fs::write(dir.join("data/x.csv"), csv).expect("write");
    std::fs::write(dir.join("data/x.toml"), sidecar).expect("write");
}
