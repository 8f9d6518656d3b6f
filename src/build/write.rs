//! Atomic writes: a temporary file in the target's folder, renamed over the target, so a
//! crash never leaves a truncated output nor removes the previous good one; temporary files
//! a killed build left behind are removed by the next one. Writes and removals stay inside
//! the output folder: no link inside it is followed, and only regular files are replaced
//! or removed (see [`inside`]). May use: std, tempfile, spec.

use crate::spec::confine;
use crate::spec::{Diagnostic, Location};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    New,
    Changed,
    Unchanged,
}

/// Writes `bytes` to `path` unless it already holds exactly them. Anything at `path` but a
/// regular file is refused before it is opened: a FIFO would block the read forever, and a
/// link would be read through.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<Written> {
    if let Ok(m) = std::fs::symlink_metadata(path) {
        if !m.is_file() {
            return Err(std::io::Error::other(format!("it is {}, not a file", confine::kind(&m))));
        }
    }
    let existed = match std::fs::read(path) {
        Ok(old) if old == bytes => return Ok(Written::Unchanged),
        Ok(_) => true,
        Err(_) => false,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX).tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are created private (0600); outputs are for sharing.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(if existed { Written::Changed } else { Written::New })
}

/// Temporary files are named `.cifras-*.tmp`; a killed build can leave some behind.
fn is_temp(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

const TEMP_PREFIX: &str = ".cifras-";
const TEMP_SUFFIX: &str = ".tmp";

/// Removes temporary files a killed build left under `dir`; call with the project's lock
/// held, so none of them belongs to a running build. Returns how many were removed.
pub fn clean_temps(dir: &Path) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else { return 0 };
    let mut n = 0;
    for e in rd.flatten() {
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            n += clean_temps(&e.path());
        } else if t.is_file()
            && is_temp(&e.file_name().to_string_lossy())
            && std::fs::remove_file(e.path()).is_ok()
        {
            n += 1;
        }
    }
    n
}

/// `out/rel`, if cifras may write or remove it: `rel` is relative without `..`, no folder
/// on the way (from `out` itself down) is a symbolic link, which would lead the write or
/// the removal elsewhere, and what is already there is a folder where a folder is expected
/// and a regular file at the end (a FIFO, a device, a link or a folder is nothing cifras
/// wrote). Nothing is followed or opened.
pub fn inside(out: &Path, rel: &str) -> Result<PathBuf, Diagnostic> {
    let path = out.join(rel);
    let refuse = |why: String| {
        Diagnostic::error(Location::file(&path), format!("cannot write or remove output `{rel}` ({why})"))
            .hint("cifras writes only regular files inside the output folder and follows no link there: remove what is in the way")
    };
    if !confine::is_confined(Path::new(rel)) {
        return Err(refuse("it is outside the output folder".into()));
    }
    let mut at = out.to_path_buf();
    let mut parts = std::iter::once(None).chain(Path::new(rel).components().map(Some)).peekable();
    while let Some(part) = parts.next() {
        if let Some(p) = part {
            at.push(p);
        }
        let last = parts.peek().is_none();
        let meta = match std::fs::symlink_metadata(&at) {
            Ok(m) => m,
            // Created by the write; nothing below it exists either.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(e) => return Err(refuse(e.to_string())),
        };
        let fits = if last { meta.is_file() } else { meta.is_dir() };
        if !fits {
            let name = at.strip_prefix(out.parent().unwrap_or(Path::new(""))).unwrap_or(&at);
            let want = if last { "a file" } else { "a folder" };
            return Err(refuse(format!("`{}` is {}, not {want}", name.display(), confine::kind(&meta))));
        }
    }
    Ok(path)
}

/// Removes an output cifras wrote earlier, and its folder if that is left empty.
pub fn remove(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    if let Some(dir) = path.parent() {
        // Fails (and is meant to) when the folder still holds something.
        let _ = std::fs::remove_dir(dir);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_stay_inside_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("a/d.svg")).unwrap();
        assert_eq!(inside(&out, "a/b.svg").unwrap(), out.join("a/b.svg"));
        assert!(inside(&out, "new/b.svg").is_ok(), "folders yet to be made are fine");
        for bad in ["", "../x", "/abs", "a/../../x", "a/d.svg"] {
            assert!(inside(&out, bad).is_err(), "{bad:?}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path(), out.join("l")).unwrap();
            let d = inside(&out, "l/x.svg").unwrap_err();
            assert!(d.message.ends_with("(`out/l` is a symbolic link, not a folder)"), "{}", d.message);
        }
    }
}
