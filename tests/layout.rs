//! The layout rules of the library (README, "Library"): data flows one way through the modules,
//! so no module names one further down the flow, not even in a doc link; no source file holds more
//! than 700 lines besides its tests, and no file of the binary more than 300.

use std::path::{Path, PathBuf};

/// The library's top-level modules in the order data flows through them.
const FLOW: &[&str] = &[
    "progress", "units", "error", "atomic", "corpus", "input", "text", "features", "model",
    "budget", "pipeline", "format", "classify", "eval", "suggest", "shares", "render",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's text without its test module (a `#[cfg(test)]` item at the end of the file).
fn without_tests(text: &str) -> &str {
    [
        "\n#[cfg(test)]\nmod tests",
        "\n#[cfg(test)]\npub(crate) mod tests",
    ]
    .iter()
    .filter_map(|m| text.find(m))
    .min()
    .map_or(text, |at| &text[..at])
}

/// The names `crate::NAME` mentions, in order of appearance.
fn crate_paths(text: &str) -> Vec<&str> {
    text.match_indices("crate::")
        .filter(|(at, _)| {
            // `stance::...` in doc examples is the same crate seen from outside, and allowed:
            // only the crate-internal spelling is checked.
            !text[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        })
        .map(|(at, m)| {
            let rest = &text[at + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a library file belongs to (`None` for lib.rs and the binary).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    if first == "bin" || first == "lib.rs" || first == "main.rs" {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_string())
}

#[test]
fn no_module_names_one_further_down_the_flow() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = module_of(file) else {
            continue;
        };
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let Some(at) = FLOW.iter().position(|m| *m == module) else {
            wrong.push(format!(
                "{}: module '{module}' is not in the flow",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for name in crate_paths(without_tests(&text)) {
            match FLOW.iter().position(|m| *m == name) {
                Some(dep) if dep > at => wrong.push(format!(
                    "{}: '{module}' names 'crate::{name}', further down the flow",
                    file.display()
                )),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn lib_rs_declares_exactly_the_modules_of_the_flow() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let mut declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    declared.sort_unstable();
    let mut flow = FLOW.to_vec();
    flow.sort_unstable();
    assert_eq!(declared, flow);
}

#[test]
fn files_stay_small() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut large = Vec::new();
    for file in &files {
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let lines = without_tests(&text).lines().count();
        let limit = if module_of(file).is_none() && !file.ends_with("lib.rs") {
            300
        } else {
            700
        };
        if lines > limit {
            large.push(format!("{}: {lines} lines (limit {limit})", file.display()));
        }
    }
    assert!(large.is_empty(), "{}", large.join("\n"));
}

#[test]
fn the_checks_find_what_they_look_for() {
    assert_eq!(
        crate_paths("use crate::model::X; // notcrate::no\n[`crate::eval`]"),
        ["model", "eval"]
    );
    assert_eq!(without_tests("a\n#[cfg(test)]\nmod tests {}\n"), "a");
    assert_eq!(
        without_tests("a\n#[cfg(test)]\npub(crate) mod tests {}\n"),
        "a"
    );
    assert_eq!(
        module_of(&src().join("text/tokens.rs")).as_deref(),
        Some("text")
    );
    assert_eq!(module_of(&src().join("bin/stance/main.rs")), None);
}
