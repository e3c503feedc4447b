//! Reading what users give `stance`: labelled CSV files for training and evaluation, and articles
//! to classify (plain-text files, directories of them, standard input, or one article per record
//! in a CSV or JSONL file).
//!
//! Every error names the file and, where there is one, the line, and says what to do. The rules
//! (README, "Input rules"):
//!
//! - Labels are normalised: surrounding white space removed, inner runs of white space made one
//!   space, lower-cased, so "Neutral " and "neutral" are one label. A label holding a control
//!   character is refused.
//! - A training or evaluation row with an empty or white-space-only text or label is refused,
//!   naming its line. An article with no text is not an error: it has no sentences, and its
//!   verdict is `empty`.
//! - Invalid UTF-8 is refused, naming the line, unless [`Utf8Policy::Lossy`] asks to replace it.
//! - A UTF-8 byte-order mark at the start of a file is ignored; CRLF line ends are fine.
//! - A quoted CSV field that is never closed is refused, naming the line where it opens: the csv
//!   crate would otherwise read the rest of the file into that one field, silently.
//! - A CSV or JSONL file with no records is refused: it is almost always a scraper that failed.
//! - One article may hold at most [`MAX_ARTICLE_BYTES`] (a text file, a CSV record or a JSON
//!   line), so that a hostile or broken file (a single endless line, `/dev/zero`) ends in a
//!   message instead of exhausting memory.
//!
//! Articles are read one at a time, so memory does not grow with their number.

use std::collections::{HashSet, VecDeque};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::budget::MemoryBudget;
use crate::error::{Error, Result};
use crate::features::FeatureSettings;
use crate::pipeline::LabelledSet;

/// The largest article, in bytes, that [`ArticleReader`] accepts by default: 64 MiB, some ten
/// million words, far beyond any article, yet small enough to hold in memory.
pub const MAX_ARTICLE_BYTES: usize = 64 << 20;

/// The UTF-8 encoding of U+FEFF, which some editors put at the start of a file.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// How to treat bytes that are not valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Utf8Policy {
    /// Refuse the input, naming the line of the first bad byte (the default: silently changing
    /// a text could change its label).
    #[default]
    Strict,
    /// Replace each invalid sequence with U+FFFD and go on.
    Lossy,
}

/// Which columns of a labelled CSV hold the text and the label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// Name of the text column.
    pub text: String,
    /// Name of the label column.
    pub label: String,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            text: "text".into(),
            label: "label".into(),
        }
    }
}

fn display(path: &Path) -> PathBuf {
    if path.as_os_str() == "-" {
        PathBuf::from("<stdin>")
    } else {
        path.to_path_buf()
    }
}

fn open(path: &Path) -> Result<Box<dyn Read + Send>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(io::stdin()));
    }
    if path.is_dir() {
        return Err(Error::input(
            path,
            "",
            "is a directory, but a file is expected here; give the path of a file",
        ));
    }
    let f = File::open(path).map_err(|e| Error::io(path, "opening", e))?;
    Ok(Box::new(f))
}

/// The size of `path` when it is a regular file (not standard input, a pipe or a device, whose
/// size is unknown until read).
fn regular_file_size(path: &Path) -> Option<u64> {
    if path.as_os_str() == "-" {
        return None;
    }
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

/// Reads at most `limit` bytes of `path`; returns them and whether there was more.
fn read_at_most(path: &Path, limit: u64) -> Result<(Vec<u8>, bool)> {
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
fn decode(bytes: Vec<u8>, policy: Utf8Policy, path: &Path, first_line: u64) -> Result<String> {
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
                    Err(Error::NotUtf8 {
                        path: display(path),
                        line,
                        byte: valid as u64,
                    })
                }
            }
        }
    }
}

/// `bytes` without a leading byte-order mark.
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

fn csv_error(path: &Path, err: csv::Error) -> Error {
    let line = err.position().map(|p| p.line());
    let location = line.map(|l| format!("line {l}: ")).unwrap_or_default();
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
        _ => format!("malformed CSV ({err}); check the file is comma-separated text"),
    };
    Error::input(display(path), location, message)
}

/// `s` made safe to print on one line of a terminal: control characters escaped, and cut to
/// `max` characters.
fn printable(s: &str, max: usize) -> String {
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

/// Reads a CSV's header and finds the named columns, refusing with the list of columns there
/// are.
fn find_columns(
    path: &Path,
    headers: &csv::ByteRecord,
    wanted: &[(&str, &str)],
    policy: Utf8Policy,
) -> Result<Vec<usize>> {
    let mut names = Vec::with_capacity(headers.len());
    for h in headers.iter() {
        names.push(decode(h.to_vec(), policy, path, 1)?.trim().to_string());
    }
    if names.iter().all(|n| n.is_empty()) {
        return Err(Error::input(
            display(path),
            "",
            "the file is empty; a CSV with a header row is expected",
        ));
    }
    wanted
        .iter()
        .map(|(name, flag)| {
            names.iter().position(|n| n == name).ok_or_else(|| {
                // A binary file's "header" can be anything: show a short, printable excerpt.
                const SHOWN: usize = 12;
                let mut listed: Vec<String> =
                    names.iter().take(SHOWN).map(|n| printable(n, 40)).collect();
                if names.len() > SHOWN {
                    listed.push(format!("and {} more", names.len() - SHOWN));
                }
                Error::input(
                    display(path),
                    "line 1: ",
                    format!(
                        "no column named '{name}' (columns: {}); name the right one with {flag}",
                        listed.join(", ")
                    ),
                )
            })
        })
        .collect()
}

/// Where a CSV byte stream stands with respect to quoting, following the csv crate's rules
/// (RFC 4180 with doubled quotes; a quote that does not open a field is an ordinary character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
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
struct QuoteTracker {
    field: Field,
    /// The current line, 1-based.
    line: u64,
    /// The line where the current quoted field opened.
    opened_at: u64,
    /// Bytes seen so far.
    seen: u64,
    /// Bytes of the current record so far.
    record_bytes: u64,
    /// The line where the current record started.
    record_line: u64,
    /// The most bytes a record may have.
    limit: u64,
    /// True once a record went past `limit`; nothing more is fed after that.
    oversized: bool,
    /// True once the end of the input was reached.
    ended: bool,
}

impl QuoteTracker {
    fn new(limit: u64) -> Self {
        QuoteTracker {
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
    fn feed(&mut self, bytes: &[u8]) -> usize {
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
                Field::Quoted => memchr::memchr2(b'"', b'\n', &rest[i..]),
                Field::Unquoted => memchr::memchr3(b',', b'\n', b'\r', &rest[i..]),
                _ => Some(0),
            }
            .unwrap_or(rest.len() - i) as u64;
            // Never past the limit: the byte that goes over it is taken one at a time below.
            let run = run.min(self.limit.saturating_sub(self.record_bytes));
            if run > 0 {
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
    fn step(&mut self, b: u8) -> bool {
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
            (_, b',' | b'\n' | b'\r') => Field::Start,
            _ => Field::Unquoted,
        };
        if b == b'\n' {
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
    fn unclosed(&self) -> Option<u64> {
        (self.ended && self.field == Field::Quoted).then_some(self.opened_at)
    }
}

fn unclosed_quote(path: &Path, line: u64) -> Error {
    Error::input(
        display(path),
        format!("line {line}: "),
        "a quoted field is never closed; add the missing closing quote (\") or double the \
         quotes inside the field",
    )
}

/// Refuses CSV bytes in which a quoted field is never closed, naming the line where it opens.
fn check_quotes(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tracker = QuoteTracker::new(u64::MAX);
    tracker.feed(bytes);
    tracker.ended = true;
    match tracker.unclosed() {
        Some(line) => Err(unclosed_quote(path, line)),
        None => Ok(()),
    }
}

/// A reader that passes bytes through a [`QuoteTracker`] and stops with an I/O error (which the
/// caller turns into a message) once a record goes past the tracker's limit. The bytes before that
/// point are passed on, so the records before the oversized one are still read.
struct Tracked<R> {
    inner: R,
    tracker: Arc<Mutex<QuoteTracker>>,
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

fn too_large(path: &Path, location: String, what: &str, limit: usize) -> Error {
    Error::input(
        display(path),
        location,
        format!(
            "{what} is larger than {} (the most one article may hold); split it into smaller \
             articles",
            crate::budget::human_bytes(limit as u64)
        ),
    )
}

/// Refuses an article whose text is over the limit although its record was not: replacing
/// invalid bytes (`--lossy`) can triple a text's length, and the limit is on the text.
fn within_limit(article: Article, path: &Path, location: String, limit: usize) -> Result<Article> {
    if article.text.len() > limit {
        return Err(too_large(
            path,
            location,
            "the text, once its invalid bytes are replaced,",
            limit,
        ));
    }
    Ok(article)
}

/// Reads a labelled CSV.
///
/// ```no_run
/// use stance::input::{read_labelled, Columns, Utf8Policy};
/// let data = read_labelled("data/train.csv".as_ref(), &Columns::default(), Utf8Policy::Strict)?;
/// println!("{} sentences", data.len());
/// # Ok::<(), stance::Error>(())
/// ```
pub fn read_labelled(path: &Path, columns: &Columns, policy: Utf8Policy) -> Result<LabelledSet> {
    let (bytes, _) = read_at_most(path, u64::MAX)?;
    parse_labelled(&bytes, path, columns, policy)
}

/// Reads a labelled CSV for training, refusing it before reading it whole when training on it
/// would exceed `budget` (see [`crate::budget`]): a regular file is judged by its size before
/// anything is read, standard input or a pipe by what has been read once that is too much.
pub fn read_labelled_within(
    path: &Path,
    columns: &Columns,
    policy: Utf8Policy,
    budget: &MemoryBudget,
    features: &FeatureSettings,
) -> Result<LabelledSet> {
    if let Some(size) = regular_file_size(path) {
        budget.check_corpus(&display(path), size, features)?;
    }
    let (bytes, more) = read_at_most(path, budget.largest_corpus(features))?;
    if more {
        // More than the budget allows has arrived; the estimate for one byte more says so.
        budget.check_corpus(&display(path), bytes.len() as u64 + 1, features)?;
    }
    parse_labelled(&bytes, path, columns, policy)
}

/// A label as training and evaluation compare it: trimmed, inner white space collapsed to one
/// space, lower-cased.
///
/// ```
/// assert_eq!(stance::input::normalise_label("  Peace\tKeeping "), "peace keeping");
/// ```
pub fn normalise_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Parses labelled CSV bytes (see [`read_labelled`]); `path` names them in errors.
pub fn parse_labelled(
    bytes: &[u8],
    path: &Path,
    columns: &Columns,
    policy: Utf8Policy,
) -> Result<LabelledSet> {
    check_quotes(path, bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let headers = reader
        .byte_headers()
        .map_err(|e| csv_error(path, e))?
        .clone();
    let cols = find_columns(
        path,
        &headers,
        &[
            (columns.text.as_str(), "--text-column"),
            (columns.label.as_str(), "--label-column"),
        ],
        policy,
    )?;
    let mut set = LabelledSet {
        source: display(path),
        ..Default::default()
    };
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(path, e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let at = || format!("line {line}: ");
        let field = |i: usize| record.get(i).unwrap_or(b"").to_vec();
        let text = decode(field(cols[0]), policy, path, line)?;
        let label = normalise_label(&decode(field(cols[1]), policy, path, line)?);
        if text.trim().is_empty() {
            return Err(Error::input(
                display(path),
                at(),
                "the text is empty; fill it in or remove the row",
            ));
        }
        if label.is_empty() {
            return Err(Error::input(
                display(path),
                at(),
                "the label is empty; fill it in or remove the row",
            ));
        }
        if label.chars().any(char::is_control) {
            return Err(Error::input(
                display(path),
                at(),
                format!(
                    "the label '{}' holds a control character; fix the label",
                    printable(&label, 40)
                ),
            ));
        }
        set.texts.push(text);
        set.labels.push(label);
        set.lines.push(line);
    }
    if set.is_empty() {
        return Err(Error::input(
            display(path),
            "",
            "the file has a header but no rows; add labelled sentences",
        ));
    }
    Ok(set)
}

/// The kind of a classification input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One article per file (or all of standard input).
    Text,
    /// One article per CSV record.
    Csv,
    /// One article per JSON line.
    Jsonl,
}

impl InputFormat {
    /// The format implied by a file name: `.csv`, `.jsonl`/`.ndjson`, else plain text.
    pub fn from_path(path: &Path) -> InputFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("csv") => InputFormat::Csv,
            Some("jsonl") | Some("ndjson") => InputFormat::Jsonl,
            _ => InputFormat::Text,
        }
    }
}

/// One article to classify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Its identifier: the file path, or the id column's value, or `FILE:RECORD`.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// Options for [`ArticleReader`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderOptions {
    /// Force a format instead of guessing from each file's extension.
    pub format: Option<InputFormat>,
    /// Column (CSV) or field (JSONL) holding the text.
    pub text_column: String,
    /// Column or field holding an identifier to carry through.
    pub id_column: Option<String>,
    /// What to do with invalid UTF-8.
    pub utf8: Utf8Policy,
    /// The largest article accepted, in bytes (default [`MAX_ARTICLE_BYTES`]).
    pub max_article_bytes: usize,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            format: None,
            text_column: "text".into(),
            id_column: None,
            utf8: Utf8Policy::Strict,
            max_article_bytes: MAX_ARTICLE_BYTES,
        }
    }
}

/// A stream of articles from one source.
pub type Records = Box<dyn Iterator<Item = Result<Article>> + Send>;

/// Streams articles from files, directories (every `.txt` below them, in sorted order) and `-`
/// (standard input), one at a time.
pub struct ArticleReader {
    queue: VecDeque<PathBuf>,
    current: Option<Records>,
    options: ReaderOptions,
}

impl ArticleReader {
    /// Prepares to read `inputs`. Directories are listed now (so a missing path fails early);
    /// files are opened as they are reached.
    pub fn new(inputs: &[PathBuf], options: ReaderOptions) -> Result<Self> {
        let mut queue = VecDeque::new();
        for input in inputs {
            if input.as_os_str() != "-" && input.is_dir() {
                let mut found = Vec::new();
                list_txt(input, &mut found, &mut HashSet::new())?;
                if found.is_empty() {
                    return Err(Error::input(
                        input,
                        "",
                        "the directory holds no .txt files; pass files or a directory of .txt articles",
                    ));
                }
                found.sort();
                queue.extend(found);
            } else if input.as_os_str() != "-" && !input.exists() {
                return Err(Error::io(
                    input,
                    "opening",
                    io::Error::new(io::ErrorKind::NotFound, "no such file or directory"),
                ));
            } else {
                queue.push_back(input.clone());
            }
        }
        Ok(ArticleReader {
            queue,
            current: None,
            options,
        })
    }

    fn open_next(&mut self, path: PathBuf) -> Result<()> {
        let format = self
            .options
            .format
            .unwrap_or_else(|| InputFormat::from_path(&path));
        if format == InputFormat::Text {
            // Refuse an oversized file by its size, before reading it.
            let limit = self.options.max_article_bytes;
            if regular_file_size(&path).is_some_and(|n| n > limit as u64) {
                return Err(too_large(&path, String::new(), "the file", limit));
            }
        }
        self.current = Some(records(open(&path)?, &path, format, &self.options)?);
        Ok(())
    }
}

impl Iterator for ArticleReader {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(current) = self.current.as_mut() {
                match current.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let path = self.queue.pop_front()?;
            if let Err(e) = self.open_next(path) {
                // Stop after the first failure, like every other error in the stream.
                self.queue.clear();
                return Some(Err(e));
            }
        }
    }
}

/// Collects every `.txt` file below `dir`. Symbolic links are followed, but each directory is
/// listed once, so a link back to a parent cannot make the walk endless.
fn list_txt(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut HashSet<PathBuf>) -> Result<()> {
    let canonical = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, "listing", e))?;
    if !seen.insert(canonical) {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "listing", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "listing", e))?;
        let path = entry.path();
        if path.is_dir() {
            list_txt(&path, out, seen)?;
        } else if path.extension().and_then(|e| e.to_str()) == Some("txt") {
            out.push(path);
        }
    }
    Ok(())
}

/// Streams the articles in `source` (read as `format`; `path` names it in messages and ids).
///
/// This is [`ArticleReader`]'s parser for one source, open to any reader, so that bytes from
/// memory (a test, a fuzzer) go through exactly the code that files do.
///
/// ```
/// use std::path::Path;
/// use stance::input::{records, InputFormat, ReaderOptions};
///
/// let bytes = b"{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n";
/// let articles = records(&bytes[..], Path::new("mem.jsonl"), InputFormat::Jsonl, &ReaderOptions::default())?
///     .collect::<Result<Vec<_>, _>>()?;
/// assert_eq!(articles[1].text, "Two.");
/// assert_eq!(articles[1].id, "mem.jsonl:2");
/// # Ok::<(), stance::Error>(())
/// ```
pub fn records(
    source: impl Read + Send + 'static,
    path: &Path,
    format: InputFormat,
    options: &ReaderOptions,
) -> Result<Records> {
    match format {
        InputFormat::Text => text_record(source, path, options),
        InputFormat::Csv => csv_records(source, path, options),
        InputFormat::Jsonl => jsonl_records(source, path, options),
    }
}

fn text_record(source: impl Read, path: &Path, options: &ReaderOptions) -> Result<Records> {
    let limit = options.max_article_bytes;
    let mut bytes = Vec::new();
    source
        .take((limit as u64).saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(display(path), "reading", e))?;
    if bytes.len() > limit {
        return Err(too_large(path, String::new(), "the file", limit));
    }
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    let text = decode(bytes, options.utf8, path, 1)?;
    let article = Article {
        id: display(path).display().to_string(),
        text,
    };
    let article = within_limit(article, path, String::new(), limit)?;
    Ok(Box::new(std::iter::once(Ok(article))))
}

/// Turns what went wrong in a streamed CSV into a message, using what the [`QuoteTracker`] saw.
struct CsvDiagnosis {
    tracker: Arc<Mutex<QuoteTracker>>,
    path: PathBuf,
    limit: usize,
}

impl CsvDiagnosis {
    /// A read error may be the tracker refusing an oversized record, which deserves its own
    /// message.
    fn error(&self, err: csv::Error) -> Error {
        let t = self.tracker.lock().unwrap_or_else(|e| e.into_inner());
        if t.oversized {
            let at = format!("line {}: ", t.record_line);
            return too_large(&self.path, at, "this record", self.limit);
        }
        csv_error(&self.path, err)
    }

    /// A record that ends where the input ends (at byte `end`), inside an open quote, is not a
    /// record but the rest of the file.
    fn unclosed(&self, end: u64) -> Result<()> {
        let t = self.tracker.lock().unwrap_or_else(|e| e.into_inner());
        match t.unclosed().filter(|_| end == t.seen) {
            Some(line) => Err(unclosed_quote(&self.path, line)),
            None => Ok(()),
        }
    }
}

fn csv_records(
    source: impl Read + Send + 'static,
    path: &Path,
    options: &ReaderOptions,
) -> Result<Records> {
    let tracker = Arc::new(Mutex::new(QuoteTracker::new(
        options.max_article_bytes as u64,
    )));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
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
    let mut wanted = vec![(options.text_column.as_str(), "--text-column")];
    if let Some(id) = &options.id_column {
        wanted.push((id.as_str(), "--id-column"));
    }
    let cols = find_columns(path, &headers, &wanted, options.utf8)?;
    let policy = options.utf8;
    let limit = options.max_article_bytes;
    let mut record = csv::ByteRecord::new();
    let mut count = 0u64;
    let next = move || -> Option<Result<Article>> {
        let path = &diagnosis.path;
        match reader.read_byte_record(&mut record) {
            Ok(false) if count == 0 => Some(Err(Error::input(
                display(path),
                "",
                "the file has a header but no records; check that it is the file you meant",
            ))),
            Ok(false) => None,
            Err(e) => Some(Err(diagnosis.error(e))),
            Ok(true) => {
                if let Err(e) = diagnosis.unclosed(reader.position().byte()) {
                    return Some(Err(e));
                }
                count += 1;
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                let get = |i: usize| record.get(i).unwrap_or(b"").to_vec();
                Some(decode(get(cols[0]), policy, path, line).and_then(|text| {
                    let id = match cols.get(1) {
                        Some(&c) => decode(get(c), policy, path, line)?,
                        None => format!("{}:{count}", display(path).display()),
                    };
                    within_limit(Article { id, text }, path, format!("line {line}: "), limit)
                }))
            }
        }
    };
    Ok(stop_after_error(std::iter::from_fn(next)))
}

/// Ends a stream after its first error: what follows a malformed record cannot be trusted.
fn stop_after_error(items: impl Iterator<Item = Result<Article>> + Send + 'static) -> Records {
    let mut failed = false;
    Box::new(items.take_while(move |item| {
        let go_on = !failed;
        failed = failed || item.is_err();
        go_on
    }))
}

fn jsonl_records(
    source: impl Read + Send + 'static,
    path: &Path,
    options: &ReaderOptions,
) -> Result<Records> {
    let mut reader = BufReader::new(source);
    let path = path.to_path_buf();
    let options = options.clone();
    let limit = options.max_article_bytes;
    let mut line_no = 0u64;
    let mut count = 0u64;
    let mut buf = Vec::new();
    let next = move || -> Option<Result<Article>> {
        loop {
            buf.clear();
            line_no += 1;
            let read = (&mut reader)
                .take((limit as u64).saturating_add(1))
                .read_until(b'\n', &mut buf);
            match read {
                Ok(0) if count == 0 => {
                    return Some(Err(Error::input(
                        display(&path),
                        "",
                        "the file holds no records; a JSON object per line is expected",
                    )))
                }
                Ok(0) => return None,
                Ok(_) if buf.len() > limit => {
                    let at = format!("line {line_no}: ");
                    return Some(Err(too_large(&path, at, "this record", limit)));
                }
                Ok(_) => {}
                Err(e) => return Some(Err(Error::io(display(&path), "reading", e))),
            }
            let bytes = if line_no == 1 {
                strip_bom(&buf).to_vec()
            } else {
                std::mem::take(&mut buf)
            };
            let text = match decode(bytes, options.utf8, &path, line_no) {
                Ok(t) => t,
                Err(e) => return Some(Err(e)),
            };
            if text.trim().is_empty() {
                continue;
            }
            count += 1;
            return Some(
                parse_json_line(&text, &path, line_no, &options)
                    .and_then(|a| within_limit(a, &path, format!("line {line_no}: "), limit)),
            );
        }
    };
    Ok(stop_after_error(std::iter::from_fn(next)))
}

fn parse_json_line(
    line: &str,
    path: &Path,
    line_no: u64,
    options: &ReaderOptions,
) -> Result<Article> {
    let at = format!("line {line_no}: ");
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
        // serde_json counts lines within the one line it was given; only the column helps.
        let what = e.to_string();
        let what = what.split(" at line ").next().unwrap_or(&what).to_string();
        Error::input(
            display(path),
            at.clone(),
            format!(
                "not valid JSON ({what} at column {}); each line must hold one JSON object",
                e.column()
            ),
        )
    })?;
    let obj = value.as_object().ok_or_else(|| {
        Error::input(
            display(path),
            at.clone(),
            "each line must hold one JSON object, like {\"text\": \"...\"}",
        )
    })?;
    let text = match obj.get(&options.text_column) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(Error::input(
                display(path),
                at,
                format!(
                    "field '{}' is not a string; the text must be a JSON string",
                    options.text_column
                ),
            ))
        }
        None => {
            return Err(Error::input(
                display(path),
                at,
                format!(
                    "no field '{}'; name the text field with --text-column",
                    options.text_column
                ),
            ))
        }
    };
    let id = match &options.id_column {
        Some(field) => match obj.get(field) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => {
                return Err(Error::input(
                    display(path),
                    at,
                    format!("no string or number field '{field}' for --id-column; add it or name another field"),
                ))
            }
        },
        None => format!("{}:{line_no}", display(path).display()),
    };
    Ok(Article { id, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tracker one byte at a time, without skipping runs: the reference for `feed`.
    fn feed_one_at_a_time(t: &mut QuoteTracker, bytes: &[u8]) -> usize {
        let mut rest = bytes;
        if t.seen == 0 && rest.starts_with(BOM) {
            t.seen += BOM.len() as u64;
            rest = &rest[BOM.len()..];
        }
        for (i, &b) in rest.iter().enumerate() {
            if t.step(b) {
                return bytes.len() - rest.len() + i + 1;
            }
        }
        bytes.len()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Skipping runs inside fields changes nothing the tracker reports, for any input, any
        /// record limit and any way the input arrives in pieces.
        #[test]
        fn the_run_skipping_tracker_equals_the_byte_by_byte_one(
            bytes in proptest::collection::vec(proptest::sample::select(b"ab ,\"\n\r\xef\xbb\xbf".to_vec()), 0..200),
            limit in 0u64..40,
            pieces in proptest::collection::vec(1usize..50, 1..10),
        ) {
            let (mut fast, mut slow) = (QuoteTracker::new(limit), QuoteTracker::new(limit));
            let mut rest: &[u8] = &bytes;
            let mut piece = pieces.iter().cycle();
            while !rest.is_empty() && !fast.oversized {
                let n = (*piece.next().unwrap()).min(rest.len());
                let taken = fast.feed(&rest[..n]);
                proptest::prop_assert_eq!(taken, feed_one_at_a_time(&mut slow, &rest[..n]));
                proptest::prop_assert_eq!(&fast, &slow);
                rest = &rest[taken..];
            }
        }
    }

    fn parse(csv: &str) -> Result<LabelledSet> {
        parse_labelled(
            csv.as_bytes(),
            Path::new("d.csv"),
            &Columns::default(),
            Utf8Policy::Strict,
        )
    }

    fn err(csv: &str) -> String {
        parse(csv).unwrap_err().to_string()
    }

    #[test]
    fn reads_rows_and_normalises_labels() {
        let set = parse("text,label\n\"A, quoted\",Neutral \nB,ENFORCEMENT\n").unwrap();
        assert_eq!(set.texts, ["A, quoted", "B"]);
        assert_eq!(set.labels, ["neutral", "enforcement"]);
        assert_eq!(set.lines, [2, 3]);
    }

    #[test]
    fn bom_crlf_and_extra_columns_are_fine() {
        let set = parse("\u{feff}id,text,label,mission\r\n1,Hello there,neutral,gaza\r\n").unwrap();
        assert_eq!(set.texts, ["Hello there"]);
    }

    #[test]
    fn errors_name_file_line_and_remedy() {
        assert!(err("").contains("empty"));
        assert!(err("text,label\n").contains("no rows"));
        let e = err("words,label\nx,y\n");
        assert!(
            e.contains("d.csv") && e.contains("'text'") && e.contains("--text-column"),
            "{e}"
        );
        let e = err("text,label\na,b\nc,d,e\n");
        assert!(e.contains("line 3") && e.contains("3 fields"), "{e}");
        let e = err("text,label\na,b\n\"never closed,c\nd,e\n");
        assert!(e.contains("line 3") && e.contains("never closed"), "{e}");
        let e = err("text,label\n  ,neutral\n");
        assert!(e.contains("line 2") && e.contains("empty"), "{e}");
        let e = err("text,label\nsome text, \n");
        assert!(e.contains("line 2") && e.contains("label is empty"), "{e}");
    }

    #[test]
    fn invalid_utf8_is_refused_or_replaced() {
        let bytes = b"text,label\nok,neutral\nbad \xff byte,neutral\n";
        let e = parse_labelled(
            bytes,
            Path::new("d.csv"),
            &Columns::default(),
            Utf8Policy::Strict,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("line 3") && e.contains("UTF-8") && e.contains("--lossy"),
            "{e}"
        );
        let set = parse_labelled(
            bytes,
            Path::new("d.csv"),
            &Columns::default(),
            Utf8Policy::Lossy,
        )
        .unwrap();
        assert_eq!(set.texts[1], "bad \u{fffd} byte");
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(InputFormat::from_path(Path::new("a.CSV")), InputFormat::Csv);
        assert_eq!(
            InputFormat::from_path(Path::new("a.jsonl")),
            InputFormat::Jsonl
        );
        assert_eq!(
            InputFormat::from_path(Path::new("a.txt")),
            InputFormat::Text
        );
        assert_eq!(
            InputFormat::from_path(Path::new("README")),
            InputFormat::Text
        );
    }

    #[test]
    fn reads_text_files_directories_csv_and_jsonl() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("arts")).unwrap();
        std::fs::write(d.join("arts/b.txt"), "Second.").unwrap();
        std::fs::write(d.join("arts/a.txt"), "First.").unwrap();
        std::fs::write(d.join("arts/skip.md"), "not read").unwrap();
        std::fs::write(d.join("r.csv"), "id,text\n7,\"Csv one.\"\n8,Csv two.\n").unwrap();
        std::fs::write(
            d.join("r.jsonl"),
            "{\"id\": 1, \"text\": \"Json one.\"}\n\n{\"id\": \"x\", \"text\": \"Json two.\"}\n",
        )
        .unwrap();
        let options = ReaderOptions {
            id_column: Some("id".into()),
            ..Default::default()
        };
        let inputs = vec![d.join("arts"), d.join("r.csv"), d.join("r.jsonl")];
        let got: Vec<Article> = ArticleReader::new(&inputs, options)
            .unwrap()
            .collect::<Result<_>>()
            .unwrap();
        let texts: Vec<&str> = got.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "First.",
                "Second.",
                "Csv one.",
                "Csv two.",
                "Json one.",
                "Json two."
            ]
        );
        let ids: Vec<&str> = got[2..].iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["7", "8", "1", "x"]);
        assert!(got[0].id.ends_with("a.txt"));
    }

    #[test]
    fn record_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        std::fs::write(&p, "{\"text\": \"ok\"}\n{\"text\": 5}\n").unwrap();
        let mut reader = ArticleReader::new(&[p], ReaderOptions::default()).unwrap();
        assert!(reader.next().unwrap().is_ok());
        let e = reader.next().unwrap().unwrap_err().to_string();
        assert!(e.contains("r.jsonl") && e.contains("line 2"), "{e}");
        assert!(reader.next().is_none());
        let missing = ArticleReader::new(&[dir.path().join("nope.txt")], ReaderOptions::default());
        assert!(missing.is_err());
    }

    /// The articles of `bytes` read as `format`, or the first error's message.
    fn stream(bytes: &[u8], format: InputFormat, options: &ReaderOptions) -> Result<Vec<Article>> {
        let name = match format {
            InputFormat::Csv => "r.csv",
            InputFormat::Jsonl => "r.jsonl",
            InputFormat::Text => "r.txt",
        };
        records(
            io::Cursor::new(bytes.to_vec()),
            Path::new(name),
            format,
            options,
        )?
        .collect()
    }

    fn stream_err(bytes: &[u8], format: InputFormat) -> String {
        stream(bytes, format, &ReaderOptions::default())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn streamed_csv_refuses_an_unclosed_quote_instead_of_swallowing_the_rest() {
        let e = stream_err(
            b"id,text\n1,\"fine.\"\n2,\"never closed\n3,more\n4,still more\n",
            InputFormat::Csv,
        );
        assert!(
            e.contains("r.csv: line 3: ") && e.contains("never closed"),
            "{e}"
        );
        // The records before it are still read.
        let mut it = records(
            io::Cursor::new(b"id,text\n1,fine\n2,\"open\n".to_vec()),
            Path::new("r.csv"),
            InputFormat::Csv,
            &ReaderOptions::default(),
        )
        .unwrap();
        assert_eq!(it.next().unwrap().unwrap().text, "fine");
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
        // In the header, too.
        let e = stream_err(b"id,\"text\n1,a\n", InputFormat::Csv);
        assert!(e.contains("line 1: ") && e.contains("never closed"), "{e}");
    }

    #[test]
    fn quotes_follow_the_csv_rules_not_a_parity_count() {
        // A quote inside an unquoted field is an ordinary character (a 12" pipe), and a doubled
        // quote inside a quoted field is one quote: neither opens a field.
        let set = parse("text,label\na 12\" pipe,neutral\n\"say \"\"hi\"\"\",neutral\n").unwrap();
        assert_eq!(set.texts, ["a 12\" pipe", "say \"hi\""]);
        let got = stream(
            b"text\na 12\" pipe\n\"x, \"\"y\"\"\"\n",
            InputFormat::Csv,
            &ReaderOptions::default(),
        )
        .unwrap();
        assert_eq!(got[1].text, "x, \"y\"");
        // After a byte-order mark, a quote still opens the first field.
        assert!(err("\u{feff}\"text,label\na,b\n").contains("line 1"));
    }

    #[test]
    fn oversized_articles_are_refused_before_they_are_held_whole() {
        let options = ReaderOptions {
            max_article_bytes: 16,
            ..Default::default()
        };
        let long = "x".repeat(1000);
        let csv = format!("id,text\n1,short\n2,{long}\n");
        let e = stream(csv.as_bytes(), InputFormat::Csv, &options)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3: this record is larger than 16 B"), "{e}");
        let jsonl = format!("{{\"text\": \"ok\"}}\n{{\"text\": \"{long}\"}}\n");
        let e = stream(jsonl.as_bytes(), InputFormat::Jsonl, &options)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2: this record is larger"), "{e}");
        let e = stream(long.as_bytes(), InputFormat::Text, &options)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("the file is larger") && e.contains("split it"),
            "{e}"
        );
        // An unclosed quote early in a big file stops at the limit, not at the end of the file.
        let csv = format!("id,text\n1,\"open {long}{long}\n");
        let e = stream(csv.as_bytes(), InputFormat::Csv, &options)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2: this record is larger"), "{e}");
    }

    /// Found by fuzzing (`jsonl` target): with no article limit (`usize::MAX`), "limit + 1"
    /// overflowed; in a release build it wrapped to 0 and every JSONL file read as empty.
    #[test]
    fn fuzz_an_unlimited_article_size_does_not_overflow() {
        let options = ReaderOptions {
            max_article_bytes: usize::MAX,
            ..Default::default()
        };
        for (bytes, format) in [
            (&b"{\"text\": \"a\"}\n"[..], InputFormat::Jsonl),
            (b"Some text.", InputFormat::Text),
            (b"text\nrow\n", InputFormat::Csv),
        ] {
            assert_eq!(stream(bytes, format, &options).unwrap().len(), 1);
        }
    }

    /// Found by fuzzing (`jsonl` target): with `--lossy`, a record under the limit could give a
    /// text over it, because each invalid byte becomes a three-byte U+FFFD. The limit is on the
    /// text, so that is checked after decoding too.
    #[test]
    fn fuzz_lossy_replacement_cannot_grow_a_text_past_the_limit() {
        let options = ReaderOptions {
            max_article_bytes: 30,
            utf8: Utf8Policy::Lossy,
            ..Default::default()
        };
        let bad = [0xb9u8; 12];
        let mut jsonl = b"{\"text\": \"".to_vec();
        jsonl.extend(bad);
        jsonl.extend(b"\"}\n");
        let mut csv = b"text\n".to_vec();
        csv.extend(bad);
        for (bytes, format) in [
            (jsonl, InputFormat::Jsonl),
            (csv, InputFormat::Csv),
            (bad.to_vec(), InputFormat::Text),
        ] {
            let e = stream(&bytes, format, &options).unwrap_err().to_string();
            assert!(
                e.contains("once its invalid bytes are replaced"),
                "{format:?}: {e}"
            );
        }
    }

    #[test]
    fn byte_order_marks_are_ignored_everywhere() {
        let opts = ReaderOptions::default();
        let got = stream(
            b"\xef\xbb\xbf{\"text\": \"a\"}\r\n",
            InputFormat::Jsonl,
            &opts,
        )
        .unwrap();
        assert_eq!(got[0].text, "a");
        let got = stream(b"\xef\xbb\xbfHello.", InputFormat::Text, &opts).unwrap();
        assert_eq!(got[0].text, "Hello.");
        let got = stream(b"\xef\xbb\xbftext\r\nHi\r\n", InputFormat::Csv, &opts).unwrap();
        assert_eq!(got[0].text, "Hi");
    }

    #[test]
    fn record_files_without_records_are_refused() {
        assert!(stream_err(b"", InputFormat::Csv).contains("empty"));
        assert!(stream_err(b"id,text\n", InputFormat::Csv).contains("no records"));
        assert!(stream_err(b"", InputFormat::Jsonl).contains("no records"));
        assert!(stream_err(b"\n  \n", InputFormat::Jsonl).contains("no records"));
        // An empty text file is an article with no sentences, not an error.
        let got = stream(b"", InputFormat::Text, &ReaderOptions::default()).unwrap();
        assert_eq!(got[0].text, "");
    }

    #[test]
    fn json_errors_give_the_column_and_what_to_do() {
        let e = stream_err(b"{\"text\": \"a\"}\n{\"text\": \"b}\n", InputFormat::Jsonl);
        assert!(
            e.contains("line 2: not valid JSON") && e.contains("column") && !e.contains("line 1"),
            "{e}"
        );
        let e = stream_err(b"[1, 2]\n", InputFormat::Jsonl);
        assert!(
            e.contains("line 1: each line must hold one JSON object"),
            "{e}"
        );
    }

    #[test]
    fn headers_are_decoded_and_shown_safely() {
        let e = parse_labelled(
            b"te\xffxt,label\na,b\n",
            Path::new("d.csv"),
            &Columns::default(),
            Utf8Policy::Strict,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("line 1") && e.contains("UTF-8"), "{e}");
        let many: Vec<String> = (0..30).map(|i| format!("c{i}")).collect();
        let e = err(&format!("{}\n", many.join(",")));
        assert!(e.contains("and 18 more") && !e.contains("c20"), "{e}");
        let e = err("\x1b[31mred,label\na,b\n");
        assert!(e.contains("\\u{1b}[31mred") && !e.contains('\x1b'), "{e}");
    }

    #[test]
    fn labels_are_normalised_and_control_characters_refused() {
        assert_eq!(normalise_label(" Peace\t Keeping\n"), "peace keeping");
        let set = parse("text,label\na,Neutral\nb, neutral \nc,NEUTRAL\n").unwrap();
        assert_eq!(set.labels, ["neutral", "neutral", "neutral"]);
        let e = err("text,label\na,neu\x07tral\n");
        assert!(
            e.contains("line 2") && e.contains("control character"),
            "{e}"
        );
    }

    #[test]
    fn training_data_over_the_memory_budget_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "text,label\nsome words here,a\nother words,b\n").unwrap();
        let read = |budget: MemoryBudget| {
            let (columns, features) = (Columns::default(), FeatureSettings::default());
            read_labelled_within(&path, &columns, Utf8Policy::Strict, &budget, &features)
        };
        assert_eq!(read(MemoryBudget::default()).unwrap().len(), 2);
        let e = read(MemoryBudget::new(1 << 20)).unwrap_err();
        assert!(matches!(e, Error::MemoryBudget { .. }), "{e}");
        assert!(e.to_string().contains("t.csv") && e.to_string().contains("1.0 MiB"));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_in_an_article_directory_ends() {
        let dir = tempfile::tempdir().unwrap();
        let arts = dir.path().join("arts");
        std::fs::create_dir(&arts).unwrap();
        std::fs::write(arts.join("a.txt"), "One.").unwrap();
        std::os::unix::fs::symlink(&arts, arts.join("again")).unwrap();
        std::os::unix::fs::symlink(&arts, arts.join("and-again")).unwrap();
        let got: Vec<Article> = ArticleReader::new(&[arts], ReaderOptions::default())
            .unwrap()
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(got.len(), 1);
    }
}
