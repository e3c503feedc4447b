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

mod articles;
mod csv_input;
mod exports;
mod jsonl;
mod labelled;
mod source;
#[cfg(test)]
mod tests;

pub use articles::{records, refuse_repeated_inputs, ArticleReader};
pub(crate) use csv_input::CsvTable;
pub(crate) use labelled::read_bounded;
pub use labelled::{
    labelled_from_pairs, parse_labelled, parse_labelled_as, read_coded, read_labelled, read_texts,
    Coded, Labelled, LabelledFormat, Unlabelled,
};
pub(crate) use source::decode;
pub use source::{display, path_id, read_at_most, read_text_file, regular_file_size};

use articles::*;
use csv_input::*;
use jsonl::*;
use source::*;

use std::path::{Path, PathBuf};

use crate::error::Result;

/// The largest article, in bytes, that [`ArticleReader`] accepts by default: 64 MiB, some ten
/// million words, far beyond any article, yet small enough to hold in memory.
pub const MAX_ARTICLE_BYTES: usize = 64 << 20;

/// The UTF-8 encoding of U+FEFF, which some editors put at the start of a file.
pub(super) const BOM: &[u8] = b"\xef\xbb\xbf";

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

impl std::str::FromStr for InputFormat {
    type Err = String;

    /// Parses a format's name: `text`, `csv` or `jsonl`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        InputFormat::ALL
            .iter()
            .find(|(name, _)| *name == s)
            .map(|&(_, f)| f)
            .ok_or_else(|| format!("'{s}' is not one of text, csv, jsonl"))
    }
}

impl Utf8Policy {
    /// [`Utf8Policy::Lossy`] when `lossy`, else [`Utf8Policy::Strict`].
    pub fn lossy(lossy: bool) -> Self {
        if lossy {
            Utf8Policy::Lossy
        } else {
            Utf8Policy::Strict
        }
    }
}

/// The group column read by default: the bundled corpus's mission code.
pub const DEFAULT_GROUP_COLUMN: &str = "mission";

/// Which columns of a labelled CSV hold the text and the label, and how fields are separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// Name of the text column.
    pub text: String,
    /// Name of the label column.
    pub label: String,
    /// The field separator; `None` reads `.tsv` files as tab-separated and others as
    /// comma-separated.
    pub delimiter: Option<u8>,
    /// A column (or JSON field) naming the group each labelled sentence belongs to, read when
    /// the data has it ([`crate::corpus::LabelledSet::groups`]) and ignored when it does not;
    /// `mission` by default, as in the bundled corpus.
    pub group: Option<String>,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            text: "text".into(),
            label: "label".into(),
            delimiter: None,
            group: Some(DEFAULT_GROUP_COLUMN.into()),
        }
    }
}

/// The field separator for `path`: `given`, else a tab for a `.tsv` file, else a comma.
pub fn delimiter_for(path: &Path, given: Option<u8>) -> u8 {
    given.unwrap_or_else(|| {
        let tsv = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
        if tsv {
            b'\t'
        } else {
            b','
        }
    })
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
    /// Every format with its name, in the order a front end lists them.
    pub const ALL: [(&'static str, InputFormat); 3] = [
        ("text", InputFormat::Text),
        ("csv", InputFormat::Csv),
        ("jsonl", InputFormat::Jsonl),
    ];

    /// The format implied by a file name: `.csv` and `.tsv`, `.jsonl`/`.ndjson`, else plain
    /// text.
    pub fn from_path(path: &Path) -> InputFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("csv") | Some("tsv") => InputFormat::Csv,
            Some("jsonl") | Some("ndjson") => InputFormat::Jsonl,
            _ => InputFormat::Text,
        }
    }
}

/// One article to classify.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    /// Its identifier: the file path, or the id column's value, or `FILE:RECORD`.
    pub id: String,
    /// Its text.
    pub text: String,
    /// The values of [`ReaderOptions::meta_columns`], in that order, as (column, value); a
    /// text file's only column is [`DIR_COLUMN`], its folder.
    pub meta: Vec<(String, String)>,
    /// The file it came from, as shown in messages (`<stdin>` for standard input).
    pub source: std::path::PathBuf,
    /// The line its record starts on (`None` for a whole text file).
    pub line: Option<u64>,
}

impl Article {
    /// A metadata value by column name.
    pub fn meta(&self, column: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.as_str())
    }
}

/// The files articles came from, each named once, in the order first read: what a provenance
/// record lists as a run's inputs.
///
/// ```
/// use stance::input::{Article, Sources};
/// let mut sources = Sources::default();
/// for file in ["a.csv", "a.csv", "b.jsonl", "a.csv"] {
///     sources.note(&Article { source: file.into(), ..Default::default() });
/// }
/// assert_eq!(sources.into_names(), ["a.csv", "b.jsonl"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Sources {
    seen: std::collections::HashSet<std::path::PathBuf>,
    names: Vec<String>,
    last: Option<std::path::PathBuf>,
}

impl Sources {
    /// Notes the file `article` came from.
    pub fn note(&mut self, article: &Article) {
        // Records of one file come one after another: most articles need no lookup.
        if self.last.as_ref() == Some(&article.source) {
            return;
        }
        if self.seen.insert(article.source.clone()) {
            self.names.push(article.source.display().to_string());
        }
        self.last = Some(article.source.clone());
    }

    /// The files, in the order first read.
    pub fn into_names(self) -> Vec<String> {
        self.names
    }
}

/// The metadata column of a plain-text article: the folder holding its file.
pub const DIR_COLUMN: &str = "dir";

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
    /// Further columns (CSV) or fields (JSONL) to carry into [`Article::meta`]; a record lacking
    /// one is refused. Plain-text articles have one, [`DIR_COLUMN`].
    pub meta_columns: Vec<String>,
    /// The CSV field separator; `None` reads `.tsv` files as tab-separated and others as
    /// comma-separated.
    pub delimiter: Option<u8>,
    /// Files never to read as articles, such as the file standard output goes to (so that
    /// `classify dir > dir/out.txt` does not read its own output back): their device and inode.
    pub exclude: Vec<(u64, u64)>,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            format: None,
            text_column: "text".into(),
            id_column: None,
            utf8: Utf8Policy::Strict,
            max_article_bytes: MAX_ARTICLE_BYTES,
            meta_columns: Vec::new(),
            delimiter: None,
            exclude: Vec::new(),
        }
    }
}

/// A stream of articles from one source.
pub type Records = Box<dyn Iterator<Item = Result<Article>> + Send>;

/// The one rule for article ids, whatever the format: an id (from an id column or field) must be
/// a non-empty string or number, and no two records share one, within a file or across the files
/// of one [`ArticleReader`]. Ids are compared through a 128-bit hash, so that remembering one
/// costs about 24 bytes (the hash and the file it came from) whatever its length.
#[derive(Debug, Default)]
pub(super) struct IdCheck {
    seen: std::collections::HashMap<[u64; 2], u32>,
    /// The files whose ids are checked, in the order read; ids are checked against the last.
    files: Vec<PathBuf>,
}

/// One [`IdCheck`] for every file a reader opens.
pub(super) type SharedIds = std::sync::Arc<std::sync::Mutex<IdCheck>>;

/// The [`IdCheck`] behind `ids` (a panic elsewhere while it was held leaves it usable).
pub(super) fn lock(ids: &SharedIds) -> std::sync::MutexGuard<'_, IdCheck> {
    ids.lock().unwrap_or_else(|e| e.into_inner())
}

impl IdCheck {
    /// The ids that follow are `path`'s.
    pub(super) fn start_file(&mut self, path: &Path) {
        self.files.push(display(path));
    }

    /// What is wrong with `id`, if anything.
    pub(super) fn check(&mut self, id: &str) -> std::result::Result<(), String> {
        use std::collections::hash_map::Entry;
        use std::hash::{Hash, Hasher};
        if id.trim().is_empty() {
            return Err(
                "the id is empty; give every record an id, or name no id column \
                        to number the records instead"
                    .into(),
            );
        }
        let half = |salt: u8| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            salt.hash(&mut h);
            id.hash(&mut h);
            h.finish()
        };
        let file = u32::try_from(self.files.len().saturating_sub(1)).unwrap_or(u32::MAX);
        let earlier = match self.seen.entry([half(0), half(1)]) {
            Entry::Vacant(slot) => {
                slot.insert(file);
                return Ok(());
            }
            Entry::Occupied(slot) => *slot.get(),
        };
        let id = printable(id, 60);
        match self.files.get(earlier as usize).filter(|_| earlier != file) {
            Some(other) => Err(format!(
                "the id '{id}' is already used by a record of {}; ids must be unique across the \
                 inputs: fix it, or name no id column to number the records instead",
                other.display()
            )),
            None => Err(format!(
                "the id '{id}' is already used by an earlier record; ids must be unique: fix it, \
                 or name no id column to number the records instead"
            )),
        }
    }
}

/// At most this much of a rejected record is kept for the file of rejected records.
pub(super) const KEPT_RECORD_BYTES: usize = 1 << 20;

/// A [`crate::error::ErrorKind::BadRecord`] for the record `raw` at `line` of `path`.
pub(super) fn bad_record(
    path: &Path,
    line: u64,
    message: impl Into<String>,
    raw: &[u8],
) -> crate::Error {
    let kept = &raw[..raw.len().min(KEPT_RECORD_BYTES)];
    crate::error::ErrorKind::BadRecord {
        path: display(path),
        line,
        message: message.into(),
        record: String::from_utf8_lossy(kept)
            .trim_end_matches(['\n', '\r'])
            .to_string(),
    }
    .into()
}
