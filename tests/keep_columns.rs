//! `classify --keep-columns` (issue 13): metadata columns carried into every output format, and
//! the errors for a column the input lacks.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{output_of_failure, stance, stdout_of_success, temp_file};

const ARCHIVE: &str = "id,outlet,date,url,text\n\
    a1,Ledger,2026-01-05,https://ledger.example/1,\"The force must disarm the militias by force. Ministers met in Cairo.\"\n\
    a2,\"Courier, Evening\",2026-02-05,https://courier.example/2,\"Peacekeepers will monitor the ceasefire.\"\n";

fn archive(dir: &Path) -> PathBuf {
    let path = dir.join("archive.csv");
    std::fs::write(&path, ARCHIVE).unwrap();
    path
}

fn classify(data: &Path, format: &str, extra: &[&str]) -> String {
    stdout_of_success(
        stance()
            .args([
                "classify",
                "--id-column",
                "id",
                "--keep-columns",
                "outlet,date",
            ])
            .args(["--format", format])
            .args(extra)
            .arg(data),
    )
}

#[test]
fn kept_columns_reach_csv_jsonl_and_table_output() {
    let dir = tempfile::tempdir().unwrap();
    let data = archive(dir.path());
    for extra in [&[][..], &["--sentences"], &["--explain", "2"]] {
        let out = classify(&data, "csv", extra);
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let headers = r.headers().unwrap().clone();
        let first: Vec<&str> = headers.iter().take(3).collect();
        assert_eq!(first, ["id", "outlet", "date"], "{extra:?}");
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        let a2 = rows.iter().find(|r| &r[0] == "a2").unwrap();
        assert_eq!((&a2[1], &a2[2]), ("Courier, Evening", "2026-02-05"));
        assert!(rows.iter().all(|r| r.len() == headers.len()));
    }
    for extra in [&[][..], &["--sentences"], &["--explain", "2"]] {
        let out = classify(&data, "jsonl", extra);
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["outlet"], "Ledger", "{extra:?}");
        assert_eq!(lines[1]["date"], "2026-02-05");
        assert!(lines[0].get("url").is_none());
    }
    for extra in [&[][..], &["--sentences"]] {
        let out = classify(&data, "table", extra);
        let first = out.lines().next().unwrap();
        assert!(first.contains("OUTLET") && first.contains("DATE"), "{out}");
        assert!(out.lines().any(|l| l.starts_with("a2")
            && l.contains("Courier, Ev…")
            && l.contains("2026-02-05")));
    }
}

/// `stance classify` with `args` on `inputs`, expected to exit with `code`: its standard output
/// and standard error.
fn failing(args: &[&str], inputs: &[&Path], code: i32) -> (String, String) {
    output_of_failure(stance().arg("classify").args(args).args(inputs), code)
}

#[test]
fn a_missing_csv_column_names_the_file_and_the_columns_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let data = archive(dir.path());
    let (out, e) = failing(
        &["--keep-columns", "outlet,section", "--format", "csv"],
        &[&data],
        1,
    );
    assert!(
        e.contains("archive.csv: line 1: no column named 'section'")
            && e.contains("(columns: id, outlet, date, url, text)")
            && e.contains("--keep-columns"),
        "{e}"
    );
    // At most the header: no article was classified.
    assert!(out.lines().count() <= 1);
}

#[test]
fn a_json_line_without_a_kept_field_is_an_error_and_null_is_empty() {
    let (_dir, data) = temp_file(
        "a.jsonl",
        "{\"text\": \"Ministers met.\", \"outlet\": \"Ledger\"}\n\
         {\"text\": \"Ministers met.\", \"outlet\": null}\n\
         {\"text\": \"Ministers met.\"}\n",
    );
    let (out, e) = failing(
        &["--keep-columns", "outlet", "--format", "jsonl"],
        &[&data],
        1,
    );
    assert!(
        e.contains("a.jsonl: line 3: no string or number field 'outlet'"),
        "{e}"
    );
    // The records before it are written, as with any bad record.
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["outlet"], "Ledger");
    assert_eq!(lines[1]["outlet"], "");
}

#[test]
fn plain_text_and_clashing_names_are_refused_before_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("a.txt");
    std::fs::write(&text, "Ministers met.").unwrap();
    let data = archive(dir.path());
    let (out, e) = failing(
        &["--keep-columns", "outlet", "--format", "csv"],
        &[&data, &text],
        1,
    );
    assert!(
        e.contains("a.txt: a plain-text article has no column 'outlet'")
            && e.contains("only CSV and JSONL records carry columns"),
        "{e}"
    );
    assert!(out.is_empty());
    let (out, e) = failing(&["--keep-columns", "outlet,verdict"], &[&data], 2);
    assert!(
        out.is_empty() && e.contains("invalid value 'verdict'"),
        "{e}"
    );
}
