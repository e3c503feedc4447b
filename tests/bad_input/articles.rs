//! Articles to classify that are unreadable, oddly named or not files at all.

use super::*;

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

/// A model trained in `dir`, and a folder `articles` there holding one article, `a.txt`.
fn model_and_articles(dir: &Path) -> (PathBuf, PathBuf) {
    let model = train_model(dir);
    let articles = dir.join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(
        articles.join("a.txt"),
        "The force will disarm the militias.",
    )
    .unwrap();
    (model, articles)
}

/// Issue 12: a FIFO named like an article inside a directory of articles is skipped with a
/// warning instead of blocking the run.
#[cfg(target_os = "linux")]
#[test]
fn a_fifo_among_articles_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let (model, articles) = model_and_articles(dir.path());
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
    let (model, articles) = model_and_articles(dir.path());
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
