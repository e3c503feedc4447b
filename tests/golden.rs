//! Golden outputs: what `classify`, `evaluate` and `inspect` print on the bundled data, byte for
//! byte, so that a refactoring cannot change behaviour unnoticed. After a deliberate change (new
//! data, a new model, a new output field) regenerate them with
//! `STANCE_BLESS=1 cargo test --release --test tests golden` and review the diff.

use std::path::Path;

use crate::common::{readme_block_after, stance};

/// Each golden file and the arguments that produce it.
const CASES: &[(&str, &[&str])] = &[
    (
        "classify.table",
        &["classify", "--format", "table", "data/articles"],
    ),
    (
        "classify.csv",
        &["classify", "--format", "csv", "data/articles"],
    ),
    (
        "classify.jsonl",
        &["classify", "--format", "jsonl", "data/articles"],
    ),
    (
        "classify-sentences.table",
        &[
            "classify",
            "--format",
            "table",
            "--sentences",
            "data/articles",
        ],
    ),
    (
        "classify-sentences.csv",
        &[
            "classify",
            "--format",
            "csv",
            "--sentences",
            "data/articles",
        ],
    ),
    (
        "classify-sentences.jsonl",
        &[
            "classify",
            "--format",
            "jsonl",
            "--sentences",
            "data/articles",
        ],
    ),
    (
        "classify-explain3.table",
        &[
            "classify",
            "--format",
            "table",
            "--explain",
            "3",
            "data/articles",
        ],
    ),
    (
        "classify-explain3.csv",
        &[
            "classify",
            "--format",
            "csv",
            "--explain",
            "3",
            "data/articles",
        ],
    ),
    (
        "classify-explain3.jsonl",
        &[
            "classify",
            "--format",
            "jsonl",
            "--explain",
            "3",
            "data/articles",
        ],
    ),
    (
        "evaluate.table",
        &["evaluate", "--format", "table", "--errors", "5"],
    ),
    (
        "evaluate.json",
        &["evaluate", "--format", "json", "--errors", "5"],
    ),
    ("inspect.table", &["inspect", "--top", "10"]),
    (
        "evaluate-cv.json",
        &[
            "evaluate",
            "--cv",
            "3",
            "--data",
            "tests/fixtures/mini.csv",
            "--min-df",
            "1",
            "--format",
            "json",
        ],
    ),
];

#[test]
fn outputs_match_the_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("STANCE_BLESS").is_some();
    let mut differ = Vec::new();
    for (file, args) in CASES {
        let out = stance().args(*args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = dir.join(file);
        if bless {
            std::fs::write(&path, &out.stdout).unwrap();
            continue;
        }
        let expected = std::fs::read(&path).unwrap_or_default();
        if expected != out.stdout {
            let first = expected
                .iter()
                .zip(&out.stdout)
                .position(|(a, b)| a != b)
                .unwrap_or(expected.len().min(out.stdout.len()));
            differ.push(format!("{file} (first difference at byte {first})"));
        }
    }
    assert!(
        differ.is_empty(),
        "output differs from tests/golden/: {differ:?}; if the change is deliberate, regenerate \
         with STANCE_BLESS=1 and review the diff"
    );
}

/// The README's `inspect` example is the golden one: the shipped model's strongest features as
/// `inspect --top 10` prints them today.
#[test]
fn the_readme_inspect_example_is_the_golden_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shown = readme_block_after("(`cargo run --release -- inspect --top 10`):");
    let golden = std::fs::read_to_string(root.join("tests/golden/inspect.table")).unwrap();
    assert_eq!(
        shown, golden,
        "paste `cargo run --release -- inspect --top 10` into the README"
    );
}
