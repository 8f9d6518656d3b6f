//! Cache keys. An output's key is a blake3 hash of everything its bytes depend on: the
//! tool's version, the embedded font, the bytes of every input file (chart spec, theme,
//! sources.toml, the sidecars and CSVs its dataset reads, through `from` and lookups) and
//! its parameters (language, locale, preset, format). Same key → same bytes, so an output
//! whose key is unchanged is skipped without loading data or rendering.
//!
//! Which files a chart reads is known from its specs, and after a load from
//! `data::Frame::files`; the manifest keeps the latter, so the next build hashes the union.
//! May use: spec, data (the files a dataset reads), layout::font, blake3.

use super::unit::Target;
use crate::data::Frame;
use crate::layout::font;
use crate::spec::confine;
use crate::spec::Project;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
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

/// Hashes of the project's files by path relative to the root, each file read once, and
/// not at all when its size and modification time are those recorded with its hash by
/// the last build (`out/.cifras-hashes`): an up-to-date build of a 500 MB file reads none
/// of it.
pub struct Hashes<'a> {
    pub root: &'a Path,
    /// `root` with links resolved: nothing outside it is read.
    real: PathBuf,
    memo: Mutex<BTreeMap<String, String>>,
    /// From the last build: path → (size, modification time in ns, hash).
    known: BTreeMap<String, Stat>,
    /// This build's, to record.
    seen: Mutex<BTreeMap<String, Stat>>,
}

type Stat = (u64, u128, String);

/// The file beside the manifest that keeps input hashes with their files' size and time.
pub const STATS: &str = ".cifras.hashes";

impl<'a> Hashes<'a> {
    pub fn new(root: &'a Path) -> Hashes<'a> {
        Hashes {
            root,
            real: confine::canonical(root),
            memo: Mutex::new(BTreeMap::new()),
            known: BTreeMap::new(),
            seen: Mutex::default(),
        }
    }

    /// [`Hashes::new`], trusting the hashes the last build recorded in `out`.
    pub fn with_recorded(root: &'a Path, out: &Path) -> Hashes<'a> {
        let path = out.join(STATS);
        // Read only as a regular file: a FIFO there would block the build.
        let file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        let text = if file { std::fs::read_to_string(&path).unwrap_or_default() } else { String::new() };
        let known = text
            .lines()
            .filter_map(|l| {
                let mut f = l.split('\t');
                let (path, size, time, hash) = (f.next()?, f.next()?, f.next()?, f.next()?);
                Some((path.to_string(), (size.parse().ok()?, time.parse().ok()?, hash.to_string())))
            })
            .collect();
        Hashes { known, ..Hashes::new(root) }
    }

    /// The hash of `rel` (`/`-separated, relative to the project root), or [`ABSENT`]; also
    /// [`ABSENT`], never opened nor recorded, when it is no regular file inside the project
    /// (a path from a manifest edited by hand: `/dev/zero`, `../../secret`, a FIFO).
    pub fn of(&self, rel: &str) -> String {
        if let Some(h) = self.memo.lock().map(|m| m.get(rel).cloned()).ok().flatten() {
            return h;
        }
        let path = self.root.join(rel);
        if !confine::is_confined(Path::new(rel)) || confine::check(&path, &self.real).is_err() {
            return ABSENT.to_string();
        }
        let stat = std::fs::metadata(&path).ok().and_then(|m| {
            let time = m.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
            Some((m.len(), time))
        });
        let h = match (&stat, self.known.get(rel)) {
            (Some((size, time)), Some((s, t, h))) if size == s && time == t => h.clone(),
            _ => hash_file(&path).unwrap_or_else(|_| ABSENT.to_string()),
        };
        if let (Some((size, time)), Ok(mut seen)) = (stat, self.seen.lock()) {
            seen.insert(rel.to_string(), (size, time, h.clone()));
        }
        if let Ok(mut m) = self.memo.lock() {
            m.insert(rel.to_string(), h.clone());
        }
        h
    }

    /// The hashes to trust next time, one `path size time hash` line each. A file changed
    /// in the last two seconds is left out: a change in the same tick of its clock would
    /// not show in its time.
    pub fn recorded(&self) -> String {
        let now =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let seen = self.seen.lock().map(|s| s.clone()).unwrap_or_default();
        let mut out = String::new();
        for (path, (size, time, hash)) in seen {
            if time + 2_000_000_000 < now && !path.contains(['\t', '\n']) {
                out += &format!("{path}\t{size}\t{time}\t{hash}\n");
            }
        }
        out
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
    fn recorded_hashes_are_trusted_while_size_and_time_match() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.csv");
        std::fs::write(&file, "x\n1\n").unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        std::fs::File::options().write(true).open(&file).unwrap().set_modified(old).unwrap();
        let first = Hashes::new(dir.path());
        assert_eq!(first.of("a.csv"), hash(b"x\n1\n"));
        // A record with a hash of its own shows whether it was trusted.
        let record = first.recorded().replace(&hash(b"x\n1\n"), "recorded");
        std::fs::write(dir.path().join(STATS), record).unwrap();
        assert_eq!(Hashes::with_recorded(dir.path(), dir.path()).of("a.csv"), "recorded");
        // Same size, new time: read again.
        std::fs::write(&file, "x\n2\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(old + std::time::Duration::from_secs(1))
            .unwrap();
        assert_eq!(Hashes::with_recorded(dir.path(), dir.path()).of("a.csv"), hash(b"x\n2\n"));
        // Just changed: not recorded, so never trusted on a clock tick.
        let fresh = Hashes::new(dir.path());
        std::fs::write(&file, "x\n3\n").unwrap();
        fresh.of("a.csv");
        assert_eq!(fresh.recorded(), "");
    }

    #[test]
    fn paths_are_relative_and_slash_separated() {
        assert_eq!(rel(Path::new("./p"), Path::new("./p/data/sub/x.csv")), "data/sub/x.csv");
        assert_eq!(rel(Path::new("/a/p"), Path::new("/a/p/charts/bar.toml")), "charts/bar.toml");
    }
}
