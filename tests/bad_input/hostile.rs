//! The hostile cases found while hardening input and output: every row failed before its fix.

use super::*;

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
