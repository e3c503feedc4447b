//! `stance shares` (issue 13): groups and periods, the CSV shape, provenance, the edge cases
//! (bad dates, empty and tiny groups, a model without calibration) and determinism.

use std::path::{Path, PathBuf};

use crate::common::{readme, stance, stderr_of, stdout_of_success, temp_file, text_block_at};

const ENF: &str = "The force must disarm the militias by force.";
const PK: &str = "Peacekeepers will monitor the ceasefire and escort aid convoys.";
const NEU: &str = "Ministers met in Cairo on Tuesday.";

/// A CSV archive: two outlets over two months, `n` articles each.
fn archive(dir: &Path, n: usize) -> PathBuf {
    let mut text = String::from("outlet,date,text\n");
    for i in 0..n {
        let month = if i % 2 == 0 { "2025-03-0" } else { "2025-04-1" };
        text.push_str(&format!(
            "Daily,{month}{}T08:00:00Z,\"{ENF} {NEU} {PK}\"\n",
            i % 9 + 1
        ));
        text.push_str(&format!(
            "Courier,{month}{},\"{PK} {PK} {NEU}\"\n",
            i % 9 + 1
        ));
    }
    let path = dir.join("archive.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn parse(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

#[test]
fn shares_by_outlet_and_month_sum_to_one_with_intervals() {
    let dir = tempfile::tempdir().unwrap();
    let data = archive(dir.path(), 24);
    let out = stdout_of_success(
        stance()
            .args(["shares", "--group-by", "outlet", "--date-column", "date"])
            .args(["--period", "month", "--method", "all", "--bootstrap", "200"])
            .args(["--format", "csv"])
            .arg(&data),
    );
    let rows = parse(&out);
    assert_eq!(
        rows[0].join(","),
        "outlet,period,label,method,share,ci_low,ci_high,sentences,articles"
    );
    // 2 outlets x 2 months x 5 methods x 3 labels.
    assert_eq!(rows.len() - 1, 2 * 2 * 5 * 3);
    let mut sums = std::collections::BTreeMap::<(String, String, String), f64>::new();
    for r in &rows[1..] {
        let share: f64 = r[4].parse().unwrap();
        let (lo, hi): (f64, f64) = (r[5].parse().unwrap(), r[6].parse().unwrap());
        assert!(lo <= share + 1e-9 && share <= hi + 1e-9, "{r:?}");
        assert_eq!(r[8], "12");
        *sums
            .entry((r[0].clone(), r[1].clone(), r[3].clone()))
            .or_default() += share;
    }
    assert!(sums.keys().any(|k| k.1 == "2025-04"));
    for (k, s) in sums {
        assert!((s - 1.0).abs() < 1e-3, "{k:?} sums to {s}");
    }
}

#[test]
fn the_same_seed_gives_the_same_figures_and_provenance_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let data = archive(dir.path(), 12);
    let prov = dir.path().join("prov.json");
    let run = || {
        stdout_of_success(
            stance()
                .args([
                    "shares",
                    "--group-by",
                    "outlet",
                    "--bootstrap",
                    "100",
                    "--seed",
                    "7",
                ])
                .args(["--format", "jsonl", "--provenance"])
                .arg(&prov)
                .arg(&data),
        )
    };
    assert_eq!(run(), run());
    let p: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&prov).unwrap()).unwrap();
    assert_eq!(p["stance_version"], env!("CARGO_PKG_VERSION"));
    assert!(p["model"]["data_checksum_crc32"].is_string());
    assert!(p["inputs"][0].as_str().unwrap().ends_with("archive.csv"));
}

#[test]
fn an_unparseable_date_names_file_and_line() {
    let (_dir, path) = temp_file(
        "bad.csv",
        &format!("date,text\n2025-03-01,{NEU}\n14/03/2025,{ENF}\n"),
    );
    let out = stance()
        .args(["shares", "--date-column", "date", "--method", "cc"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = stderr_of(&out);
    assert!(
        e.contains("bad.csv") && e.contains("line 3") && e.contains("14/03/2025"),
        "{e}"
    );
}

#[test]
fn empty_and_tiny_groups_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.jsonl");
    std::fs::write(
        &path,
        format!(
            "{{\"outlet\": \"A\", \"text\": \"{ENF} {PK}\"}}\n{{\"outlet\": \"B\", \"text\": \"\"}}\n"
        ),
    )
    .unwrap();
    let out = stance()
        .args([
            "shares",
            "--group-by",
            "outlet",
            "--format",
            "csv",
            "--bootstrap",
            "50",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let e = stderr_of(&out);
    assert!(e.contains("group 'B': no sentences"), "{e}");
    assert!(e.contains("group 'A': only 1 articles"), "{e}");
    let text = String::from_utf8(out.stdout).unwrap();
    let b: Vec<_> = parse(&text).into_iter().filter(|r| r[0] == "B").collect();
    assert_eq!(b.len(), 3);
    assert!(b
        .iter()
        .all(|r| r[2] == "emq" && r[3].is_empty() && r[6] == "0"));
}

#[test]
fn a_model_without_calibration_asks_for_one_and_a_calibration_file_supplies_it() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("plain.model");
    stance()
        .args(["train", "--quiet", "--calibration-folds", "0", "--model"])
        .arg(&model)
        .assert()
        .success();
    let data = archive(dir.path(), 4);
    let out = stance()
        .args(["shares", "--method", "pacc", "--model"])
        .arg(&model)
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = stderr_of(&out);
    assert!(
        e.contains("--calibration FILE") && e.contains("stance train"),
        "{e}"
    );
    // `all` goes on without ACC and PACC, and says so.
    let out = stance()
        .args([
            "shares",
            "--method",
            "all",
            "--bootstrap",
            "0",
            "--format",
            "csv",
            "--model",
        ])
        .arg(&model)
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr_of(&out).contains("acc, pacc were left out"));
    // Labelled sentences from the user's corpus.
    let cal = dir.path().join("cal.csv");
    let mut text = String::from("text,label\n");
    for _ in 0..3 {
        text.push_str(&format!(
            "{ENF},enforcement\n{PK},peacekeeping\n{NEU},neutral\n"
        ));
    }
    std::fs::write(&cal, text).unwrap();
    let out = stdout_of_success(
        stance()
            .args([
                "shares",
                "--method",
                "acc",
                "--bootstrap",
                "20",
                "--format",
                "csv",
            ])
            .arg("--calibration")
            .arg(&cal)
            .arg("--model")
            .arg(&model)
            .arg(&data),
    );
    assert_eq!(parse(&out).len(), 1 + 3);
}

#[test]
fn framed_only_drops_neutral_and_article_unit_counts_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let data = archive(dir.path(), 12);
    let out = stdout_of_success(
        stance()
            .args([
                "shares",
                "--framed-only",
                "--bootstrap",
                "0",
                "--format",
                "csv",
            ])
            .arg(&data),
    );
    let rows = parse(&out);
    assert_eq!(rows.len(), 3);
    assert!(rows[1..].iter().all(|r| r[0] != "neutral"));
    let total: f64 = rows[1..].iter().map(|r| r[2].parse::<f64>().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-3);
    let out = stance()
        .args([
            "shares",
            "--unit",
            "article",
            "--bootstrap",
            "0",
            "--format",
            "csv",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr_of(&out).contains("only cc is reported"));
    let rows = parse(&String::from_utf8(out.stdout).unwrap());
    assert!(rows[1..].iter().any(|r| r[0] == "mixed"));
    assert!(rows[1..].iter().all(|r| r[1] == "cc" && r[6] == "24"));
}

#[test]
fn text_files_group_by_folder() {
    let dir = tempfile::tempdir().unwrap();
    for (sub, text) in [("a", ENF), ("b", PK)] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("x.txt"), text).unwrap();
    }
    let out = stdout_of_success(
        stance()
            .args([
                "shares",
                "--group-by",
                "dir",
                "--method",
                "cc",
                "--bootstrap",
                "0",
            ])
            .args(["--format", "csv"])
            .arg(dir.path()),
    );
    let rows = parse(&out);
    assert_eq!(rows[0][0], "dir");
    assert_eq!(rows.len(), 1 + 2 * 3);
}

#[test]
fn a_chart_is_drawn_as_svg_or_as_a_page_and_any_other_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = archive(dir.path(), 12);
    let run = |chart: &Path, extra: &[&str]| {
        stance()
            .args(["shares", "--group-by", "outlet", "--bootstrap", "50"])
            .args(["--format", "csv", "--chart"])
            .arg(chart)
            .args(extra)
            .arg(&data)
            .output()
            .unwrap()
    };
    let svg_path = dir.path().join("shares.svg");
    let out = run(&svg_path, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.starts_with("<svg"));
    for name in ["Daily", "Courier", "enforcement", "neutral", "peacekeeping"] {
        assert!(svg.contains(name), "{name} missing from the chart");
    }
    // Over periods: a page with the chart above the very table standard output holds.
    let html_path = dir.path().join("shares.html");
    let out = run(
        &html_path,
        &[
            "--date-column",
            "date",
            "--period",
            "month",
            "--method",
            "all",
        ],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("<svg") && html.contains("over time, emq (of cc, pcc"));
    assert_eq!(html.matches("<tr>").count(), csv.lines().count());
    assert!(html.contains("<td class=\"text\">2025-04</td>"));
    // Any other extension is a usage error before any work, and writes nothing.
    let png = dir.path().join("shares.png");
    let out = run(&png, &[]);
    assert_eq!(out.status.code(), Some(2));
    let e = stderr_of(&out);
    assert!(
        e.contains("--chart") && e.contains("shares.png") && e.contains(".svg"),
        "{e}"
    );
    assert!(out.stdout.is_empty() && !png.exists());
}

/// The shipped archive's articles as `classify` reads them, with their outlet and date.
fn shipped_archive() -> Vec<serde_json::Value> {
    let out = stdout_of_success(stance().args([
        "classify",
        "--keep-columns",
        "outlet,date",
        "--id-column",
        "id",
        "--format",
        "jsonl",
        "data/archive.jsonl",
    ]));
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_shipped_archive_reads_and_gives_a_share_row_per_outlet() {
    let articles = shipped_archive();
    assert!((40..=60).contains(&articles.len()), "{}", articles.len());
    let mut outlets = std::collections::BTreeSet::new();
    let mut months = std::collections::BTreeSet::new();
    for a in &articles {
        let sentences = a["sentences"].as_u64().unwrap();
        assert!((3..=8).contains(&sentences), "{}: {sentences}", a["id"]);
        assert_eq!(a["boilerplate"], 0, "{}", a["id"]);
        outlets.insert(a["outlet"].as_str().unwrap().to_string());
        let date = a["date"].as_str().unwrap();
        assert!(date.starts_with("2026-"), "{date}");
        months.insert(date[..7].to_string());
    }
    assert_eq!(outlets.len(), 4);
    assert!(months.len() >= 6, "{months:?}");
    let out = stdout_of_success(stance().args([
        "shares",
        "data/archive.jsonl",
        "--group-by",
        "outlet",
        "--method",
        "cc",
        "--bootstrap",
        "0",
        "--format",
        "csv",
    ]));
    let rows = parse(&out);
    assert_eq!(rows[0][0], "outlet");
    for outlet in &outlets {
        let mine: Vec<_> = rows.iter().filter(|r| r[0] == *outlet).collect();
        assert_eq!(mine.len(), 3, "{outlet}");
        let total: f64 = mine.iter().map(|r| r[3].parse::<f64>().unwrap()).sum();
        assert!((total - 1.0).abs() < 1e-3, "{outlet}: {total}");
    }
    assert_eq!(rows.len(), 1 + 3 * outlets.len());
}

/// The README's worked example is what the program prints and draws: each `shares` command shown
/// there is rerun, its table compared with the block that follows it, and its chart with the one
/// in `docs/`.
#[test]
fn the_readme_example_is_what_shares_prints_and_draws() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = readme();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for (at, _) in readme.match_indices("cargo run --release -- shares data/archive.jsonl") {
        let line = readme[at..].lines().next().unwrap();
        let mut args: Vec<String> = line.split_whitespace().skip(4).map(String::from).collect();
        let chart = args.iter().position(|a| a == "--chart").unwrap() + 1;
        let committed = root.join(&args[chart]);
        let drawn = dir.path().join("chart.svg");
        args[chart] = drawn.display().to_string();
        let printed = stdout_of_success(stance().args(&args));
        let shown = text_block_at(&readme, at);
        let rerun = "rerun the README's shares commands and paste their output and charts";
        assert_eq!(printed, shown, "{line}: {rerun}");
        assert!(
            std::fs::read(&drawn).unwrap() == std::fs::read(&committed).unwrap(),
            "{} differs from what {line} draws: {rerun}",
            committed.display()
        );
        checked += 1;
    }
    assert_eq!(checked, 2);
}

/// A replicate count that would run for hours is refused at once, naming the flag and the
/// limit; the limit itself is taken.
#[test]
fn a_runaway_bootstrap_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = archive(dir.path(), 2);
    let out = stance()
        .arg("shares")
        .arg(&data)
        .args(["--bootstrap", "100000000000"])
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    // A usage error, as every out-of-range option is.
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("invalid value '100000000000' for --bootstrap: give at most 100000"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let limit = stance::shares::MAX_BOOTSTRAP;
    let options = stance::shares::SharesOptions {
        bootstrap: limit + 1,
        ..Default::default()
    };
    let pipeline = stance::format::from_bytes(
        &std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/stance.model")).unwrap(),
        Path::new("m"),
    )
    .unwrap();
    let err = stance::shares::measure_shares(&pipeline, Vec::new(), &options, None).unwrap_err();
    assert!(matches!(
        err.kind(),
        stance::error::ErrorKind::InvalidSetting {
            setting: stance::error::Setting::Bootstrap,
            ..
        }
    ));
    let options = stance::shares::SharesOptions {
        bootstrap: limit,
        ..Default::default()
    };
    assert!(stance::shares::measure_shares(&pipeline, Vec::new(), &options, None).is_ok());
}

#[test]
fn calibration_folds_keep_a_groups_sentences_together_as_the_option_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let source = |extra: &[&str]| {
        let model = dir.path().join("m.model");
        stance()
            .args(["train", "--quiet", "--model"])
            .arg(&model)
            .args(extra)
            .assert()
            .success();
        let text = stdout_of_success(stance().args(["inspect", "--model"]).arg(&model));
        text.lines()
            .find(|l| l.starts_with("calibration"))
            .unwrap()
            .to_string()
    };
    // data/train.csv has a mission column, read by default.
    assert!(source(&[]).contains("(folds keep each mission whole, seed 42)"));
    assert!(source(&["--calibration-groups", "register"])
        .contains("(folds keep each register whole, seed 42)"));
    let plain = source(&["--calibration-groups", "none"]);
    assert!(plain.ends_with("on train.csv (seed 42))"), "{plain}");
    // A column the data lacks is no error: the folds are plain.
    assert_eq!(source(&["--calibration-groups", "outlet"]), plain);
}
