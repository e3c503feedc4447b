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
                meta: Vec::new(),
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

/// The test article with an outlet and a date kept, rendered in `format`.
fn render_kept(format: Format, sentences: bool, explain: bool) -> String {
    let (mut r, text) = result();
    r.summary.meta = vec![
        ("outlet".into(), "Evening, \"Star\"".into()),
        ("date".into(), "2026-03-01".into()),
    ];
    if explain {
        r.explanation = Some(crate::classify::ArticleExplanation {
            sentences: vec![Default::default(); 2],
            most_framed: Vec::new(),
        });
    }
    let mut buf = Vec::new();
    let mut w = ClassifyWriter::new(&mut buf, format, &labels(), sentences)
        .with_columns(&["outlet".into(), "date".into()])
        .unwrap();
    if explain {
        w = w.with_explanations();
    }
    w.write(&r, text).unwrap();
    w.finish().unwrap();
    String::from_utf8(buf).unwrap()
}

#[test]
fn kept_columns_follow_the_id_in_every_format() {
    for sentences in [false, true] {
        let out = render_kept(Format::Csv, sentences, false);
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let headers = r.headers().unwrap().clone();
        assert_eq!(&headers[1], "outlet");
        assert_eq!(&headers[2], "date");
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), if sentences { 2 } else { 1 });
        for row in rows {
            assert_eq!(row.len(), headers.len());
            assert_eq!(&row[1], "Evening, \"Star\"");
            assert_eq!(&row[2], "2026-03-01");
        }
    }
    let out = render_kept(Format::Jsonl, true, false);
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["outlet"], "Evening, \"Star\"");
    assert_eq!(v["date"], "2026-03-01");
    assert!(out.starts_with(r#"{"id":"a,1","outlet":"Evening, \"Star\"","date":"2026-03-01","#));
    let out = render_kept(Format::Table, false, false);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("OUTLET") && lines[0].contains("DATE"));
    assert!(lines[1].contains("Evening, \"S… 2026-03-01"), "{out}");
    // Explanations stay under the label, however wide the kept columns make the row.
    let out = render_kept(Format::Table, true, true);
    let lines: Vec<&str> = out.lines().collect();
    // (In characters: a cut value ends in a three-byte ellipsis.)
    let column = |line: &str, what: &str| line[..line.find(what).unwrap()].chars().count();
    let label_at = column(lines[1], "enforcement");
    assert_eq!(column(lines[2], "+"), label_at);
    assert_eq!(column(lines[3], "-"), label_at);
}

#[test]
fn a_kept_column_named_like_the_output_or_given_twice_is_refused() {
    for columns in [
        vec!["verdict".to_string()],
        vec!["p_neutral".to_string()],
        vec!["text".to_string()],
        vec!["outlet".to_string(), "outlet".to_string()],
    ] {
        let err = Formatter::new(Format::Csv, &labels(), false)
            .with_columns(&columns)
            .unwrap_err();
        assert!(
            matches!(
                err.kind(),
                crate::error::ErrorKind::InvalidSetting {
                    setting: crate::error::Setting::MetaColumn,
                    ..
                }
            ),
            "{columns:?}"
        );
    }
    assert!(Formatter::new(Format::Csv, &labels(), false)
        .with_columns(&["outlet".into(), "url".into()])
        .is_ok());
}

#[test]
fn without_kept_columns_the_output_is_unchanged() {
    let (r, text) = result();
    for format in [Format::Csv, Format::Jsonl, Format::Table] {
        let mut buf = Vec::new();
        let mut w = ClassifyWriter::new(&mut buf, format, &labels(), false)
            .with_columns(&[])
            .unwrap();
        w.write(&r, text).unwrap();
        w.finish().unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), render(format, false));
    }
}
