//! CSV: finding columns, following quotes to catch a field that is never closed, and streaming
//! one article per record.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::*;
use crate::error::{Error, ErrorKind, Position, Result, Setting};

/// A csv crate error as ours; `line_at` turns a byte offset into a line (the csv crate counts
/// only `\n`, so its own line numbers are wrong for CR and CRLF files).
pub(super) fn csv_error(path: &Path, err: csv::Error, line_at: impl FnOnce(u64) -> u64) -> Error {
    let location = err.position().map(|p| Position {
        line: line_at(p.byte()),
        record: Some(p.record() + 1),
        byte: Some(p.byte()),
    });
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "this row has {len} fields but the header has {expected_len}; quote fields that \
             contain commas"
        ),
        csv::ErrorKind::Io(e) => {
            return Error::io(
                display(path),
                "reading",
                io::Error::new(e.kind(), e.to_string()),
            )
        }
        // Only reading byte records: no other kind can happen; its text would carry the csv
        // crate's own (LF-only) line count, so it is left out.
        _ => "malformed CSV; check the file is comma-separated text".to_string(),
    };
    Error::input(display(path), location, message)
}

/// Reads a CSV's header and finds the named columns, refusing with the list of columns there
/// are.
pub(super) fn find_columns(
    path: &Path,
    headers: &csv::ByteRecord,
    wanted: &[(&str, Setting)],
    policy: Utf8Policy,
) -> Result<Vec<usize>> {
    let mut names = Vec::with_capacity(headers.len());
    for h in headers.iter() {
        names.push(decode(h.to_vec(), policy, path, 1)?.trim().to_string());
    }
    if names.iter().all(|n| n.is_empty()) {
        return Err(Error::input(
            display(path),
            None,
            "the file is empty; a CSV with a header row is expected",
        ));
    }
    for (name, _) in wanted {
        let count = names.iter().filter(|n| n == name).count();
        if count > 1 {
            return Err(Error::input(
                display(path),
                Some(Position::line(1)),
                format!(
                    "the header has {count} columns named '{}'; rename all but one, so that it \
                     is clear which to read",
                    printable(name, 40)
                ),
            ));
        }
    }
    // A file separated by something else reads as one column whose name holds the separator.
    let separator = match names.as_slice() {
        [only] => [';', '\t', '|', ',']
            .into_iter()
            .find(|c| only.contains(*c)),
        _ => None,
    };
    wanted
        .iter()
        .map(|(name, setting)| {
            names.iter().position(|n| n == name).ok_or_else(|| {
                // A binary file's "header" can be anything: show a short, printable excerpt.
                const SHOWN: usize = 12;
                let mut listed: Vec<String> =
                    names.iter().take(SHOWN).map(|n| printable(n, 40)).collect();
                if names.len() > SHOWN {
                    listed.push(format!("and {} more", names.len() - SHOWN));
                }
                Error::from(ErrorKind::MissingColumn {
                    path: display(path),
                    setting: *setting,
                    name: name.to_string(),
                    columns: listed,
                    separator,
                })
            })
        })
        .collect()
}

/// Where a CSV byte stream stands with respect to quoting, following the csv crate's rules
/// (RFC 4180 with doubled quotes; a quote that does not open a field is an ordinary character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    /// At the start of a field.
    Start,
    /// Inside a field that did not open with a quote.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: either the field's end or the first half of a
    /// doubled quote.
    QuoteInQuoted,
}

/// Follows a CSV's quoting byte by byte, to find a quoted field that is never closed (the csv
/// crate reads everything after such a quote as one field, silently, up to the end of the file)
/// and to measure the record being read (so a streamed record can be refused when it grows past
/// a limit, before it is held in memory whole).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct QuoteTracker {
    pub(super) field: Field,
    /// The current line, 1-based.
    pub(super) line: u64,
    /// The line where the current quoted field opened.
    pub(super) opened_at: u64,
    /// Bytes seen so far.
    pub(super) seen: u64,
    /// Bytes of the current record so far.
    pub(super) record_bytes: u64,
    /// The line where the current record started.
    pub(super) record_line: u64,
    /// The most bytes a record may have.
    pub(super) limit: u64,
    /// True once a record went past `limit`; nothing more is fed after that.
    pub(super) oversized: bool,
    /// True once the end of the input was reached.
    pub(super) ended: bool,
    /// The field separator.
    pub(super) delimiter: u8,
    /// Where lines start, to tell the line of a record from its byte offset.
    pub(super) starts: LineStarts,
}

impl QuoteTracker {
    pub(super) fn new(limit: u64, delimiter: u8) -> Self {
        QuoteTracker {
            delimiter,
            starts: LineStarts::default(),
            field: Field::Start,
            line: 1,
            opened_at: 1,
            seen: 0,
            record_bytes: 0,
            record_line: 1,
            limit,
            oversized: false,
            ended: false,
        }
    }

    /// Follows `bytes`; returns how many were taken, which is fewer than all of them only when a
    /// record went past the limit (the byte that did so is the last one taken).
    pub(super) fn feed(&mut self, bytes: &[u8]) -> usize {
        let mut rest = bytes;
        // The csv crate drops a byte-order mark at the very start of its first buffer.
        if self.seen == 0 && rest.starts_with(BOM) {
            self.seen += BOM.len() as u64;
            rest = &rest[BOM.len()..];
        }
        let mut i = 0;
        while i < rest.len() {
            // Inside a field, runs of bytes that change nothing but the counts are skipped in
            // one step (most of a CSV of articles is text inside quotes).
            let run = match self.field {
                Field::Quoted => memchr::memchr3(b'"', b'\n', b'\r', &rest[i..]),
                Field::Unquoted => memchr::memchr3(self.delimiter, b'\n', b'\r', &rest[i..]),
                _ => Some(0),
            }
            .unwrap_or(rest.len() - i) as u64;
            // Never past the limit: the byte that goes over it is taken one at a time below.
            let run = run.min(self.limit.saturating_sub(self.record_bytes));
            if run > 0 {
                self.starts.saw_content();
                self.seen += run;
                self.record_bytes += run;
                i += run as usize;
                continue;
            }
            let b = rest[i];
            i += 1;
            if self.step(b) {
                return bytes.len() - rest.len() + i;
            }
        }
        bytes.len()
    }

    /// Follows one byte; true when it took the record past the limit.
    pub(super) fn step(&mut self, b: u8) -> bool {
        self.seen += 1;
        let ends_record = matches!(b, b'\n' | b'\r') && self.field != Field::Quoted;
        self.field = match (self.field, b) {
            (Field::Start, b'"') => {
                self.opened_at = self.line;
                Field::Quoted
            }
            (Field::Quoted, b'"') => Field::QuoteInQuoted,
            (Field::Quoted, _) => Field::Quoted,
            (Field::QuoteInQuoted, b'"') => Field::Quoted,
            (_, b'\n' | b'\r') => Field::Start,
            (_, d) if d == self.delimiter => Field::Start,
            _ => Field::Unquoted,
        };
        if self.starts.byte(b, self.seen) {
            self.line += 1;
        }
        if ends_record {
            self.record_bytes = 0;
            self.record_line = self.line;
            false
        } else {
            self.record_bytes += 1;
            let over = self.record_bytes > self.limit;
            self.oversized |= over;
            over
        }
    }

    /// The line where a quoted field opened and was never closed, once the input has ended.
    pub(super) fn unclosed(&self) -> Option<u64> {
        (self.ended && self.field == Field::Quoted).then_some(self.opened_at)
    }
}

pub(super) fn unclosed_quote(path: &Path, line: u64) -> Error {
    Error::input(
        display(path),
        Some(Position::line(line)),
        "a quoted field is never closed; add the missing closing quote (\") or double the \
         quotes inside the field",
    )
}

/// Refuses CSV bytes in which a quoted field is never closed, naming the line where it opens.
/// Returns the tracker, which then knows where every line starts.
pub(super) fn check_quotes(path: &Path, bytes: &[u8], delimiter: u8) -> Result<QuoteTracker> {
    let mut tracker = QuoteTracker::new(u64::MAX, delimiter);
    tracker.feed(bytes);
    tracker.ended = true;
    match tracker.unclosed() {
        Some(line) => Err(unclosed_quote(path, line)),
        None => Ok(tracker),
    }
}

/// A reader that passes bytes through a [`QuoteTracker`] and stops with an I/O error (which the
/// caller turns into a message) once a record goes past the tracker's limit. The bytes before that
/// point are passed on, so the records before the oversized one are still read.
pub(super) struct Tracked<R> {
    pub(super) inner: R,
    pub(super) tracker: Arc<Mutex<QuoteTracker>>,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let too_long = || io::Error::new(io::ErrorKind::InvalidData, "record too long");
        if self
            .tracker
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .oversized
        {
            return Err(too_long());
        }
        let n = self.inner.read(buf)?;
        let mut tracker = self.tracker.lock().unwrap_or_else(|e| e.into_inner());
        if n == 0 {
            tracker.ended = true;
            return Ok(0);
        }
        // At least one byte is always taken, so this is never mistaken for the end of input.
        Ok(tracker.feed(&buf[..n]))
    }
}

/// Turns what went wrong in a streamed CSV into a message, using what the [`QuoteTracker`] saw.
pub(super) struct CsvDiagnosis {
    pub(super) tracker: Arc<Mutex<QuoteTracker>>,
    pub(super) path: PathBuf,
    pub(super) limit: usize,
}

impl CsvDiagnosis {
    /// A read error may be the tracker refusing an oversized record, which deserves its own
    /// message.
    pub(super) fn error(&self, err: csv::Error) -> Error {
        let mut t = self.tracker.lock().unwrap_or_else(|e| e.into_inner());
        if t.oversized {
            let at = Some(Position::line(t.record_line));
            return too_large(&self.path, at, "this record", self.limit);
        }
        csv_error(&self.path, err, |b| t.starts.line_at(b))
    }

    /// The line holding byte `offset` (offsets asked for must not go backwards).
    pub(super) fn line_at(&self, offset: u64) -> u64 {
        let mut t = self.tracker.lock().unwrap_or_else(|e| e.into_inner());
        t.starts.line_at(offset)
    }

    /// A record that ends where the input ends (at byte `end`), inside an open quote, is not a
    /// record but the rest of the file.
    pub(super) fn unclosed(&self, end: u64) -> Result<()> {
        let t = self.tracker.lock().unwrap_or_else(|e| e.into_inner());
        match t.unclosed().filter(|_| end == t.seen) {
            Some(line) => Err(unclosed_quote(&self.path, line)),
            None => Ok(()),
        }
    }
}

/// A CSV held in memory, read record by record with the line each record starts on, counted
/// from byte offsets so that it is right whatever the line ends (`\n`, `\r\n`, a lone `\r`). A
/// quoted field that is never closed is refused before anything is read.
pub(crate) struct CsvTable<'a> {
    path: &'a Path,
    reader: csv::Reader<&'a [u8]>,
    lines: LineStarts,
    headers: csv::ByteRecord,
}

impl<'a> CsvTable<'a> {
    /// Reads the header of `bytes` (`path` names them in errors), fields separated by
    /// `delimiter`; every record must have as many fields as the header.
    pub(crate) fn new(bytes: &'a [u8], path: &'a Path, delimiter: u8) -> Result<Self> {
        let mut lines = check_quotes(path, bytes, delimiter)?.starts;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .delimiter(delimiter)
            .from_reader(bytes);
        let headers = reader
            .byte_headers()
            .map_err(|e| csv_error(path, e, |b| lines.line_at(b)))?
            .clone();
        Ok(CsvTable {
            path,
            reader,
            lines,
            headers,
        })
    }

    /// The header row.
    pub(crate) fn headers(&self) -> &csv::ByteRecord {
        &self.headers
    }

    /// Reads the next record into `record` and returns the line it starts on; `None` at the end.
    pub(crate) fn next_record(&mut self, record: &mut csv::ByteRecord) -> Result<Option<u64>> {
        match self.reader.read_byte_record(record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let offset = record.position().map(|p| p.byte()).unwrap_or(0);
                Ok(Some(self.lines.line_at(offset)))
            }
            Err(e) => Err(csv_error(self.path, e, |b| self.lines.line_at(b))),
        }
    }
}

pub(super) fn csv_records(
    source: impl Read + Send + 'static,
    path: &Path,
    options: &ReaderOptions,
    ids: SharedIds,
) -> Result<Records> {
    let delimiter = delimiter_for(path, options.delimiter);
    let tracker = Arc::new(Mutex::new(QuoteTracker::new(
        options.max_article_bytes as u64,
        delimiter,
    )));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delimiter)
        .from_reader(Tracked {
            inner: source,
            tracker: Arc::clone(&tracker),
        });
    let diagnosis = CsvDiagnosis {
        tracker,
        path: path.to_path_buf(),
        limit: options.max_article_bytes,
    };
    let headers = reader
        .byte_headers()
        .map_err(|e| diagnosis.error(e))?
        .clone();
    diagnosis.unclosed(reader.position().byte())?;
    let mut wanted = vec![(options.text_column.as_str(), Setting::TextColumn)];
    if let Some(id) = &options.id_column {
        wanted.push((id.as_str(), Setting::IdColumn));
    }
    let meta_names = options.meta_columns.clone();
    wanted.extend(
        meta_names
            .iter()
            .map(|name| (name.as_str(), Setting::MetaColumn)),
    );
    let cols = find_columns(path, &headers, &wanted, options.utf8)?;
    let meta_at = 1 + usize::from(options.id_column.is_some());
    let policy = options.utf8;
    let limit = options.max_article_bytes;
    let options_id = options.id_column.is_some();
    let mut record = csv::ByteRecord::new();
    let mut count = 0u64;
    if options.id_column.is_some() {
        lock(&ids).start_file(path);
    }
    let sep = [delimiter];
    let next = move || -> Option<Result<Article>> {
        let path = &diagnosis.path;
        match reader.read_byte_record(&mut record) {
            Ok(false) if count == 0 => Some(Err(Error::input(
                display(path),
                None,
                "the file has a header but no records; check that it is the file you meant",
            ))),
            Ok(false) => None,
            Err(e) => {
                let e = diagnosis.error(e);
                // A row with the wrong number of fields is one bad record; the parser can go on.
                let ragged = matches!(e.kind(), ErrorKind::Input { message, .. } if message.contains("fields but the header has"));
                match (ragged, e.position()) {
                    (true, Some(p)) => {
                        count += 1;
                        let message = match e.into_kind() {
                            ErrorKind::Input { message, .. } => message,
                            _ => unreachable!("matched above"),
                        };
                        Some(Err(bad_record(path, p.line, message, b"")))
                    }
                    _ => Some(Err(e)),
                }
            }
            Ok(true) => {
                if let Err(e) = diagnosis.unclosed(reader.position().byte()) {
                    return Some(Err(e));
                }
                count += 1;
                let line = diagnosis.line_at(record.position().map(|p| p.byte()).unwrap_or(0));
                let raw = || record.iter().collect::<Vec<_>>().join(&sep[..]);
                if record == headers {
                    return Some(Err(bad_record(
                        path,
                        line,
                        "this record repeats the header row, as when two CSV files are \
                         joined; remove it",
                        &raw(),
                    )));
                }
                let get = |i: usize| record.get(i).unwrap_or(b"").to_vec();
                let article = decode(get(cols[0]), policy, path, line).and_then(|text| {
                    let id = match options_id {
                        true => {
                            let id = decode(get(cols[1]), policy, path, line)?;
                            if let Err(message) = lock(&ids).check(&id) {
                                return Err(bad_record(path, line, message, &raw()));
                            }
                            id
                        }
                        false => format!("{}:{count}", display(path).display()),
                    };
                    let mut meta = Vec::with_capacity(meta_names.len());
                    for (name, &c) in meta_names.iter().zip(&cols[meta_at..]) {
                        meta.push((name.clone(), decode(get(c), policy, path, line)?));
                    }
                    within_limit(
                        Article {
                            id,
                            text,
                            meta,
                            source: display(path),
                            line: Some(line),
                        },
                        path,
                        Some(Position::line(line)),
                        limit,
                    )
                });
                Some(article)
            }
        }
    };
    Ok(stop_after_error(std::iter::from_fn(next)))
}
