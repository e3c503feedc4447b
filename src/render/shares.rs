//! `shares` output: an aligned table, CSV (one column per grouping column, `period` when used,
//! then `label,method,share,ci_low,ci_high,sentences,articles`) or JSON Lines (one object per
//! row, the same fields), the provenance record written beside any of them, and the chart
//! ([`chart`]).

use serde_json::{json, Map, Value};

pub mod chart;

use super::provenance::ModelUsed;
use super::round;
use crate::shares::Shares;

fn figure(x: Option<f64>) -> String {
    x.map(|v| format!("{:.4}", round(v, 4))).unwrap_or_default()
}

/// The CSV output's records: the header, then one record per row. The HTML page's table
/// ([`chart::shares_html`]) shows the same records.
pub fn csv_records(shares: &Shares) -> Vec<Vec<String>> {
    let mut header = shares.columns.clone();
    header.extend(
        [
            "label",
            "method",
            "share",
            "ci_low",
            "ci_high",
            "sentences",
            "articles",
        ]
        .map(String::from),
    );
    let mut records = vec![header];
    for r in &shares.rows {
        let mut rec = r.group.clone();
        rec.push(r.label.clone());
        rec.push(r.method.name().into());
        rec.push(figure(r.share));
        rec.push(figure(r.interval.map(|i| i.0)));
        rec.push(figure(r.interval.map(|i| i.1)));
        rec.push(r.sentences.to_string());
        rec.push(r.articles.to_string());
        records.push(rec);
    }
    records
}

/// CSV with a header row.
pub fn shares_csv(shares: &Shares) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for rec in csv_records(shares) {
        let _ = w.write_record(&rec);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// One JSON object per row.
pub fn shares_jsonl(shares: &Shares) -> String {
    let mut out = String::new();
    for r in &shares.rows {
        let mut m = Map::new();
        for (c, v) in shares.columns.iter().zip(&r.group) {
            m.insert(c.clone(), Value::from(v.clone()));
        }
        m.insert("label".into(), r.label.clone().into());
        m.insert("method".into(), r.method.name().into());
        let num = |x: Option<f64>| x.map_or(Value::Null, |v| json!(round(v, 6)));
        m.insert("share".into(), num(r.share));
        m.insert("ci_low".into(), num(r.interval.map(|i| i.0)));
        m.insert("ci_high".into(), num(r.interval.map(|i| i.1)));
        m.insert("sentences".into(), r.sentences.into());
        m.insert("articles".into(), r.articles.into());
        out.push_str(&Value::Object(m).to_string());
        out.push('\n');
    }
    out
}

/// An aligned table: the group, then each label's share and interval in percent.
pub fn shares_table(shares: &Shares) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = shares.columns.clone();
    header.extend(
        [
            "method",
            "label",
            "share",
            "95% interval",
            "sentences",
            "articles",
        ]
        .map(String::from),
    );
    rows.push(header);
    for r in &shares.rows {
        let mut row = r.group.clone();
        row.push(r.method.name().into());
        row.push(r.label.clone());
        row.push(
            r.share
                .map(|s| format!("{:.1}%", 100.0 * s))
                .unwrap_or_else(|| "-".into()),
        );
        row.push(
            r.interval
                .map(|(a, b)| format!("{:.1}-{:.1}%", 100.0 * a, 100.0 * b))
                .unwrap_or_default(),
        );
        row.push(r.sentences.to_string());
        row.push(r.articles.to_string());
        rows.push(row);
    }
    let n = rows[0].len();
    let widths: Vec<usize> = (0..n)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (v, w))| {
                // Figures right-aligned, words left-aligned.
                if c + 4 >= n {
                    format!("{v:>w$}")
                } else {
                    format!("{v:<w$}")
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The provenance of a `shares` run: the shared record ([`super::provenance::provenance`]),
/// the methods, where the error rates of the adjusted ones came from, and the bootstrap.
pub fn provenance(model: ModelUsed, shares: &Shares, bootstrap: usize, seed: u64) -> Value {
    let mut record = super::provenance::provenance("shares", Some(model), &shares.inputs);
    record.insert(
        "methods".into(),
        shares
            .methods
            .iter()
            .map(|m| m.name())
            .collect::<Vec<_>>()
            .into(),
    );
    record.insert("error_rates_from".into(), shares.calibration.clone().into());
    record.insert(
        "bootstrap".into(),
        json!({"replicates": bootstrap, "seed": seed, "resampled": "articles within each group, and the calibration sentences"}),
    );
    Value::Object(record)
}
