//! End-to-end tests: the real `stance` binary through train -> classify -> evaluate -> inspect
//! on small fixtures, and its exit codes and messages on bad input.

use serde_json::Value;

use crate::common::{
    assert_contains_all, fixture, stance, stderr_of, stdout_of_success, temp_file, trained,
};

#[test]
fn train_prints_a_summary_and_writes_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("sub/dir/m.model");
    let out = stance()
        .args(["train", "--min-df", "1", "--data"])
        .arg(fixture("mini.csv"))
        .arg("--model")
        .arg(&model)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_contains_all(
        &text,
        &[
            "trained on 30 sentences",
            "enforcement",
            "vocabulary",
            "iterations",
            "training acc.",
            "model written to",
        ],
    );
    assert!(model.exists());
}

#[test]
fn classify_text_files_as_jsonl_with_sentences() {
    let (_dir, model) = trained();
    let out = stance()
        .args(["classify", "--format", "jsonl", "--sentences", "--model"])
        .arg(&model)
        .arg(fixture("articles"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let calm = &lines[0];
    assert!(calm["id"].as_str().unwrap().ends_with("calm.txt"));
    assert_eq!(calm["verdict"], "peacekeeping");
    let hard = &lines[1];
    assert_eq!(hard["verdict"], "enforcement");
    let n = hard["sentences"].as_u64().unwrap();
    let counts: u64 = hard["counts"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(n, counts);
    let rows = hard["sentence_results"].as_array().unwrap();
    assert_eq!(rows.len() as u64, n);
    assert_eq!(rows[0]["text"], "A force to disarm");
    let p: f64 = rows[1]["probabilities"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_f64().unwrap())
        .sum();
    assert!((p - 1.0).abs() < 1e-3);
}

#[test]
fn classify_reads_stdin_csv_and_jsonl_records() {
    let (dir, model) = trained();
    let out = stance()
        .args(["classify", "--format", "csv", "--model"])
        .arg(&model)
        .write_stdin("The force must disarm the militias by force. Troops will raid the depots.")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let row = rdr.records().next().unwrap().unwrap();
    assert_eq!(&row[0], "<stdin>");
    assert_eq!(row.get(row.len() - 1), Some("enforcement"));

    let csv_in = dir.path().join("in.csv");
    std::fs::write(
        &csv_in,
        "doc,body\nA7,\"Observers will monitor the ceasefire line. Peacekeepers escort the aid convoy.\"\nB9,Ministers met in Cairo on Tuesday.\n",
    )
    .unwrap();
    let out = stance()
        .args([
            "classify",
            "--format",
            "jsonl",
            "--text-column",
            "body",
            "--id-column",
            "doc",
            "--model",
        ])
        .arg(&model)
        .arg(&csv_in)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows[0]["id"], "A7");
    assert_eq!(rows[0]["verdict"], "peacekeeping");
    assert_eq!(rows[1]["id"], "B9");
    assert_eq!(rows[1]["verdict"], "neutral");

    let jsonl_in = dir.path().join("in.jsonl");
    std::fs::write(
        &jsonl_in,
        "{\"id\": 3, \"text\": \"The brigade will destroy the tunnels.\"}\n",
    )
    .unwrap();
    let out = stance()
        .args([
            "classify",
            "--format",
            "table",
            "--id-column",
            "id",
            "--model",
        ])
        .arg(&model)
        .arg(&jsonl_in)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("ID"));
    assert!(text.lines().nth(1).unwrap().starts_with('3'));
}

#[test]
fn evaluate_reports_json_metrics() {
    let (_dir, model) = trained();
    let out = stance()
        .args(["evaluate", "--format", "json", "--model"])
        .arg(&model)
        .arg("--data")
        .arg(fixture("mini.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["accuracy"].as_f64().unwrap() > 0.9);
    assert!(v["macro_f1"].as_f64().unwrap() > 0.9);
    for label in ["peacekeeping", "enforcement", "neutral"] {
        let c = &v["per_class"][label];
        assert_eq!(c["support"], 10);
        assert!(c["precision"].is_f64() && c["recall"].is_f64() && c["f1"].is_f64());
    }
    let confusion = v["confusion"].as_array().unwrap();
    let total: u64 = confusion
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|x| x.as_u64().unwrap())
        .sum();
    assert_eq!(total, 30);
    let out = stance()
        .args(["evaluate", "--model"])
        .arg(&model)
        .arg("--data")
        .arg(fixture("mini.csv"))
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("macro avg") && table.contains("baseline") && table.contains("confusion")
    );
}

#[test]
fn inspect_shows_settings_and_readable_features() {
    let (_dir, model) = trained();
    let out = stance()
        .args(["inspect", "--top", "5", "--model"])
        .arg(&model)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("stemming on, negation clauses, question scope on"),
        "{text}"
    );
    assert!(text.contains("strongest features for enforcement:"));
    assert!(text.contains("strongest features for peacekeeping:"));
    // Stems are shown as words: "disarm" appears, never the bare stem "hama".
    assert!(!text.contains(" hama\n"));
}

/// The negation rule of format-5 models can be trained again by name, and `inspect` names it, so
/// that an old model can be reproduced as it was; the current rule reads "no-fly" as a compound
/// and the old one as a negator, which `--explain` shows in the sentence's own words.
#[test]
fn the_old_negation_rule_trains_by_name_and_inspect_names_it() {
    let (dir, data) = temp_file(
        "zones.csv",
        "text,label\n\
         Jets will enforce a no-fly zone over the north.,enforcement\n\
         The coalition enforced a no-fly zone over the city.,enforcement\n\
         Observers will monitor the no-fly zone and report.,peacekeeping\n\
         Monitors verified that the no-fly zone was respected.,peacekeeping\n\
         The no-fly zone covers the whole valley.,neutral\n\
         Talks on a no-fly zone resumed in Geneva.,neutral\n",
    );
    let explained = |negation: &str| {
        let model = dir.path().join(format!("{negation}.model"));
        stdout_of_success(
            stance()
                .args(["train", "--quiet", "--negation", negation, "--data"])
                .arg(&data)
                .arg("--model")
                .arg(&model),
        );
        let inspect = stdout_of_success(stance().args(["inspect", "--model"]).arg(&model));
        assert!(
            inspect.contains(&format!("negation {negation},")),
            "{inspect}"
        );
        let mut classify = stance();
        classify
            .args([
                "classify",
                "--sentences",
                "--explain",
                "50",
                "--format",
                "jsonl",
                "--model",
            ])
            .arg(&model)
            .arg("-")
            .write_stdin("The force will enforce a no-fly zone over the camp.");
        stdout_of_success(&mut classify)
    };
    let old = explained("clauses-v5");
    assert!(old.contains(r#""term":"fly (negated)""#), "{old}");
    let new = explained("clauses");
    assert!(new.contains(r#""term":"fly""#), "{new}");
    assert!(!new.contains("(negated)"), "{new}");
}

#[test]
fn usage_errors_exit_2_and_failures_exit_1_naming_the_file() {
    stance().args(["train", "--ngrams", "3-1"]).assert().code(2);
    stance().args(["frobnicate"]).assert().code(2);
    let out = stance()
        .args(["train", "--data", "no/such/file.csv", "--model"])
        .arg(std::env::temp_dir().join("never.model"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("no/such/file.csv"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!err.contains("panicked"));

    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("bogus.model");
    std::fs::write(&bogus, "this is not a model").unwrap();
    let out = stance()
        .args(["inspect", "--model"])
        .arg(&bogus)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("not a stance model file"));

    let single = dir.path().join("single.csv");
    std::fs::write(&single, "text,label\na b c,neutral\nd e f,neutral\n").unwrap();
    let out = stance()
        .args(["train", "--data"])
        .arg(&single)
        .arg("--model")
        .arg(dir.path().join("x.model"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("at least two labels"));
    assert!(!dir.path().join("x.model").exists());
}

#[test]
fn a_failed_training_run_keeps_the_existing_model() {
    let (dir, model) = trained();
    let before = std::fs::read(&model).unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "text,label\n\"unterminated,neutral\n").unwrap();
    stance()
        .args(["train", "--data"])
        .arg(&bad)
        .arg("--model")
        .arg(&model)
        .assert()
        .code(1);
    assert_eq!(std::fs::read(&model).unwrap(), before);
}

/// Issue 4: training and classification give the same bytes whatever the thread count.
#[test]
fn results_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let train = |threads: &str| {
        let model = dir.path().join(format!("t{threads}.model"));
        stance()
            .args(["train", "--quiet", "--threads", threads, "--model"])
            .arg(&model)
            .assert()
            .success();
        std::fs::read(&model).unwrap()
    };
    let one = train("1");
    assert!(
        one == train("3"),
        "model files differ between 1 and 3 threads"
    );
    let classify = |threads: &str| {
        stdout_of_success(
            stance()
                .args([
                    "classify",
                    "--format",
                    "jsonl",
                    "--sentences",
                    "--threads",
                    threads,
                    "--model",
                ])
                .arg(dir.path().join("t1.model"))
                .arg("data/articles"),
        )
    };
    let one = classify("1");
    assert_eq!(one.lines().count(), 10, "{one}");
    assert_eq!(one, classify("3"));
}

/// `--exact` prints the same figures in full: rounded, they are the default output, and the
/// sentence probabilities sum to one to the last bits, which 4 decimals cannot.
#[test]
fn classify_exact_prints_figures_in_full() {
    let (_dir, model) = trained();
    let run = |extra: &[&str]| -> String {
        stdout_of_success(
            stance()
                .args(["classify", "--sentences", "--model"])
                .arg(&model)
                .arg(fixture("articles"))
                .args(extra),
        )
    };
    let rounded = run(&["--format", "jsonl"]);
    let exact = run(&["--format", "jsonl", "--exact"]);
    let figures = |v: &Value, out: &mut Vec<f64>| {
        for key in ["shares", "mean_probabilities"] {
            out.extend(
                v[key]
                    .as_object()
                    .unwrap()
                    .values()
                    .map(|x| x.as_f64().unwrap()),
            );
        }
        for row in v["sentence_results"].as_array().unwrap() {
            let p: Vec<f64> = row["probabilities"]
                .as_object()
                .unwrap()
                .values()
                .map(|x| x.as_f64().unwrap())
                .collect();
            out.extend(&p);
        }
    };
    let (mut short, mut full) = (Vec::new(), Vec::new());
    for (r, e) in rounded.lines().zip(exact.lines()) {
        figures(&serde_json::from_str(r).unwrap(), &mut short);
        let e: Value = serde_json::from_str(e).unwrap();
        figures(&e, &mut full);
        for row in e["sentence_results"].as_array().unwrap() {
            let sum: f64 = row["probabilities"]
                .as_object()
                .unwrap()
                .values()
                .map(|x| x.as_f64().unwrap())
                .sum();
            assert!((sum - 1.0).abs() < 1e-12, "{sum}");
        }
    }
    assert_eq!(short.len(), full.len());
    assert!(full.iter().any(|x| (x * 1e4).fract().abs() > 1e-6));
    for (s, f) in short.iter().zip(&full) {
        assert_eq!(*s, (f * 1e4).round() / 1e4);
    }
    let csv = run(&["--format", "csv", "--exact"]);
    let long = csv
        .lines()
        .skip(1)
        .flat_map(|l| l.split(','))
        .any(|field| field.split_once('.').is_some_and(|(_, d)| d.len() > 4));
    assert!(long, "{csv}");
}

/// Training a small model fast: every fixture term kept, no calibration folds.
const QUICK_TRAIN: [&str; 6] = [
    "train",
    "--quiet",
    "--min-df",
    "1",
    "--calibration-folds",
    "0",
];

/// A corpus whose writers put "must" into every enforcement sentence and nowhere else: without
/// the style penalty the word alone reads as enforcement; with a heavy one it carries much less,
/// while the content words keep their labels. `inspect` reports the penalty trained with.
#[test]
fn the_style_penalty_keeps_a_leaked_function_word_from_deciding_the_label() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("text,label\n");
    for place in [
        "Rafah",
        "Gaza City",
        "Khan Younis",
        "Deir al-Balah",
        "Beit Hanoun",
    ] {
        csv += &format!("The force must disarm the militias in {place}.,enforcement\n");
        csv += &format!("Troops must raid the weapons depots near {place}.,enforcement\n");
        csv += &format!("The force will escort aid convoys to {place}.,peacekeeping\n");
        csv += &format!("Observers monitor the ceasefire around {place}.,peacekeeping\n");
        csv += &format!("Donors met to discuss funding for {place}.,neutral\n");
        csv += &format!("The budget for {place} was published on Monday.,neutral\n");
    }
    std::fs::write(dir.path().join("leak.csv"), csv).unwrap();
    let enforcement_of = |penalty: &str| {
        let model = dir.path().join(format!("p{penalty}.model"));
        stance()
            .args(QUICK_TRAIN)
            .args(["--style-penalty", penalty, "--data"])
            .arg(dir.path().join("leak.csv"))
            .arg("--model")
            .arg(&model)
            .assert()
            .success();
        let shown = stdout_of_success(
            stance()
                .args(["inspect", "--top", "3", "--model"])
                .arg(&model),
        );
        assert!(
            shown.contains(&format!("style penalty {penalty},")),
            "{shown}"
        );
        let out = stdout_of_success(
            stance()
                .args([
                    "classify",
                    "-",
                    "--sentences",
                    "--format",
                    "jsonl",
                    "--exact",
                    "--model",
                ])
                .arg(&model)
                .write_stdin("Officials said they must wait.\nThe force must disarm the militias."),
        );
        let line: Value = serde_json::from_str(out.trim()).unwrap();
        let rows = line["sentence_results"].as_array().unwrap();
        let p = |i: usize| rows[i]["probabilities"]["enforcement"].as_f64().unwrap();
        (p(0), p(1))
    };
    let (plain_style, plain_content) = enforcement_of("1");
    let (heavy_style, heavy_content) = enforcement_of("100");
    assert!(
        plain_style > 0.5,
        "without the penalty 'must' decides: {plain_style}"
    );
    assert!(
        heavy_style < plain_style - 0.2,
        "{heavy_style} against {plain_style}"
    );
    assert!(
        heavy_content > 0.5 && plain_content > 0.5,
        "{heavy_content} {plain_content}"
    );
}

/// A national army's raid names no international force: the explanation shows the feature that
/// says so, `inspect` reports it on, and a model trained with `--no-force-mention` has neither.
#[test]
fn a_sentence_naming_no_international_force_carries_a_feature_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    let raid = "Somali special forces raided an al-Shabaab hideout near Kismayo.";
    let terms_of = |model: &std::path::Path| {
        let out = stdout_of_success(
            stance()
                .args([
                    "classify",
                    "-",
                    "--explain",
                    "40",
                    "--format",
                    "jsonl",
                    "--model",
                ])
                .arg(model)
                .write_stdin(raid),
        );
        let line: Value = serde_json::from_str(out.trim()).unwrap();
        let row = &line["sentence_results"][0];
        row["towards"]
            .as_array()
            .unwrap()
            .iter()
            .chain(row["against"].as_array().unwrap())
            .map(|t| t["term"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    for (flag, on) in [(None, true), (Some("--no-force-mention"), false)] {
        let model = dir.path().join(format!("{on}.model"));
        let mut train = stance();
        train
            .args(QUICK_TRAIN)
            .arg("--data")
            .arg(fixture("mini.csv"))
            .arg("--model")
            .arg(&model);
        if let Some(flag) = flag {
            train.arg(flag);
        }
        train.assert().success();
        let shown = stdout_of_success(
            stance()
                .args(["inspect", "--top", "3", "--model"])
                .arg(&model),
        );
        let state = if on { "on" } else { "off" };
        assert!(
            shown.contains(&format!("no-force feature {state},")),
            "{shown}"
        );
        let terms = terms_of(&model);
        assert_eq!(terms.iter().any(|t| t == "<no-force>"), on, "{terms:?}");
    }
}
