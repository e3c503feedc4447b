//! JSON Lines: one article per line.

use std::io::{BufReader, Read};
use std::path::Path;

use super::*;
use crate::error::{Error, ErrorKind, Position, Result, Setting};

pub(super) fn jsonl_records(
    source: impl Read + Send + 'static,
    path: &Path,
    options: &ReaderOptions,
    ids: SharedIds,
) -> Result<Records> {
    let mut reader = BufReader::new(source);
    let path = path.to_path_buf();
    let options = options.clone();
    let limit = options.max_article_bytes;
    let mut line_no = 0u64;
    let mut count = 0u64;
    let mut buf = Vec::new();
    if options.id_column.is_some() {
        lock(&ids).start_file(&path);
    }
    let next = move || -> Option<Result<Article>> {
        loop {
            buf.clear();
            line_no += 1;
            let read = read_line(&mut reader, &mut buf, limit as u64);
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
            let article = parse_json_line(&text, &path, line_no, &options)
                .and_then(|a| within_limit(a, &path, Some(Position::line(line_no)), limit))
                .and_then(|a| match &options.id_column {
                    Some(_) => match lock(&ids).check(&a.id) {
                        Ok(()) => Ok(a),
                        Err(message) => Err(bad_record(&path, line_no, message, text.as_bytes())),
                    },
                    None => Ok(a),
                });
            return Some(article);
        }
    };
    Ok(stop_after_error(std::iter::from_fn(next)))
}

/// One JSON object whose keys are all different: serde_json keeps the last of two equal keys
/// silently, and `{"text": "a", "text": "b"}` is more likely a broken export than a choice.
struct Object(serde_json::Map<String, serde_json::Value>);

/// The start of serde_json's message for a repeated key (a custom error from [`Object`]).
const DUPLICATE_KEY: &str = "duplicate key";

impl<'de> serde::Deserialize<'de> for Object {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Object;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Object, A::Error> {
                let mut out = serde_json::Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.contains_key(&key) {
                        return Err(serde::de::Error::custom(format!(
                            "{DUPLICATE_KEY} '{}'",
                            printable(&key, 40)
                        )));
                    }
                    let value = map.next_value()?;
                    out.insert(key, value);
                }
                Ok(Object(out))
            }
        }
        d.deserialize_map(Visitor)
    }
}

pub(super) fn parse_json_line(
    line: &str,
    path: &Path,
    line_no: u64,
    options: &ReaderOptions,
) -> Result<Article> {
    let bad = |message: String| bad_record(path, line_no, message, line.as_bytes());
    let obj = match serde_json::from_str::<Object>(line) {
        Ok(Object(obj)) => obj,
        Err(e) if e.to_string().starts_with(DUPLICATE_KEY) => {
            let what = e.to_string();
            let what = what.split(" at line ").next().unwrap_or(&what).to_string();
            return Err(bad(format!(
                "the object has a {what}; keep one of them, so that it is clear which to read"
            )));
        }
        Err(e) if e.classify() == serde_json::error::Category::Data => {
            return Err(bad(
                "each line must hold one JSON object, like {\"text\": \"...\"}".into(),
            ))
        }
        Err(e) => {
            // serde_json counts lines within the one line it was given; only the column helps.
            let what = e.to_string();
            let what = what.split(" at line ").next().unwrap_or(&what).to_string();
            return Err(bad(format!(
                "not valid JSON ({what} at column {}); each line must hold one JSON object",
                e.column()
            )));
        }
    };
    let text = match obj.get(&options.text_column) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(bad(format!(
                "field '{}' is not a string; the text must be a JSON string",
                options.text_column
            )))
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
            Some(other) => {
                let kind = match other {
                    serde_json::Value::Null => "null",
                    serde_json::Value::Bool(_) => "a boolean",
                    serde_json::Value::Array(_) => "an array",
                    _ => "an object",
                };
                return Err(bad(format!(
                    "the id field '{}' is {kind}; an id must be a non-empty string or a number",
                    printable(field, 40)
                )));
            }
            None => {
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
