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

/// Bad training data: `stance train`.
#[test]
fn bad_training_data() {
    let long_sentence = {
        let mut b = good_csv();
        b.extend(
            format!(
                "\"{}\",enforcement\n",
                "troops will disarm the militias by force and ".repeat(23_000)
            )
            .into_bytes(),
        );
        b
    };
    assert!(long_sentence.len() > 1_000_000);
    let rows =
        vec![
        Row::new(
            "empty file",
            "train --data empty.csv --model {d}/out.model",
            1,
        )
        .file("empty.csv", "")
        .stderr(&[
            "empty.csv: ",
            "the file is empty",
            "a CSV with a header row is expected",
        ]),
        Row::new("header only", "train --data h.csv --model {d}/out.model", 1)
            .file("h.csv", "text,label\n")
            .stderr(&["h.csv: ", "no rows", "add labelled sentences"]),
        Row::new(
            "no text column",
            "train --data c.csv --model {d}/out.model",
            1,
        )
        .file("c.csv", "body,label\nSome words,neutral\n")
        .stderr(&[
            "c.csv: line 1: ",
            "no column named 'text'",
            "(columns: body, label)",
            "--text-column",
        ]),
        Row::new(
            "no label column",
            "train --data c.csv --model {d}/out.model",
            1,
        )
        .file("c.csv", "text,tag\nSome words,neutral\n")
        .stderr(&[
            "c.csv: line 1: ",
            "no column named 'label'",
            "--label-column",
        ]),
        Row::new("ragged row", "train --data r.csv --model {d}/out.model", 1)
            .file("r.csv", "text,label\nfine,neutral\nnot, fine,neutral\n")
            .stderr(&[
                "r.csv: line 3: ",
                "3 fields but the header has 2",
                "quote fields that contain commas",
            ]),
        Row::new(
            "unterminated quote",
            "train --data q.csv --model {d}/out.model",
            1,
        )
        .file(
            "q.csv",
            "text,label\nfine,neutral\n\"never closed,neutral\nmore,neutral\n",
        )
        .stderr(&[
            "q.csv: line 3: ",
            "never closed",
            "add the missing closing quote",
        ]),
        Row::new(
            "BOM and CRLF are fine",
            "train --data b.csv --model {d}/out.model --min-df 1",
            0,
        )
        .file("b.csv", {
            let mut b = b"\xef\xbb\xbf".to_vec();
            b.extend(
                String::from_utf8(good_csv())
                    .unwrap()
                    .replace('\n', "\r\n")
                    .into_bytes(),
            );
            b
        })
        .stdout(&["trained on 30 sentences", "model written to"]),
        Row::new(
            "non-UTF-8 bytes",
            "train --data u.csv --model {d}/out.model",
            1,
        )
        .file(
            "u.csv",
            b"text,label\nfine words,neutral\nbad \xff byte,neutral\n".to_vec(),
        )
        .stderr(&[
            "u.csv: line 3: ",
            "not valid UTF-8",
            "convert it to UTF-8 or pass --lossy",
        ]),
        Row::new(
            "non-UTF-8 bytes with --lossy",
            "train --lossy --min-df 1 --data u.csv --model {d}/out.model",
            0,
        )
        .file("u.csv", {
            let mut b = good_csv();
            b.extend(b"bad \xff byte,neutral\n");
            b
        })
        .stdout(&["trained on 31 sentences"]),
        Row::new("empty text", "train --data e.csv --model {d}/out.model", 1)
            .file("e.csv", "text,label\nfine,neutral\n,neutral\n")
            .stderr(&[
                "e.csv: line 3: ",
                "the text is empty",
                "fill it in or remove the row",
            ]),
        Row::new(
            "white-space-only text",
            "train --data e.csv --model {d}/out.model",
            1,
        )
        .file("e.csv", "text,label\nfine,neutral\n\"  \t \",neutral\n")
        .stderr(&[
            "e.csv: line 3: ",
            "the text is empty",
            "fill it in or remove the row",
        ]),
        // Issue 14: training skips and counts unlabelled rows; evaluation still refuses them.
        Row::new("empty label", "evaluate --data e.csv --model {m}", 1)
            .file("e.csv", "text,label\nfine,neutral\nno label here,  \n")
            .stderr(&[
                "e.csv: line 3: ",
                "the label is empty",
                "fill it in or remove the row",
            ]),
        Row::new("no label at all", "train --data e.csv --model {d}/out.model", 1)
            .file("e.csv", "text,label\nfine,\nno label here,  \n")
            .stderr(&["e.csv: ", "none of the 2 rows has a label"]),
        Row::new(
            "one label only",
            "train --data one.csv --model {d}/out.model",
            1,
        )
        .file(
            "one.csv",
            "text,label\nsome words,neutral\nmore words,Neutral\n",
        )
        .stderr(&[
            "one.csv: ",
            "every sentence has the label 'neutral'",
            "add sentences with another label",
        ]),
        Row::new(
            "a label with one example is trained, with a warning",
            "train --min-df 1 --data s.csv --model {d}/out.model",
            0,
        )
        .file("s.csv", {
            let mut b = good_csv();
            b.extend(b"The observers left.,observation\n");
            b
        })
        .stderr(&[
            "warning: s.csv: line 32: ",
            "'observation' has only one example",
            "add more examples of it or correct its spelling",
        ])
        .stdout(&["observation          1"]),
        Row::new(
            "labels differing by case and spaces are one label",
            "train --min-df 1 --data l.csv --model {d}/out.model",
            0,
        )
        .file("l.csv", {
            let text = String::from_utf8(good_csv())
                .unwrap()
                .replacen(",neutral\n", ",Neutral \n", 3)
                .replacen(",enforcement\n", ",  ENFORCEMENT\n", 2);
            text.into_bytes()
        })
        .stdout(&[
            "neutral             10",
            "enforcement         10",
            "peacekeeping        10",
        ]),
        Row::new(
            "a 1 MB sentence",
            "train --min-df 1 --data big.csv --model {d}/out.model",
            0,
        )
        .file("big.csv", long_sentence)
        .stdout(&["trained on 31 sentences"]),
        Row::new(
            "binary junk",
            "train --data junk.bin --model {d}/out.model",
            1,
        )
        .file("junk.bin", junk(4000))
        .stderr(&["junk.bin: line 1: ", "not valid UTF-8", "--lossy"]),
        Row::new(
            "binary junk with --lossy",
            "train --lossy --data junk.bin --model {d}/out.model",
            1,
        )
        .file("junk.bin", junk(4000))
        .stderr(&["junk.bin: ", "--text-column"]),
        Row::new(
            "training data from standard input",
            "train --min-df 1 --data - --model {d}/out.model",
            0,
        )
        .stdin(good_csv())
        .stdout(&["trained on 30 sentences from -"]),
        Row::new(
            "empty standard input",
            "train --data - --model {d}/out.model",
            1,
        )
        .stderr(&["<stdin>: ", "the file is empty"]),
        Row::new(
            "over the memory budget",
            "train --memory-budget 1MiB --data g.csv --model {d}/out.model",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&[
            "g.csv: ",
            "more than the budget of 1.0 MiB",
            "raise --memory-budget",
        ]),
        Row::new(
            "over the memory budget on standard input",
            "train --memory-budget 1MiB --data - --model {d}/out.model",
            1,
        )
        .stdin(good_csv())
        .stderr(&["<stdin>: ", "more than the budget of 1.0 MiB"]),
        Row::new(
            "a directory as the data",
            "train --data {d} --model {d}/out.model",
            1,
        )
        .stderr(&[
            "is a directory, but a file is expected here",
            "give the path of a file",
        ]),
        Row::new(
            "a missing data file",
            "train --data no/such.csv --model {d}/out.model",
            1,
        )
        .stderr(&["no/such.csv: ", "No such file", "check the path"]),
        Row::new(
            "a directory as the stop-word list",
            "train --stop-words {d} --data g.csv --model {d}/out.model",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&[
            "reading the stop-word list failed",
            "give a file, not a directory",
        ]),
        Row::new(
            "unknown class weight label",
            "train --class-weight neutral=1,peace=2 --min-df 1 --data g.csv --model {d}/out.model",
            2,
        )
        .file("g.csv", good_csv())
        .stderr(&[
            "--class-weight",
            "give one of the labels: enforcement, neutral, peacekeeping",
        ]),
    ];
    run_table(rows);
}

/// Model paths that cannot be written, and model files that cannot be read.
#[test]
fn bad_model_files_and_paths() {
    let rows = vec![
        Row::new(
            "a directory as the model to write",
            "train --min-df 1 --data g.csv --model {d}",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&[
            "writing failed: is a directory",
            "give a file, not a directory",
        ]),
        Row::new(
            "a model path under a regular file",
            "train --min-df 1 --data g.csv --model {d}/g.csv/out.model",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&[
            "g.csv/out.model: ",
            "g.csv is a file, not a directory",
            "use another path",
        ]),
        Row::new(
            "a model path in a directory that cannot be created",
            "train --min-df 1 --data g.csv --model /proc/no-such-dir/out.model",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&[
            "/proc/no-such-dir/out.model: ",
            "creating its directory failed",
            "check the path",
        ]),
        Row::new(
            "a directory as the model to read",
            "classify --model {d} -",
            1,
        )
        .stderr(&["is a directory; pass the model file itself"]),
        Row::new("a missing model", "inspect --model {d}/none.model", 1).stderr(&[
            "none.model: ",
            "No such file",
            "check the path",
        ]),
        Row::new("an empty model", "inspect --model e.model", 1)
            .file("e.model", "")
            .stderr(&[
                "e.model: ",
                "the model file is empty",
                "train one with `stance train`",
            ]),
        Row::new("a truncated model", "inspect --model t.model", 1)
            .file("t.model", damaged_model(|b| b.truncate(b.len() / 2)))
            .stderr(&["t.model: ", "truncated", "train it again or restore a copy"]),
        Row::new(
            "a model cut inside its header",
            "inspect --model t.model",
            1,
        )
        .file("t.model", damaged_model(|b| b.truncate(13)))
        .stderr(&["t.model: ", "truncated", "train it again or restore a copy"]),
        Row::new("a bit-flipped model", "classify --model f.model -", 1)
            .file(
                "f.model",
                damaged_model(|b| {
                    let i = b.len() / 2;
                    b[i] ^= 0x08;
                }),
            )
            .stderr(&[
                "f.model: ",
                "checksum mismatch",
                "train it again or restore a copy",
            ]),
        Row::new(
            "a model from a newer format version",
            "evaluate --model n.model --data g.csv",
            1,
        )
        .file("n.model", damaged_model(|b| b[8] = 5))
        .file("g.csv", good_csv())
        .stderr(&[
            "n.model: ",
            "format version 5, newer",
            "upgrade stance or retrain",
        ]),
        Row::new(
            "another program's file as the model",
            "inspect --model o.model",
            1,
        )
        .file("o.model", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec())
        .stderr(&[
            "o.model: ",
            "not a stance model file",
            "pass a file written by `stance train`",
        ]),
        Row::new("binary junk as the model", "inspect --model junk.bin", 1)
            .file("junk.bin", junk(3000))
            .stderr(&["junk.bin: ", "not a stance model file"]),
    ];
    run_table(rows);
}

/// Bad articles and record files: `stance classify`.
#[test]
fn bad_articles() {
    let long_sentence = "troops will disarm the militias by force and ".repeat(23_000);
    // Distinct sentences (a page that repeats one sentence is clutter after its first time).
    let many_sentences: String = (0..100_000)
        .map(|i| format!("Patrol {i} will monitor the ceasefire. "))
        .collect();
    let rows = vec![
        Row::new(
            "an empty text file is an empty article",
            "classify --model {m} e.txt",
            0,
        )
        .file("e.txt", "")
        .stdout(&["\"sentences\":0", "\"verdict\":\"empty\""]),
        Row::new(
            "a white-space-only article is empty",
            "classify --model {m} -",
            0,
        )
        .stdin(" \n\t\r\n  ")
        .stdout(&["\"id\":\"<stdin>\"", "\"verdict\":\"empty\""]),
        Row::new(
            "empty and blank CSV texts are empty articles",
            "classify --model {m} a.csv",
            0,
        )
        .file(
            "a.csv",
            "id,text\n1,\n2,\"  \"\n3,The force will disarm the militias.\n",
        )
        .stdout(&[
            "\"id\":\"a.csv:1\"",
            "\"verdict\":\"empty\"",
            "\"id\":\"a.csv:3\"",
        ]),
        Row::new("an empty CSV", "classify --model {m} e.csv", 1)
            .file("e.csv", "")
            .stderr(&["e.csv: ", "the file is empty", "header row is expected"]),
        Row::new("a CSV with a header only", "classify --model {m} h.csv", 1)
            .file("h.csv", "id,text\n")
            .stderr(&[
                "h.csv: ",
                "no records",
                "check that it is the file you meant",
            ]),
        Row::new(
            "a CSV without the text column",
            "classify --model {m} c.csv",
            1,
        )
        .file("c.csv", "id,body\n1,Some words.\n")
        .stderr(&["c.csv: line 1: ", "no column named 'text'", "--text-column"]),
        Row::new("a ragged CSV row", "classify --model {m} r.csv", 1)
            .file("r.csv", "id,text\n1,fine\n2,not,fine\n")
            .stderr(&[
                "r.csv: line 3: ",
                "3 fields but the header has 2",
                "quote fields",
            ]),
        Row::new(
            "an unterminated quote in a CSV of articles",
            "classify --model {m} q.csv",
            1,
        )
        .file(
            "q.csv",
            "id,text\n1,\"Fine.\"\n2,\"Never closed.\n3,Swallowed.\n",
        )
        .stderr(&[
            "q.csv: line 3: ",
            "never closed",
            "add the missing closing quote",
        ])
        .stdout(&["\"id\":\"q.csv:1\""]),
        Row::new(
            "a CSV of articles with BOM and CRLF",
            "classify --model {m} b.csv --id-column id",
            0,
        )
        .file(
            "b.csv",
            b"\xef\xbb\xbfid,text\r\n7,The force will disarm the militias.\r\n".to_vec(),
        )
        .stdout(&["\"id\":\"7\"", "\"sentences\":1"]),
        Row::new("an empty JSONL file", "classify --model {m} e.jsonl", 1)
            .file("e.jsonl", "")
            .stderr(&[
                "e.jsonl: ",
                "no records",
                "a JSON object per line is expected",
            ]),
        Row::new("invalid JSON", "classify --model {m} j.jsonl", 1)
            .file("j.jsonl", "{\"text\": \"Fine.\"}\n{\"text\": \"cut\n")
            .stderr(&[
                "j.jsonl: line 2: ",
                "not valid JSON",
                "each line must hold one JSON object",
            ]),
        Row::new(
            "a JSON line without the text field",
            "classify --model {m} j.jsonl",
            1,
        )
        .file("j.jsonl", "{\"body\": \"Fine.\"}\n")
        .stderr(&["j.jsonl: line 1: ", "no field 'text'", "--text-column"]),
        Row::new(
            "a JSON line whose text is not a string",
            "classify --model {m} j.jsonl",
            1,
        )
        .file("j.jsonl", "{\"text\": [\"Fine.\"]}\n")
        .stderr(&["j.jsonl: line 1: ", "not a string", "must be a JSON string"]),
        Row::new(
            "JSONL with a BOM and CRLF",
            "classify --model {m} b.jsonl",
            0,
        )
        .file(
            "b.jsonl",
            b"\xef\xbb\xbf{\"text\": \"Troops will disarm Hamas.\"}\r\n".to_vec(),
        )
        .stdout(&["\"sentences\":1"]),
        Row::new("a non-UTF-8 article", "classify --model {m} u.txt", 1)
            .file("u.txt", b"Fine line.\nBad \xc3\x28 byte.\n".to_vec())
            .stderr(&["u.txt: line 2: ", "not valid UTF-8", "--lossy"]),
        Row::new(
            "a non-UTF-8 article with --lossy",
            "classify --lossy --model {m} u.txt",
            0,
        )
        .file("u.txt", b"Fine line.\nBad \xc3\x28 byte.\n".to_vec())
        .stdout(&["\"sentences\":2"]),
        Row::new("a non-UTF-8 CSV record", "classify --model {m} u.csv", 1)
            .file("u.csv", b"id,text\n1,fine\n2,bad \xff\n".to_vec())
            .stderr(&["u.csv: line 3: ", "not valid UTF-8"]),
        Row::new(
            "binary junk as an article",
            "classify --model {m} junk.bin",
            1,
        )
        .file("junk.bin", junk(5000))
        .stderr(&["junk.bin: line 1: ", "not valid UTF-8", "--lossy"]),
        Row::new(
            "binary junk as a JSONL file",
            "classify --model {m} --input-format jsonl junk.bin",
            1,
        )
        .file("junk.bin", junk(5000))
        .stderr(&["junk.bin: line 1: ", "not valid UTF-8"]),
        Row::new("a 1 MB sentence", "classify --model {m} big.txt", 0)
            .file("big.txt", long_sentence)
            .stdout(&["\"sentences\":1,"]),
        Row::new(
            "a 100,000-sentence article",
            "classify --model {m} many.txt",
            0,
        )
        .file("many.txt", many_sentences)
        .stdout(&["\"sentences\":100000,\"boilerplate\":0,"]),
        Row::new(
            "an article that repeats one sentence 1,000 times",
            "classify --model {m} same.txt",
            0,
        )
        .file(
            "same.txt",
            "The force will monitor the ceasefire. ".repeat(1000),
        )
        .stdout(&["\"sentences\":1,\"boilerplate\":999,"]),
        Row::new("a missing article", "classify --model {m} no/such.txt", 1).stderr(&[
            "no/such.txt: ",
            "no such file",
            "check the path",
        ]),
        Row::new(
            "a directory without articles",
            "classify --model {m} {d}",
            1,
        )
        .file("notes.md", "not an article")
        .stderr(&[
            "holds no .txt files",
            "pass files or a directory of .txt articles",
        ]),
        Row::new(
            "unknown output format",
            "classify --model {m} --format xml",
            2,
        )
        .stderr(&[
            "invalid value 'xml' for '--format",
            "possible values: table, csv, jsonl",
            "see `stance classify --help`",
        ]),
        Row::new("zero threads", "classify --threads 0 --model {m}", 2)
            .stderr(&["invalid value '0' for --threads", "at least 1"]),
    ];
    run_table(rows);
}

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

/// An unreadable file (as an unprivileged user: see [`unprivileged`]).
#[cfg(unix)]
#[test]
fn unreadable_files_are_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("locked.csv");
    std::fs::write(&data, good_csv()).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o000)).unwrap();
    let model = dir.path().join("out.model");
    let out = run_command(
        unprivileged(dir.path()),
        dir.path(),
        &model,
        &["train", "--data", "locked.csv", "--model", "{m}"],
        b"",
    );
    let row = Row::new("unreadable data", "", 1).stderr(&[
        "locked.csv: ",
        "Permission denied",
        "check the permissions",
    ]);
    check(&row, &out).unwrap();
    let out = run_command(
        unprivileged(dir.path()),
        dir.path(),
        &model,
        &["classify", "--model", "locked.csv"],
        b"",
    );
    check(&row, &out).unwrap();
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

/// Issue 12: each case of the issue, one row each (see also the tests below it for the cases a
/// row cannot express: standard output to /dev/full, signals, FIFOs, file names).
#[test]
fn issue_12_rows() {
    let tsv = String::from_utf8(good_csv())
        .unwrap()
        .lines()
        .map(|l| {
            // The fixture quotes no field with a comma in its label; split at the last comma.
            let (text, label) = l.rsplit_once(',').unwrap();
            format!(
                "{}\t{label}\n",
                text.trim_matches('"').replace("\"\"", "\"")
            )
        })
        .collect::<String>();
    let semicolons = tsv.replace('\t', ";");
    let crlf_empty_label = b"text,label\r\nfine,neutral\r\nno label,\r\n".to_vec();
    let cr_empty_label = b"text,label\rfine,neutral\rno label,\r".to_vec();
    let lf_empty_label = b"text,label\nfine,neutral\nno label,\n".to_vec();
    let invisible_labels = {
        let mut b = good_csv();
        b.extend("The force is here.,neutral\u{200b}\n".as_bytes());
        b.extend("Ministers met again.,ｎｅｕｔｒａｌ\n".as_bytes());
        b
    };
    let doccano =
        "{\"text\": \"Troops will disarm the militias.\", \"label\": [\"enforcement\"]}\n\
                   {\"text\": \"Ministers met again.\", \"label\": \"ｎｅｕｔｒａｌ\"}\n\
                   {\"text\": \"Not labelled yet.\", \"label\": []}\n"
            .to_string();
    let rows = vec![
        // Data that must never be lost.
        Row::new(
            "train --data X --model X",
            "train --min-df 1 --data g.csv --model g.csv",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&["g.csv: this is, or holds, the input g.csv", "write to another path"]),
        Row::new(
            "shares --provenance onto the articles it reads",
            "shares a.jsonl --model {m} --bootstrap 0 --provenance a.jsonl",
            1,
        )
        .file("a.jsonl", br#"{"text": "The force will disarm the militias."}"#.to_vec())
        .stderr(&["a.jsonl: this is, or holds, the input a.jsonl", "write to another path"]),
        Row::new(
            "classify --provenance onto the model it reads",
            "classify g.csv --model {m} --provenance {m}",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&["this is, or holds, the input", "write to another path"]),
        Row::new(
            "a report directory holding a user's files",
            "evaluate --model {m} --data g.csv --report r",
            1,
        )
        .file("g.csv", good_csv())
        .file("r/index.html", "<p>my own page</p>")
        .stderr(&["r: the directory is not empty", "no earlier stance report", "--force"]),
        Row::new(
            "a report directory holding the data, even with --force",
            "evaluate --model {m} --data r/g.csv --report r --force",
            1,
        )
        .file("r/g.csv", good_csv())
        .stderr(&["r: this is, or holds, the input r/g.csv"]),
        Row::new(
            "--force replaces a directory that is not a report",
            "evaluate --model {m} --data g.csv --report r --force",
            0,
        )
        .file("g.csv", good_csv())
        .file("r/index.html", "<p>my own page</p>")
        .stderr(&["report written to r/index.html"]),
        Row::new(
            "a report directory that is a file",
            "evaluate --model {m} --data g.csv --report g.csv",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&["g.csv: "]),
        // Inputs read whole without a limit.
        Row::new("/dev/zero as the model", "inspect --model /dev/zero", 1)
            .stderr(&["/dev/zero: ", "not a stance model file"]),
        Row::new(
            "/dev/zero as the stop-word list",
            "train --stop-words /dev/zero --data g.csv --model {d}/o.model",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&["/dev/zero: ", "larger than 64.0 MiB", "give a smaller file"]),
        Row::new(
            "/dev/zero as evaluation data",
            "evaluate --model {m} --data /dev/zero --memory-budget 64MiB",
            1,
        )
        .stderr(&["/dev/zero: ", "more than the budget", "--memory-budget"]),
        Row::new("--threads 100000", "classify --threads 100000 --model {m} -", 2)
            .stderr(&["invalid value '100000' for --threads", "at most 1024"]),
        Row::new(
            "--threads 2^64-1",
            "classify --threads 18446744073709551615 --model {m} -",
            2,
        )
        .stderr(&["for --threads", "at most 1024"]),
        // Positions. (`train` skips a row without a label; evaluation refuses it.)
        Row::new("an error in a CRLF file", "evaluate --model {m} --data c.csv", 1)
            .file("c.csv", crlf_empty_label)
            .stderr(&["c.csv: line 3: ", "the label is empty"]),
        Row::new("an error in a CR file", "evaluate --model {m} --data c.csv", 1)
            .file("c.csv", cr_empty_label)
            .stderr(&["c.csv: line 3: ", "the label is empty"]),
        Row::new("an error in an LF file", "evaluate --model {m} --data c.csv", 1)
            .file("c.csv", lf_empty_label)
            .stderr(&["c.csv: line 3: ", "the label is empty"]),
        Row::new(
            "the LINE column of evaluate --errors in a CRLF file",
            "evaluate --model {m} --data c.csv --errors 50",
            0,
        )
        .file("c.csv", {
            // The last row (line 31) mislabelled, so that it is listed as a mistake.
            let text = String::from_utf8(good_csv()).unwrap();
            let (head, last) = text.trim_end().rsplit_once('\n').unwrap();
            let last = last.replace(",neutral", ",enforcement");
            format!("{head}\n{last}\n").replace('\n', "\r\n")
        })
        .stdout(&["    31  enforcement   neutral"]),
        Row::new(
            "character offsets beside byte offsets",
            "classify --model {m} --sentences --format jsonl a.txt",
            0,
        )
        .file("a.txt", "Éé à. The force will disarm the militias.")
        .stdout(&["\"start\":9,", "\"char_start\":6,"]),
        // Guesses that should be refusals or warnings.
        Row::new("a .tsv file", "train -q --min-df 1 --data g.tsv --model {d}/o.model", 0)
            .file("g.tsv", tsv.clone()),
        Row::new(
            "a ;-separated file",
            "train --min-df 1 --data g.csv --model {d}/o.model",
            1,
        )
        .file("g.csv", semicolons.clone())
        .stderr(&["g.csv: line 1: ", "the header holds ';'", "--delimiter ';'"]),
        Row::new(
            "a ;-separated file with --delimiter",
            "train -q --min-df 1 --delimiter ; --data g.csv --model {d}/o.model",
            0,
        )
        .file("g.csv", semicolons),
        Row::new(
            "two text columns",
            "train --data t.csv --model {d}/o.model",
            1,
        )
        .file("t.csv", "text,label,text\na,neutral,b\n")
        .stderr(&["t.csv: line 1: ", "2 columns named 'text'"]),
        Row::new("duplicate keys in a JSON line", "classify --model {m} j.jsonl", 1)
            .file("j.jsonl", "{\"text\": \"One.\", \"text\": \"Two.\"}\n")
            .stderr(&["j.jsonl: line 1: ", "duplicate key 'text'"]),
        Row::new(
            "a second header row",
            "train --min-df 1 --data g.csv --model {d}/o.model",
            1,
        )
        .file("g.csv", [good_csv(), good_csv()].concat())
        .stderr(&["g.csv: line 32: ", "repeats the header row"]),
        Row::new(
            "a Label Studio export without the text field",
            "train --data ls.json --model {d}/o.model",
            1,
        )
        .file("ls.json", br#"[{"data": {"body": "x"}, "annotations": []}]"#.to_vec())
        .stderr(&[
            "ls.json: line 1: no field 'data.text'",
            "name the text field with --text-column",
        ]),
        Row::new(
            "a label weighted twice",
            "train --class-weight neutral=1,neutral=5 --data g.csv --model {d}/o.model",
            2,
        )
        .file("g.csv", good_csv())
        // Said once: clap names the flag and the value, the library what to give.
        .stderr(&[
            "--class-weight <CLASS_WEIGHT>': give each label once",
            "'neutral' is given more than once",
        ]),
        Row::new(
            "--text-column equal to --label-column",
            "train --text-column text --label-column text --data g.csv --model {d}/o.model",
            2,
        )
        .file("g.csv", good_csv())
        .stderr(&["--label-column", "other than the text column"]),
        Row::new(
            "labels differing by invisible characters or width",
            "train --min-df 1 --data l.csv --model {d}/o.model",
            0,
        )
        .file("l.csv", invisible_labels)
        .stdout(&["neutral             12"])
        .stderr(&["warning: l.csv: line 32: ", "was read as 'neutral'"]),
        // Robustness on the inputs `train` gained beside CSV (several files, JSON exports).
        Row::new(
            "train --model is the second of several --data files",
            "train --min-df 1 --data g.csv d.jsonl --model d.jsonl",
            1,
        )
        .file("g.csv", good_csv())
        .file("d.jsonl", doccano.clone())
        .stderr(&["d.jsonl: this is, or holds, the input d.jsonl", "write to another path"]),
        Row::new(
            "a CRLF TSV and a doccano export with unlabelled rows and a full-width label",
            "train --min-df 1 --data g.tsv d.jsonl --model {d}/o.model",
            0,
        )
        .file("g.tsv", tsv.replace('\n', "\r\n") + "no label yet\t\r\n")
        .file("d.jsonl", doccano)
        .stdout(&["skipped 2 rows without a label", "model written to"])
        .stderr(&["warning: d.jsonl: line 2: ", "was read as 'neutral'"]),
        Row::new(
            "a skipped row does not shift the line numbers of a CRLF file",
            "train --data c.csv --model {d}/o.model",
            1,
        )
        .file("c.csv", b"text,label\r\nfine,neutral\r\nno label,\r\n ,neutral\r\n".to_vec())
        .stderr(&["c.csv: line 4: ", "the text is empty"]),
        Row::new(
            "training options given to evaluate without --cv",
            "evaluate --model {m} --data g.csv --no-stem --c 0.01",
            2,
        )
        .file("g.csv", good_csv())
        .stderr(&["--no-stem, --c only apply when evaluate trains", "--cv K"]),
        Row::new("--c 1e-12", "train --c 1e-12 --data g.csv --model {d}/o.model", 2)
            .file("g.csv", good_csv())
            .stderr(&["for --c", "from 1e-6 to 1e6"]),
        Row::new("--c 1e-320", "train --c 1e-320 --data g.csv --model {d}/o.model", 2)
            .file("g.csv", good_csv())
            .stderr(&["for --c", "from 1e-6 to 1e6"]),
        Row::new(
            "--style-penalty below 1",
            "train --style-penalty 0.5 --data g.csv --model {d}/o.model",
            2,
        )
        .file("g.csv", good_csv())
        .stderr(&["for --style-penalty", "from 1 (style terms penalised like any other)"]),
        Row::new(
            "a tuning grid with a style penalty below 1",
            "tune --data g.csv --cv 2 --grid style-penalty=1,0.5 --model {d}/o.model",
            2,
        )
        .file("g.csv", good_csv())
        .stderr(&["'style-penalty=1,0.5' for '--grid", "from 1 (style terms"]),
        Row::new(
            "--max-df pruning every term",
            "train --max-df 0.0001 --data g.csv --model {d}/o.model",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&["g.csv: ", "raise --max-df"]),
        Row::new(
            "a JSONL id that is null",
            "classify --model {m} --id-column id j.jsonl",
            1,
        )
        .file(
            "j.jsonl",
            "{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": null, \"text\": \"Two.\"}\n",
        )
        .stderr(&["j.jsonl: line 2: ", "is null", "--skip-bad"])
        .stdout(&["\"id\":\"a\""]),
        Row::new(
            "an empty CSV id",
            "classify --model {m} --id-column id a.csv",
            1,
        )
        .file("a.csv", "id,text\n1,One.\n,Two.\n")
        .stderr(&["a.csv: line 3: ", "the id is empty"]),
        Row::new(
            "a repeated CSV id",
            "classify --model {m} --id-column id a.csv",
            1,
        )
        .file("a.csv", "id,text\n1,One.\n1,Two.\n")
        .stderr(&["a.csv: line 3: ", "'1' is already used"]),
        Row::new(
            "--skip-bad sets bad records aside and goes on",
            "classify --model {m} --id-column id --skip-bad {d}/bad.jsonl j.jsonl",
            0,
        )
        .file(
            "j.jsonl",
            "{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": null, \"text\": \"Two.\"}\nnot json\n{\"id\": \"a\", \"text\": \"Again.\"}\n{\"id\": 7, \"text\": \"Three.\"}\n",
        )
        .stdout(&["\"id\":\"a\"", "\"id\":\"7\""])
        .stderr(&["warning: 3 bad records skipped, written to "]),
        // Output and terminals.
        Row::new(
            "escape sequences in table output",
            "classify --model {m} --format table --sentences e.txt",
            0,
        )
        .file("e.txt", "The force \u{1b}[2J\u{1b}[31mwill disarm\u{7} the militias.")
        .stdout(&["\\u{1b}[31m"])
        .stdout_lacks(&["\u{1b}", "\u{7}"]),
    ];
    run_table(rows);
}

/// Issue 12, the parts finished last: positions in every kind of file, and what a careless or
/// hostile user tried after that.
#[test]
fn issue_12_finishing_rows() {
    let lines = |end: &str, rows: &[&str]| rows.join(end).into_bytes();
    let case_rows = [
        "capability,kind,group,text,expected",
        "a,mft,,One.,neutral",
        "a,xyz,,Two.,neutral",
        "",
    ];
    let blank_rows = ["text,label", "fine,neutral", "", "no label,", ""];
    let rows = vec![
        // The behavioural-check cases count lines as the labelled readers do.
        Row::new(
            "an error in an LF case file",
            "check --model {m} --cases c.csv",
            1,
        )
        .file("c.csv", lines("\n", &case_rows))
        .stderr(&["c.csv: line 3: ", "the kind 'xyz'"]),
        Row::new(
            "an error in a CRLF case file",
            "check --model {m} --cases c.csv",
            1,
        )
        .file("c.csv", lines("\r\n", &case_rows))
        .stderr(&["c.csv: line 3: ", "the kind 'xyz'"]),
        Row::new(
            "an error in a CR case file",
            "check --model {m} --cases c.csv",
            1,
        )
        .file("c.csv", lines("\r", &case_rows))
        .stderr(&["c.csv: line 3: ", "the kind 'xyz'"]),
        // The csv crate skips blank lines before a record but places the record where the
        // previous one ended.
        Row::new(
            "an error after a blank line (LF)",
            "evaluate --model {m} --data c.csv",
            1,
        )
        .file("c.csv", lines("\n", &blank_rows))
        .stderr(&["c.csv: line 4: ", "the label is empty"]),
        Row::new(
            "an error after a blank line (CRLF)",
            "evaluate --model {m} --data c.csv",
            1,
        )
        .file("c.csv", lines("\r\n", &blank_rows))
        .stderr(&["c.csv: line 4: ", "the label is empty"]),
        Row::new(
            "an error after a blank line (CR)",
            "evaluate --model {m} --data c.csv",
            1,
        )
        .file("c.csv", lines("\r", &blank_rows))
        .stderr(&["c.csv: line 4: ", "the label is empty"]),
        Row::new(
            "a repeated id after a blank line",
            "classify --model {m} --id-column id a.csv",
            1,
        )
        .file("a.csv", "id,text\n1,One.\n\n1,Two.\n")
        .stderr(&["a.csv: line 4: ", "'1' is already used"]),
        // JSON Lines from an old Mac: each record ends in a lone CR.
        Row::new(
            "JSONL records ending in a lone CR",
            "classify --model {m} --format csv mac.jsonl",
            0,
        )
        .file(
            "mac.jsonl",
            "{\"text\": \"One.\"}\r{\"text\": \"Two.\"}\r{\"text\": \"Three.\"}\r",
        )
        .stdout(&["mac.jsonl:1,", "mac.jsonl:2,", "mac.jsonl:3,"]),
        Row::new(
            "a bad record in a JSONL file with CR line ends",
            "classify --model {m} mac.jsonl",
            1,
        )
        .file("mac.jsonl", "{\"text\": \"One.\"}\r\r{\"text\": 3}\r")
        .stderr(&["mac.jsonl: line 3: ", "is not a string"]),
        Row::new(
            "training on a JSONL export with CR line ends",
            "train -q --min-df 1 --data g.csv mac.jsonl --model {d}/o.model",
            0,
        )
        .file("g.csv", good_csv())
        .file(
            "mac.jsonl",
            "{\"text\": \"The force is here.\", \"label\": [\"neutral\"]}\r{\"text\": \"Ministers met.\", \"label\": \"neutral\"}\r",
        ),
        // Ids across files: the within-file rule (refused, or set aside with --skip-bad).
        Row::new(
            "the same id in two files",
            "classify --model {m} --format csv --id-column id a.csv b.csv",
            1,
        )
        .file("a.csv", "id,text\n7,The force must disarm Hamas.\n")
        .file("b.csv", "id,text\n8,One.\n7,Observers monitor the truce.\n")
        .stdout(&["7,1,"])
        .stderr(&["b.csv: line 3: ", "the id '7' is already used by a record of a.csv", "--skip-bad"]),
        Row::new(
            "the same id in two files, set aside",
            "classify --model {m} --format csv --id-column id --skip-bad {d}/bad.jsonl a.csv b.jsonl",
            0,
        )
        .file("a.csv", "id,text\n7,The force must disarm Hamas.\n")
        .file("b.jsonl", "{\"id\": 7, \"text\": \"Observers monitor the truce.\"}\n")
        .stderr(&["warning: 1 bad record skipped"]),
        Row::new("a file given twice", "classify --model {m} a.txt ./a.txt", 1)
            .file("a.txt", "The force must disarm Hamas.")
            .stderr(&["./a.txt: this file is given twice (also as a.txt)", "give each input once"]),
        Row::new("standard input given twice", "classify --model {m} - -", 1)
            .stdin("The force must disarm Hamas.")
            .stderr(&["<stdin>: standard input is given twice", "give `-` once"]),
        Row::new("a file given twice to shares", "shares --model {m} a.csv a.csv", 1)
            .file("a.csv", "text\nThe force must disarm Hamas.\n")
            .stderr(&["a.csv: this file is given twice"]),
        // What the hostile pass found.
        Row::new(
            "training data given twice",
            "train --min-df 1 --data g.csv ./g.csv --model {d}/o.model",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&["./g.csv: this file is given twice (also as g.csv)"]),
        Row::new("training data from standard input twice", "train --data - - --model {d}/o.model", 1)
            .stdin(good_csv())
            .stderr(&["<stdin>: standard input is given twice"]),
        Row::new("one coder's file given twice", "agree c.csv ./c.csv", 1)
            .file("c.csv", "text,label\na,neutral\nb,enforcement\n")
            .stderr(&["./c.csv: this file is given twice"]),
        Row::new("evaluation data in JSON Lines", "evaluate --model {m} --data e.jsonl", 0)
            .file(
                "e.jsonl",
                "{\"text\": \"The force must disarm Hamas.\", \"label\": \"enforcement\"}\n\
                 {\"text\": \"Observers monitor the truce.\", \"label\": \"peacekeeping\"}\n",
            )
            .stdout(&["on e.jsonl (2 sentences)"]),
        Row::new(
            "one calibration fold",
            "train --calibration-folds 1 --data g.csv --model {d}/o.model",
            2,
        )
        .file("g.csv", good_csv())
        .stderr(&["invalid value '1' for --calibration-folds", "at least 2 folds"]),
        Row::new(
            "a training problem in a calibration fold",
            "train --min-df 1000 --data g.csv --model {d}/o.model",
            1,
        )
        .file("g.csv", good_csv())
        .stderr(&["g.csv: calibration fold 1 of 5: no term occurs", "lower --min-df"]),
        Row::new("a bad byte in a case file", "check --model {m} --cases c.csv", 1)
            .file("c.csv", &b"capability,kind,group,text,expected\na,mft,,Bad \xff.,neutral\n"[..])
            .stderr(&["c.csv: line 2: ", "not valid UTF-8", "--lossy"]),
        Row::new("a bad byte in a case file, --lossy", "check --lossy --model {m} --cases c.csv", 0)
            .file("c.csv", &b"capability,kind,group,text,expected\na,mft,,Bad \xff.,neutral\n"[..])
            .stdout(&["all "]),
        Row::new("standard input as the pool and the labelled sentences", "suggest --model {m} - --exclude -", 1)
            .stdin("The force must disarm Hamas.")
            .stderr(&["<stdin>: standard input is given twice"]),
        Row::new("articles named .TXT in a directory", "classify --model {m} --format csv d", 0)
            .file("d/a.txt", "The force must disarm Hamas.")
            .file("d/b.TXT", "Observers monitor the truce.")
            .stdout(&["d/a.txt,", "d/b.TXT,"]),
    ];
    run_table(rows);
}

/// Issue 12, hostile pass: links that lead nowhere, as an article or as the report directory, are
/// named as such; a report directory that is a link to a directory stays a link, and the report
/// lands where it leads.
#[cfg(unix)]
#[test]
fn links_as_articles_and_report_directories() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_model(dir.path());
    let d = dir.path();
    std::os::unix::fs::symlink("loop.txt", d.join("loop.txt")).unwrap();
    let out = run(d, &model, &["classify", "--model", "{m}", "loop.txt"], b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("loop.txt: opening failed: it is a link that leads nowhere"),
        "{stderr}"
    );
    std::fs::create_dir(d.join("real")).unwrap();
    std::os::unix::fs::symlink("real", d.join("link")).unwrap();
    let data = fixture("mini.csv").display().to_string();
    let args = ["evaluate", "--model", "{m}", "--data", &data, "--report"];
    let out = run(d, &model, &[&args[..], &["link"]].concat(), b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::symlink_metadata(d.join("link"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(d.join("real/index.html").is_file());
    std::os::unix::fs::symlink("nothing", d.join("dangling")).unwrap();
    let out = run(d, &model, &[&args[..], &["dangling"]].concat(), b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("dangling: writing the report failed: it is a link that leads nowhere"),
        "{stderr}"
    );
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

/// Issue 12: a FIFO named like an article inside a directory of articles is skipped with a
/// warning instead of blocking the run.
#[cfg(target_os = "linux")]
#[test]
fn a_fifo_among_articles_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_model(dir.path());
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(
        articles.join("a.txt"),
        "The force will disarm the militias.",
    )
    .unwrap();
    let status = Command::new("mkfifo")
        .arg(articles.join("f.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut child = Command::new(bin())
        .args(["classify", "--model"])
        .arg(&model)
        .arg(&articles)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A run that blocks on the FIFO is ended after ten seconds and fails the test.
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(10) {
            let _ = child.kill();
            panic!("classify blocked on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("f.txt: skipped: not a regular file"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("a.txt"));
}

/// Issue 12: the file standard output goes to, inside the directory being classified, is not
/// read back as an article.
#[cfg(target_os = "linux")]
#[test]
fn the_output_file_is_not_read_as_an_article() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_model(dir.path());
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(
        articles.join("a.txt"),
        "The force will disarm the militias.",
    )
    .unwrap();
    let output = articles.join("out.txt");
    let out = Command::new(bin())
        .args(["classify", "--format", "jsonl", "--model"])
        .arg(&model)
        .arg(&articles)
        .stdout(std::fs::File::create(&output).unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let written = std::fs::read_to_string(&output).unwrap();
    assert_eq!(written.lines().count(), 1, "{written}");
    assert!(!written.contains("out.txt"), "{written}");
}

/// Issue 12: two file names that differ only in a byte that is not UTF-8 keep different ids.
#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_names_keep_distinct_ids() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let model = train_model(dir.path());
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for name in [&b"a\xff.txt"[..], &b"a\xfe.txt"[..]] {
        let path = articles.join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(path, "The force will disarm the militias.").unwrap();
    }
    let out = Command::new(bin())
        .args(["classify", "--format", "csv", "--model"])
        .arg(&model)
        .arg(&articles)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("a\\xfe.txt") && text.contains("a\\xff.txt"),
        "{text}"
    );
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
