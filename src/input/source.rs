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
pub(crate) fn decode(
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
                    let line = first_line + count_breaks(&bytes[..valid]);
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

/// Reads one line of `reader` into `buf`, line end included, however it ends (`\n`, `\r\n` or a
/// lone `\r`, as old Mac exports end lines), stopping once `buf` holds more than `limit` bytes;
/// returns how many bytes were read (0 at the end of the input).
pub(super) fn read_line(
    reader: &mut impl io::BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> io::Result<usize> {
    let mut read = 0;
    let mut after_cr = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(read);
        }
        if after_cr {
            // A `\n` right after the `\r` belongs to the same line end.
            if available[0] == b'\n' {
                buf.push(b'\n');
                reader.consume(1);
                read += 1;
            }
            return Ok(read);
        }
        let room = usize::try_from(limit.saturating_add(1).saturating_sub(buf.len() as u64))
            .unwrap_or(usize::MAX);
        let end = memchr::memchr2(b'\n', b'\r', available);
        let take = end.map_or(available.len(), |i| i + 1).min(room);
        let ended = end.is_some_and(|i| i < take);
        after_cr = ended && available[take - 1] == b'\r';
        buf.extend_from_slice(&available[..take]);
        reader.consume(take);
        read += take;
        if (ended && !after_cr) || buf.len() as u64 > limit {
            return Ok(read);
        }
    }
}

/// The line breaks in `bytes`: `\r\n`, a lone `\r` and a lone `\n` each count once.
pub(super) fn count_breaks(bytes: &[u8]) -> u64 {
    let mut starts = LineStarts::default();
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if starts.byte(b, i as u64 + 1) {
            n += 1;
        }
    }
    n
}

/// Where lines start in a byte stream, fed byte by byte, so that the line of a record can be told
/// from its byte offset however the lines end (`\n`, `\r\n` or a lone `\r`: the csv crate counts
/// only `\n`). Offsets asked about must not go backwards; starts already passed are forgotten, so
/// a stream read record by record keeps only the starts between the reader and the parser.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct LineStarts {
    /// Starts not yet passed, each with whether its line turned out blank (nothing but its end).
    pending: std::collections::VecDeque<(u64, bool)>,
    passed: u64,
    after_cr: Option<u64>,
    /// Whether the line started last has had anything but line ends yet.
    content: bool,
    /// Whether the line of the last offset asked about is blank.
    current_blank: bool,
}

impl LineStarts {
    /// Follows byte `b`, which ends at offset `end`; true when it starts a new line.
    pub(super) fn byte(&mut self, b: u8, end: u64) -> bool {
        match b {
            b'\r' => {
                self.new_line(end);
                self.after_cr = Some(end);
                true
            }
            b'\n' if self.after_cr == Some(end - 1) => {
                // The second half of `\r\n`: the line already started at the `\r`'s end, which
                // is where the csv crate places the next record (on this `\n`).
                self.after_cr = None;
                false
            }
            b'\n' => {
                self.new_line(end);
                self.after_cr = None;
                true
            }
            _ => {
                self.content = true;
                false
            }
        }
    }

    /// Notes bytes other than line ends, followed without [`LineStarts::byte`].
    pub(super) fn saw_content(&mut self) {
        self.content = true;
    }

    fn new_line(&mut self, start: u64) {
        if !self.content {
            // The line this byte ends held nothing else.
            match self.pending.back_mut() {
                Some((_, blank)) => *blank = true,
                None => self.current_blank = true,
            }
        }
        self.pending.push_back((start, false));
        self.content = false;
    }

    /// The 1-based line of the first byte at or after `offset` that is not on a blank line: the
    /// line of the record the csv crate places at `offset`, which is where the previous record
    /// ended (it skips blank lines before a record).
    pub(super) fn line_at(&mut self, offset: u64) -> u64 {
        while self.pending.front().is_some_and(|&(s, _)| s <= offset) {
            self.advance();
        }
        while self.current_blank && !self.pending.is_empty() {
            self.advance();
        }
        self.passed + 1
    }

    fn advance(&mut self) {
        if let Some((_, blank)) = self.pending.pop_front() {
            self.passed += 1;
            self.current_blank = blank;
        }
    }
}

/// An article id for a file: its path, with any bytes that are not UTF-8 written as `\xNN`, so
/// that two names differing only in an invalid byte keep different ids.
pub fn path_id(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let mut out = String::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}

/// Reads a small text file whole (a stop-word list, say), refusing one larger than `limit` bytes
/// before holding it, a directory, and (under [`Utf8Policy::Strict`]) bytes that are not UTF-8.
/// `action` names what is being done in messages, e.g. "reading the stop-word list".
pub fn read_text_file(
    path: &Path,
    limit: u64,
    action: &'static str,
    policy: Utf8Policy,
) -> Result<String> {
    if path.is_dir() {
        return Err(Error::io(
            path,
            action,
            io::Error::from(io::ErrorKind::IsADirectory),
        ));
    }
    let mut bytes = Vec::new();
    open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(display(path), action, e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::input(
            display(path),
            None,
            format!(
                "the file is larger than {}, the most it may hold; give a smaller file",
                crate::units::human_bytes(limit)
            ),
        ));
    }
    let bytes = strip_bom(&bytes).to_vec();
    decode(bytes, policy, path, 1)
}
