//! Tests of reading inputs.

use super::csv_input::*;
use super::*;
use crate::corpus::{normalise_label, LabelledSet};
use crate::error::{ErrorKind, Result, Setting};
use std::io;

/// The tracker one byte at a time, without skipping runs: the reference for `feed`.
fn feed_one_at_a_time(t: &mut QuoteTracker, bytes: &[u8]) -> usize {
    let mut rest = bytes;
    if t.seen == 0 && rest.starts_with(BOM) {
        t.seen += BOM.len() as u64;
        rest = &rest[BOM.len()..];
    }
    for (i, &b) in rest.iter().enumerate() {
        if t.step(b) {
            return bytes.len() - rest.len() + i + 1;
        }
    }
    bytes.len()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Skipping runs inside fields changes nothing the tracker reports, for any input, any
    /// record limit and any way the input arrives in pieces.
    #[test]
    fn the_run_skipping_tracker_equals_the_byte_by_byte_one(
        bytes in proptest::collection::vec(proptest::sample::select(b"ab ,\"\n\r\xef\xbb\xbf".to_vec()), 0..200),
        limit in 0u64..40,
        pieces in proptest::collection::vec(1usize..50, 1..10),
    ) {
        let (mut fast, mut slow) = (QuoteTracker::new(limit, b','), QuoteTracker::new(limit, b','));
        let mut rest: &[u8] = &bytes;
        let mut piece = pieces.iter().cycle();
        while !rest.is_empty() && !fast.oversized {
            let n = (*piece.next().unwrap()).min(rest.len());
            let taken = fast.feed(&rest[..n]);
            proptest::prop_assert_eq!(taken, feed_one_at_a_time(&mut slow, &rest[..n]));
            proptest::prop_assert_eq!(&fast, &slow);
            rest = &rest[taken..];
        }
    }
}

fn parse(csv: &str) -> Result<LabelledSet> {
    parse_labelled(
        csv.as_bytes(),
        Path::new("d.csv"),
        &Columns::default(),
        Utf8Policy::Strict,
    )
}

fn err(csv: &str) -> String {
    parse(csv).unwrap_err().to_string()
}

#[test]
fn reads_rows_and_normalises_labels() {
    let set = parse("text,label\n\"A, quoted\",Neutral \nB,ENFORCEMENT\n").unwrap();
    assert_eq!(set.texts, ["A, quoted", "B"]);
    assert_eq!(set.labels, ["neutral", "enforcement"]);
    assert_eq!(set.lines, [2, 3]);
}

#[test]
fn bom_crlf_and_extra_columns_are_fine() {
    let set = parse("\u{feff}id,text,label,mission\r\n1,Hello there,neutral,gaza\r\n").unwrap();
    assert_eq!(set.texts, ["Hello there"]);
}

#[test]
fn errors_name_file_line_and_remedy() {
    assert!(err("").contains("empty"));
    assert!(err("text,label\n").contains("no rows"));
    let e = parse_labelled(
        b"words,label\nx,y\n",
        Path::new("d.csv"),
        &Columns::default(),
        Utf8Policy::Strict,
    )
    .unwrap_err();
    match e.kind() {
        ErrorKind::MissingColumn {
            path,
            setting,
            name,
            columns,
            ..
        } => {
            assert_eq!(path, Path::new("d.csv"));
            assert_eq!(*setting, Setting::TextColumn);
            assert_eq!(name, "text");
            assert_eq!(columns, &["words", "label"]);
        }
        other => panic!("{other}"),
    }
    assert_eq!(e.position().map(|p| p.line), Some(1));
    let e = err("text,label\na,b\nc,d,e\n");
    assert!(e.contains("line 3") && e.contains("3 fields"), "{e}");
    let e = err("text,label\na,b\n\"never closed,c\nd,e\n");
    assert!(e.contains("line 3") && e.contains("never closed"), "{e}");
    let e = err("text,label\n  ,neutral\n");
    assert!(e.contains("line 2") && e.contains("empty"), "{e}");
    let e = err("text,label\nsome text, \n");
    assert!(e.contains("line 2") && e.contains("label is empty"), "{e}");
}

#[test]
fn invalid_utf8_is_refused_or_replaced() {
    let bytes = b"text,label\nok,neutral\nbad \xff byte,neutral\n";
    let e = parse_labelled(
        bytes,
        Path::new("d.csv"),
        &Columns::default(),
        Utf8Policy::Strict,
    )
    .unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::NotUtf8 {
                line: 3,
                byte: 4,
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(e.position().map(|p| (p.line, p.byte)), Some((3, Some(4))));
    let set = parse_labelled(
        bytes,
        Path::new("d.csv"),
        &Columns::default(),
        Utf8Policy::Lossy,
    )
    .unwrap();
    assert_eq!(set.texts[1], "bad \u{fffd} byte");
}

#[test]
fn format_from_extension() {
    assert_eq!(InputFormat::from_path(Path::new("a.CSV")), InputFormat::Csv);
    assert_eq!(
        InputFormat::from_path(Path::new("a.jsonl")),
        InputFormat::Jsonl
    );
    assert_eq!(
        InputFormat::from_path(Path::new("a.txt")),
        InputFormat::Text
    );
    assert_eq!(
        InputFormat::from_path(Path::new("README")),
        InputFormat::Text
    );
}

#[test]
fn reads_text_files_directories_csv_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("arts")).unwrap();
    std::fs::write(d.join("arts/b.txt"), "Second.").unwrap();
    std::fs::write(d.join("arts/a.txt"), "First.").unwrap();
    std::fs::write(d.join("arts/skip.md"), "not read").unwrap();
    std::fs::write(d.join("r.csv"), "id,text\n7,\"Csv one.\"\n8,Csv two.\n").unwrap();
    std::fs::write(
        d.join("r.jsonl"),
        "{\"id\": 1, \"text\": \"Json one.\"}\n\n{\"id\": \"x\", \"text\": \"Json two.\"}\n",
    )
    .unwrap();
    let options = ReaderOptions {
        id_column: Some("id".into()),
        ..Default::default()
    };
    let inputs = vec![d.join("arts"), d.join("r.csv"), d.join("r.jsonl")];
    let got: Vec<Article> = ArticleReader::new(&inputs, options)
        .unwrap()
        .collect::<Result<_>>()
        .unwrap();
    let texts: Vec<&str> = got.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "First.",
            "Second.",
            "Csv one.",
            "Csv two.",
            "Json one.",
            "Json two."
        ]
    );
    let ids: Vec<&str> = got[2..].iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["7", "8", "1", "x"]);
    assert!(got[0].id.ends_with("a.txt"));
}

#[test]
fn record_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.jsonl");
    std::fs::write(&p, "{\"text\": \"ok\"}\n{\"text\": 5}\n").unwrap();
    let mut reader = ArticleReader::new(&[p], ReaderOptions::default()).unwrap();
    assert!(reader.next().unwrap().is_ok());
    let e = reader.next().unwrap().unwrap_err().to_string();
    assert!(e.contains("r.jsonl") && e.contains("line 2"), "{e}");
    assert!(reader.next().is_none());
    let missing = ArticleReader::new(&[dir.path().join("nope.txt")], ReaderOptions::default());
    assert!(missing.is_err());
}

/// The articles of `bytes` read as `format`, or the first error's message.
fn stream(bytes: &[u8], format: InputFormat, options: &ReaderOptions) -> Result<Vec<Article>> {
    let name = match format {
        InputFormat::Csv => "r.csv",
        InputFormat::Jsonl => "r.jsonl",
        InputFormat::Text => "r.txt",
    };
    records(
        io::Cursor::new(bytes.to_vec()),
        Path::new(name),
        format,
        options,
    )?
    .collect()
}

fn stream_err(bytes: &[u8], format: InputFormat) -> String {
    stream(bytes, format, &ReaderOptions::default())
        .unwrap_err()
        .to_string()
}

#[test]
fn streamed_csv_refuses_an_unclosed_quote_instead_of_swallowing_the_rest() {
    let e = stream_err(
        b"id,text\n1,\"fine.\"\n2,\"never closed\n3,more\n4,still more\n",
        InputFormat::Csv,
    );
    assert!(
        e.contains("r.csv: line 3: ") && e.contains("never closed"),
        "{e}"
    );
    // The records before it are still read.
    let mut it = records(
        io::Cursor::new(b"id,text\n1,fine\n2,\"open\n".to_vec()),
        Path::new("r.csv"),
        InputFormat::Csv,
        &ReaderOptions::default(),
    )
    .unwrap();
    assert_eq!(it.next().unwrap().unwrap().text, "fine");
    assert!(it.next().unwrap().is_err());
    assert!(it.next().is_none());
    // In the header, too.
    let e = stream_err(b"id,\"text\n1,a\n", InputFormat::Csv);
    assert!(e.contains("line 1: ") && e.contains("never closed"), "{e}");
}

#[test]
fn quotes_follow_the_csv_rules_not_a_parity_count() {
    // A quote inside an unquoted field is an ordinary character (a 12" pipe), and a doubled
    // quote inside a quoted field is one quote: neither opens a field.
    let set = parse("text,label\na 12\" pipe,neutral\n\"say \"\"hi\"\"\",neutral\n").unwrap();
    assert_eq!(set.texts, ["a 12\" pipe", "say \"hi\""]);
    let got = stream(
        b"text\na 12\" pipe\n\"x, \"\"y\"\"\"\n",
        InputFormat::Csv,
        &ReaderOptions::default(),
    )
    .unwrap();
    assert_eq!(got[1].text, "x, \"y\"");
    // After a byte-order mark, a quote still opens the first field.
    assert!(err("\u{feff}\"text,label\na,b\n").contains("line 1"));
}

#[test]
fn oversized_articles_are_refused_before_they_are_held_whole() {
    let options = ReaderOptions {
        max_article_bytes: 16,
        ..Default::default()
    };
    let long = "x".repeat(1000);
    let csv = format!("id,text\n1,short\n2,{long}\n");
    let e = stream(csv.as_bytes(), InputFormat::Csv, &options)
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 3: this record is larger than 16 B"), "{e}");
    let jsonl = format!("{{\"text\": \"ok\"}}\n{{\"text\": \"{long}\"}}\n");
    let e = stream(jsonl.as_bytes(), InputFormat::Jsonl, &options)
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 2: this record is larger"), "{e}");
    let e = stream(long.as_bytes(), InputFormat::Text, &options)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("the file is larger") && e.contains("split it"),
        "{e}"
    );
    // An unclosed quote early in a big file stops at the limit, not at the end of the file.
    let csv = format!("id,text\n1,\"open {long}{long}\n");
    let e = stream(csv.as_bytes(), InputFormat::Csv, &options)
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 2: this record is larger"), "{e}");
}

/// Found by fuzzing (`jsonl` target): with no article limit (`usize::MAX`), "limit + 1"
/// overflowed; in a release build it wrapped to 0 and every JSONL file read as empty.
#[test]
fn fuzz_an_unlimited_article_size_does_not_overflow() {
    let options = ReaderOptions {
        max_article_bytes: usize::MAX,
        ..Default::default()
    };
    for (bytes, format) in [
        (&b"{\"text\": \"a\"}\n"[..], InputFormat::Jsonl),
        (b"Some text.", InputFormat::Text),
        (b"text\nrow\n", InputFormat::Csv),
    ] {
        assert_eq!(stream(bytes, format, &options).unwrap().len(), 1);
    }
}

/// Found by fuzzing (`jsonl` target): with `--lossy`, a record under the limit could give a
/// text over it, because each invalid byte becomes a three-byte U+FFFD. The limit is on the
/// text, so that is checked after decoding too.
#[test]
fn fuzz_lossy_replacement_cannot_grow_a_text_past_the_limit() {
    let options = ReaderOptions {
        max_article_bytes: 30,
        utf8: Utf8Policy::Lossy,
        ..Default::default()
    };
    let bad = [0xb9u8; 12];
    let mut jsonl = b"{\"text\": \"".to_vec();
    jsonl.extend(bad);
    jsonl.extend(b"\"}\n");
    let mut csv = b"text\n".to_vec();
    csv.extend(bad);
    for (bytes, format) in [
        (jsonl, InputFormat::Jsonl),
        (csv, InputFormat::Csv),
        (bad.to_vec(), InputFormat::Text),
    ] {
        let e = stream(&bytes, format, &options).unwrap_err().to_string();
        assert!(
            e.contains("once its invalid bytes are replaced"),
            "{format:?}: {e}"
        );
    }
}

#[test]
fn byte_order_marks_are_ignored_everywhere() {
    let opts = ReaderOptions::default();
    let got = stream(
        b"\xef\xbb\xbf{\"text\": \"a\"}\r\n",
        InputFormat::Jsonl,
        &opts,
    )
    .unwrap();
    assert_eq!(got[0].text, "a");
    let got = stream(b"\xef\xbb\xbfHello.", InputFormat::Text, &opts).unwrap();
    assert_eq!(got[0].text, "Hello.");
    let got = stream(b"\xef\xbb\xbftext\r\nHi\r\n", InputFormat::Csv, &opts).unwrap();
    assert_eq!(got[0].text, "Hi");
}

#[test]
fn record_files_without_records_are_refused() {
    assert!(stream_err(b"", InputFormat::Csv).contains("empty"));
    assert!(stream_err(b"id,text\n", InputFormat::Csv).contains("no records"));
    assert!(stream_err(b"", InputFormat::Jsonl).contains("no records"));
    assert!(stream_err(b"\n  \n", InputFormat::Jsonl).contains("no records"));
    // An empty text file is an article with no sentences, not an error.
    let got = stream(b"", InputFormat::Text, &ReaderOptions::default()).unwrap();
    assert_eq!(got[0].text, "");
}

#[test]
fn json_errors_give_the_column_and_what_to_do() {
    let e = stream_err(b"{\"text\": \"a\"}\n{\"text\": \"b}\n", InputFormat::Jsonl);
    assert!(
        e.contains("line 2: not valid JSON") && e.contains("column") && !e.contains("line 1"),
        "{e}"
    );
    let e = stream_err(b"[1, 2]\n", InputFormat::Jsonl);
    assert!(
        e.contains("line 1: each line must hold one JSON object"),
        "{e}"
    );
}

#[test]
fn headers_are_decoded_and_shown_safely() {
    let e = parse_labelled(
        b"te\xffxt,label\na,b\n",
        Path::new("d.csv"),
        &Columns::default(),
        Utf8Policy::Strict,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("line 1") && e.contains("UTF-8"), "{e}");
    let many: Vec<String> = (0..30).map(|i| format!("c{i}")).collect();
    let e = err(&format!("{}\n", many.join(",")));
    assert!(e.contains("and 18 more") && !e.contains("c20"), "{e}");
    let e = err("\x1b[31mred,label\na,b\n");
    assert!(e.contains("\\u{1b}[31mred") && !e.contains('\x1b'), "{e}");
}

#[test]
fn labels_are_normalised_and_control_characters_refused() {
    assert_eq!(normalise_label(" Peace\t Keeping\n"), "peace keeping");
    let set = parse("text,label\na,Neutral\nb, neutral \nc,NEUTRAL\n").unwrap();
    assert_eq!(set.labels, ["neutral", "neutral", "neutral"]);
    let e = err("text,label\na,neu\x07tral\n");
    assert!(
        e.contains("line 2") && e.contains("control character"),
        "{e}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_an_article_directory_ends() {
    let dir = tempfile::tempdir().unwrap();
    let arts = dir.path().join("arts");
    std::fs::create_dir(&arts).unwrap();
    std::fs::write(arts.join("a.txt"), "One.").unwrap();
    std::os::unix::fs::symlink(&arts, arts.join("again")).unwrap();
    std::os::unix::fs::symlink(&arts, arts.join("and-again")).unwrap();
    let got: Vec<Article> = ArticleReader::new(&[arts], ReaderOptions::default())
        .unwrap()
        .collect::<Result<_>>()
        .unwrap();
    assert_eq!(got.len(), 1);
}

#[test]
fn plain_text_inputs_carry_no_columns_but_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("arts")).unwrap();
    std::fs::write(d.join("arts/a.txt"), "First.").unwrap();
    std::fs::write(d.join("r.csv"), "outlet,text\nLedger,Csv one.\n").unwrap();
    let options = |columns: &[&str]| ReaderOptions {
        meta_columns: columns.iter().map(|c| c.to_string()).collect(),
        ..Default::default()
    };
    // Refused when the reader is made, before the CSV file ahead of it is read.
    for input in [d.join("arts"), d.join("arts/a.txt"), "-".into()] {
        let inputs = vec![d.join("r.csv"), input.clone()];
        let err = ArticleReader::new(&inputs, options(&["outlet"]))
            .err()
            .unwrap_or_else(|| panic!("{} was accepted", input.display()));
        let e = err.to_string();
        assert!(
            e.contains("no column 'outlet'") && e.contains("only CSV and JSONL records"),
            "{e}"
        );
        assert_eq!(err.path(), Some(display(&input).as_path()));
    }
    // A text file's folder is its one column; a records file read as text has no other.
    let got: Vec<Article> = ArticleReader::new(&[d.join("arts")], options(&["dir"]))
        .unwrap()
        .collect::<Result<_>>()
        .unwrap();
    assert_eq!(got[0].meta("dir"), Some(d.join("arts").to_str().unwrap()));
    let forced = ReaderOptions {
        format: Some(InputFormat::Text),
        ..options(&["outlet"])
    };
    assert!(ArticleReader::new(&[d.join("r.csv")], forced).is_err());
}

#[test]
fn blank_lines_before_a_record_do_not_shift_its_line() {
    for end in ["\n", "\r\n", "\r"] {
        let rows = [
            "text,label",
            "",
            "a,x",
            "",
            "",
            "\"b",
            "",
            "c\",y",
            "",
            "d,x",
            "",
        ];
        let set = parse(&rows.join(end)).unwrap();
        assert_eq!(set.lines, [3, 6, 10], "{}", end.escape_debug());
        let bad = ["text,label", "a,x", "", "", "b,x,z", ""].join(end);
        assert!(err(&bad).contains("line 5: "), "{}", err(&bad));
        // A records file read as a stream: the same lines.
        let csv = ["id,text", "", "1,a", "", "", "1,b", ""].join(end);
        let opts = ReaderOptions {
            id_column: Some("id".into()),
            ..Default::default()
        };
        let got: Vec<Result<Article>> = records(
            io::Cursor::new(csv.into_bytes()),
            Path::new("r.csv"),
            InputFormat::Csv,
            &opts,
        )
        .unwrap()
        .collect();
        assert_eq!(got[0].as_ref().unwrap().line, Some(3));
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.position().map(|p| p.line), Some(6), "{e}");
    }
}

#[test]
fn lines_end_at_lf_crlf_or_a_lone_cr_even_across_buffer_boundaries() {
    let bytes = b"a\nbb\r\nc\rd\r\r\nlast";
    for capacity in [1, 2, 3, 64] {
        let mut reader = io::BufReader::with_capacity(capacity, &bytes[..]);
        let mut lines = Vec::new();
        loop {
            let mut buf = Vec::new();
            let n = super::source::read_line(&mut reader, &mut buf, u64::MAX).unwrap();
            if n == 0 {
                break;
            }
            assert_eq!(n, buf.len());
            lines.push(String::from_utf8(buf).unwrap());
        }
        assert_eq!(
            lines,
            ["a\n", "bb\r\n", "c\r", "d\r", "\r\n", "last"],
            "capacity {capacity}"
        );
    }
    // Reading stops once the line holds more than the limit.
    let mut buf = Vec::new();
    super::source::read_line(&mut &b"abcdef\n"[..], &mut buf, 3).unwrap();
    assert_eq!(buf, b"abcd");
}

#[test]
fn jsonl_records_ending_in_a_lone_cr_are_separate_records() {
    let bytes = b"{\"text\": \"One.\"}\r{\"text\": \"Two.\"}\r\r{\"text\": 3}\r".to_vec();
    let got: Vec<Result<Article>> = records(
        io::Cursor::new(bytes.clone()),
        Path::new("mac.jsonl"),
        InputFormat::Jsonl,
        &ReaderOptions::default(),
    )
    .unwrap()
    .collect();
    assert_eq!(got[0].as_ref().unwrap().text, "One.");
    assert_eq!(got[1].as_ref().unwrap().line, Some(2));
    let e = got[2].as_ref().unwrap_err();
    assert_eq!(e.position().map(|p| p.line), Some(4), "{e}");
    // Labelled JSON Lines too, and a JSON array's error names the line of the bad byte.
    let labelled = b"{\"text\": \"a\", \"label\": \"x\"}\r{\"text\": \"b\", \"label\": \"y\"}\r";
    let columns = Columns::default();
    let set = parse_labelled_as(
        labelled,
        Path::new("l.jsonl"),
        LabelledFormat::Jsonl,
        &columns,
        Utf8Policy::Strict,
        Unlabelled::Refuse,
    )
    .unwrap()
    .set;
    assert_eq!(
        (set.labels, set.lines),
        (vec!["x".into(), "y".into()], vec![1, 2])
    );
    let array = b"[{\"text\": \"a\", \"label\": \"x\"},\r{\"text\": \"b\"\r,,]";
    let e = parse_labelled_as(
        array,
        Path::new("l.json"),
        LabelledFormat::Jsonl,
        &columns,
        Utf8Policy::Strict,
        Unlabelled::Refuse,
    )
    .unwrap_err();
    assert_eq!(e.position().map(|p| p.line), Some(3), "{e}");
}

#[test]
fn ids_are_unique_across_the_files_of_a_reader() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.jsonl"));
    std::fs::write(&a, "id,text\n7,One.\n8,Two.\n").unwrap();
    std::fs::write(
        &b,
        "{\"id\": 9, \"text\": \"Three.\"}\n{\"id\": 7, \"text\": \"Four.\"}\n",
    )
    .unwrap();
    let options = ReaderOptions {
        id_column: Some("id".into()),
        ..Default::default()
    };
    let got: Vec<Result<Article>> = ArticleReader::new(&[a.clone(), b.clone()], options.clone())
        .unwrap()
        .collect();
    assert_eq!(got.len(), 4);
    assert_eq!(got[2].as_ref().unwrap().id, "9");
    let e = got[3].as_ref().unwrap_err();
    assert!(e.is_bad_record(), "{e}");
    let text = e.to_string();
    assert!(
        text.contains("b.jsonl: line 2: the id '7' is already used by a record of "),
        "{text}"
    );
    assert!(
        text.contains("a.csv; ids must be unique across the inputs"),
        "{text}"
    );
    // Each file alone is fine; `records` checks one file.
    for path in [&a, &b] {
        assert!(
            ArticleReader::new(std::slice::from_ref(path), options.clone())
                .unwrap()
                .all(|r| r.is_ok())
        );
    }
    // Without an id column, records are numbered per file and cannot clash.
    let numbered: Vec<String> = ArticleReader::new(&[a.clone(), b], ReaderOptions::default())
        .unwrap()
        .map(|r| r.unwrap().id)
        .collect();
    assert_eq!(numbered.len(), 4);
    assert!(numbered[0].ends_with("a.csv:1") && numbered[3].ends_with("b.jsonl:2"));
}

#[test]
fn a_file_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "The force will monitor the truce.").unwrap();
    let twice = |inputs: &[PathBuf]| match ArticleReader::new(inputs, ReaderOptions::default()) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    };
    let again = dir.path().join(".").join("a.txt");
    assert!(twice(&[a.clone(), again]).contains("this file is given twice (also as "));
    assert!(twice(&[dir.path().to_path_buf(), a.clone()]).contains("given twice"));
    let stdin = PathBuf::from("-");
    assert!(twice(&[stdin.clone(), stdin]).contains("standard input is given twice"));
    // Inside one directory, a second link to a file is skipped, the first name kept.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&a, dir.path().join("b.txt")).unwrap();
        let reader =
            ArticleReader::new(&[dir.path().to_path_buf()], ReaderOptions::default()).unwrap();
        assert_eq!(reader.skipped().len(), 1);
        assert!(reader.skipped()[0].path.ends_with("b.txt"));
        let ids: Vec<String> = reader.map(|r| r.unwrap().id).collect();
        assert_eq!(ids.len(), 1);
        assert!(ids[0].ends_with("a.txt"));
    }
}
