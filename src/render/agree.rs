//! `agree` output: the agreement statistics as a table or JSON, and the disagreements as a CSV
//! for adjudication.

use std::fmt::Write;

use serde_json::{json, Value};

use super::*;
use crate::eval::agreement::{Agreement, Codes};

fn num(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |v| json!(round(v, 4)))
}

fn text(x: Option<f64>) -> String {
    x.map_or("undefined".to_string(), |v| format!("{v:.3}"))
}

/// The statistics as one JSON object: `coders`, `labels`, `items`, `pairable`, `agreement`,
/// `cohen_kappa` (two coders, else null), `fleiss_kappa`, `fleiss_items`, `krippendorff_alpha`,
/// `per_label` (label -> agreement), `pairs` (each pair's items, agreement and kappa),
/// `confusion` (each pair's table, rows the first coder) and `disagreements` (their number).
pub fn agree_json(codes: &Codes, a: &Agreement) -> String {
    let pairs: Vec<Value> = a
        .pairs
        .iter()
        .map(|p| {
            json!({
                "coders": [codes.coders[p.coders.0], codes.coders[p.coders.1]],
                "items": p.items,
                "agreement": num(p.agreement),
                "cohen_kappa": num(p.kappa),
            })
        })
        .collect();
    let confusion: Vec<Value> = a
        .pairs
        .iter()
        .map(|p| {
            json!({
                "coders": [codes.coders[p.coders.0], codes.coders[p.coders.1]],
                "table": p.confusion,
            })
        })
        .collect();
    let value = json!({
        "coders": codes.coders,
        "labels": codes.labels,
        "items": a.items,
        "pairable": a.pairable,
        "agreement": num(a.agreement),
        "cohen_kappa": num(a.cohen_kappa),
        "fleiss_kappa": num(a.fleiss_kappa),
        "fleiss_items": a.fleiss_items,
        "krippendorff_alpha": num(a.krippendorff_alpha),
        "per_label": labelled_map(&codes.labels, a.per_label.iter().map(|&x| num(x))),
        "pairs": pairs,
        "confusion": confusion,
        "disagreements": a.disagreements.len(),
    });
    format!("{value}\n")
}

/// The statistics as an aligned table.
pub fn agree_table(codes: &Codes, a: &Agreement) -> String {
    let mut out = String::new();
    let m = codes.coders.len();
    let _ = writeln!(
        out,
        "{} items from {m} coders ({} coded at least twice)",
        a.items, a.pairable
    );
    let _ = writeln!(out, "raw agreement        {}", text(a.agreement));
    if m == 2 {
        let _ = writeln!(out, "Cohen's kappa        {}", text(a.cohen_kappa));
    }
    let _ = writeln!(
        out,
        "Fleiss' kappa        {} (on the {} items every coder coded)",
        text(a.fleiss_kappa),
        a.fleiss_items
    );
    let _ = writeln!(
        out,
        "Krippendorff's alpha {} (nominal)",
        text(a.krippendorff_alpha)
    );
    let _ = writeln!(out, "\nper label            agreement");
    for (label, x) in codes.labels.iter().zip(&a.per_label) {
        let _ = writeln!(out, "  {label:<18} {}", text(*x));
    }
    for p in &a.pairs {
        let (x, y) = (&codes.coders[p.coders.0], &codes.coders[p.coders.1]);
        let _ = writeln!(
            out,
            "\n{x} (rows) vs {y} (columns): {} items, agreement {}, Cohen's kappa {}",
            p.items,
            text(p.agreement),
            text(p.kappa)
        );
        let _ = write!(out, "  {:<14}", "");
        for l in &codes.labels {
            let _ = write!(out, " {:>8}", short(l));
        }
        out.push('\n');
        for (l, row) in codes.labels.iter().zip(&p.confusion) {
            let _ = write!(out, "  {:<14}", clip(l, 14));
            for n in row {
                let _ = write!(out, " {n:>8}");
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "\n{} items with disagreements", a.disagreements.len());
    out
}

/// The items the coders disagree on, as CSV: `key` (the id column's name, or `text` when joined
/// on text), `text` when joined on an id, one column per coder with its label (empty where it
/// has none), and an empty `label` column for the adjudicated label.
pub fn disagreements_csv(codes: &Codes, a: &Agreement, id_column: Option<&str>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = match id_column {
        Some(id) => vec![id.to_string(), "text".into()],
        None => vec!["text".into()],
    };
    header.extend(codes.coders.iter().cloned());
    header.push("label".into());
    // Writing to memory cannot fail.
    let _ = w.write_record(&header);
    for &i in &a.disagreements {
        let item = &codes.items[i];
        let mut row: Vec<String> = match id_column {
            Some(_) => vec![item.key.clone(), item.text.clone()],
            None => vec![item.text.clone()],
        };
        row.extend(
            item.codes
                .iter()
                .map(|c| c.map(|c| codes.labels[c].clone()).unwrap_or_default()),
        );
        row.push(String::new());
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}
