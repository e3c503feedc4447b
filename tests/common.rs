//! Helpers shared by the command-line test files: the built binary, fixtures, a trained model.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `stance` binary, run from the crate root.
pub fn stance() -> Command {
    let mut cmd = Command::cargo_bin("stance").expect("binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A file under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Trains a model on the mini fixture into a temporary directory, to a tight tolerance: on 30
/// sentences the default stopping rule leaves weights that a few more iterations still move,
/// and the tests read individual features.
pub fn trained() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.model");
    stance()
        .args([
            "train", "--min-df", "1", "--tol", "1e-7", "--quiet", "--data",
        ])
        .arg(fixture("mini.csv"))
        .arg("--model")
        .arg(&model)
        .assert()
        .success();
    (dir, model)
}

/// A process's standard error as text.
pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `cmd`, asserts that it succeeded (showing its standard error if not), and returns its
/// standard output as text.
pub fn stdout_of_success(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    String::from_utf8(out.stdout).expect("output is UTF-8")
}

/// Runs `cmd`, asserts that it exited with `code` (showing its standard error if not), and
/// returns its standard output and standard error as text.
pub fn output_of_failure(cmd: &mut Command, code: i32) -> (String, String) {
    let out = cmd.output().unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

/// Asserts that `text` contains every one of `needles`.
pub fn assert_contains_all(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "missing {needle:?} in {text}");
    }
}

/// Reports a missing prerequisite of a test (a browser, the external evaluation set). Outside CI
/// the test is skipped with a message saying what to install; under `CI=true` a missing
/// prerequisite is a failure, so that CI can never pass a test it did not run.
pub fn missing_prerequisite(test: &str, what: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test}: {what}; CI must provide it (see .ci/run)");
    }
    eprintln!("SKIPPED {test}: {what}");
}

/// The external evaluation file `name` (`dev.csv`, `dev2.csv`) beside the project, if present;
/// see [`missing_prerequisite`] for what happens when it is not.
pub fn external_eval(test: &str, name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/eval")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        missing_prerequisite(test, &format!("{} is absent", path.display()));
        None
    }
}
