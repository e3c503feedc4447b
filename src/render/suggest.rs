//! `suggest` output: the picked sentences as a file to label, in CSV or JSON Lines.
//!
//! Columns: the article's identifier under the id column's name (`id` when none was given),
//! `sentence` (its 1-based position in the article), `text`, `suggested` (the model's label),
//! one probability per label (`p_<label>` in CSV, a `probabilities` object in JSON), `score`
//! (the strategy's uncertainty) and an empty `label` to fill in. A labelled file of this shape is
//! what `train` reads; rows left without a label are skipped.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::*;
use crate::suggest::Suggestion;

/// Writes `picks` as CSV (`jsonl` false) or JSON Lines to `out`; `id_column` names the first
/// column.
pub fn write_suggestions(
    out: &mut impl Write,
    picks: &[Suggestion],
    labels: &[String],
    id_column: &str,
    jsonl: bool,
) -> io::Result<()> {
    if jsonl {
        for p in picks {
            let mut record = Map::new();
            record.insert(id_column.to_string(), Value::from(p.article.clone()));
            record.insert("sentence".into(), json!(p.sentence));
            record.insert("text".into(), json!(p.text));
            record.insert("suggested".into(), json!(labels[p.label]));
            let probs = p.probabilities.iter().map(|&v| json!(round(v, 4)));
            record.insert("probabilities".into(), labelled_map(labels, probs));
            record.insert("score".into(), json!(round(p.score, 4)));
            record.insert("label".into(), json!(""));
            serde_json::to_writer(&mut *out, &Value::Object(record))?;
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![id_column.to_string(), "sentence".into(), "text".into()];
    header.push("suggested".into());
    header.extend(labels.iter().map(|l| format!("p_{l}")));
    header.extend(["score".to_string(), "label".to_string()]);
    w.write_record(&header)?;
    for p in picks {
        let mut row = vec![p.article.clone(), p.sentence.to_string(), p.text.clone()];
        row.push(labels[p.label].clone());
        row.extend(p.probabilities.iter().map(|v| format!("{:.4}", v)));
        row.extend([format!("{:.4}", p.score), String::new()]);
        w.write_record(&row)?;
    }
    w.flush()
}
