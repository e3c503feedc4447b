//! Labelled sentences for training and evaluation: CSV, JSON Lines, and the JSONL exports of
//! doccano and Label Studio ([`exports`](super::exports)).

use std::path::Path;

use super::*;
use crate::corpus::{normalise_label, plain_normalise, Groups, LabelledSet};
use crate::error::{Error, Position, Result, Setting};

/// The kind of a labelled file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelledFormat {
    /// A CSV with a header naming the text and label columns.
    Csv,
    /// One JSON object per line: plain (`text` and `label` fields, as named by the columns), a
    /// doccano export (`label` a string or a list of one) or a Label Studio export (the text in
    /// `data`, the label in the last completed annotation), told apart record by record. A file
    /// holding one JSON array of such objects (Label Studio's JSON export) is read too.
    Jsonl,
}

impl LabelledFormat {
    /// Every format with its name, in the order a front end lists them.
    pub const ALL: [(&'static str, LabelledFormat); 2] = [
        ("csv", LabelledFormat::Csv),
        ("jsonl", LabelledFormat::Jsonl),
    ];

    /// The format implied by a file name: `.jsonl`, `.ndjson` and `.json` are JSON, anything
    /// else CSV.
    pub fn from_path(path: &Path) -> LabelledFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("jsonl") | Some("ndjson") | Some("json") => LabelledFormat::Jsonl,
            _ => LabelledFormat::Csv,
        }
    }
}

impl std::str::FromStr for LabelledFormat {
    type Err = String;

    /// Parses a format's name: `csv` or `jsonl`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        LabelledFormat::ALL
            .iter()
            .find(|(name, _)| *name == s)
            .map(|&(_, f)| f)
            .ok_or_else(|| format!("'{s}' is not one of csv, jsonl"))
    }
}

/// What to do with a row that has no label (an empty or blank label, a missing field, an empty
/// list, a task nobody annotated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unlabelled {
    /// Refuse the file, naming the row (evaluation: every row must be labelled).
    #[default]
    Refuse,
    /// Skip the row and count it (training from a half-labelled file).
    Skip,
}

/// Labelled sentences and the rows skipped for having no label.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Labelled {
    /// The labelled sentences.
    pub set: LabelledSet,
    /// Rows skipped because they had no label ([`Unlabelled::Skip`]).
    pub unlabelled: usize,
}

/// One row of a labelled file before the label rules are applied.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    pub id: Option<String>,
    pub text: String,
    pub label: Option<String>,
    pub line: u64,
    /// The row's group; `None` when the data has no group column (field).
    pub group: Option<String>,
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
    let bytes = read_bounded(path)?;
    parse_labelled(&bytes, path, columns, policy)
}

/// The most [`read_labelled`], [`read_texts`], [`read_coded`] and other labelled files read (callers with a memory
/// budget use their budget instead).
pub const MAX_LABELLED_BYTES: u64 = 1 << 30;

/// The bytes of a labelled file of at most [`MAX_LABELLED_BYTES`].
pub(crate) fn read_bounded(path: &Path) -> Result<Vec<u8>> {
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
    Ok(bytes)
}

/// Parses labelled CSV bytes (see [`read_labelled`]); `path` names them in errors. A row without
/// a label is refused.
pub fn parse_labelled(
    bytes: &[u8],
    path: &Path,
    columns: &Columns,
    policy: Utf8Policy,
) -> Result<LabelledSet> {
    let format = LabelledFormat::Csv;
    Ok(parse_labelled_as(bytes, path, format, columns, policy, Unlabelled::Refuse)?.set)
}

/// Refuses a text column that is also the label column: one column cannot hold both.
fn refuse_same_column(columns: &Columns) -> Result<()> {
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
    Ok(())
}

/// Parses labelled bytes of any [`LabelledFormat`], applying the label rules (README, "Input
/// rules") and `unlabelled` to rows without a label.
///
/// ```
/// use stance::input::{parse_labelled_as, Columns, LabelledFormat, Unlabelled, Utf8Policy};
/// let doccano = br#"{"id": 1, "text": "Troops will disarm Hamas.", "label": ["enforcement"]}
/// {"id": 2, "text": "Ministers met.", "label": []}
/// {"id": 3, "text": "Observers watch the truce.", "label": "Peacekeeping"}
/// "#;
/// let data = parse_labelled_as(doccano, "d.jsonl".as_ref(), LabelledFormat::Jsonl,
///     &Columns::default(), Utf8Policy::Strict, Unlabelled::Skip)?;
/// assert_eq!(data.set.labels, ["enforcement", "peacekeeping"]);
/// assert_eq!(data.unlabelled, 1);
/// # Ok::<(), stance::Error>(())
/// ```
pub fn parse_labelled_as(
    bytes: &[u8],
    path: &Path,
    format: LabelledFormat,
    columns: &Columns,
    policy: Utf8Policy,
    unlabelled: Unlabelled,
) -> Result<Labelled> {
    refuse_same_column(columns)?;
    let rows = match format {
        LabelledFormat::Csv => csv_rows_with(bytes, path, columns, None, policy, true)?,
        LabelledFormat::Jsonl => super::exports::json_rows(bytes, path, columns, None, policy)?,
    };
    collect_rows(rows, &display(path), unlabelled, columns.group.as_deref())
}

/// Labelled sentences held in memory (the Python package's lists), checked as a file's rows
/// are: `source` names them in messages and a sentence's "line" is its 1-based position.
/// `groups`, one per text when given, become the set's groups (column `group`), and a row
/// skipped for having no label takes its group with it.
///
/// ```
/// use stance::input::{labelled_from_pairs, Unlabelled};
///
/// let texts = vec!["The force will monitor the truce.".to_string(), "It rained.".to_string()];
/// let labels = vec![" Peacekeeping".to_string(), "neutral".to_string()];
/// let set = labelled_from_pairs("texts".as_ref(), texts, labels, None, Unlabelled::Refuse)?.set;
/// assert_eq!(set.labels, ["peacekeeping", "neutral"]);
///
/// let texts = vec!["a".to_string(), "b".to_string()];
/// let (labels, groups) = (vec!["".into(), "neutral".into()], vec!["x".into(), "y".into()]);
/// let set = labelled_from_pairs("texts".as_ref(), texts, labels, Some(groups), Unlabelled::Skip)?
///     .set;
/// assert_eq!(set.groups.unwrap().values, ["y"]);
///
/// let err = labelled_from_pairs("texts".as_ref(), vec!["a".into()], vec![], None,
///     Unlabelled::Refuse);
/// assert!(err.unwrap_err().to_string().contains("1 texts but 0 labels"));
/// # Ok::<(), stance::Error>(())
/// ```
pub fn labelled_from_pairs(
    source: &Path,
    texts: Vec<String>,
    labels: Vec<String>,
    groups: Option<Vec<String>>,
    unlabelled: Unlabelled,
) -> Result<Labelled> {
    let count_error = |n: usize, what: &str| {
        Error::input(
            source,
            None,
            format!(
                "{} texts but {n} {what}s; give one {what} per text",
                texts.len()
            ),
        )
    };
    if texts.len() != labels.len() {
        return Err(count_error(labels.len(), "label"));
    }
    if let Some(g) = groups.as_ref().filter(|g| g.len() != texts.len()) {
        return Err(count_error(g.len(), "group"));
    }
    let grouped = groups.is_some();
    let mut groups = groups.unwrap_or_default().into_iter();
    let rows = texts
        .into_iter()
        .zip(labels)
        .enumerate()
        .map(|(i, (text, label))| Row {
            id: None,
            text,
            label: Some(label),
            line: i as u64 + 1,
            group: groups.next(),
        })
        .collect();
    collect_rows(rows, source, unlabelled, grouped.then_some(PAIRS_GROUP))
}

/// The name [`labelled_from_pairs`] gives its groups' column.
const PAIRS_GROUP: &str = "group";

/// Checks and normalises rows into a labelled set: every text filled in, every label filled in
/// (or the row skipped and counted, as `unlabelled` says) and free of control characters.
fn collect_rows(
    rows: Vec<Row>,
    source: &Path,
    unlabelled: Unlabelled,
    group_column: Option<&str>,
) -> Result<Labelled> {
    let grouped = rows.iter().any(|r| r.group.is_some());
    let mut out = Labelled {
        set: LabelledSet {
            source: source.to_path_buf(),
            groups: group_column.filter(|_| grouped).map(|column| Groups {
                column: column.to_string(),
                values: Vec::new(),
            }),
            ..Default::default()
        },
        unlabelled: 0,
    };
    let any_rows = !rows.is_empty();
    for row in rows {
        let at = || Some(Position::line(row.line));
        let written = row.label.as_deref().unwrap_or_default();
        let label = normalise_label(written);
        if label.is_empty() && unlabelled == Unlabelled::Skip {
            out.unlabelled += 1;
            continue;
        }
        if label != plain_normalise(written) && !label.is_empty() {
            out.set.note_merged(row.line, written, &label);
        }
        if row.text.trim().is_empty() {
            return Err(Error::input(
                source.to_path_buf(),
                at(),
                "the text is empty; fill it in or remove the row",
            ));
        }
        if label.is_empty() {
            return Err(Error::input(
                source.to_path_buf(),
                at(),
                "the label is empty; fill it in or remove the row",
            ));
        }
        if label.chars().any(char::is_control) {
            return Err(Error::input(
                source.to_path_buf(),
                at(),
                format!(
                    "the label '{}' holds a control character; fix the label",
                    printable(&label, 40)
                ),
            ));
        }
        if let Some(g) = &mut out.set.groups {
            g.values
                .push(row.group.map(|v| v.trim().to_string()).unwrap_or_default());
        }
        out.set.texts.push(row.text);
        out.set.labels.push(label);
        out.set.lines.push(row.line);
    }
    if out.set.is_empty() {
        let message = if any_rows {
            format!(
                "none of the {} rows has a label; label some rows first",
                out.unlabelled
            )
        } else {
            "the file has a header but no rows; add labelled sentences".to_string()
        };
        return Err(Error::input(source.to_path_buf(), None, message));
    }
    Ok(out)
}

/// Every text of a labelled file, labelled or not (to leave out sentences already handed out).
pub fn read_texts(
    path: &Path,
    format: Option<LabelledFormat>,
    columns: &Columns,
    policy: Utf8Policy,
) -> Result<Vec<String>> {
    let bytes = read_bounded(path)?;
    let rows = match format.unwrap_or_else(|| LabelledFormat::from_path(path)) {
        LabelledFormat::Csv => csv_rows_with(&bytes, path, columns, None, policy, false)?,
        LabelledFormat::Jsonl => super::exports::json_rows(&bytes, path, columns, None, policy)?,
    };
    Ok(rows.into_iter().map(|r| r.text).collect())
}

/// One coder's judgement of one item, as [`read_coded`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coded {
    /// The item's identifier (the id column's value), if an id column was named.
    pub id: Option<String>,
    /// The text coded.
    pub text: String,
    /// The label given, normalised; `None` when the coder left it blank.
    pub label: Option<String>,
    /// The 1-based line (or record) it came from.
    pub line: u64,
}

/// Every row of a coder's labelled file (CSV or JSON, as [`parse_labelled_as`] reads them), with
/// its id from `id_column` when given; a blank label is `None`, not an error.
pub fn read_coded(
    path: &Path,
    format: Option<LabelledFormat>,
    columns: &Columns,
    id_column: Option<&str>,
    policy: Utf8Policy,
) -> Result<Vec<Coded>> {
    refuse_same_column(columns)?;
    let bytes = read_bounded(path)?;
    let rows = match format.unwrap_or_else(|| LabelledFormat::from_path(path)) {
        LabelledFormat::Csv => csv_rows_with(&bytes, path, columns, id_column, policy, true)?,
        LabelledFormat::Jsonl => {
            super::exports::json_rows(&bytes, path, columns, id_column, policy)?
        }
    };
    if rows.is_empty() {
        return Err(Error::input(
            display(path),
            None,
            "the file holds no rows; a coder's file needs a row per item",
        ));
    }
    Ok(rows
        .into_iter()
        .map(|r| Coded {
            id: r.id,
            text: r.text,
            label: r
                .label
                .map(|l| normalise_label(&l))
                .filter(|l| !l.is_empty()),
            line: r.line,
        })
        .collect())
}

/// The rows of a CSV; without `with_labels`, only the text column must exist.
fn csv_rows_with(
    bytes: &[u8],
    path: &Path,
    columns: &Columns,
    id_column: Option<&str>,
    policy: Utf8Policy,
    with_labels: bool,
) -> Result<Vec<Row>> {
    let mut table = CsvTable::new(bytes, path, delimiter_for(path, columns.delimiter))?;
    let headers = table.headers().clone();
    let mut wanted = vec![(columns.text.as_str(), Setting::TextColumn)];
    if with_labels {
        wanted.push((columns.label.as_str(), Setting::LabelColumn));
    }
    if let Some(id) = id_column {
        wanted.push((id, Setting::IdColumn));
    }
    let cols = find_columns(path, &headers, &wanted, policy)?;
    // The group column is optional, and is read only when the header names it once.
    let group_col = columns.group.as_deref().and_then(|name| {
        let mut at = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| String::from_utf8_lossy(h).trim() == name);
        match (at.next(), at.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    });
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    while let Some(line) = table.next_record(&mut record)? {
        if record == headers {
            return Err(Error::input(
                display(path),
                Some(Position::line(line)),
                "this row repeats the header row, as when two CSV files are joined; remove it",
            ));
        }
        let field = |i: usize| record.get(i).unwrap_or(b"").to_vec();
        let text = decode(field(cols[0]), policy, path, line)?;
        let label = match with_labels {
            true => Some(decode(field(cols[1]), policy, path, line)?),
            false => None,
        };
        let id = match id_column {
            Some(_) => Some(decode(field(cols[cols.len() - 1]), policy, path, line)?),
            None => None,
        };
        let group = match group_col {
            Some(i) => Some(decode(field(i), policy, path, line)?),
            None => None,
        };
        rows.push(Row {
            id,
            text,
            label,
            line,
            group,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Groups;

    fn csv(text: &str, group: Option<&str>) -> LabelledSet {
        let columns = Columns {
            group: group.map(String::from),
            ..Columns::default()
        };
        parse_labelled(
            text.as_bytes(),
            "g.csv".as_ref(),
            &columns,
            Utf8Policy::Strict,
        )
        .unwrap()
    }

    #[test]
    fn a_group_column_is_read_when_the_header_names_it_once() {
        let text = "text,label,mission\na,neutral, unifil \nb,neutral,\nc,peacekeeping,haiti\n";
        let set = csv(text, Some("mission"));
        assert_eq!(
            set.groups,
            Some(Groups {
                column: "mission".into(),
                values: vec!["unifil".into(), String::new(), "haiti".into()],
            })
        );
        // Not asked for, absent, or named twice: no groups, and the file still reads.
        assert_eq!(csv(text, None).groups, None);
        assert_eq!(csv(text, Some("outlet")).groups, None);
        let twice = "text,label,mission,mission\na,neutral,x,y\n";
        assert_eq!(csv(twice, Some("mission")).groups, None);
    }

    #[test]
    fn a_json_group_field_may_be_missing_from_some_records() {
        let lines = br#"{"text": "a", "label": "neutral", "mission": "unifil"}
{"text": "b", "label": "neutral"}
{"text": "c", "label": "neutral", "mission": 7}
"#;
        let set = parse_labelled_as(
            lines,
            "g.jsonl".as_ref(),
            LabelledFormat::Jsonl,
            &Columns::default(),
            Utf8Policy::Strict,
            Unlabelled::Refuse,
        )
        .unwrap()
        .set;
        let groups = set.groups.unwrap();
        assert_eq!(groups.values, ["unifil", "", "7"]);
    }

    #[test]
    fn appending_keeps_groups_in_step_with_the_sentences() {
        let mut a = csv("text,label\na,neutral\nb,neutral\n", Some("mission"));
        let b = csv("text,label,mission\nc,neutral,haiti\n", Some("mission"));
        a.append(b);
        assert_eq!(a.texts, ["a", "b", "c"]);
        assert_eq!(a.groups.as_ref().unwrap().values, ["", "", "haiti"]);
        let sub = a.subset(&[2, 0]);
        assert_eq!(sub.groups.unwrap().values, ["haiti", ""]);
    }
}
