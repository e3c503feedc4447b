//! Labelled data `train` cannot use: empty, malformed, mislabelled or too large.

use super::*;

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
