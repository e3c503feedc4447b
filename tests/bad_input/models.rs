//! Model files that are not one, and paths that cannot be read.

use super::*;

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
        // A version far past any this build could write, so the row needs no change when the
        // format moves on.
        .file("n.model", damaged_model(|b| b[8] = 99))
        .file("g.csv", good_csv())
        .stderr(&[
            "n.model: ",
            "format version 99, newer",
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
