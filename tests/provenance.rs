//! Provenance records (issue 13): `classify`, `evaluate` (and its report) and `shares` name the
//! program, the model file by the checksum of its bytes, the data the model was trained on, the
//! settings and the inputs; `train` and `inspect` show the data checksum and the calibration.

use std::path::Path;

use serde_json::Value;

use crate::common::{assert_contains_all, fixture, stance, stdout_of_success};

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The CRC-32 of a file's bytes, as records write it.
fn crc_of(path: &Path) -> String {
    format!("{:08x}", crc32fast::hash(&std::fs::read(path).unwrap()))
}

/// The training data checksum `inspect` prints for the shipped model.
fn shipped_data_checksum() -> String {
    let out = stdout_of_success(stance().args(["inspect", "--top", "1"]));
    let line = out
        .lines()
        .find_map(|l| l.strip_prefix("training data checksum "))
        .unwrap()
        .to_string();
    line.split_whitespace().next().unwrap().to_string()
}

/// Asserts the shared part of a record made with the shipped model.
fn assert_shipped_model(record: &Value, command: &str) {
    assert_eq!(record["stance_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(record["command"], command);
    let model = &record["model"];
    assert_eq!(model["file"], "models/stance.model");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/stance.model");
    assert_eq!(model["file_crc32"], crc_of(&shipped).as_str());
    assert_eq!(
        model["data_checksum_crc32"],
        shipped_data_checksum().as_str()
    );
    assert_eq!(model["settings"]["features"]["ngram_max"], 2);
    assert!(model["calibration"]
        .as_str()
        .unwrap()
        .contains("out-of-fold"));
}

#[test]
fn classify_records_the_model_its_data_and_the_files_read() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("p.json");
    stdout_of_success(
        stance()
            .args(["classify", "--format", "csv", "--provenance"])
            .arg(&record)
            .arg(fixture("articles")),
    );
    let r = read(&record);
    assert_shipped_model(&r, "classify");
    let inputs: Vec<&str> = r["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(inputs.len(), 2);
    assert!(inputs[0].ends_with("calm.txt") && inputs[1].ends_with("hard.txt"));
    assert_eq!(r["articles"], 2);
    assert_eq!(r["options"]["keep_boilerplate"], false);
    // A record may not replace an input.
    let out = stance()
        .args(["classify", "--provenance"])
        .arg(fixture("articles/calm.txt"))
        .arg(fixture("articles/calm.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn evaluate_and_its_report_record_the_model_or_the_cross_validation() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("p.json");
    let report = dir.path().join("report");
    stdout_of_success(
        stance()
            .args(["evaluate", "--provenance"])
            .arg(&record)
            .arg("--report")
            .arg(&report),
    );
    let r = read(&record);
    assert_shipped_model(&r, "evaluate");
    assert_eq!(r["inputs"][0], "data/test.csv");
    assert!(r["cross_validation"].is_null());
    assert_eq!(read(&report.join("provenance.json")), r);
    let page = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert!(page.contains("<h2>Provenance</h2>") && page.contains("data_checksum_crc32"));
    // Cross-validation trains its own models: no model file, but the settings and folds.
    stdout_of_success(
        stance()
            .args(["evaluate", "--cv", "3", "--min-df", "1", "--data"])
            .arg(fixture("mini.csv"))
            .arg("--provenance")
            .arg(&record),
    );
    let r = read(&record);
    assert!(r["model"].is_null());
    assert_eq!(r["cross_validation"]["folds"], 3);
    assert_eq!(
        r["cross_validation"].get("grouped_by"),
        Some(&serde_json::Value::Null)
    );
    assert_eq!(r["cross_validation"]["settings"]["features"]["min_df"], 1);
    assert!(r["inputs"][0].as_str().unwrap().ends_with("mini.csv"));
}

#[test]
fn shares_records_the_model_file_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("a.csv");
    std::fs::write(&data, "text\nThe force must disarm the militias.\n").unwrap();
    let record = dir.path().join("p.json");
    stdout_of_success(
        stance()
            .args([
                "shares",
                "--bootstrap",
                "0",
                "--format",
                "csv",
                "--provenance",
            ])
            .arg(&record)
            .arg(&data),
    );
    let r = read(&record);
    assert_shipped_model(&r, "shares");
    assert_eq!(r["methods"][0], "emq");
    // The default method divides by a prior made from the stored error rates, so the record
    // names where they came from.
    let from = r["error_rates_from"].as_str().unwrap();
    assert!(from.contains("folds keep each mission whole"), "{from}");
}

#[test]
fn train_and_inspect_show_the_data_checksum_and_the_calibration() {
    let dir = tempfile::tempdir().unwrap();
    let (with, without) = (dir.path().join("a.model"), dir.path().join("b.model"));
    let summary = |model: &Path, folds: &str| {
        stdout_of_success(
            stance()
                .args(["train", "--min-df", "1", "--calibration-folds", folds])
                .arg("--data")
                .arg(fixture("mini.csv"))
                .arg("--model")
                .arg(model),
        )
    };
    let (a, b) = (summary(&with, "3"), summary(&without, "0"));
    let checksum = a
        .lines()
        .find_map(|l| l.strip_prefix("data checksum"))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(checksum.len(), 8);
    assert!(b.contains(&format!("data checksum   {checksum}")));
    assert!(a.contains("calibration     stored (3-fold out-of-fold predictions on mini.csv"));
    assert!(b.contains("calibration     not stored"));
    let inspect = |model: &Path| {
        stdout_of_success(
            stance()
                .args(["inspect", "--top", "1", "--model"])
                .arg(model),
        )
    };
    assert_contains_all(
        &inspect(&with),
        &[
            &format!("training data checksum {checksum} (CRC-32 of the training rows)"),
            "calibration stored (3-fold",
        ],
    );
    assert!(inspect(&without).contains("calibration not stored"));
}
