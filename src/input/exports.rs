//! Labelled JSON: plain JSON Lines and the exports of two annotation tools, told apart record by
//! record.
//!
//! - **Plain JSONL and doccano** (text classification export): the text in the text field
//!   (`text` by default) and the label in the label field (`label` by default), either a string
//!   or a list of strings, as doccano writes it. An empty list, `null`, an empty string or a
//!   missing label field is a row without a label; a list of two or more labels is refused,
//!   because `stance` learns one label per sentence.
//! - **Label Studio** (a record whose `data` is an object and which has no top-level text
//!   field): the text in `data.text` (the text field's name), the label in
//!   `annotations[].result[].value.choices[]`, taken from the last annotation in the list that
//!   was not cancelled (`was_cancelled` not `true`). A task with no such annotation, or whose
//!   annotation holds no choice, is a row without a label; two or more choices are refused.
//!
//! A file that starts with `[` is read as one JSON array of such records (Label Studio's JSON
//! export); its records are numbered from 1 in messages, as lines are.

use std::path::Path;

use serde_json::{Map, Value};

use super::labelled::Row;
use super::*;
use crate::error::{Error, ErrorKind, Position, Result, Setting};

pub(super) fn json_rows(
    bytes: &[u8],
    path: &Path,
    columns: &Columns,
    id_column: Option<&str>,
    policy: Utf8Policy,
) -> Result<Vec<Row>> {
    let bytes = strip_bom(bytes);
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        let text = decode(bytes.to_vec(), policy, path, 1)?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            // serde_json counts only `\n` as a line end: its position is told again from the
            // byte it points at.
            let line_start: usize = text
                .split_inclusive('\n')
                .take(e.line().saturating_sub(1))
                .map(str::len)
                .sum();
            let at = (line_start + e.column().saturating_sub(1)).min(text.len());
            let what = e.to_string();
            let what = what.split(" at line ").next().unwrap_or(&what).to_string();
            Error::input(
                display(path),
                Some(Position::line(1 + count_breaks(&text.as_bytes()[..at]))),
                format!("not valid JSON ({what}); the file must hold a JSON array or JSON lines"),
            )
        })?;
        let Value::Array(items) = value else {
            unreachable!("the text starts with '['")
        };
        return items
            .iter()
            .enumerate()
            .map(|(i, item)| row(item, path, i as u64 + 1, columns, id_column))
            .collect();
    }
    let mut rows = Vec::new();
    let (mut rest, mut line) = (bytes, Vec::new());
    for line_no in 1.. {
        line.clear();
        // Reading from memory cannot fail.
        let read = read_line(&mut rest, &mut line, u64::MAX).unwrap_or_default();
        if read == 0 {
            break;
        }
        let text = decode(std::mem::take(&mut line), policy, path, line_no)?;
        if text.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            let what = e.to_string();
            let what = what.split(" at line ").next().unwrap_or(&what).to_string();
            Error::input(
                display(path),
                Some(Position::line(line_no)),
                format!(
                    "not valid JSON ({what} at column {}); each line must hold one JSON object",
                    e.column()
                ),
            )
        })?;
        rows.push(row(&value, path, line_no, columns, id_column)?);
    }
    Ok(rows)
}

fn row(
    value: &Value,
    path: &Path,
    line: u64,
    columns: &Columns,
    id_column: Option<&str>,
) -> Result<Row> {
    let fail = |message: String| Error::input(display(path), Some(Position::line(line)), message);
    let obj = value.as_object().ok_or_else(|| {
        fail("each record must be a JSON object, like {\"text\": \"...\"}".into())
    })?;
    let studio = !obj.contains_key(&columns.text) && obj.get("data").is_some_and(Value::is_object);
    let (holder, text_name) = if studio {
        (
            obj["data"].as_object().expect("checked"),
            format!("data.{}", columns.text),
        )
    } else {
        (obj, columns.text.clone())
    };
    let text = match holder.get(&columns.text) {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(fail(format!("field '{text_name}' is not a string"))),
        None => {
            return Err(ErrorKind::MissingField {
                path: display(path),
                line,
                setting: Setting::TextColumn,
                field: text_name,
            }
            .into())
        }
    };
    let label = if studio {
        studio_label(obj).map_err(fail)?
    } else {
        one_label(obj.get(&columns.label), &columns.label).map_err(fail)?
    };
    let id = match id_column {
        None => None,
        // Label Studio keeps the task's own fields in `data`; its `id` is the tool's number.
        Some(field) => match obj.get(field).or_else(|| holder.get(field)) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => {
                return Err(fail(format!(
                    "no string or number field '{field}' for the id"
                )))
            }
        },
    };
    // The group field is optional: a record without it is in no group.
    let group = columns.group.as_ref().and_then(|field| {
        match obj.get(field).or_else(|| holder.get(field)) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }
    });
    Ok(Row {
        id,
        text,
        label,
        line,
        group,
    })
}

/// A plain or doccano label: a string, or a list of at most one string.
fn one_label(value: Option<&Value>, field: &str) -> std::result::Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Array(items)) => match items.as_slice() {
            [] => Ok(None),
            [Value::String(s)] => Ok(Some(s.clone())),
            [_] => Err(format!(
                "field '{field}' holds a label that is not a string"
            )),
            many => Err(format!(
                "field '{field}' holds {} labels; stance learns one label per sentence, so keep \
                 one",
                many.len()
            )),
        },
        Some(_) => Err(format!(
            "field '{field}' is neither a string nor a list of strings"
        )),
    }
}

/// The choice of a Label Studio task's last completed annotation.
fn studio_label(task: &Map<String, Value>) -> std::result::Result<Option<String>, String> {
    let Some(annotations) = task.get("annotations").and_then(Value::as_array) else {
        return Ok(None);
    };
    let last = annotations.iter().rfind(|a| {
        !a.get("was_cancelled")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    });
    let Some(annotation) = last else {
        return Ok(None);
    };
    let mut choices = Vec::new();
    for result in annotation
        .get("result")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
    {
        if let Some(list) = result
            .get("value")
            .and_then(|v| v.get("choices"))
            .and_then(Value::as_array)
        {
            for c in list {
                match c {
                    Value::String(s) => choices.push(s.clone()),
                    _ => return Err("a choice in the annotation is not a string".into()),
                }
            }
        }
    }
    match choices.len() {
        0 => Ok(None),
        1 => Ok(choices.pop()),
        n => Err(format!(
            "the last completed annotation holds {n} choices; stance learns one label per \
             sentence, so keep one"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Result<Vec<Row>> {
        json_rows(
            text.as_bytes(),
            Path::new("x.jsonl"),
            &Columns::default(),
            None,
            Utf8Policy::Strict,
        )
    }

    #[test]
    fn label_studio_takes_the_last_completed_annotation() {
        let task = r#"{"id": 7, "data": {"text": "Troops will disarm Hamas."}, "annotations": [
            {"id": 1, "was_cancelled": false, "result": [{"type": "choices", "value": {"choices": ["peacekeeping"]}}]},
            {"id": 2, "was_cancelled": false, "result": [{"type": "choices", "value": {"choices": ["enforcement"]}}]},
            {"id": 3, "was_cancelled": true, "result": [{"type": "choices", "value": {"choices": ["neutral"]}}]}
        ]}"#;
        let got = rows(&format!("[{task}]")).unwrap();
        assert_eq!(got[0].text, "Troops will disarm Hamas.");
        assert_eq!(got[0].label.as_deref(), Some("enforcement"));
        let one_line = task.replace('\n', " ");
        let bare = r#"{"data": {"text": "Nobody looked at this."}, "annotations": []}"#;
        let got = rows(&format!("{one_line}\n\n{bare}\n")).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!((got[1].label.clone(), got[1].line), (None, 3));
        let two = r#"{"data": {"text": "t"}, "annotations": [{"result": [{"value": {"choices": ["a", "b"]}}]}]}"#;
        let e = rows(two).unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("2 choices"), "{e}");
    }

    #[test]
    fn doccano_labels_are_a_string_or_a_list_of_one() {
        let got = rows(
            "{\"text\": \"a\", \"label\": [\"x\"]}\n{\"text\": \"b\", \"label\": \"y\"}\n\
             {\"text\": \"c\", \"label\": []}\n{\"text\": \"d\"}\n",
        )
        .unwrap();
        let labels: Vec<Option<&str>> = got.iter().map(|r| r.label.as_deref()).collect();
        assert_eq!(labels, [Some("x"), Some("y"), None, None]);
        let e = rows("{\"text\": \"a\", \"label\": [\"x\", \"y\"]}").unwrap_err();
        assert!(e.to_string().contains("2 labels"), "{e}");
        let e = rows("{\"body\": \"a\"}").unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::MissingField { field, line: 1, .. } if field == "text"),
            "{e}"
        );
        let e = rows("[1, 2").unwrap_err();
        assert!(e.to_string().contains("not valid JSON"), "{e}");
    }
}
