//! The HTML report of `stance evaluate --report`: its files checked as plain files always, and
//! rendered in headless Chromium when it is installed.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use serde_json::Value;

use crate::common::{fixture, missing_prerequisite, stance, stderr_of};

/// Writes a cross-validation report of the mini fixture and returns its directory.
fn report() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report");
    let out = stance()
        .args(["evaluate", "--cv", "3", "--min-df", "1", "--errors", "3"])
        .arg("--data")
        .arg(fixture("mini.csv"))
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("report written to"));
    (dir, report)
}

const FIGURES: [&str; 3] = ["confusion", "pr_curves", "reliability"];

/// The text of each `<name>` element (without nesting of the same name).
fn elements<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&open) {
        let Some(len) = rest[start..].find(&close) else {
            break;
        };
        out.push(&rest[start..start + len + close.len()]);
        rest = &rest[start + len + close.len()..];
    }
    out
}

/// Checks that an SVG document or element is well-formed enough (balanced tags, one root) and
/// has drawn shapes and text.
fn assert_drawn_svg(svg: &str, what: &str) {
    let svg = svg.trim();
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{what}");
    assert!(
        svg.contains("xmlns=\"http://www.w3.org/2000/svg\""),
        "{what}"
    );
    // Every element opened is closed or self-closing.
    let opened = svg.matches('<').count() - svg.matches("</").count();
    let closed = svg.matches("</").count() + svg.matches("/>").count();
    assert_eq!(opened, closed, "{what}: unbalanced tags");
    let shapes = ["<rect", "<polyline", "<path", "<circle", "<line"]
        .iter()
        .map(|s| svg.matches(s).count())
        .sum::<usize>();
    assert!(shapes >= 5, "{what}: only {shapes} shapes");
    assert!(
        elements(svg, "text").iter().any(|t| t.len() > 20),
        "{what}: no text"
    );
}

#[test]
fn report_files_are_complete_without_a_browser() {
    let (_dir, report) = report();
    for f in FIGURES {
        let svg = std::fs::read_to_string(report.join(format!("{f}.svg"))).unwrap();
        assert_drawn_svg(&svg, f);
    }
    let confusion = std::fs::read_to_string(report.join("confusion.svg")).unwrap();
    for label in ["enforcement", "neutral", "peacekeeping", "predicted label"] {
        assert!(confusion.contains(label), "{label}");
    }
    let html = std::fs::read_to_string(report.join("index.html")).unwrap();
    for f in FIGURES {
        let id = format!("<figure id=\"{f}\">");
        let start = html.find(&id).unwrap_or_else(|| panic!("no figure {f}"));
        let figure = elements(&html[start..], "figure")[0];
        assert_drawn_svg(elements(figure, "svg")[0], f);
        assert!(figure.contains(&format!("href=\"{f}.svg\"")));
    }
    for table in ["metrics", "per-class", "confusion", "errors"] {
        assert!(html.contains(&format!("<table id=\"{table}\">")), "{table}");
    }
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("metrics.json")).unwrap())
            .unwrap();
    assert_eq!(json["cross_validation"]["k"], 3);
    let csv = std::fs::read_to_string(report.join("metrics.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        ["metric", "value", "std", "ci_lower", "ci_upper"]
    );
    let rows: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    let accuracy = rows.iter().find(|r| &r[0] == "accuracy").unwrap();
    assert!(!accuracy[2].is_empty(), "cross-validation rows carry a std");
    let pooled = rows.iter().find(|r| &r[0] == "pooled_macro_f1").unwrap();
    assert!(!pooled[3].is_empty() && !pooled[4].is_empty());
}

/// The first Chromium on the PATH, if any.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// Chromium's DOM of `page` after loading it, or `None` if it did not finish (a hung browser
/// must not hang the test suite).
fn dump_dom(chromium: &Path, page: &Path, profile: &Path) -> Option<String> {
    let mut child = Process::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).ok());
    // Poll rather than wait: a browser that never exits is killed after two minutes.
    for _ in 0..1200 {
        if child.try_wait().ok().flatten().is_some() {
            return reader.join().ok().flatten();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[test]
fn report_renders_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        missing_prerequisite(
            "report_renders_in_headless_chromium",
            "no chromium on the PATH (install Debian's `chromium` package to run it)",
        );
        return;
    };
    let (dir, report) = report();
    let page = report.join("index.html").canonicalize().unwrap();
    let dom = dump_dom(&chromium, &page, &dir.path().join("profile"))
        .expect("chromium dumped the DOM within two minutes");
    assert!(dom.contains("<h1>stance cross-validation</h1>"), "{dom}");
    let svgs = elements(&dom, "svg");
    assert_eq!(svgs.len(), 3, "three inline figures");
    for (svg, f) in svgs.iter().zip(FIGURES) {
        assert!(svg.contains("width=\"640\"") && svg.contains("height=\"480\""));
        let drawn = ["<rect", "<polyline", "<circle"]
            .iter()
            .map(|s| svg.matches(s).count())
            .sum::<usize>();
        assert!(drawn >= 5, "{f}: the browser's DOM has {drawn} shapes");
        assert!(elements(svg, "text").len() >= 5, "{f}: too little text");
    }
}
