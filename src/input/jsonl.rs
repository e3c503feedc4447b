//! JSON Lines: one article per line.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::*;
use crate::error::{Error, ErrorKind, Position, Result, Setting};

pub(super) fn jsonl_records(
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
                        None,
                        "the file holds no records; a JSON object per line is expected",
                    )))
                }
                Ok(0) => return None,
                Ok(_) if buf.len() > limit => {
                    let at = Some(Position::line(line_no));
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
                    .and_then(|a| within_limit(a, &path, Some(Position::line(line_no)), limit)),
            );
        }
    };
    Ok(stop_after_error(std::iter::from_fn(next)))
}

pub(super) fn parse_json_line(
    line: &str,
    path: &Path,
    line_no: u64,
    options: &ReaderOptions,
) -> Result<Article> {
    let at = Some(Position::line(line_no));
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
        // serde_json counts lines within the one line it was given; only the column helps.
        let what = e.to_string();
        let what = what.split(" at line ").next().unwrap_or(&what).to_string();
        Error::input(
            display(path),
            at,
            format!(
                "not valid JSON ({what} at column {}); each line must hold one JSON object",
                e.column()
            ),
        )
    })?;
    let obj = value.as_object().ok_or_else(|| {
        Error::input(
            display(path),
            at,
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
            return Err(ErrorKind::MissingField {
                path: display(path),
                line: line_no,
                setting: Setting::TextColumn,
                field: options.text_column.clone(),
            }
            .into())
        }
    };
    let id = match &options.id_column {
        Some(field) => match obj.get(field) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => {
                return Err(ErrorKind::MissingField {
                    path: display(path),
                    line: line_no,
                    setting: Setting::IdColumn,
                    field: field.clone(),
                }
                .into())
            }
        },
        None => format!("{}:{line_no}", display(path).display()),
    };
    let mut meta = Vec::with_capacity(options.meta_columns.len());
    for field in &options.meta_columns {
        let value = match obj.get(field) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => v.to_string(),
            Some(serde_json::Value::Null) => String::new(),
            _ => {
                return Err(ErrorKind::MissingField {
                    path: display(path),
                    line: line_no,
                    setting: Setting::MetaColumn,
                    field: field.clone(),
                }
                .into())
            }
        };
        meta.push((field.clone(), value));
    }
    Ok(Article {
        id,
        text,
        meta,
        source: display(path),
        line: Some(line_no),
    })
}
