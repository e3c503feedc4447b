//! Writing a file so that readers see the old file or the new one, never a partial one. The model
//! file and the evaluation report both write through here.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

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
    stage_with(path, write)?.commit()
}

/// A file written in full beside its target but not yet renamed into place: [`Staged::commit`]
/// renames it, and dropping it instead removes it and leaves the target as it was. A command
/// that must not change a file unless it succeeds as a whole (`train` printing its summary
/// after writing the model) stages the file, finishes its other work, then commits.
///
/// ```
/// use std::io::Write;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("out.txt");
/// std::fs::write(&path, b"old")?;
/// let staged = stance::atomic::stage_with(&path, |f| f.write_all(b"new"))?;
/// assert_eq!(std::fs::read(&path)?, b"old");
/// drop(staged); // something else failed: nothing changes
/// assert_eq!(std::fs::read(&path)?, b"old");
/// stance::atomic::stage_with(&path, |f| f.write_all(b"new"))?.commit()?;
/// assert_eq!(std::fs::read(&path)?, b"new");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    dir: PathBuf,
    /// The temporary file's place in the signal handler's table.
    slot: signals::Slot,
}

impl Staged {
    /// The file the staged contents will replace.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the staged file into place (and makes the rename durable where the file system
    /// allows).
    pub fn commit(self) -> Result<()> {
        let Staged {
            tmp,
            path,
            dir,
            slot,
        } = self;
        let result = tmp
            .persist(&path)
            .map_err(|e| Error::io(&path, "renaming the temporary file into place", e.error));
        drop(slot);
        result?;
        // Make the rename itself durable. Some file systems cannot sync a directory; the file's
        // data is already on disk, so that is no reason to fail.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// Writes the contents of `path` (by `write`) into a temporary file beside it, without touching
/// `path` itself: see [`Staged`].
pub fn stage_with(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> Result<Staged> {
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
    // A device, FIFO or socket at `path` would be replaced by a regular file (as root, even
    // `/dev/full`): refuse rather than rename over it.
    if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(Error::io(
            path,
            "writing",
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "it is a device, FIFO or socket, not a regular file",
            ),
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
    sweep_stale_temporaries(dir);
    let (tmp, slot) = create_remembered(path, dir)
        .map_err(|e| Error::io(path, "creating a temporary file beside it", e))?;
    let mut staged = Staged {
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
        slot,
        tmp,
    };
    write(staged.tmp.as_file_mut())
        .and_then(|_| staged.tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, "writing the temporary file", e))?;
    Ok(staged)
}

/// Creates the temporary file beside `path` under a name the signal handler already knows:
/// remembered before the file exists, so that a signal landing between the two cannot leave
/// the file behind (a name remembered for a file never created costs the handler one failed
/// `unlink`). The new file takes the permissions of the file it will replace.
fn create_remembered(
    path: &Path,
    dir: &Path,
) -> io::Result<(tempfile::NamedTempFile, signals::Slot)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = temporary_prefix();
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let mode = fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o666);
        options.mode(mode);
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for _ in 0..64 {
        // Unique within the process by the counter; the clock only spreads names between runs.
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("{prefix}{nanos:08x}{n:04x}{TEMP_SUFFIX}");
        let tmp_path = dir.join(name);
        let slot = signals::remember(&tmp_path);
        match options.open(&tmp_path) {
            Ok(file) => {
                // Only once the file is ours: a temporary path deletes its file when dropped.
                let owned = match tempfile::TempPath::try_from_path(&tmp_path) {
                    Ok(owned) => owned,
                    Err(e) => {
                        let _ = fs::remove_file(&tmp_path);
                        return Err(e);
                    }
                };
                return Ok((tempfile::NamedTempFile::from_parts(file, owned), slot));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io::Error::from(e.kind())),
        }
    }
    Err(io::Error::from(io::ErrorKind::AlreadyExists))
}

/// Temporary files of ours start with this, then the writing process's id and a dash.
pub const TEMP_PREFIX: &str = ".stance-";

/// ... and end with this.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Temporary report directories of ours start with this, then the process id and a dash.
pub const REPORT_PREFIX: &str = ".stance-report-";

/// `.stance-<pid>-`: the process id lets a later run tell a temporary file left by a process
/// that died (`kill -9`, a power cut) from one another run is still writing.
fn temporary_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// How old a temporary file of ours without a process id (written by an older `stance`) must be
/// before it is taken for abandoned.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Whether the process `pid` is still running (where that can be told; otherwise it is assumed
/// to be, and its file is left alone).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Removes, from `dir`, regular files of ours left behind by a process that no longer runs: a
/// run killed with `kill -9` cannot clean up after itself, so the next write does. Only names of
/// the form `.stance-<pid>-<random>.tmp` whose process is gone (or, for an older `stance`'s
/// `.stance-<random>.tmp`, that are more than an hour old) are touched.
pub fn sweep_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        // A report being built: `.stance-report-<pid>-<random>`, a directory (see the render
        // module), and its `.old` twin while it is swapped in.
        if let Some(rest) = name.strip_prefix(REPORT_PREFIX) {
            let dead = rest
                .split_once('-')
                .and_then(|(pid, _)| pid.parse::<u32>().ok())
                .is_some_and(|p| p != std::process::id() && !process_alive(p));
            let is_dir = entry.path().symlink_metadata().is_ok_and(|m| m.is_dir());
            if dead && is_dir {
                let _ = fs::remove_dir_all(entry.path());
            }
            continue;
        }
        let Some(middle) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let stale = match middle.split_once('-') {
            Some((pid, _)) if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) => pid
                .parse::<u32>()
                .is_ok_and(|p| p != std::process::id() && !process_alive(p)),
            _ => meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age > STALE_AFTER),
        };
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Refuses to write `output` when it is the same file as one of `inputs` (after following
/// links): `train --data X --model X` would otherwise replace the training data with the model.
/// `-` (standard input) and inputs that do not exist are never the same file.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let data = dir.path().join("train.csv");
/// std::fs::write(&data, "text,label\n")?;
/// assert!(stance::atomic::refuse_overwriting_inputs(&data, &[&data]).is_err());
/// assert!(stance::atomic::refuse_overwriting_inputs(&dir.path().join("m.model"), &[&data]).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn refuse_overwriting_inputs(output: &Path, inputs: &[&Path]) -> Result<()> {
    for input in inputs {
        if input.as_os_str() == "-" {
            continue;
        }
        if same_file(output, input) {
            return Err(ErrorKind::OverwritesInput {
                path: output.to_path_buf(),
                input: input.to_path_buf(),
            }
            .into());
        }
    }
    Ok(())
}

/// Whether `a` and `b` name the same existing file (following links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => same_metadata(&x, &y),
        _ => false,
    }
}

/// Whether two files' metadata describe the same file.
#[cfg(unix)]
pub fn same_metadata(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Whether two files' metadata describe the same file.
#[cfg(not(unix))]
pub fn same_metadata(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// Removing half-written temporary files when the process is interrupted (Ctrl-C, `kill`, a
/// closed terminal): the files being written are remembered in a fixed table of slots that a
/// signal handler can read without locking or allocating, and the handler removes them, then
/// lets the signal take its default course. `kill -9` cannot be caught; what it leaves behind
/// is swept by the next write ([`sweep_stale_temporaries`]).
mod signals {
    use std::ffi::CString;
    use std::path::Path;
    use std::sync::atomic::{AtomicPtr, Ordering};

    const SLOTS: usize = 16;

    static PATHS: [AtomicPtr<libc::c_char>; SLOTS] =
        [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];

    /// Remembers `path` as being written.
    pub(super) fn remember(path: &Path) -> Slot {
        Slot(remember_in_table(path))
    }

    /// The slot `path` went into (none when every slot is taken, in which case only the sweep
    /// will remove it after an interruption).
    fn remember_in_table(path: &Path) -> Option<usize> {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let c = CString::new(path.as_os_str().as_bytes()).ok()?.into_raw();
            for (i, slot) in PATHS.iter().enumerate() {
                if slot
                    .compare_exchange(std::ptr::null_mut(), c, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
                {
                    return Some(i);
                }
            }
            // SAFETY: `c` came from `CString::into_raw` above and was not stored.
            drop(unsafe { CString::from_raw(c) });
        }
        #[cfg(not(unix))]
        let _ = path;
        None
    }

    /// A remembered path, forgotten when dropped.
    #[derive(Debug)]
    pub(super) struct Slot(pub(super) Option<usize>);

    impl Drop for Slot {
        fn drop(&mut self) {
            forget(self.0.take());
        }
    }

    /// Forgets the path in `slot` (it was renamed into place or removed).
    fn forget(slot: Option<usize>) {
        if let Some(i) = slot {
            let p = PATHS[i].swap(std::ptr::null_mut(), Ordering::SeqCst);
            if !p.is_null() {
                // SAFETY: every non-null pointer in the table came from `CString::into_raw`, and
                // the swap took it out, so it is freed once.
                drop(unsafe { CString::from_raw(p) });
            }
        }
    }

    #[cfg(unix)]
    extern "C" fn on_signal(signal: libc::c_int) {
        for slot in &PATHS {
            let p = slot.load(Ordering::SeqCst);
            if !p.is_null() {
                // SAFETY: `unlink` is async-signal-safe and `p` is a valid C string that is only
                // freed after being swapped out of the table.
                unsafe { libc::unlink(p) };
            }
        }
        // SAFETY: `signal` and `raise` are async-signal-safe; the default action then ends the
        // process as the signal would have, with the status a shell expects.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }

    /// Installs the handler for SIGINT, SIGTERM and SIGHUP.
    pub(super) fn install() {
        #[cfg(unix)]
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: installs a handler that only calls async-signal-safe functions.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }
}

/// Makes Ctrl-C, SIGTERM and SIGHUP remove any temporary file this process is writing before the
/// process ends. A program calls this once at start; the library never installs handlers on its
/// own.
pub fn clean_up_on_signals() {
    signals::install();
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

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_device_at_the_target_is_refused_not_replaced() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("m.model");
        let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: creates a FIFO at a valid C path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = write_atomically(&fifo, b"x").unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
        assert!(!fs::metadata(&fifo).unwrap().is_file());
        assert!(temporary_files_in(dir.path()).is_empty());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn temporaries_of_dead_processes_are_swept_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".stance-4194305-x.tmp");
        let live = dir
            .path()
            .join(format!(".stance-{}-x.tmp", std::process::id()));
        let other = dir.path().join(".stance-notes.txt");
        for f in [&dead, &live, &other] {
            fs::write(f, b"x").unwrap();
        }
        write_atomically(&dir.path().join("m.model"), b"new").unwrap();
        assert!(!dead.exists());
        assert!(live.exists() && other.exists());
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
