//! What `stance` does with bad input, one table row per case: the exit code, and that every
//! failure is a single line on standard error that names the file (and the line, where there is
//! one) and says what to do, and that nothing panics.
//!
//! Rows run the real binary in a temporary directory. `{d}` in an argument is that directory and
//! `{m}` a model trained once on `tests/fixtures/mini.csv`. Every `train` row writes its model
//! into `{d}`, never over the shipped one.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// One case.
struct Row {
    /// What the row is about (shown when it fails).
    name: &'static str,
    /// Files to create in the directory before running.
    files: Vec<(&'static str, Vec<u8>)>,
    /// The arguments, with `{d}` and `{m}` replaced.
    args: Vec<&'static str>,
    /// Standard input.
    stdin: Vec<u8>,
    /// The expected exit code.
    code: i32,
    /// Texts that standard error must contain; for a failure, that one line names the file and
    /// says what to do. For a success, standard error must be empty unless some are given.
    stderr: &'static [&'static str],
    /// Texts that standard output must contain.
    stdout: &'static [&'static str],
    /// Texts that standard output must not contain.
    stdout_lacks: &'static [&'static str],
}

impl Row {
    /// A row running `args`, a command line split at spaces (no argument here holds one).
    fn new(name: &'static str, args: &'static str, code: i32) -> Self {
        Row {
            name,
            files: Vec::new(),
            args: args.split_whitespace().collect(),
            stdin: Vec::new(),
            code,
            stderr: &[],
            stdout: &[],
            stdout_lacks: &[],
        }
    }

    fn stdout_lacks(mut self, needles: &'static [&'static str]) -> Self {
        self.stdout_lacks = needles;
        self
    }

    fn file(mut self, name: &'static str, bytes: impl Into<Vec<u8>>) -> Self {
        self.files.push((name, bytes.into()));
        self
    }

    fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = bytes.into();
        self
    }

    fn stderr(mut self, needles: &'static [&'static str]) -> Self {
        self.stderr = needles;
        self
    }

    fn stdout(mut self, needles: &'static [&'static str]) -> Self {
        self.stdout = needles;
        self
    }
}

/// The binary under test: `STANCE_BIN` when set (to run the rows against another build, such as
/// the one before a fix), else the one cargo built.
pub(crate) fn bin() -> PathBuf {
    std::env::var_os("STANCE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_stance")))
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Good training data: the mini fixture.
pub(crate) fn good_csv() -> Vec<u8> {
    std::fs::read(fixture("mini.csv")).unwrap()
}

/// Bytes that are no text format at all, the same on every run (a linear congruential
/// generator), with an invalid UTF-8 byte in the first line.
fn junk(n: usize) -> Vec<u8> {
    let mut x: u32 = 0x2545_f491;
    let mut out = vec![0xff];
    out.extend((1..n).map(|_| {
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (x >> 24) as u8
    }));
    out
}

/// A model file as the shipped model, then changed by `damage`.
fn damaged_model(damage: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/stance.model")).unwrap();
    damage(&mut bytes);
    bytes
}

/// Runs `args` (with `{d}` and `{m}` filled in) in `dir`.
fn run(dir: &Path, model: &Path, args: &[&str], stdin: &[u8]) -> Output {
    run_command(Command::new(bin()), dir, model, args, stdin)
}

/// [`run`] with a command prepared by the caller (see [`unprivileged`]).
fn run_command(
    mut command: Command,
    dir: &Path,
    model: &Path,
    args: &[&str],
    stdin: &[u8],
) -> Output {
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            a.replace("{d}", &dir.display().to_string())
                .replace("{m}", &model.display().to_string())
        })
        .collect();
    let mut child = command
        .args(&args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // Write from a thread: a large input must not deadlock against a full output pipe.
    let writer = std::thread::spawn(move || {
        let _ = std::io::Write::write_all(&mut input, &stdin);
    });
    // A row that hangs (as `--model /dev/zero` did) is killed and fails, rather than blocking
    // the suite.
    let out = crate::common::wait_at_most_a_minute(child);
    writer.join().unwrap();
    out
}

/// Trains a model on `data` into `model`.
pub(crate) fn train(data: &Path, model: &Path) -> Output {
    train_with(Command::new(bin()), data, model)
}

pub(crate) fn train_with(mut command: Command, data: &Path, model: &Path) -> Output {
    command
        .args(["train", "--quiet", "--min-df", "1", "--data"])
        .arg(data)
        .arg("--model")
        .arg(model)
        .output()
        .unwrap()
}

/// Trains the model every classify row uses (and the old model of the failed-write tests).
pub(crate) fn train_model(dir: &Path) -> PathBuf {
    let model = dir.join("m.model");
    let out = train(&fixture("mini.csv"), &model);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    model
}

/// Checks one row's output; returns what is wrong with it.
fn check(row: &Row, out: &Output) -> Result<(), String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut problems = Vec::new();
    if out.status.code() != Some(row.code) {
        problems.push(format!(
            "exit code {:?}, expected {}",
            out.status.code(),
            row.code
        ));
    }
    if stderr.contains("panicked") {
        problems.push("a panic".into());
    }
    if row.code != 0 {
        let lines: Vec<&str> = stderr.lines().collect();
        if lines.len() != 1 {
            problems.push(format!(
                "{} lines on standard error, expected one",
                lines.len()
            ));
        }
        if !stderr.starts_with("stance: ") {
            problems.push("the message does not start with 'stance: '".into());
        }
    } else if row.stderr.is_empty() && !stderr.is_empty() {
        problems.push("unexpected output on standard error".into());
    }
    for needle in row.stderr {
        if !stderr.contains(needle) {
            problems.push(format!("standard error lacks {needle:?}"));
        }
    }
    for needle in row.stdout {
        if !stdout.contains(needle) {
            problems.push(format!("standard output lacks {needle:?}"));
        }
    }
    for needle in row.stdout_lacks {
        if stdout.contains(needle) {
            problems.push(format!("standard output holds {needle:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        let shown: String = stdout.chars().take(300).collect();
        Err(format!(
            "{}: {}\n  stderr: {}\n  stdout: {}",
            row.name,
            problems.join("; "),
            stderr.trim_end(),
            shown
        ))
    }
}

/// Runs every row, each in a fresh directory, and reports all failures together.
fn run_table(rows: Vec<Row>) {
    let shared = tempfile::tempdir().unwrap();
    let model = train_model(shared.path());
    let mut failures = Vec::new();
    for row in &rows {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in &row.files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let out = run(dir.path(), &model, &row.args, &row.stdin);
        if let Err(e) = check(row, &out) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// The `stance` command, run as the unprivileged user `nobody` (uid and gid 65534) when this
/// process ignores permission bits (root, as in CI), so that the permission tests below test
/// permissions whoever runs them; `dir`, the test's temporary directory, is opened to that user.
#[cfg(unix)]
pub(crate) fn unprivileged(dir: &Path) -> Command {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(bin());
    let probe = dir.join("probe-dir");
    std::fs::create_dir(&probe).unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
    let ignores_permissions = std::fs::write(probe.join("probe"), b"").is_ok();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&probe).unwrap();
    if ignores_permissions {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        command.uid(65534).gid(65534);
    }
    command
}

mod articles;
mod hostile;
mod models;
mod options;
mod training;
