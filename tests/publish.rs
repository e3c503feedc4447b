//! Issue 6, "evaluation researchers can publish": the real `stance` binary cross-validating,
//! reporting the new metrics, listing confident mistakes, explaining classifications and tuning
//! by grid search (the HTML report has its own file, `report.rs`). Fixtures are tiny so the
//! whole file runs in seconds.

use std::path::PathBuf;

use serde_json::Value;

use crate::common::{assert_contains_all, fixture, stance, stderr_of, stdout_of_success, trained};

fn json_of(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", stderr_of(out));
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
}

fn cv_json(extra: &[&str]) -> Value {
    let out = stance()
        .args([
            "evaluate", "--cv", "3", "--min-df", "1", "--format", "json", "--data",
        ])
        .arg(fixture("mini.csv"))
        .args(extra)
        .output()
        .unwrap();
    json_of(&out)
}

#[test]
fn cross_validation_reports_mean_std_per_fold_and_the_pooled_confusion() {
    let v = cv_json(&[]);
    let cv = &v["cross_validation"];
    assert_eq!(cv["k"], 3);
    assert_eq!(cv["seed"], 42);
    assert_eq!(cv["fold_sizes"], serde_json::json!([10, 10, 10]));
    for name in [
        "accuracy",
        "macro_f1",
        "kappa",
        "mcc",
        "log_loss",
        "ece",
        "macro_roc_auc",
        "f1[peacekeeping]",
        "roc_auc[enforcement]",
    ] {
        let m = &v["metrics"][name];
        let folds: Vec<f64> = m["folds"]
            .as_array()
            .unwrap_or_else(|| panic!("no {name}"))
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(folds.len(), 3, "{name}");
        let mean = folds.iter().sum::<f64>() / 3.0;
        assert!((m["mean"].as_f64().unwrap() - mean).abs() < 1e-9, "{name}");
        assert!(m["std"].as_f64().unwrap() >= 0.0);
    }
    let pooled = &v["pooled"];
    let total: u64 = pooled["confusion"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|x| x.as_u64().unwrap())
        .sum();
    assert_eq!(total, 30, "every sentence is predicted exactly once");
    for label in ["peacekeeping", "enforcement", "neutral"] {
        assert_eq!(pooled["per_class"][label]["support"], 10);
    }
    let ci = &v["intervals"]["accuracy"];
    assert!(ci["lower"].as_f64().unwrap() <= ci["estimate"].as_f64().unwrap());
    assert_eq!(v["intervals"]["resamples"], 1000);
    // Seeded: the same command gives the same numbers, another seed other folds.
    assert_eq!(cv_json(&[]), v);
    assert_ne!(cv_json(&["--seed", "7"])["metrics"], v["metrics"]);
}

#[test]
fn cross_validation_table_names_folds_and_pooled_figures() {
    let text = stdout_of_success(
        stance()
            .args(["evaluate", "--cv", "2", "--min-df", "1", "--errors", "2"])
            .arg("--data")
            .arg(fixture("mini.csv")),
    );
    assert_contains_all(
        &text,
        &[
            "2-fold stratified cross-validation",
            "fold 1  fold 2",
            "pooled out-of-fold predictions",
            "Cohen's kappa",
            "95% CI",
            "confusion (rows: true label",
            "most confident mistakes (2):",
        ],
    );
}

#[test]
fn held_out_evaluation_has_every_new_metric_and_confident_mistakes() {
    let (dir, model) = trained();
    // Flip two labels so that the model is confidently wrong on them.
    let data = dir.path().join("flipped.csv");
    let mini = std::fs::read_to_string(fixture("mini.csv")).unwrap();
    // Enforcement rows follow the peacekeeping ones, so these are two different rows.
    let flipped = mini
        .replacen(",enforcement\n", ",peacekeeping\n", 1)
        .replacen(",peacekeeping\n", ",neutral\n", 1);
    std::fs::write(&data, flipped).unwrap();
    let out = stance()
        .args(["evaluate", "--format", "json", "--errors", "5", "--model"])
        .arg(&model)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    let v = json_of(&out);
    for key in ["kappa", "mcc", "log_loss", "ece", "macro_roc_auc"] {
        assert!(v[key].is_f64(), "{key} in {v}");
    }
    for label in ["peacekeeping", "enforcement", "neutral"] {
        assert!(v["roc_auc"][label].is_f64());
        assert!(v["average_precision"][label].is_f64());
    }
    assert_eq!(v["calibration"]["bins"].as_array().unwrap().len(), 10);
    assert!(v["calibration"]["binning"]
        .as_str()
        .unwrap()
        .contains("10 equal-width bins"));
    let acc = &v["intervals"]["accuracy"];
    assert!(acc["lower"].as_f64().unwrap() <= acc["upper"].as_f64().unwrap());
    let errors = v["errors"].as_array().unwrap();
    assert!(errors.len() >= 2 && errors.len() <= 5, "{errors:?}");
    let p: Vec<f64> = errors
        .iter()
        .map(|e| e["probability"].as_f64().unwrap())
        .collect();
    assert!(p.windows(2).all(|w| w[0] >= w[1]), "{p:?}");
    for e in errors {
        assert_ne!(e["truth"], e["predicted"]);
        assert!(e["line"].as_u64().unwrap() >= 2 && e["text"].is_string());
    }
}

#[test]
fn evaluate_usage_errors_exit_2() {
    // A training option means nothing without --cv.
    let out = stance().args(["evaluate", "--c", "3"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--cv"));
    // --cv trains its own models, so --model makes no sense with it.
    let out = stance()
        .args(["evaluate", "--cv", "3", "--model", "x.model"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    stance().args(["evaluate", "--cv", "1"]).assert().code(2);
    stance()
        .args(["evaluate", "--cv", "3", "--class-weight", "heavy"])
        .assert()
        .code(2);
    // More folds than a label has sentences: a failure naming the file, not a usage error.
    let out = stance()
        .args(["evaluate", "--cv", "11", "--min-df", "1", "--data"])
        .arg(fixture("mini.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("mini.csv") && err.contains("fewer than the 11 folds"),
        "{err}"
    );
}

/// The mini fixture with a `mission` column of fifteen missions, two sentences each, where a
/// mission's name is the word that gives its label away; written to a temporary directory.
fn with_missions() -> (tempfile::TempDir, PathBuf) {
    let text = std::fs::read_to_string(fixture("mini.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missions.csv");
    let mut out = csv::Writer::from_path(&path).unwrap();
    out.write_record(["text", "label", "mission"]).unwrap();
    let mut per_label = std::collections::HashMap::<String, usize>::new();
    for row in rows.records() {
        let row = row.unwrap();
        let n = per_label.entry(row[1].to_string()).or_default();
        // Ten sentences per label: five missions per label, each with one label's sentences.
        let mission = format!("m{}{}", &row[1][..1], *n / 2);
        *n += 1;
        let text = format!("{} Mission {mission}.", &row[0]);
        out.write_record([text.as_str(), &row[1], &mission])
            .unwrap();
    }
    out.flush().unwrap();
    (dir, path)
}

#[test]
fn cross_validation_can_keep_each_mission_whole() {
    let (_dir, data) = with_missions();
    let run = |extra: &[&str]| {
        let out = stance()
            .args(["evaluate", "--cv", "3", "--min-df", "1", "--data"])
            .arg(&data)
            .args(extra)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr_of(&out),
        )
    };
    let (code, table, err) = run(&["--cv-groups", "mission"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        table.contains("3-fold cross-validation with each mission whole in one fold"),
        "{table}"
    );
    let (_, json, _) = run(&["--cv-groups", "mission", "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["cross_validation"]["grouped_by"], "mission");
    assert_eq!(v["cross_validation"]["stratified"], false);
    // Every fold holds whole missions of two sentences.
    let sizes: Vec<u64> = v["cross_validation"]["fold_sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap() % 2)
        .collect();
    assert_eq!(sizes, [0, 0, 0]);
    let (_, json, _) = run(&["--format", "json"]);
    let plain: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        plain["cross_validation"].get("grouped_by"),
        Some(&Value::Null)
    );
    assert_eq!(plain["cross_validation"]["stratified"], true);
    // A stratified fold has seen the missions it scores and reads the label off their names.
    let f1 = |v: &Value| v["pooled"]["macro_f1"].as_f64().unwrap();
    assert!(f1(&plain) > f1(&v) + 0.1, "{} vs {}", f1(&plain), f1(&v));

    // A column the file does not have, or groups that cannot make the folds: failures naming
    // the file.
    let (code, _, err) = run(&["--cv-groups", "outlet"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("missions.csv") && err.contains("no column 'outlet'"),
        "{err}"
    );
    // Grouped by label, each fold would hold one label whole and its model would lack it.
    let out = stance()
        .args([
            "evaluate",
            "--cv",
            "3",
            "--min-df",
            "1",
            "--cv-groups",
            "label",
        ])
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert_contains_all(
        &err,
        &[
            "missions.csv",
            "3 groups of 'label' cannot make 3 folds",
            "--cv-groups",
        ],
    );
    // Without --cv there are no folds to group.
    stance()
        .args(["evaluate", "--cv-groups", "mission"])
        .assert()
        .code(2);
}

#[test]
fn classify_explains_sentences_and_articles_in_every_format() {
    let (_dir, model) = trained();
    let run = |format: &str| {
        stdout_of_success(
            stance()
                .args(["classify", "--explain", "2", "--format", format, "--model"])
                .arg(&model)
                .arg(fixture("articles/hard.txt")),
        )
    };
    let line: Value = serde_json::from_str(run("jsonl").trim()).unwrap();
    let rows = line["sentence_results"].as_array().unwrap();
    assert!(!rows.is_empty(), "--explain implies sentence rows");
    for r in rows {
        let towards = r["towards"].as_array().unwrap();
        let against = r["against"].as_array().unwrap();
        assert!(towards.len() <= 2 && against.len() <= 2);
        assert!(towards
            .iter()
            .all(|t| t["contribution"].as_f64().unwrap() > 0.0 && t["term"].is_string()));
        assert!(against
            .iter()
            .all(|t| t["contribution"].as_f64().unwrap() < 0.0));
    }
    // Every term is shown in the sentence's own words: each of its words is in the sentence.
    for r in rows {
        let text = r["text"].as_str().unwrap().to_lowercase();
        for t in r["towards"]
            .as_array()
            .unwrap()
            .iter()
            .chain(r["against"].as_array().unwrap())
        {
            let term = t["term"].as_str().unwrap().trim_end_matches(" (negated)");
            // The one feature that is no word of the sentence: it names no international force.
            if term == stance::text::tokens::NO_FORCE_TOKEN {
                continue;
            }
            for word in term.split(' ') {
                assert!(text.contains(word), "{word:?} of {term:?} not in {text:?}");
            }
        }
    }
    let towards_all: String = rows.iter().map(|r| r["towards"].to_string()).collect();
    assert!(
        towards_all.contains("\"disarm\"")
            && (towards_all.contains("\"weapons\"") || towards_all.contains("destroy\"")),
        "{towards_all}"
    );
    let most = line["most_framed"].as_object().unwrap();
    assert!(most.contains_key("enforcement") && most.contains_key("peacekeeping"));
    assert!(!most.contains_key("neutral"));
    assert!(most["enforcement"]["probability"].as_f64().unwrap() > 0.5);

    let csv_text = run("csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let towards = header.iter().position(|h| h == "towards").unwrap();
    let framed = header.iter().position(|h| h == "most_framed_for").unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), rows.len());
    assert!(records[0][towards].contains(" (+0."), "{:?}", &records[0]);
    assert!(records.iter().any(|r| r[framed].contains("enforcement")));

    let table = run("table");
    assert!(table.contains("  + ") && table.contains("  - "), "{table}");
    assert!(table.contains("most enforcement-framed: #"), "{table}");
    assert!(table.contains("most peacekeeping-framed: #"), "{table}");
}

#[test]
fn tune_prints_every_setting_and_saves_the_best_model() {
    let dir = tempfile::tempdir().unwrap();
    let tuned = dir.path().join("tuned.model");
    let text = stdout_of_success(
        stance()
            .args(["tune", "--cv", "2", "--min-df", "1"])
            .args(["--grid", "c=10;ngrams=1-1,1-2", "--data"])
            .arg(fixture("mini.csv"))
            .arg("--model")
            .arg(&tuned),
    );
    assert!(text.contains("c=10 ngrams=1-1") && text.contains("c=10 ngrams=1-2"));
    assert_eq!(text.matches(" ± ").count(), 2 * 2 + 1, "{text}");
    assert!(text.contains("best: c=10 ngrams=1-"));
    assert!(text.contains(&format!("written to {}", tuned.display())));
    // Settings outside the grid default as `train`'s do, so the tuned model is byte for byte the
    // one `train` makes with the best grid point's settings (the fixture's `trained` model uses
    // a tighter tolerance, so train again with the defaults).
    let best = text
        .lines()
        .find_map(|l| l.strip_prefix("best: c=10 ngrams="))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a best line")
        .to_string();
    let again = dir.path().join("again.model");
    stance()
        .args([
            "train", "--quiet", "--min-df", "1", "--ngrams", &best, "--data",
        ])
        .arg(fixture("mini.csv"))
        .arg("--model")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&tuned).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn two_models_compare_on_the_same_sentences() {
    let (dir, a) = trained();
    let b = dir.path().join("b.model");
    stance()
        .args(["train", "--quiet", "--min-df", "1", "--c", "0.05", "--data"])
        .arg(fixture("mini.csv"))
        .arg("--model")
        .arg(&b)
        .assert()
        .success();
    let run = |extra: &[&str]| {
        stance()
            .args(["evaluate", "--data"])
            .arg(fixture("mini.csv"))
            .arg("--model")
            .arg(&a)
            .args(extra)
            .output()
            .unwrap()
    };
    let b_arg = b.to_str().unwrap();
    let out = run(&["--compare", b_arg]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let table = String::from_utf8_lossy(&out.stdout);
    assert_contains_all(
        &table,
        &[
            "models compared on",
            "(30 sentences; paired bootstrap, 1000 resamples, seed 42)",
            "B - A macro-F1",
            "McNemar exact test (equal accuracy): p = ",
        ],
    );
    let v = json_of(&run(&["--compare", b_arg, "--format", "json"]));
    // Each side is that model's own evaluation.
    for (side, model) in [("a", &a), ("b", &b)] {
        let own = json_of(
            &stance()
                .args(["evaluate", "--format", "json", "--data"])
                .arg(fixture("mini.csv"))
                .arg("--model")
                .arg(model)
                .output()
                .unwrap(),
        );
        assert_eq!(v[side]["macro_f1"], own["macro_f1"], "{side}");
        assert_eq!(v[side]["accuracy"], own["accuracy"], "{side}");
    }
    let diff = v["macro_f1_difference"]["estimate"].as_f64().unwrap();
    let (fa, fb) = (
        v["a"]["macro_f1"].as_f64().unwrap(),
        v["b"]["macro_f1"].as_f64().unwrap(),
    );
    assert!((diff - (fb - fa)).abs() < 1e-12);
    let g = &v["agreement"];
    let total: u64 = ["both_right", "only_a_right", "only_b_right", "both_wrong"]
        .iter()
        .map(|k| g[*k].as_u64().unwrap())
        .sum();
    assert_eq!(total, 30);
    assert!(v["model_b"].as_str().unwrap().ends_with("b.model"));
    // A second model that cannot be read fails naming it; --compare with --cv is a usage error.
    let out = run(&["--compare", "no-such.model"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("no-such.model"));
    assert_eq!(
        run(&["--compare", b_arg, "--cv", "3"]).status.code(),
        Some(2)
    );
}

#[test]
fn tune_can_keep_each_mission_whole() {
    let (dir, data) = with_missions();
    let tuned = dir.path().join("tuned.model");
    let run = |group: &str| {
        stance()
            .args(["tune", "--cv", "3", "--min-df", "1", "--grid", "c=1,10"])
            .args(["--cv-groups", group, "--data"])
            .arg(&data)
            .arg("--model")
            .arg(&tuned)
            .output()
            .unwrap()
    };
    let out = run("mission");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_contains_all(
        &text,
        &[
            "2 settings, 3-fold cross-validation with each mission whole in one fold of",
            "best: c=",
        ],
    );
    // Each row is the setting's grouped cross-validation, as evaluate prints it.
    let eval = stance()
        .args(["evaluate", "--cv", "3", "--min-df", "1", "--c", "10"])
        .args(["--cv-groups", "mission", "--format", "json", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&eval.stdout).unwrap();
    let mean = v["metrics"]["macro_f1"]["mean"].as_f64().unwrap();
    let row = text.lines().find(|l| l.starts_with("c=10 ")).unwrap();
    assert!(row.contains(&format!("{mean:.3} ± ")), "{row} vs {mean}");
    let out = run("outlet");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("no column 'outlet'"));
}

#[test]
fn tune_defaults_to_its_own_model_file_and_checks_the_grid() {
    let out = stance().args(["tune", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("models/tuned.model"), "{help}");
    assert!(!help.contains("models/stance.model"), "{help}");
    for (grid, message) in [
        ("c=1;alpha=2", "a key among"),
        ("c=", "non-empty values"),
        ("ngrams=2-1", "ngrams=2-1"),
        ("", "at least one KEY="),
    ] {
        let out = stance().args(["tune", "--grid", grid]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{grid}");
        assert!(
            stderr_of(&out).contains(message),
            "{grid}: {}",
            stderr_of(&out)
        );
    }
    stance().args(["tune"]).assert().code(2);
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("never.model");
    let out = stance()
        .args(["tune", "--grid", "min-df=1000", "--cv", "2", "--data"])
        .arg(fixture("mini.csv"))
        .arg("--model")
        .arg(&model)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("--min-df"));
    assert!(!model.exists());
}
