//! Settings out of range, and outputs that close or fill up.

use super::*;

/// Options out of their range are usage errors (exit 2) naming the option.
#[test]
fn options_out_of_range() {
    let row = |name, extra: &'static str, needles| {
        let mut row = Row::new(name, "train --data g.csv --model {d}/out.model", 2);
        row.args.extend(extra.split_whitespace());
        row.file("g.csv", good_csv()).stderr(needles)
    };
    let rows = vec![
        row(
            "--min-df 0",
            "--min-df 0",
            &[
                "invalid value '0' for --min-df",
                "give a whole number of sentences, at least 1",
            ],
        ),
        row(
            "--min-df -1",
            "--min-df -1",
            &["'-1' for '--min-df", "see `stance train --help`"],
        ),
        row(
            "--max-df 2",
            "--max-df 2",
            &[
                "invalid value '2' for --max-df",
                "give a share of sentences greater than 0 and at most 1",
            ],
        ),
        row(
            "--max-df 0",
            "--max-df 0",
            &["invalid value '0' for --max-df"],
        ),
        row(
            "--c -1",
            "--c -1",
            &[
                "invalid value '-1' for --c",
                "give a finite number greater than 0",
            ],
        ),
        row("--c 0", "--c 0", &["invalid value '0' for --c"]),
        row("--c NaN", "--c NaN", &["invalid value 'NaN' for --c"]),
        row(
            "--ngrams 3-1",
            "--ngrams 3-1",
            &[
                "'3-1' for '--ngrams",
                "need 1 <= MIN <= MAX <= 5",
                "see `stance train --help`",
            ],
        ),
        row("--ngrams 0-2", "--ngrams 0-2", &["'0-2' for '--ngrams"]),
        row(
            "--max-iter 0",
            "--max-iter 0",
            &["invalid value '0' for --max-iter", "at least 1"],
        ),
        row(
            "--max-features 0",
            "--max-features 0",
            &["invalid value '0' for --max-features"],
        ),
        row("--tol -1", "--tol -1", &["invalid value '-1' for --tol"]),
        row(
            "--memory-budget 0",
            "--memory-budget 0",
            &["'0' for '--memory-budget", "more than 0 bytes"],
        ),
        row(
            "--memory-budget 4 parsecs",
            "--memory-budget 4pc",
            &["'4pc' for '--memory-budget", "use e.g. 4GiB"],
        ),
        row(
            "--class-weight nonsense",
            "--class-weight heavy",
            &[
                "invalid value 'heavy' for '--class-weight <CLASS_WEIGHT>': give uniform",
                "uniform, balanced or LABEL=WEIGHT",
            ],
        ),
        row(
            "a misspelt option",
            "--min-dff 2",
            &[
                "unexpected argument '--min-dff'",
                "a similar argument exists: '--min-df'",
            ],
        ),
    ];
    run_table(rows);
}

/// Output to a pipe that the reader has closed ends quietly with 0, for every command.
#[test]
fn closed_pipes_end_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_model(dir.path());
    let many = dir.path().join("many.csv");
    let mut body = String::from("text\n");
    for i in 0..3000 {
        body.push_str(&format!(
            "\"The force will monitor the line, report {i}.\"\n"
        ));
    }
    std::fs::write(&many, body).unwrap();
    let m = model.display().to_string();
    let data = fixture("mini.csv").display().to_string();
    let many = many.display().to_string();
    let out_model = dir.path().join("again.model").display().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["classify", "--format", "jsonl", "--model", &m, &many],
        vec![
            "classify",
            "--format",
            "table",
            "--sentences",
            "--model",
            &m,
            &many,
        ],
        vec!["evaluate", "--model", &m, "--data", &data],
        vec!["inspect", "--top", "500", "--model", &m],
        vec![
            "train", "--min-df", "1", "--data", &data, "--model", &out_model,
        ],
    ];
    for args in commands {
        let mut child = Command::new(bin())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte (or nothing, if the command writes little), then close the pipe.
        let mut stdout = child.stdout.take().unwrap();
        let mut one = [0u8; 1];
        let _ = stdout.read(&mut one);
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

/// Issue 12: `classify > /dev/full` names standard output and says what to do.
#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_model(dir.path());
    let out = Command::new(bin())
        .args(["classify", "--model"])
        .arg(&model)
        .arg(fixture("mini.csv"))
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("stance: standard output: writing failed"),
        "{stderr}"
    );
    assert!(stderr.contains("free some disk space"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// Issue 12: an installed `stance` works from any folder: without `--model` and without
/// `models/stance.model` in the current directory, the built-in model is used.
#[test]
fn the_built_in_model_is_used_away_from_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        Path::new("unused"),
        &["classify", "--format", "jsonl", "-"],
        b"The force must disarm Hamas by force.",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"verdict\":\"enforcement\""));
    // Every command that reads a model finds the built-in one.
    let mini = fixture("mini.csv").display().to_string();
    let cases = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/checks/cases.csv")
        .display()
        .to_string();
    let article = b"The force must disarm Hamas by force. It will also escort convoys.".as_slice();
    for args in [
        vec!["inspect", "--top", "1"],
        vec!["evaluate", "--data", mini.as_str()],
        vec!["check", "--cases", cases.as_str()],
        vec!["shares", "-", "--bootstrap", "0"],
        vec!["suggest", "-"],
    ] {
        let out = run(dir.path(), Path::new("unused"), &args, article);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
    // The behavioural cases are not built in: away from the repository, `check` says where they
    // are.
    let out = run(dir.path(), Path::new("unused"), &["check"], b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("data/checks/cases.csv: no such file here")
            && stderr.contains("pass --cases FILE"),
        "{stderr}"
    );
    // A models/stance.model in the current directory is preferred, even when it is broken.
    std::fs::create_dir(dir.path().join("models")).unwrap();
    std::fs::write(dir.path().join("models/stance.model"), b"").unwrap();
    let out = run(dir.path(), Path::new("unused"), &["inspect"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("models/stance.model: "));
}
