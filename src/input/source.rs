//! Opening inputs and turning their bytes into text.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::*;
use crate::error::{Error, ErrorKind, Result};

/// How `path` is named in messages: `<stdin>` for `-`, the path itself otherwise.
pub fn display(path: &Path) -> PathBuf {
    if path.as_os_str() == "-" {
        PathBuf::from("<stdin>")
    } else {
        path.to_path_buf()
    }
}

pub(super) fn open(path: &Path) -> Result<Box<dyn Read + Send>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(io::stdin()));
    }
    if path.is_dir() {
        return Err(Error::input(
            path,
            None,
            "is a directory, but a file is expected here; give the path of a file",
        ));
    }
    let f = File::open(path).map_err(|e| Error::io(path, "opening", e))?;
    Ok(Box::new(f))
}

/// The size of `path` when it is a regular file (not standard input, a pipe or a device, whose
/// size is unknown until read).
pub fn regular_file_size(path: &Path) -> Option<u64> {
    if path.as_os_str() == "-" {
        return None;
    }
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

/// Reads at most `limit` bytes of `path`; returns them and whether there was more.
pub fn read_at_most(path: &Path, limit: u64) -> Result<(Vec<u8>, bool)> {
    let mut bytes = Vec::new();
    open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(display(path), "reading", e))?;
    let more = bytes.len() as u64 > limit;
    bytes.truncate(limit.min(bytes.len() as u64) as usize);
    Ok((bytes, more))
}

/// Turns bytes into text under `policy`, naming `line` of `path` on failure.
pub(super) fn decode(
    bytes: Vec<u8>,
    policy: Utf8Policy,
    path: &Path,
    first_line: u64,
) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let bytes = e.into_bytes();
            match policy {
                Utf8Policy::Lossy => Ok(String::from_utf8_lossy(&bytes).into_owned()),
                Utf8Policy::Strict => {
                    let valid = std::str::from_utf8(&bytes)
                        .err()
                        .map(|e| e.valid_up_to())
                        .unwrap_or(0);
                    let line =
                        first_line + bytes[..valid].iter().filter(|&&b| b == b'\n').count() as u64;
                    Err(ErrorKind::NotUtf8 {
                        path: display(path),
                        line,
                        byte: valid as u64,
                    }
                    .into())
                }
            }
        }
    }
}

/// `bytes` without a leading byte-order mark.
pub(super) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// `s` made safe to print on one line of a terminal: control characters escaped, and cut to
/// `max` characters.
pub(super) fn printable(s: &str, max: usize) -> String {
    let mut out: String = s
        .chars()
        .take(max)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}
