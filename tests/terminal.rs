//! What `stance` shows on a terminal, and that it shows none of it elsewhere: the hint when it
//! reads an article typed at the terminal, and the progress bars of the long commands. The
//! terminal is a pseudo-terminal (see [`on_terminal`]).

use crate::common::{fixture, on_terminal, stance, stderr_of};

/// The long commands on the mini fixture, quick enough for a test.
fn long_commands(dir: &std::path::Path) -> Vec<Vec<String>> {
    let data = fixture("mini.csv").display().to_string();
    let model = dir.join("m.model").display().to_string();
    let words = |s: &str| -> Vec<String> {
        s.replace("{data}", &data)
            .replace("{model}", &model)
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    vec![
        words("train --min-df 1 --data {data} --model {model}"),
        words("evaluate --cv 3 --min-df 1 --data {data}"),
        words("tune --grid c=1,10 --cv 2 --min-df 1 --data {data} --model {model}"),
    ]
}

#[test]
fn the_hint_for_typed_input_comes_before_the_classification() {
    let test = "the_hint_for_typed_input_comes_before_the_classification";
    let args = ["classify", "--format", "jsonl"];
    let Some(terminal) = on_terminal(test, &args, b"The force must disarm Hamas by force.") else {
        return;
    };
    let shown = &terminal.shown;
    assert_eq!(terminal.code, Some(0), "{shown}");
    let hint = shown
        .find("stance: reading an article from the terminal; end it with Ctrl-D")
        .unwrap_or_else(|| panic!("no hint in {shown}"));
    let verdict = shown
        .find("\"verdict\":\"enforcement\"")
        .unwrap_or_else(|| panic!("no classification in {shown}"));
    assert!(hint < verdict, "{shown}");
}

#[test]
fn typed_input_on_a_pipe_gets_no_hint() {
    let out = stance()
        .args(["classify", "--format", "jsonl", "-"])
        .write_stdin("The force must disarm Hamas by force.")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stderr_of(&out), "");
}

#[test]
fn long_commands_draw_a_bar_with_total_and_percentage_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let expected = [
        ["calibration fold", "fitting"],
        ["cross-validation fold", "fitting"],
        ["setting", "cross-validation fold"],
    ];
    for (args, stages) in long_commands(dir.path()).iter().zip(expected) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let test = "long_commands_draw_a_bar_with_total_and_percentage_on_a_terminal";
        let Some(terminal) = on_terminal(test, &args, b"") else {
            return;
        };
        let shown = &terminal.shown;
        assert_eq!(terminal.code, Some(0), "{args:?}: {shown}");
        for stage in stages {
            assert!(shown.contains(stage), "{args:?}: no {stage:?} in {shown}");
        }
        // A bar counts towards a known total: "N/M", a percentage and the time left.
        assert!(shown.contains("/5 ") || shown.contains("/3 ") || shown.contains("/2 "));
        assert!(
            shown.contains("% (") && shown.contains(" left)"),
            "{args:?}: {shown}"
        );
    }
}

#[test]
fn long_commands_print_no_progress_when_standard_error_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    for args in long_commands(dir.path()) {
        let out = stance().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        assert_eq!(stderr_of(&out), "", "{args:?}");
    }
}
