//! `cifras watch`: build, then rebuild whenever a file under `charts/` or `data/` or
//! `cifras.toml` changes. Changes are found by polling sizes and modification times
//! (every 200 ms; a few dozen `stat` calls for a report) rather than OS notifications:
//! no dependency, and it works the same on network drives, containers and editors that
//! replace files by renaming. Debounced: a rebuild starts once the files have been quiet
//! for 300 ms, so an editor's save-in-several-steps is one rebuild. Errors do not stop it;
//! the cache makes each rebuild touch only what changed. May use: build; prints nothing.

use super::{build_with, Event, Options, Report};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::time::{Duration, SystemTime};

const POLL: Duration = Duration::from_millis(200);
const QUIET: Duration = Duration::from_millis(300);

type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// Builds the project at `root`, then rebuilds on every change, calling `on_build` with
/// each report. Before each rebuild `progress` hears [`Event::Changed`] with the files
/// that changed. Returns when `on_build` returns false.
pub fn watch(
    root: &Path,
    opts: &Options,
    progress: &(dyn Fn(Event) + Sync),
    on_build: &mut dyn FnMut(&Report) -> bool,
) {
    let mut last = snapshot(root);
    let report = build_with(root, opts, progress);
    if !on_build(&report) {
        return;
    }
    loop {
        std::thread::sleep(POLL);
        let mut now = snapshot(root);
        if now == last {
            continue;
        }
        loop {
            std::thread::sleep(QUIET);
            let again = snapshot(root);
            if again == now {
                break;
            }
            now = again;
        }
        progress(Event::Changed(diff(&last, &now)));
        last = now;
        let report = build_with(root, opts, progress);
        if !on_build(&report) {
            return;
        }
    }
}

/// Size and modification time of every project file that a build reads.
fn snapshot(root: &Path) -> Snapshot {
    let mut s = Snapshot::new();
    for dir in ["charts", "data"] {
        walk(root, &root.join(dir), &mut s);
    }
    add(root, &root.join("cifras.toml"), &mut s);
    s
}

fn walk(root: &Path, dir: &Path, s: &mut Snapshot) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        // Editors' swap and backup files are not the project's.
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let p = e.path();
        if p.is_dir() {
            walk(root, &p, s);
        } else {
            add(root, &p, s);
        }
    }
}

fn add(root: &Path, path: &Path, s: &mut Snapshot) {
    if let Ok(m) = std::fs::metadata(path) {
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        s.insert(rel, (m.len(), m.modified().ok()));
    }
}

fn diff(a: &Snapshot, b: &Snapshot) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> =
        b.iter().filter(|(p, v)| a.get(*p) != Some(v)).map(|(p, _)| p.clone()).collect();
    out.extend(a.keys().filter(|p| !b.contains_key(*p)).cloned());
    out.sort();
    out
}
