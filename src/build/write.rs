//! Atomic writes: a temporary file in the target's folder, renamed over the target, so a
//! crash never leaves a truncated output nor removes the previous good one.

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
    let mut tmp = tempfile::Builder::new().prefix(".cifras-").suffix(".tmp").tempfile_in(dir)?;
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
