//! Atomic writes: a temporary file in the target's folder, renamed over the target, so a
//! crash never leaves a truncated output nor removes the previous good one; temporary files
//! a killed build left behind are removed by the next one. May use: std, tempfile.

use std::io::Write;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    New,
    Changed,
    Unchanged,
}

/// Writes `bytes` to `path` unless it already holds exactly them.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<Written> {
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
