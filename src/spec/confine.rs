//! Where cifras may read: a file it reads must be a regular file that resolves (links
//! followed) inside the folder it belongs to. A link out of the project would let a
//! hostile report repository make cifras read (and quote in an error, into a CI log) any
//! file on the machine; a FIFO or a device would make the build wait forever on its
//! first read. Both are refused before the file is opened. May use: std.

use std::fs::Metadata;
use std::path::{Component, Path};

/// Why a file may not be read.
#[derive(Debug)]
pub enum Refusal {
    /// It does not exist, or its folder cannot be read.
    Missing(std::io::Error),
    /// It resolves outside the folder it must be in.
    Outside,
    /// It is something other than a regular file: "a FIFO", "a folder", …
    NotFile(&'static str),
}

/// Checks that `path` is a regular file (links followed) inside `base`, which must be
/// canonical (see [`canonical`]). Nothing is opened.
pub fn check(path: &Path, base: &Path) -> Result<(), Refusal> {
    let real = path.canonicalize().map_err(Refusal::Missing)?;
    if !real.starts_with(base) {
        return Err(Refusal::Outside);
    }
    let meta = std::fs::metadata(&real).map_err(Refusal::Missing)?;
    if meta.is_file() {
        Ok(())
    } else {
        Err(Refusal::NotFile(kind(&meta)))
    }
}

/// `dir` with every link resolved, for [`check`]; `dir` itself when it cannot be resolved
/// (then nothing is found inside it).
pub fn canonical(dir: &Path) -> std::path::PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// What a file is, in words for a message: "a file", "a folder", "a symbolic link",
/// "a FIFO", "a device", "a socket" (from `symlink_metadata`, or `metadata` once links
/// are followed).
pub fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_symlink() {
        return "a symbolic link";
    }
    if t.is_dir() {
        return "a folder";
    }
    if t.is_file() {
        return "a file";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// A relative path without `..`: it cannot name anything outside the folder it is joined to.
pub fn is_confined(p: &Path) -> bool {
    !p.as_os_str().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// A name that becomes part of an output path (a preset, a language): letters, digits,
/// `-` and `_`, so it can never be `..`, absolute or hold a `/`.
pub fn is_plain(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_cannot_leave_a_folder() {
        assert!(is_plain("social-wide") && is_plain("report_2") && is_plain("A4"));
        for bad in ["", "..", "../x", "a/b", "/abs", "a b", "é", "a.b"] {
            assert!(!is_plain(bad), "{bad:?}");
        }
    }

    #[test]
    fn only_regular_files_inside_the_base_pass() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("p");
        std::fs::create_dir_all(base.join("sub")).unwrap();
        std::fs::write(base.join("a.toml"), "").unwrap();
        std::fs::write(dir.path().join("secret"), "x").unwrap();
        let base_c = canonical(&base);
        assert!(check(&base.join("a.toml"), &base_c).is_ok());
        assert!(matches!(check(&base.join("sub"), &base_c), Err(Refusal::NotFile("a folder"))));
        assert!(matches!(check(&base.join("none"), &base_c), Err(Refusal::Missing(_))));
        assert!(matches!(check(&base.join("../secret"), &base_c), Err(Refusal::Outside)));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), base.join("link.toml")).unwrap();
            assert!(matches!(check(&base.join("link.toml"), &base_c), Err(Refusal::Outside)));
            std::os::unix::fs::symlink(base.join("a.toml"), base.join("inner.toml")).unwrap();
            assert!(check(&base.join("inner.toml"), &base_c).is_ok());
        }
    }
}
