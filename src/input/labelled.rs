//! Labelled sentences for training and evaluation.

use std::path::Path;

use super::*;
use crate::corpus::{normalise_label, plain_normalise, LabelledSet};
use crate::error::{Error, Position, Result, Setting};

/// Reads a labelled CSV.
///
/// ```no_run
/// use stance::input::{read_labelled, Columns, Utf8Policy};
/// let data = read_labelled("data/train.csv".as_ref(), &Columns::default(), Utf8Policy::Strict)?;
/// println!("{} sentences", data.len());
/// # Ok::<(), stance::Error>(())
/// ```
pub fn read_labelled(path: &Path, columns: &Columns, policy: Utf8Policy) -> Result<LabelledSet> {
    let (bytes, more) = read_at_most(path, MAX_LABELLED_BYTES)?;
    if more {
        return Err(Error::input(
            display(path),
            None,
            format!(
                "the file is larger than {}, the most labelled data read without a memory \
                 budget may hold; split it",
                crate::units::human_bytes(MAX_LABELLED_BYTES)
            ),
        ));
    }
    parse_labelled(&bytes, path, columns, policy)
}

/// The most [`read_labelled`] reads (callers with a memory budget use their budget instead).
pub const MAX_LABELLED_BYTES: u64 = 1 << 30;

/// Parses labelled CSV bytes (see [`read_labelled`]); `path` names them in errors.
pub fn parse_labelled(
    bytes: &[u8],
    path: &Path,
    columns: &Columns,
    policy: Utf8Policy,
) -> Result<LabelledSet> {
    if columns.text == columns.label {
        return Err(Error::out_of_range(
            Setting::LabelColumn,
            columns.label.clone(),
            format!(
                "a column other than the text column ('{}'): one column cannot hold both",
                columns.text
            ),
        ));
    }
    let delimiter = delimiter_for(path, columns.delimiter);
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
    let cols = find_columns(
        path,
        &headers,
        &[
            (columns.text.as_str(), Setting::TextColumn),
            (columns.label.as_str(), Setting::LabelColumn),
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
            Err(e) => return Err(csv_error(path, e, |b| lines.line_at(b))),
        }
        let line = lines.line_at(record.position().map(|p| p.byte()).unwrap_or(0));
        let at = || Some(Position::line(line));
        if record == headers {
            return Err(Error::input(
                display(path),
                at(),
                "this row repeats the header row, as when two CSV files are joined; remove it",
            ));
        }
        let field = |i: usize| record.get(i).unwrap_or(b"").to_vec();
        let text = decode(field(cols[0]), policy, path, line)?;
        let written = decode(field(cols[1]), policy, path, line)?;
        let label = normalise_label(&written);
        if label != plain_normalise(&written) && !label.is_empty() {
            set.note_merged(line, &written, &label);
        }
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
            None,
            "the file has a header but no rows; add labelled sentences",
        ));
    }
    Ok(set)
}
