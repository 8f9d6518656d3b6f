//! Cache keys. An output's key is a blake3 hash of everything its bytes depend on: the
//! tool's version, the embedded font, the bytes of every input file (chart spec, theme,
//! sources.toml, the sidecars and CSVs its dataset reads, through `from` and lookups) and
//! its parameters (language, locale, preset, format). Same key → same bytes, so an output
//! whose key is unchanged is skipped without loading data or rendering.
//!
//! Which files a chart reads is known from its specs, and after a load from
//! `data::Frame::files`; the manifest keeps the latter, so the next build hashes the union.
//! May use: spec, layout::font, blake3.

use super::unit::Target;
use crate::data::Frame;
use crate::layout::font;
use crate::spec::Project;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// Names the tool in the manifest; a new version rebuilds everything.
pub const TOOL: &str = concat!("cifras ", env!("CARGO_PKG_VERSION"));

/// The hash recorded for an input file that does not exist (an optional theme.toml):
/// creating it later changes the key.
pub const ABSENT: &str = "absent";

pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// The hash of a file's bytes, read in slices (a 500 MB data file is never whole in
/// memory) and hashed on every core.
fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = blake3::Hasher::new();
    let mut buf = vec![0u8; 8 << 20];
    loop {
        let mut n = 0;
        while n < buf.len() {
            match f.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if n == 0 {
            break;
        }
        h.update_rayon(&buf[..n]);
    }
    Ok(h.finalize().to_hex().to_string())
}

/// The hash of the embedded fonts, computed once per process.
pub fn font() -> &'static str {
    static FONT: OnceLock<String> = OnceLock::new();
    FONT.get_or_init(|| {
        let mut h = blake3::Hasher::new();
        h.update(font::REGULAR);
        h.update(font::BOLD);
        h.finalize().to_hex().to_string()
    })
}

/// Hashes of the project's files by path relative to the root, each file read once.
pub struct Hashes<'a> {
    root: &'a Path,
    memo: Mutex<BTreeMap<String, String>>,
}

impl<'a> Hashes<'a> {
    pub fn new(root: &'a Path) -> Hashes<'a> {
        Hashes { root, memo: Mutex::new(BTreeMap::new()) }
    }

    /// The hash of `rel` (`/`-separated, relative to the project root), or [`ABSENT`].
    pub fn of(&self, rel: &str) -> String {
        if let Some(h) = self.memo.lock().map(|m| m.get(rel).cloned()).ok().flatten() {
            return h;
        }
        let h = hash_file(&self.root.join(rel)).unwrap_or_else(|_| ABSENT.to_string());
        if let Ok(mut m) = self.memo.lock() {
            m.insert(rel.to_string(), h.clone());
        }
        h
    }

    /// `files` with their hashes.
    pub fn all(&self, files: &BTreeSet<String>) -> BTreeMap<String, String> {
        files.iter().map(|f| (f.clone(), self.of(f))).collect()
    }
}

/// `path` relative to `root`, `/`-separated, as the manifest writes it.
pub fn rel(root: &Path, path: &Path) -> String {
    let p = path.strip_prefix(root).unwrap_or(path);
    p.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// The files chart `id` reads as far as its specs tell, before any data is loaded.
pub fn spec_inputs(project: &Project, id: &str) -> BTreeSet<String> {
    let root = &project.root;
    let mut out = BTreeSet::new();
    out.insert("charts/theme.toml".to_string());
    out.insert(rel(root, &project.sources_path));
    let Some(chart) = project.charts.get(id) else { return out };
    out.insert(rel(root, &chart.path));
    let mut name = chart.spec.data.get_ref().clone();
    // Follow `from` to the dataset read from a CSV; a circle is the loader's error to report.
    let mut seen = BTreeSet::new();
    while seen.insert(name.clone()) {
        let Some(ds) = project.datasets.get(&name) else { break };
        out.insert(rel(root, &ds.path));
        match &ds.spec.from {
            Some(from) => name = from.get_ref().clone(),
            None => {
                let file =
                    ds.spec.file.as_ref().map_or_else(|| format!("{name}.csv"), |f| f.get_ref().clone());
                out.insert(rel(root, &project.data_dir().join(file)));
                break;
            }
        }
    }
    out
}

/// What a load actually read: the spec inputs, every data file of `frame`, and the sidecar
/// of each dataset reading one of those files (a lookup's dataset).
pub fn loaded_inputs(project: &Project, id: &str, frame: &Frame) -> BTreeSet<String> {
    let root = &project.root;
    let mut out = spec_inputs(project, id);
    for f in &frame.files {
        let f = rel(root, f);
        for (name, ds) in &project.datasets {
            if ds.spec.from.is_none() {
                let file =
                    ds.spec.file.as_ref().map_or_else(|| format!("{name}.csv"), |x| x.get_ref().clone());
                if rel(root, &project.data_dir().join(file)) == f {
                    out.insert(rel(root, &ds.path));
                }
            }
        }
        out.insert(f);
    }
    out
}

/// The key of one output.
pub fn key(inputs: &BTreeMap<String, String>, target: &Target) -> String {
    let mut h = blake3::Hasher::new();
    let params = target.params();
    for part in ["cifras-cache-1", TOOL, font(), params.as_str()] {
        h.update(part.as_bytes());
        h.update(b"\0");
    }
    for (path, hash) in inputs {
        h.update(path.as_bytes());
        h.update(b"\0");
        h.update(hash.as_bytes());
        h.update(b"\0");
    }
    h.finalize().to_hex().to_string()
}

/// Why an input changed, in the user's words: "data small_arms_by_state.csv changed".
pub fn describe(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    if path == "charts/theme.toml" {
        "theme changed".into()
    } else if path.starts_with("charts/") {
        "spec changed".into()
    } else if name == "sources.toml" {
        "sources.toml changed".into()
    } else if name.ends_with(".toml") {
        format!("sidecar {name} changed")
    } else {
        format!("data {name} changed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_file_that_changed() {
        assert_eq!(describe("data/small_arms_by_state.csv"), "data small_arms_by_state.csv changed");
        assert_eq!(describe("data/arms.toml"), "sidecar arms.toml changed");
        assert_eq!(describe("data/sources.toml"), "sources.toml changed");
        assert_eq!(describe("charts/theme.toml"), "theme changed");
        assert_eq!(describe("charts/bar.toml"), "spec changed");
    }

    #[test]
    fn a_file_hashed_in_slices_hashes_as_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        // Longer than one slice, and not a multiple of it.
        let bytes: Vec<u8> = (0..(9 << 20) + 12_345).map(|i: u32| (i % 251) as u8).collect();
        std::fs::write(dir.path().join("big.csv"), &bytes).unwrap();
        let hashes = Hashes::new(dir.path());
        assert_eq!(hashes.of("big.csv"), hash(&bytes));
        assert_eq!(hashes.of("missing.csv"), ABSENT);
    }

    #[test]
    fn paths_are_relative_and_slash_separated() {
        assert_eq!(rel(Path::new("./p"), Path::new("./p/data/sub/x.csv")), "data/sub/x.csv");
        assert_eq!(rel(Path::new("/a/p"), Path::new("/a/p/charts/bar.toml")), "charts/bar.toml");
    }
}
