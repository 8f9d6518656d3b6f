//! The project's build lock: `<out>/.cifras.lock`, held (an OS file lock, `flock` on Unix)
//! for the whole of a build, so two builds of one project never interleave their writes.
//! The OS releases it when the process ends, even by SIGKILL: no stale lock to clear.
//! May use: std, spec::confine.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

pub const FILE: &str = ".cifras.lock";

/// Held while alive; dropping it releases the lock.
pub struct Lock {
    _file: File,
}

/// Takes the lock of output folder `out`, calling `waiting` once if another build holds it
/// and then waiting for that build to finish.
pub fn lock(out: &Path, waiting: impl FnOnce()) -> std::io::Result<Lock> {
    std::fs::create_dir_all(out)?;
    let path = out.join(FILE);
    // Opening a FIFO to write waits for a reader forever; a link would be followed.
    if let Ok(m) = std::fs::symlink_metadata(&path) {
        if !m.is_file() {
            let kind = crate::spec::confine::kind(&m);
            return Err(std::io::Error::other(format!("`{FILE}` is {kind}, not a file")));
        }
    }
    // Never truncated nor written: the file's bytes and time stay as they are.
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(path)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            waiting();
            file.lock()?;
        }
        Err(TryLockError::Error(e)) => return Err(e),
    }
    Ok(Lock { _file: file })
}
