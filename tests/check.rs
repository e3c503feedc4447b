//! `stance check`: behavioural tests, a pass rate per capability.

use serde_json::Value;

use crate::common::{readme_block_after, stance, stderr_of, stdout_of_success, trained};

#[test]
fn the_bundled_suite_reports_every_capability() {
    let text = stdout_of_success(stance().args(["check"]));
    for capability in [
        "negation",
        "modals",
        "page-clutter",
        "questions",
        "national-armies",
        "reported-fears",
        "attributed-demands",
        "consent-tasks",
        "rhetorical-stance",
        "inv-mission",
        "inv-country",
        "inv-person",
        "inv-tense",
        "inv-attribution",
        "dir-by-force",
        "dir-consent",
        "dir-negation",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(capability)),
            "{capability} missing from\n{text}"
        );
    }
    let json: Value = serde_json::from_str(&stdout_of_success(
        stance().args(["check", "--format", "json"]),
    ))
    .unwrap();
    let overall = &json["overall"];
    assert!(overall["tests"].as_u64().unwrap() >= 600);
    let rate = overall["rate"].as_f64().unwrap();
    let passed = overall["passed"].as_f64().unwrap() / overall["tests"].as_f64().unwrap();
    assert!((rate - passed).abs() < 1e-4);
}

#[test]
fn pass_rates_and_failures_follow_the_rules() {
    let (dir, model) = trained();
    let cases = dir.path().join("cases.csv");
    std::fs::write(
        &cases,
        "capability,kind,group,text,expected\n\
         right,mft,,The force will disarm the militias by force.,enforcement\n\
         wrong,mft,,The force will disarm the militias by force.,peacekeeping\n\
         clutter,mft,,LEAVE A REPLY,neutral\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        stance()
            .args(["check", "--model"])
            .arg(&model)
            .arg("--cases")
            .arg(&cases)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&["--failures", "5"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let row = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .unwrap()
            .split_whitespace()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(row("right")[2..4], ["1", "1"]);
    assert_eq!(row("wrong")[2..4], ["1", "0"]);
    assert_eq!(row("clutter")[2..4], ["1", "1"]);
    assert!(text.contains("failed wrong:") && text.contains("expected peacekeeping"));
    // Below the bar: the table is still printed, then exit 1 naming the capability.
    let out = run(&["--min-pass", "0.9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("wrong 0.0%"),
        "{}",
        stderr_of(&out)
    );
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("capability"));
    let out = run(&["--min-pass", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_bad_case_file_is_refused_naming_file_and_line() {
    let (dir, model) = trained();
    let cases = dir.path().join("bad.csv");
    std::fs::write(
        &cases,
        "capability,kind,group,text,expected\na,mft,,One.,neutral\nb,sometimes,,Two.,neutral\n",
    )
    .unwrap();
    let out = stance()
        .args(["check", "--model"])
        .arg(&model)
        .arg("--cases")
        .arg(&cases)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = stderr_of(&out);
    assert!(
        e.contains("bad.csv") && e.contains("line 3") && e.contains("sometimes"),
        "{e}"
    );
}

/// The contrast set (`data/checks/contrast.csv`), written by a writer who saw neither the corpus
/// nor the default suite, runs through `--cases`: five minimum-functionality capabilities of at
/// least 45 tests each, and the README shows what `check` prints for it today.
#[test]
fn the_contrast_set_runs_and_the_readme_shows_its_figures() {
    let json: Value = serde_json::from_str(&stdout_of_success(stance().args([
        "check",
        "--cases",
        "data/checks/contrast.csv",
        "--format",
        "json",
    ])))
    .unwrap();
    let capabilities = json["capabilities"].as_object().unwrap();
    let names: Vec<&str> = capabilities.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "modals",
            "national-armies",
            "negation",
            "page-clutter",
            "questions"
        ]
    );
    for c in capabilities.values() {
        assert_eq!(c["kind"], "mft");
        assert!(c["tests"].as_u64().unwrap() >= 45, "{c}");
    }
    let printed =
        stdout_of_success(stance().args(["check", "--cases", "data/checks/contrast.csv"]));
    assert_eq!(
        printed,
        readme_block_after("cargo run --release -- check --cases data/checks/contrast.csv"),
        "rerun the README's contrast-set command and paste its output"
    );
}

/// The README's table of the default suite is what `check` prints for the shipped model today.
#[test]
fn the_readme_shows_what_check_prints() {
    let printed = stdout_of_success(stance().args(["check"]));
    assert_eq!(
        printed,
        readme_block_after("For the shipped model (`cargo run --release -- check`):"),
        "rerun `cargo run --release -- check` and paste its output into the README"
    );
}
