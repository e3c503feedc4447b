//! Streaming articles from files, directories, standard input and record files.

use std::collections::{HashSet, VecDeque};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::*;
use crate::error::{Error, Position, Result};

pub(super) fn too_large(
    path: &Path,
    location: Option<Position>,
    what: &str,
    limit: usize,
) -> Error {
    Error::input(
        display(path),
        location,
        format!(
            "{what} is larger than {} (the most one article may hold); split it into smaller \
             articles",
            crate::units::human_bytes(limit as u64)
        ),
    )
}

/// Refuses an article whose text is over the limit although its record was not: replacing
/// invalid bytes (`--lossy`) can triple a text's length, and the limit is on the text.
pub(super) fn within_limit(
    article: Article,
    path: &Path,
    location: Option<Position>,
    limit: usize,
) -> Result<Article> {
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

/// Streams articles from files, directories (every `.txt` below them, in sorted order) and `-`
/// (standard input), one at a time.
pub struct ArticleReader {
    queue: VecDeque<PathBuf>,
    current: Option<Records>,
    options: ReaderOptions,
    skipped: Vec<Skipped>,
    /// The ids of every records file read, so that no two articles of a run share one.
    ids: SharedIds,
}

/// A file that a directory walk passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// Why, e.g. "not a regular file (a FIFO, device or socket)".
    pub reason: &'static str,
}

impl ArticleReader {
    /// Prepares to read `inputs`. Directories are listed now (so a missing path fails early);
    /// files are opened as they are reached.
    pub fn new(inputs: &[PathBuf], options: ReaderOptions) -> Result<Self> {
        let mut queue = VecDeque::new();
        let mut skipped = Vec::new();
        for input in inputs {
            // Refused before anything is read: a plain-text input cannot give the columns asked
            // for, and finding out at its first article would come after the ones before it.
            let is_dir = input.as_os_str() != "-" && input.is_dir();
            let format = match options.format {
                Some(f) => f,
                None if is_dir => InputFormat::Text,
                None => InputFormat::from_path(input),
            };
            if format == InputFormat::Text {
                text_has_no_columns(input, &options.meta_columns)?;
            }
            if is_dir {
                let mut found = Vec::new();
                let mut walk = Walk {
                    out: &mut found,
                    seen: HashSet::new(),
                    skipped: &mut skipped,
                    exclude: &options.exclude,
                };
                walk.list(input)?;
                if found.is_empty() {
                    return Err(Error::input(
                        input,
                        None,
                        "the directory holds no .txt files; pass files or a directory of .txt articles",
                    ));
                }
                found.sort();
                // Two links to one file are one article, read under the first name.
                let mut files = HashSet::new();
                for path in found {
                    if file_key(&path).is_some_and(|k| !files.insert(k)) {
                        skipped.push(Skipped {
                            path,
                            reason: "the same file as a .txt file before it (a link to it)",
                        });
                    } else {
                        queue.push_back(path);
                    }
                }
            } else if input.as_os_str() != "-" && !input.exists() {
                let what = match std::fs::symlink_metadata(input) {
                    Ok(_) => "it is a link that leads nowhere (to nothing, or round in a loop)",
                    Err(_) => "no such file or directory",
                };
                return Err(Error::io(
                    input,
                    "opening",
                    io::Error::new(io::ErrorKind::NotFound, what),
                ));
            } else {
                queue.push_back(input.clone());
            }
        }
        refuse_repeated_inputs(&queue)?;
        Ok(ArticleReader {
            queue,
            current: None,
            options,
            skipped,
            ids: SharedIds::default(),
        })
    }

    /// The files that directory walks passed over: anything but regular files (a FIFO named
    /// `x.txt` would block the run), and the files in [`ReaderOptions::exclude`].
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// The number of files queued to read (known before reading; a records file counts once).
    pub fn files(&self) -> usize {
        self.queue.len() + usize::from(self.current.is_some())
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
                return Err(too_large(&path, None, "the file", limit));
            }
        }
        let ids = SharedIds::clone(&self.ids);
        self.current = Some(records_checking(
            open(&path)?,
            &path,
            format,
            &self.options,
            ids,
        )?);
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

/// Refuses inputs that name one file twice (under one spelling or two, or through a link): its
/// contents would count twice (articles classified twice, sentences trained on twice, a coder
/// agreeing with themselves). Standard input, `-`, cannot be read twice at all.
///
/// ```
/// use std::path::PathBuf;
/// let twice = [PathBuf::from("-"), PathBuf::from("-")];
/// let e = stance::input::refuse_repeated_inputs(&twice).unwrap_err();
/// assert!(e.to_string().contains("standard input is given twice"));
/// ```
pub fn refuse_repeated_inputs<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> Result<()> {
    let mut seen: std::collections::HashMap<FileKey, &PathBuf> = Default::default();
    for path in paths {
        let Some(key) = file_key(path) else { continue };
        if let Some(first) = seen.insert(key, path) {
            let message = if path.as_os_str() == "-" {
                "standard input is given twice, and can be read only once; give `-` once".into()
            } else {
                format!(
                    "this file is given twice (also as {}), so its contents would count twice; \
                     give each input once",
                    path_id(first)
                )
            };
            return Err(Error::input(display(path), None, message));
        }
    }
    Ok(())
}

/// What tells one file from another: standard input, or (on Unix) the device and inode, which
/// links and other spellings of a path share; elsewhere the resolved path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileKey {
    Stdin,
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

/// The [`FileKey`] of `path`, when it can be told (a missing file fails later, on opening).
fn file_key(path: &Path) -> Option<FileKey> {
    if path.as_os_str() == "-" {
        return Some(FileKey::Stdin);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(FileKey::Inode(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(FileKey::Path)
    }
}

/// A walk collecting every `.txt` regular file below a directory. Symbolic links are followed,
/// but each directory is listed once, so a link back to a parent cannot make the walk endless.
struct Walk<'a> {
    out: &'a mut Vec<PathBuf>,
    seen: HashSet<PathBuf>,
    skipped: &'a mut Vec<Skipped>,
    exclude: &'a [(u64, u64)],
}

impl Walk<'_> {
    fn list(&mut self, dir: &Path) -> Result<()> {
        let canonical = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, "listing", e))?;
        if !self.seen.insert(canonical) {
            return Ok(());
        }
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "listing", e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, "listing", e))?;
            let path = entry.path();
            // Following links; a dangling link is skipped like any other non-file.
            let meta = std::fs::metadata(&path);
            if meta.as_ref().is_ok_and(|m| m.is_dir()) {
                self.list(&path)?;
                continue;
            }
            // `.TXT` from Windows exports too: leaving them out would lose articles silently.
            let txt = path.extension().and_then(|e| e.to_str());
            if !txt.is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
                continue;
            }
            match meta {
                Ok(m) if m.is_file() => {
                    if excluded(&m, self.exclude) {
                        self.skipped.push(Skipped {
                            path,
                            reason: "it is where the output goes",
                        });
                    } else {
                        self.out.push(path);
                    }
                }
                Ok(_) => self.skipped.push(Skipped {
                    path,
                    reason: "not a regular file (a FIFO, device or socket)",
                }),
                Err(_) => self.skipped.push(Skipped {
                    path,
                    reason: "a link to nothing, or unreadable",
                }),
            }
        }
        Ok(())
    }
}

/// Whether `meta` is one of the `(device, inode)` pairs in `exclude`.
fn excluded(meta: &std::fs::Metadata, exclude: &[(u64, u64)]) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        exclude.contains(&(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = (meta, exclude);
        false
    }
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
    records_checking(source, path, format, options, SharedIds::default())
}

/// [`records`], checking ids against `ids`, which may hold the ids of other files.
fn records_checking(
    source: impl Read + Send + 'static,
    path: &Path,
    format: InputFormat,
    options: &ReaderOptions,
    ids: SharedIds,
) -> Result<Records> {
    match format {
        InputFormat::Text => text_record(source, path, options),
        InputFormat::Csv => csv_records(source, path, options, ids),
        InputFormat::Jsonl => jsonl_records(source, path, options, ids),
    }
}

pub(super) fn text_record(
    source: impl Read,
    path: &Path,
    options: &ReaderOptions,
) -> Result<Records> {
    let limit = options.max_article_bytes;
    let mut bytes = Vec::new();
    source
        .take((limit as u64).saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(display(path), "reading", e))?;
    if bytes.len() > limit {
        return Err(too_large(path, None, "the file", limit));
    }
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    let text = decode(bytes, options.utf8, path, 1)?;
    let shown = display(path);
    text_has_no_columns(path, &options.meta_columns)?;
    let mut meta = Vec::new();
    for column in &options.meta_columns {
        let dir = shown
            .parent()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        meta.push((
            column.clone(),
            if dir.is_empty() { ".".into() } else { dir },
        ));
    }
    let article = Article {
        id: if path.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            path_id(path)
        },
        text,
        meta,
        source: shown,
        line: None,
    };
    let article = within_limit(article, path, None, limit)?;
    Ok(Box::new(std::iter::once(Ok(article))))
}

/// Refuses metadata columns for a plain-text input, which has none but [`DIR_COLUMN`] (its
/// folder): only CSV and JSONL records carry columns.
pub(super) fn text_has_no_columns(path: &Path, columns: &[String]) -> Result<()> {
    match columns.iter().find(|c| *c != DIR_COLUMN) {
        Some(name) => Err(Error::input(
            display(path),
            None,
            format!(
                "a plain-text article has no column '{}': only CSV and JSONL records carry \
                 columns (a text file's only one is '{DIR_COLUMN}', its folder); read the \
                 articles from a .csv or .jsonl file, or leave the column out",
                printable(name, 60)
            ),
        )),
        None => Ok(()),
    }
}

/// Ends a stream after its first error, what follows a malformed file cannot be trusted, except
/// after a bad record ([`Error::is_bad_record`]): the records after one can still be read, and a
/// caller that skips bad records reads them (one that does not stops at the error anyway).
pub(super) fn stop_after_error(
    items: impl Iterator<Item = Result<Article>> + Send + 'static,
) -> Records {
    let mut failed = false;
    Box::new(items.take_while(move |item| {
        let go_on = !failed;
        failed = failed || item.as_ref().is_err_and(|e| !e.is_bad_record());
        go_on
    }))
}
