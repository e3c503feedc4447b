//! Reading what users give `stance`: labelled CSV files for training and evaluation, and articles
//! to classify (plain-text files, directories of them, standard input, or one article per record
//! in a CSV or JSONL file).
//!
//! Every error names the file and, where there is one, the line, and says what to do. Labels are
//! normalised (surrounding white space removed, lower-cased) so that "Neutral " and "neutral" are
//! one label. Articles are read one at a time, so memory does not grow with their number.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::pipeline::LabelledSet;

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
            "is a directory, but a file is expected here",
        ));
    }
    let f = File::open(path).map_err(|e| Error::io(path, "opening", e))?;
    Ok(Box::new(f))
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
        csv::ErrorKind::Io(e) => format!("reading failed: {e}"),
        _ => format!("malformed CSV: {err}"),
    };
    Error::input(display(path), location, message)
}

/// Reads a CSV's header and finds the named columns, refusing with the list of columns there
/// are.
fn find_columns(
    path: &Path,
    headers: &csv::ByteRecord,
    wanted: &[(&str, &str)],
) -> Result<Vec<usize>> {
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
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
                Error::input(
                    display(path),
                    "line 1: ",
                    format!(
                        "no column named '{name}' (columns: {}); name the right one with {flag}",
                        names.join(", ")
                    ),
                )
            })
        })
        .collect()
}

/// A CSV in which an odd number of quote characters means a quoted field is never closed: the
/// csv crate would otherwise read everything after it as one field, silently.
fn check_quotes(path: &Path, bytes: &[u8]) -> Result<()> {
    if bytes.iter().filter(|&&b| b == b'"').count() % 2 == 0 {
        return Ok(());
    }
    // Find the line where the unclosed quote opens: walk the file keeping quote state.
    let mut inside = false;
    let mut line = 1u64;
    let mut opened_at = 1u64;
    for &b in bytes {
        match b {
            b'"' => {
                if !inside {
                    opened_at = line;
                }
                inside = !inside;
            }
            b'\n' => line += 1,
            _ => {}
        }
    }
    Err(Error::input(
        display(path),
        format!("line {opened_at}: "),
        "a quoted field is never closed; add the missing closing quote (\") or double the \
         quotes inside the field",
    ))
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
    let mut bytes = Vec::new();
    open(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(display(path), "reading", e))?;
    parse_labelled(&bytes, path, columns, policy)
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
        let field = |i: usize| record.get(i).unwrap_or(b"").to_vec();
        let text = decode(field(cols[0]), policy, path, line)?;
        let label = decode(field(cols[1]), policy, path, line)?;
        let label = label.trim().to_lowercase();
        if text.trim().is_empty() {
            return Err(Error::input(
                display(path),
                format!("line {line}: "),
                "the text is empty; fill it in or remove the row",
            ));
        }
        if label.is_empty() {
            return Err(Error::input(
                display(path),
                format!("line {line}: "),
                "the label is empty; every row needs a label",
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
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            format: None,
            text_column: "text".into(),
            id_column: None,
            utf8: Utf8Policy::Strict,
        }
    }
}

type Records = Box<dyn Iterator<Item = Result<Article>> + Send>;

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
                list_txt(input, &mut found)?;
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

    fn open_next(&mut self, path: PathBuf) -> Result<Option<Article>> {
        let format = self
            .options
            .format
            .unwrap_or_else(|| InputFormat::from_path(&path));
        match format {
            InputFormat::Text => {
                let mut bytes = Vec::new();
                open(&path)?
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::io(display(&path), "reading", e))?;
                let text = decode(bytes, self.options.utf8, &path, 1)?;
                Ok(Some(Article {
                    id: display(&path).display().to_string(),
                    text,
                }))
            }
            InputFormat::Csv => {
                self.current = Some(csv_records(&path, &self.options)?);
                Ok(None)
            }
            InputFormat::Jsonl => {
                self.current = Some(jsonl_records(&path, &self.options)?);
                Ok(None)
            }
        }
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
            match self.open_next(path) {
                Ok(Some(article)) => return Some(Ok(article)),
                Ok(None) => continue,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

fn list_txt(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "listing", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "listing", e))?;
        let path = entry.path();
        if path.is_dir() {
            list_txt(&path, out)?;
        } else if path.extension().and_then(|e| e.to_str()) == Some("txt") {
            out.push(path);
        }
    }
    Ok(())
}

fn csv_records(path: &Path, options: &ReaderOptions) -> Result<Records> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(open(path)?);
    let headers = reader
        .byte_headers()
        .map_err(|e| csv_error(path, e))?
        .clone();
    let mut wanted = vec![(options.text_column.as_str(), "--text-column")];
    if let Some(id) = &options.id_column {
        wanted.push((id.as_str(), "--id-column"));
    }
    let cols = find_columns(path, &headers, &wanted)?;
    let path = path.to_path_buf();
    let policy = options.utf8;
    let mut record = csv::ByteRecord::new();
    let mut count = 0u64;
    let mut done = false;
    Ok(Box::new(std::iter::from_fn(move || {
        if done {
            return None;
        }
        match reader.read_byte_record(&mut record) {
            Ok(false) => None,
            Err(e) => {
                done = true;
                Some(Err(csv_error(&path, e)))
            }
            Ok(true) => {
                count += 1;
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                let get = |i: usize| record.get(i).unwrap_or(b"").to_vec();
                let item = decode(get(cols[0]), policy, &path, line).and_then(|text| {
                    let id = match cols.get(1) {
                        Some(&c) => decode(get(c), policy, &path, line)?,
                        None => format!("{}:{count}", display(&path).display()),
                    };
                    Ok(Article { id, text })
                });
                if item.is_err() {
                    done = true;
                }
                Some(item)
            }
        }
    })))
}

fn jsonl_records(path: &Path, options: &ReaderOptions) -> Result<Records> {
    let mut reader = BufReader::new(open(path)?);
    let path = path.to_path_buf();
    let options = options.clone();
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    let mut done = false;
    Ok(Box::new(std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        buf.clear();
        line_no += 1;
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => {
                done = true;
                return Some(Err(Error::io(display(&path), "reading", e)));
            }
        }
        let text = match decode(std::mem::take(&mut buf), options.utf8, &path, line_no) {
            Ok(t) => t,
            Err(e) => {
                done = true;
                return Some(Err(e));
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        let item = parse_json_line(&text, &path, line_no, &options);
        if item.is_err() {
            done = true;
        }
        return Some(item);
    })))
}

fn parse_json_line(
    line: &str,
    path: &Path,
    line_no: u64,
    options: &ReaderOptions,
) -> Result<Article> {
    let at = format!("line {line_no}: ");
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| Error::input(display(path), at.clone(), format!("not valid JSON ({e})")))?;
    let obj = value.as_object().ok_or_else(|| {
        Error::input(display(path), at.clone(), "each line must be a JSON object")
    })?;
    let text = match obj.get(&options.text_column) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(Error::input(
                display(path),
                at,
                format!("field '{}' is not a string", options.text_column),
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
                    format!("no string or number field '{field}' for --id-column"),
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
}
