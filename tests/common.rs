//! Helpers shared by the command-line test files: the built binary, fixtures, a trained model.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `stance` binary, run from the crate root.
pub fn stance() -> Command {
    let mut cmd = Command::cargo_bin("stance").expect("binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// The text of the crate's README.md.
pub fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The body of the first ```text block of `text` at or after byte `at`: where the README shows
/// what a command printed.
pub fn text_block_at(text: &str, at: usize) -> &str {
    let body = &text[at
        + text[at..]
            .find("```text\n")
            .expect("a ```text block follows")
        + 8..];
    &body[..body.find("```").expect("the block is closed")]
}

/// The body of the first ```text block of the README after `anchor`.
pub fn readme_block_after(anchor: &str) -> String {
    let readme = readme();
    let at = readme
        .find(anchor)
        .unwrap_or_else(|| panic!("README.md has no {anchor:?}"));
    text_block_at(&readme, at).to_string()
}

/// A file under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Writes `contents` to a file called `name` in a new temporary directory; the directory lives as
/// long as the returned guard.
pub fn temp_file(name: &str, contents: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
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

/// What a pseudo-terminal showed while `stance` ran on it.
pub struct Terminal {
    /// The exit code.
    pub code: Option<i32>,
    /// Everything written to the terminal (standard output and standard error together, and the
    /// input echoed back), carriage returns and escape sequences included.
    pub shown: String,
}

/// Runs `stance ARGS` from the crate root with standard input, output and error on a
/// pseudo-terminal, types `input` followed by Ctrl-D (end of input), and returns what the terminal
/// showed. Uses util-linux's `script`, else Python's `pty` module; with neither, the test is
/// skipped ([`missing_prerequisite`]) and `None` returned. A run still going after a minute is
/// killed ([`wait_at_most_a_minute`]).
pub fn on_terminal(test: &str, args: &[&str], input: &[u8]) -> Option<Terminal> {
    use std::io::Write;
    use std::process::Stdio;
    let bin = env!("CARGO_BIN_EXE_stance");
    let available = |program: &str, probe: &[&str], expect: &str| {
        std::process::Command::new(program)
            .args(probe)
            .output()
            .is_ok_and(|o| {
                o.status.success() && String::from_utf8_lossy(&o.stdout).contains(expect)
            })
    };
    let mut command = if available("script", &["--version"], "util-linux") {
        // `script -c` takes one shell command: quote every word.
        let quote = |w: &str| format!("'{}'", w.replace('\'', r"'\''"));
        let line: Vec<String> = std::iter::once(bin)
            .chain(args.iter().copied())
            .map(quote)
            .collect();
        let mut c = std::process::Command::new("script");
        c.args(["-q", "-e", "-c", &line.join(" "), "/dev/null"]);
        c
    } else if available("python3", &["-c", "import pty; print('pty')"], "pty") {
        let mut c = std::process::Command::new("python3");
        c.args(["-c", PTY_RUNNER, bin]).args(args);
        c
    } else {
        missing_prerequisite(test, "neither util-linux `script` nor python3 is installed");
        return None;
    };
    let mut child = command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A line then Ctrl-D at the start of the next one: the end of input on a terminal.
    let mut typed = input.to_vec();
    if !typed.ends_with(b"\n") {
        typed.push(b'\n');
    }
    typed.push(0x04);
    stdin.write_all(&typed).unwrap();
    drop(stdin);
    let out = wait_at_most_a_minute(child);
    Some(Terminal {
        code: out.status.code(),
        shown: String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr),
    })
}

/// Python that runs `sys.argv[1:]` on a new pseudo-terminal, types its own standard input into
/// it, and copies what the terminal shows to standard output; exits with the program's code.
const PTY_RUNNER: &str = r#"
import os, pty, subprocess, sys
master, slave = pty.openpty()
child = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave)
os.close(slave)
os.write(master, sys.stdin.buffer.read())
shown = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    shown += chunk
sys.stdout.buffer.write(shown)
sys.exit(child.wait())
"#;

/// Waits for `child` and collects its output; a child still running after a minute is killed
/// (and then fails its test on its exit code), so that a test that would hang cannot block the
/// suite. The limit is far above any test's time.
pub fn wait_at_most_a_minute(child: std::process::Child) -> std::process::Output {
    use std::sync::atomic::{AtomicBool, Ordering};
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let watchdog = {
        let done = std::sync::Arc::clone(&done);
        let pid = child.id().to_string();
        std::thread::spawn(move || {
            for _ in 0..600 {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if done.load(Ordering::SeqCst) {
                    return;
                }
            }
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid])
                .status();
        })
    };
    let out = child.wait_with_output().unwrap();
    done.store(true, Ordering::SeqCst);
    watchdog.join().unwrap();
    out
}
