//! Tests of the output formats.

use super::classify::*;

use super::*;
use crate::classify::{ArticleResult, ArticleSummary, SentenceResult};

fn result() -> (ArticleResult, &'static str) {
    let text = "First one. Second, with \"quotes\".";
    (
        ArticleResult {
            summary: ArticleSummary {
                id: "a,1".into(),
                sentences: 2,
                boilerplate: 0,
                counts: vec![1, 0, 1],
                shares: vec![0.5, 0.0, 0.5],
                mean_probabilities: vec![0.4, 0.2, 0.4],
                verdict: "mixed".into(),
            },
            sentences: vec![
                SentenceResult {
                    index: 1,
                    span: 0..10,
                    label: 0,
                    probabilities: vec![0.6, 0.2, 0.2],
                    clutter: None,
                },
                SentenceResult {
                    index: 2,
                    span: 11..33,
                    label: 2,
                    probabilities: vec![0.2, 0.2, 0.6],
                    clutter: None,
                },
            ],
            explanation: None,
        },
        text,
    )
}

fn labels() -> Vec<String> {
    ["enforcement", "neutral", "peacekeeping"]
        .map(String::from)
        .to_vec()
}

fn render(format: Format, sentences: bool) -> String {
    let (r, text) = result();
    let mut buf = Vec::new();
    let mut w = ClassifyWriter::new(&mut buf, format, &labels(), sentences);
    w.write(&r, text).unwrap();
    w.finish().unwrap();
    String::from_utf8(buf).unwrap()
}

#[test]
fn jsonl_has_counts_shares_and_sentences() {
    let out = render(Format::Jsonl, true);
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["id"], "a,1");
    assert_eq!(v["counts"]["peacekeeping"], 1);
    assert_eq!(v["verdict"], "mixed");
    assert_eq!(v["sentence_results"][1]["text"], "Second, with \"quotes\".");
    assert_eq!(v["sentence_results"][0]["label"], "enforcement");
}

#[test]
fn csv_quotes_fields() {
    let out = render(Format::Csv, false);
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert!(headers.iter().any(|h| h == "share_peacekeeping"));
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[0], "a,1");
    assert_eq!(row.get(row.len() - 1), Some("mixed"));
    let out = render(Format::Csv, true);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[1].get(rows[1].len() - 1),
        Some("Second, with \"quotes\".")
    );
}

#[test]
fn table_lists_articles_or_sentences() {
    let out = render(Format::Table, false);
    assert!(out.lines().next().unwrap().contains("VERDICT"));
    assert!(out.contains("mixed"));
    let out = render(Format::Table, true);
    assert_eq!(out.lines().count(), 3);
    assert!(out.contains("First one."));
}
