//! Writing a file so that readers see the old file or the new one, never a partial one. The model
//! file and the evaluation report both write through here.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so that
/// readers see the old file or the new one, never a partial one, and a failed write (a full disk,
/// a file-size limit, a crash) leaves the old file as it was and no temporary file behind.
///
/// A missing directory is created. The new file gets the old file's permissions, or, for a new
/// file, those of any file the user creates (read-write, less the umask): the temporary file's
/// owner-only default must not leak into the result.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(Error::io(
            path,
            "writing",
            io::Error::from(io::ErrorKind::IsADirectory),
        ));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Error::io(
            path,
            "writing",
            io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is a file, not a directory", dir.display()),
            ),
        ));
    }
    if !dir.exists() {
        fs::create_dir_all(dir).map_err(|e| Error::io(path, "creating its directory", e))?;
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".stance-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o666);
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| {
        // tempfile's message repeats the random name; the kind says all that matters.
        Error::io(
            path,
            "creating a temporary file beside it",
            io::Error::from(e.kind()),
        )
    })?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, "writing the temporary file", e))?;
    tmp.persist(path)
        .map_err(|e| Error::io(path, "renaming the temporary file into place", e.error))?;
    // Make the rename itself durable. Some file systems cannot sync a directory; the file's data
    // is already on disk, so that is no reason to fail.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
