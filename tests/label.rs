//! Issue 14, end to end: `suggest` writes a file to label, `train` learns from it (and from
//! doccano and Label Studio exports), `agree` measures coders against each other.

use serde_json::Value;

use crate::common::{assert_contains_all, fixture, stance, stdout_of_success, trained};

/// REFERENCES.md's MISSING fixture (12 items × 3 coders, blank = missing) as three coders'
/// CSV files with an id column.
fn coders(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let rows = [
        "E E E", "N N P", "- P P", "E N E", "P P P", "N N N", "E E N", "P - -", "N P N", "E E E",
        "P P N", "N E N",
    ];
    let name = |c: &str| match c {
        "E" => "enforcement",
        "N" => "neutral",
        "P" => "peacekeeping",
        _ => "",
    };
    (0..3)
        .map(|c| {
            let mut csv = String::from("id,text,label\n");
            for (i, r) in rows.iter().enumerate() {
                let code = r.split(' ').nth(c).unwrap();
                csv.push_str(&format!(
                    "u{},Sentence number {}.,{}\n",
                    i + 1,
                    i + 1,
                    name(code)
                ));
            }
            let path = dir.join(format!("coder{}.csv", c + 1));
            std::fs::write(&path, csv).unwrap();
            path
        })
        .collect()
}

#[test]
fn agree_reports_the_reference_statistics_and_writes_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let files = coders(dir.path());
    let out_file = dir.path().join("adjudicate.csv");
    let out = stdout_of_success(
        stance()
            .args(["agree", "--id-column", "id", "--format", "json"])
            .args(&files)
            .arg("--disagreements")
            .arg(&out_file),
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let close = |key: &str, want: f64| {
        let got = v[key].as_f64().unwrap();
        assert!((got - want).abs() < 1e-4, "{key}: {got} vs {want}");
    };
    // krippendorff.alpha = 51/113; Fleiss on the 10 items all coded = 113/293; pooled raw
    // agreement 19/31 (REFERENCES.md and the unit tests in eval/agreement).
    close("krippendorff_alpha", 51.0 / 113.0);
    close("fleiss_kappa", 113.0 / 293.0);
    close("agreement", 19.0 / 31.0);
    assert_eq!(v["items"], 12);
    assert_eq!(v["fleiss_items"], 10);
    assert!(v["cohen_kappa"].is_null(), "three coders");
    let kappa = v["pairs"][0]["cohen_kappa"].as_f64().unwrap();
    assert!((kappa - 6.0 / 11.0).abs() < 1e-4);
    assert_eq!(v["confusion"][0]["table"][0], serde_json::json!([3, 1, 0]));
    assert!(v["per_label"]["enforcement"].is_number());
    let adjudicate = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(adjudicate.lines().count(), 7, "{adjudicate}");
    assert!(adjudicate.starts_with("id,text,"));

    // Two coders, joined on the text, as a table.
    let table = stdout_of_success(stance().arg("agree").args(&files[..2]));
    assert_contains_all(
        &table,
        &["Cohen's kappa        0.545", "Krippendorff's alpha"],
    );
}

#[test]
fn suggest_writes_a_file_that_train_reads_once_labelled() {
    let (dir, model) = trained();
    let run = |strategy: &str| {
        stdout_of_success(
            stance()
                .args([
                    "suggest",
                    "--n",
                    "12",
                    "--seed",
                    "3",
                    "--strategy",
                    strategy,
                ])
                .arg("--model")
                .arg(&model)
                .arg(fixture("../../data/articles")),
        )
    };
    let csv = run("sample-margin");
    assert_eq!(csv, run("sample-margin"), "deterministic for a seed");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,sentence,text,suggested,p_enforcement,p_neutral,p_peacekeeping,score,label"
    );
    assert_eq!(csv.lines().count(), 13);
    // Label the first eight with the model's suggestion; leave the rest for later.
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut labelled = csv::Writer::from_writer(Vec::new());
    labelled.write_record(reader.headers().unwrap()).unwrap();
    for (i, r) in reader.records().enumerate() {
        let mut r: Vec<String> = r.unwrap().iter().map(String::from).collect();
        if i < 8 {
            r[8] = ["enforcement", "neutral", "peacekeeping"][i % 3].into();
        }
        labelled.write_record(&r).unwrap();
    }
    let file = dir.path().join("round1.csv");
    std::fs::write(&file, labelled.into_inner().unwrap()).unwrap();
    let out = stdout_of_success(
        stance()
            .args(["train", "--min-df", "1", "--quiet"])
            .arg("--data")
            .arg(fixture("mini.csv"))
            .arg(&file)
            .arg("--model")
            .arg(dir.path().join("m2.model")),
    );
    assert!(out.is_empty());
    let summary = stdout_of_success(
        stance()
            .args(["train", "--min-df", "1", "--data"])
            .arg(fixture("mini.csv"))
            .arg(&file)
            .arg("--model")
            .arg(dir.path().join("m3.model")),
    );
    assert_contains_all(
        &summary,
        &["trained on 38 sentences", "skipped 4 rows without a label"],
    );
    // Excluding the labelled file leaves those sentences out of the next round.
    let next = stdout_of_success(
        stance()
            .args([
                "suggest", "--n", "12", "--seed", "3", "--format", "jsonl", "--model",
            ])
            .arg(&model)
            .arg("--exclude")
            .arg(&file)
            .arg(fixture("../../data/articles")),
    );
    let before: Vec<&str> = csv.lines().skip(1).collect();
    for line in next.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        assert!(
            !before.iter().any(|b| b.contains(text)),
            "{text} picked twice"
        );
        assert_eq!(v["label"], "");
    }
}

#[test]
fn train_reads_doccano_and_label_studio_exports() {
    let dir = tempfile::tempdir().unwrap();
    let mini = std::fs::read_to_string(fixture("mini.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(mini.as_bytes());
    let (mut doccano, mut studio) = (String::new(), String::new());
    for (i, r) in reader.records().enumerate() {
        let r = r.unwrap();
        let (text, label) = (&r[0], &r[1]);
        if i % 2 == 0 {
            let line = serde_json::json!({"id": i, "text": text, "label": [label]});
            doccano.push_str(&format!("{line}\n"));
        } else {
            let line = serde_json::json!({"id": i, "data": {"text": text}, "annotations": [
                {"was_cancelled": false, "result": [{"value": {"choices": [label]}}]}]});
            studio.push_str(&format!("{line}\n"));
        }
    }
    studio.push_str(
        "{\"id\": 99, \"data\": {\"text\": \"Not annotated yet.\"}, \"annotations\": []}\n",
    );
    let (a, b) = (
        dir.path().join("doccano.jsonl"),
        dir.path().join("studio.jsonl"),
    );
    std::fs::write(&a, doccano).unwrap();
    std::fs::write(&b, studio).unwrap();
    let summary = stdout_of_success(
        stance()
            .args(["train", "--min-df", "1", "--data"])
            .arg(&a)
            .arg(&b)
            .arg("--model")
            .arg(dir.path().join("m.model")),
    );
    assert_contains_all(
        &summary,
        &["trained on 30 sentences", "skipped 1 rows without a label"],
    );
}
