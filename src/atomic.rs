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
    write_atomically_with(path, |file| file.write_all(bytes))
}

/// [`write_atomically`] with the contents written by `write`, for callers that stream what they
/// write; if `write` fails, the target is left as it was and the temporary file is removed.
///
/// ```
/// use std::io::Write;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("out.txt");
/// stance::atomic::write_atomically_with(&path, |f| f.write_all(b"new"))?;
/// assert_eq!(std::fs::read(&path)?, b"new");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> Result<()> {
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
    write(tmp.as_file_mut())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn temporary_files_in(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn a_write_that_fails_midway_keeps_the_old_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.model");
        write_atomically(&path, b"the old model").unwrap();
        let e = write_atomically_with(&path, |f| {
            // Half the new contents reach the temporary file before the disk "fills up".
            f.write_all(b"the new mo")?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        })
        .unwrap_err();
        assert!(e.to_string().contains("m.model"), "{e}");
        assert!(e.to_string().contains("free some disk space"), "{e}");
        assert_eq!(fs::read(&path).unwrap(), b"the old model");
        assert!(temporary_files_in(dir.path()).is_empty());
    }

    #[test]
    fn readers_see_the_whole_old_or_the_whole_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        write_atomically(&path, b"old").unwrap();
        // While the new contents are being written, the target still holds the old ones.
        write_atomically_with(&path, |f| {
            f.write_all(b"ne")?;
            assert_eq!(fs::read(&path).unwrap(), b"old");
            f.write_all(b"w")
        })
        .unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert!(temporary_files_in(dir.path()).is_empty());
    }

    #[test]
    fn a_directory_or_a_file_in_the_way_is_refused_without_writing() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomically(dir.path(), b"x").unwrap_err().to_string();
        assert!(e.contains("give a file, not a directory"), "{e}");
        let file = dir.path().join("plain");
        fs::write(&file, b"keep").unwrap();
        let e = write_atomically(&file.join("m.model"), b"x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("is a file, not a directory"), "{e}");
        assert_eq!(fs::read(&file).unwrap(), b"keep");
        assert!(temporary_files_in(dir.path()).is_empty());
    }

    #[test]
    fn missing_directories_are_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/c.txt");
        write_atomically(&path, b"x").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_ordinary_for_a_new_file_and_kept_for_a_replaced_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        write_atomically(&path, b"1").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // Read-write for the owner at least, less the umask: never the temporary file's 0600
        // alone unless the umask asks for it.
        assert!(mode & 0o600 == 0o600, "{mode:o}");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"2").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
