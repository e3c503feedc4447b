//! The evaluation report: one directory that a researcher can publish or attach to a paper.
//!
//! [`write_report`] writes
//!
//! - `confusion.svg`: the confusion matrix as a heat map (shade = share of the true label's
//!   sentences, so rows read as recall; each cell also prints its count);
//! - `pr_curves.svg`: one-vs-rest precision-recall curve of every label, with its average
//!   precision;
//! - `reliability.svg`: the reliability diagram (accuracy against mean top-class probability in
//!   [`crate::eval::metrics::CALIBRATION_BINS`] equal-width bins) and the expected calibration error;
//! - `metrics.json` (the same document as `evaluate --format json`) and `metrics.csv` (one metric
//!   a line), readable without a browser;
//! - `provenance.json`: what produced the report ([`crate::render::provenance`]), also shown at
//!   the end of the page;
//! - `index.html`, which inlines the three figures and the tables, so the page alone is complete.
//!
//! The figures are drawn with `plotters`' SVG backend. Text stays text (`<text>` elements with a
//! generic font family), so the SVGs are small, searchable and render with whatever fonts the
//! reader has. The directory is written whole into a temporary directory and swapped in.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{Error, ErrorKind, Result};
use crate::eval::metrics::{one_vs_rest, precision_recall_curve, CALIBRATION_BINS};
use crate::eval::validation::{Assessment, ConfidentError, MetricRow};

/// Width and height of every figure, in pixels.
const FIGURE_SIZE: (u32, u32) = (640, 480);

/// What goes into a report.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The page title, e.g. "stance evaluation".
    pub title: String,
    /// What was measured on what, e.g. "model models/stance.model on data/test.csv (934
    /// sentences)".
    pub subtitle: String,
    /// The metrics and predictions behind the figures and per-class tables.
    pub assessment: &'a Assessment,
    /// The metric table.
    pub rows: Vec<MetricRow>,
    /// The most confident mistakes to list (may be empty).
    pub errors: &'a [ConfidentError],
    /// The machine-readable document written as `metrics.json`.
    pub json: &'a serde_json::Value,
    /// The provenance record written as `provenance.json` and shown on the page.
    pub provenance: &'a serde_json::Value,
}

/// The files of a report, in the order written.
pub const REPORT_FILES: [&str; 7] = [
    "confusion.svg",
    "pr_curves.svg",
    "reliability.svg",
    "metrics.json",
    "metrics.csv",
    "provenance.json",
    "index.html",
];

/// The file that marks a directory as a report of ours, so that a later report may replace it.
pub const MARKER: &str = ".stance-report";

/// Writes the report into `dir` and returns the paths written.
///
/// The report is written whole into a fresh temporary directory beside `dir` and then swapped in
/// for it, so that a failure half-way leaves the previous report (or nothing) as it was, never
/// new figures beside an old page. `dir` is replaced as a whole, so it must be missing, empty, or
/// an earlier report (which holds the [`MARKER`] file); anything else is refused unless `force`,
/// so that a user's own files are never lost. A directory holding one of `inputs` is refused
/// even with `force`.
pub fn write_report(
    dir: &Path,
    report: &Report,
    force: bool,
    inputs: &[&Path],
) -> Result<Vec<PathBuf>> {
    check_report_dir(dir, force, inputs)?;
    // A link to a directory stays a link: the report replaces the directory it leads to.
    let shown = dir;
    let resolved = resolve_link(dir)?;
    let dir = resolved.as_path();
    let a = report.assessment;
    let confusion = confusion_svg(a).map_err(plot_error(dir, "confusion.svg"))?;
    let pr = pr_curves_svg(a).map_err(plot_error(dir, "pr_curves.svg"))?;
    let reliability = reliability_svg(a).map_err(plot_error(dir, "reliability.svg"))?;
    let json = serde_json::to_string_pretty(report.json).unwrap_or_default() + "\n";
    let csv = metrics_csv(&report.rows)?;
    let provenance = serde_json::to_string_pretty(report.provenance).unwrap_or_default() + "\n";
    let html = index_html(report, [&confusion, &pr, &reliability], &provenance);
    let contents = [confusion, pr, reliability, json, csv, provenance, html];
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)
        .map_err(|e| Error::io(dir, "creating the report directory", e))?;
    crate::atomic::sweep_stale_temporaries(parent);
    let staging = tempfile::Builder::new()
        .prefix(&format!(
            "{}{}-",
            crate::atomic::REPORT_PREFIX,
            std::process::id()
        ))
        .tempdir_in(parent)
        .map_err(|e| Error::io(dir, "creating a temporary directory beside it", e))?;
    let mut names = Vec::new();
    for (name, content) in REPORT_FILES.iter().zip(contents) {
        let path = staging.path().join(name);
        std::fs::write(&path, content.as_bytes())
            .map_err(|e| Error::io(dir.join(name), "writing", e))?;
        readable_by_all(&path, 0o644)?;
        names.push(*name);
    }
    std::fs::write(
        staging.path().join(MARKER),
        "This directory is a report written by `stance evaluate --report`; a later report \
         replaces it whole.\n",
    )
    .map_err(|e| Error::io(dir.join(MARKER), "writing", e))?;
    readable_by_all(staging.path(), 0o755)?;
    swap_in(staging, dir)?;
    Ok(names.iter().map(|n| shown.join(n)).collect())
}

/// `dir` itself, or where it leads when it is a symbolic link; a link that leads nowhere (to
/// nothing, or round in a loop) is refused.
fn resolve_link(dir: &Path) -> Result<PathBuf> {
    if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(dir.to_path_buf());
    }
    std::fs::canonicalize(dir).map_err(|_| {
        Error::io(
            dir,
            "writing the report",
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "it is a link that leads nowhere (to nothing, or round in a loop)",
            ),
        )
    })
}

/// Refuses a report directory that is a file, that holds files of someone else's (unless
/// `force`), or that holds one of the inputs. [`write_report`] checks this itself; a caller may
/// check first, before the work whose results the report would hold.
pub fn check_report_dir(dir: &Path, force: bool, inputs: &[&Path]) -> Result<()> {
    resolve_link(dir)?;
    let Ok(meta) = std::fs::metadata(dir) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(Error::io(
            dir,
            "writing the report",
            std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "it is a file, not a directory",
            ),
        ));
    }
    if let Ok(canonical) = std::fs::canonicalize(dir) {
        for input in inputs {
            if input.as_os_str() == "-" {
                continue;
            }
            if std::fs::canonicalize(input).is_ok_and(|i| i.starts_with(&canonical)) {
                return Err(ErrorKind::OverwritesInput {
                    path: dir.to_path_buf(),
                    input: input.to_path_buf(),
                }
                .into());
            }
        }
    }
    let mut entries =
        std::fs::read_dir(dir).map_err(|e| Error::io(dir, "listing the report directory", e))?;
    let empty = entries.next().is_none();
    if !empty && !force && !dir.join(MARKER).is_file() {
        return Err(ErrorKind::ForeignDirectory {
            path: dir.to_path_buf(),
            marker: MARKER,
        }
        .into());
    }
    Ok(())
}

/// Puts the finished `staging` directory in the place of `dir`: the old directory is moved
/// aside, the new one renamed in, and the old one removed; if the rename fails, the old one is
/// moved back.
fn swap_in(staging: tempfile::TempDir, dir: &Path) -> Result<()> {
    let new = staging.keep();
    if std::fs::symlink_metadata(dir).is_err() {
        return std::fs::rename(&new, dir).map_err(|e| {
            let _ = std::fs::remove_dir_all(&new);
            Error::io(dir, "renaming the new report into place", e)
        });
    }
    let mut old_name = new.as_os_str().to_owned();
    old_name.push(".old");
    let old = PathBuf::from(old_name);
    if let Err(e) = std::fs::rename(dir, &old) {
        let _ = std::fs::remove_dir_all(&new);
        return Err(Error::io(dir, "moving the previous report aside", e));
    }
    if let Err(e) = std::fs::rename(&new, dir) {
        let _ = std::fs::rename(&old, dir);
        let _ = std::fs::remove_dir_all(&new);
        return Err(Error::io(dir, "renaming the new report into place", e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// A report is for publishing, so its files get the usual `rw-r--r--` rather than the owner-only
/// mode of the temporary file they were written through.
fn readable_by_all(path: &Path, mode: u32) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            .map_err(|e| Error::io(path, "setting the permissions of", e))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

fn plot_error<E: std::fmt::Display>(dir: &Path, file: &str) -> impl Fn(E) -> Error {
    let path = dir.join(file);
    move |e| {
        ErrorKind::Plot {
            path: path.clone(),
            message: e.to_string(),
        }
        .into()
    }
}

type PlotResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// A colour for label `c`, the same in every figure.
pub(crate) fn label_colour(c: usize) -> RGBColor {
    // Colour-blind-safe (Okabe-Ito) hues first; labels beyond them cycle.
    const COLOURS: [RGBColor; 6] = [
        RGBColor(213, 94, 0),
        RGBColor(0, 114, 178),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(230, 159, 0),
        RGBColor(86, 180, 233),
    ];
    COLOURS[c % COLOURS.len()]
}

/// White to dark blue as `share` goes from 0 to 1.
fn heat(share: f64) -> RGBColor {
    let s = share.clamp(0.0, 1.0);
    let mix = |from: f64, to: f64| (from + (to - from) * s).round() as u8;
    RGBColor(mix(247.0, 8.0), mix(251.0, 48.0), mix(255.0, 107.0))
}

fn confusion_svg(a: &Assessment) -> PlotResult<String> {
    let e = &a.evaluation;
    let k = e.labels.len();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, FIGURE_SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Confusion matrix (rows: true label; shade: share of the row)",
                ("sans-serif", 18),
            )
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(110)
            // plotters' integer ranges include their end, so k cells are 0..k-1.
            .build_cartesian_2d(
                (0..k as i32 - 1).into_segmented(),
                (0..k as i32 - 1).into_segmented(),
            )?;
        // Row t is drawn at y = k-1-t so that the first label is at the top, as in the tables.
        let row_label = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(y) => e
                .labels
                .get(k - 1 - *y as usize)
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        };
        let column_label = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(x) => e.labels.get(*x as usize).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("predicted label")
            .y_desc("true label")
            .x_label_formatter(&column_label)
            .y_label_formatter(&row_label)
            .label_style(("sans-serif", 14))
            .draw()?;
        let mut cells = Vec::new();
        let mut texts = Vec::new();
        for (t, row) in e.confusion.iter().enumerate() {
            let total: usize = row.iter().sum();
            for (p, &count) in row.iter().enumerate() {
                let share = if total > 0 {
                    count as f64 / total as f64
                } else {
                    0.0
                };
                let (x, y) = (p as i32, (k - 1 - t) as i32);
                cells.push(Rectangle::new(
                    [
                        (SegmentValue::Exact(x), SegmentValue::Exact(y)),
                        (SegmentValue::Exact(x + 1), SegmentValue::Exact(y + 1)),
                    ],
                    heat(share).filled(),
                ));
                let ink = if share > 0.5 { WHITE } else { BLACK };
                texts.push(Text::new(
                    format!("{count} ({:.0}%)", share * 100.0),
                    (SegmentValue::CenterOf(x), SegmentValue::CenterOf(y)),
                    ("sans-serif", 16)
                        .into_font()
                        .color(&ink)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ));
            }
        }
        chart.draw_series(cells)?;
        chart.draw_series(texts)?;
        root.present()?;
    }
    Ok(svg)
}

/// Draws the frame of a unit-square chart (both axes 0..1) and returns it.
fn unit_chart<'a, DB: DrawingBackend + 'a>(
    root: &'a DrawingArea<DB, plotters::coord::Shift>,
    caption: &str,
    x_desc: &str,
    y_desc: &str,
) -> PlotResult<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>>
where
    DB::ErrorType: 'static,
{
    let mut chart = ChartBuilder::on(root)
        .caption(caption, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(0f64..1f64, 0f64..1.02f64)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(6)
        .y_labels(6)
        .max_light_lines(1)
        .label_style(("sans-serif", 13))
        .draw()?;
    Ok(chart)
}

/// Draws the legend of the labelled series in a framed box at `position`.
fn draw_legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    position: SeriesLabelPosition,
) -> PlotResult<()>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .draw()?;
    Ok(())
}

fn pr_curves_svg(a: &Assessment) -> PlotResult<String> {
    let p = &a.predictions;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, FIGURE_SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = unit_chart(
            &root,
            "Precision-recall, one label against the rest",
            "recall",
            "precision",
        )?;
        for (c, label) in p.labels.iter().enumerate() {
            let (positive, scores) = one_vs_rest(&p.truth, &p.probabilities, c);
            let curve = precision_recall_curve(&positive, &scores);
            let Some(first) = curve.first() else {
                continue; // no sentence of this label: no curve
            };
            // Steps: precision holds from the previous recall up to this point's recall.
            let mut points = vec![(0.0, first.precision)];
            for pt in &curve {
                points.push((points[points.len() - 1].0, pt.precision));
                points.push((pt.recall, pt.precision));
            }
            let colour = label_colour(c);
            let ap = a.probability.average_precision[c].unwrap_or(0.0);
            chart
                .draw_series(LineSeries::new(points, colour.stroke_width(2)))?
                .label(format!("{label} (AP {ap:.3})"))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
                });
        }
        draw_legend(&mut chart, SeriesLabelPosition::LowerLeft)?;
        root.present()?;
    }
    Ok(svg)
}

fn reliability_svg(a: &Assessment) -> PlotResult<String> {
    let bins = &a.probability.reliability;
    let n: usize = bins.iter().map(|b| b.count).sum();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, FIGURE_SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        let caption = format!(
            "Reliability: ECE {:.3} ({CALIBRATION_BINS} equal-width bins)",
            a.probability.ece
        );
        let mut chart = unit_chart(
            &root,
            &caption,
            "top-class probability (confidence)",
            "accuracy",
        )?;
        chart
            .draw_series(LineSeries::new(
                vec![(0.0, 0.0), (1.0, 1.0)],
                RGBColor(150, 150, 150).stroke_width(1),
            ))?
            .label("perfectly calibrated")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RGBColor(150, 150, 150)));
        let bar = RGBColor(0, 114, 178);
        chart
            .draw_series(bins.iter().filter(|b| b.count > 0).map(|b| {
                Rectangle::new(
                    [(b.lower + 0.005, 0.0), (b.upper - 0.005, b.accuracy)],
                    bar.mix(0.35).filled(),
                )
            }))?
            .label("accuracy in the bin")
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 20, y + 5)], bar.mix(0.35).filled())
            });
        chart
            .draw_series(
                bins.iter()
                    .filter(|b| b.count > 0)
                    .map(|b| Circle::new((b.mean_confidence, b.accuracy), 4, bar.filled())),
            )?
            .label("mean confidence in the bin")
            .legend(move |(x, y)| Circle::new((x + 10, y), 4, bar.filled()));
        // The share of sentences in each bin, so that a wild bar on three sentences is seen as
        // such.
        chart.draw_series(bins.iter().filter(|b| b.count > 0).map(|b| {
            Text::new(
                format!("{}", b.count),
                ((b.lower + b.upper) / 2.0, (b.accuracy + 0.03).min(1.0)),
                ("sans-serif", 11)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
        }))?;
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        if n == 0 {
            root.draw(&Text::new(
                "no sentences",
                (FIGURE_SIZE.0 as i32 / 2, FIGURE_SIZE.1 as i32 / 2),
                ("sans-serif", 20).into_font(),
            ))?;
        }
        root.present()?;
    }
    Ok(svg)
}

/// `metric,value,std,ci_lower,ci_upper`, empty where a spread does not apply.
pub fn metrics_csv(rows: &[MetricRow]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::io("metrics.csv", "writing", std::io::Error::other(e));
    w.write_record(["metric", "value", "std", "ci_lower", "ci_upper"])
        .map_err(io)?;
    let opt = |x: Option<f64>| x.map(|v| format!("{v:.6}")).unwrap_or_default();
    for r in rows {
        w.write_record([
            r.name.clone(),
            format!("{:.6}", r.value),
            opt(r.std),
            opt(r.ci_lower),
            opt(r.ci_upper),
        ])
        .map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::io("metrics.csv", "writing", e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// An SVG document as an element to inline in HTML (without any XML declaration).
pub(crate) fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// The start of a standalone page up to its heading: the title, and the style every page of
/// ours shares (left-aligned first and `text` columns, figures no wider than the page).
pub(crate) fn page_start(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <style>\nbody {{ font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}\n\
         table {{ border-collapse: collapse; margin: 1rem 0; }}\n\
         th, td {{ border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: right; }}\n\
         th:first-child, td:first-child, th.text, td.text {{ text-align: left; }}\n\
         figure {{ margin: 1.5rem 0; }}\nfigure svg {{ max-width: 100%; height: auto; }}\n\
         .note {{ color: #555; font-size: 0.9rem; }}\n</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n",
        title = escape(title),
    )
}

fn index_html(report: &Report, figures: [&String; 3], provenance: &str) -> String {
    let a = report.assessment;
    let e = &a.evaluation;
    let mut h = page_start(&report.title);
    let _ = writeln!(h, "<p>{}</p>", escape(&report.subtitle));
    h.push_str("<h2>Metrics</h2>\n<table id=\"metrics\">\n<tr><th>metric</th><th>value</th>");
    let has_std = report.rows.iter().any(|r| r.std.is_some());
    if has_std {
        h.push_str("<th>std across folds</th>");
    }
    h.push_str("<th>95% bootstrap interval</th></tr>\n");
    for r in &report.rows {
        let _ = write!(h, "<tr><td>{}</td><td>{:.4}</td>", escape(&r.name), r.value);
        if has_std {
            let _ = write!(
                h,
                "<td>{}</td>",
                r.std.map(|s| format!("{s:.4}")).unwrap_or_default()
            );
        }
        let interval = match (r.ci_lower, r.ci_upper) {
            (Some(lo), Some(hi)) => format!("{lo:.4} – {hi:.4}"),
            _ => String::new(),
        };
        let _ = writeln!(h, "<td>{interval}</td></tr>");
    }
    h.push_str("</table>\n");
    h.push_str(
        "<h2>Per label</h2>\n<table id=\"per-class\">\n<tr><th>label</th><th>precision</th>\
         <th>recall</th><th>F1</th><th>ROC-AUC</th><th>average precision</th><th>support</th></tr>\n",
    );
    let opt = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_else(|| "–".into());
    for (c, (label, m)) in e.per_class.iter().enumerate() {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{:.4}</td><td>{:.4}</td><td>{:.4}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(label),
            m.precision,
            m.recall,
            m.f1,
            opt(a.probability.roc_auc[c]),
            opt(a.probability.average_precision[c]),
            m.support
        );
    }
    h.push_str("</table>\n");
    let sections = [
        ("Confusion matrix", "confusion.svg", figures[0]),
        ("Precision-recall curves", "pr_curves.svg", figures[1]),
        ("Reliability diagram", "reliability.svg", figures[2]),
    ];
    for (heading, file, svg) in sections {
        let _ = writeln!(
            h,
            "<h2>{heading}</h2>\n<figure id=\"{id}\">\n{svg}\n<figcaption class=\"note\">Also saved as <a href=\"{file}\">{file}</a>.</figcaption>\n</figure>",
            id = file.trim_end_matches(".svg"),
            svg = inline_svg(svg),
        );
        if file == "confusion.svg" {
            h.push_str("<table id=\"confusion\">\n<tr><th>true \\ predicted</th>");
            for l in &e.labels {
                let _ = write!(h, "<th>{}</th>", escape(l));
            }
            h.push_str("</tr>\n");
            for (l, row) in e.labels.iter().zip(&e.confusion) {
                let _ = write!(h, "<tr><td>{}</td>", escape(l));
                for n in row {
                    let _ = write!(h, "<td>{n}</td>");
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</table>\n");
        }
    }
    if !report.errors.is_empty() {
        h.push_str(
            "<h2>Most confident mistakes</h2>\n<table id=\"errors\">\n<tr><th>line</th><th>true</th>\
             <th>predicted</th><th>probability</th><th>sentence</th></tr>\n",
        );
        for err in report.errors {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.3}</td><td class=\"text\">{}</td></tr>",
                err.line,
                escape(&err.truth),
                escape(&err.predicted),
                err.probability,
                escape(&err.text)
            );
        }
        h.push_str("</table>\n");
    }
    let _ = write!(
        h,
        "<h2>Notes</h2>\n<ul class=\"note\">\n\
         <li>Calibration: {CALIBRATION_BINS} equal-width bins over the top-class probability, the \
         first bin [0, 0.1] and the others (b/10, (b+1)/10]; ECE is the mean of |accuracy − mean \
         confidence| over the bins, weighted by their share of sentences.</li>\n\
         <li>Intervals: 95% percentile bootstrap, 1000 resamples of the sentences drawn with \
         replacement by a seeded ChaCha8 generator.</li>\n\
         <li>Standard deviations across folds use the divisor K − 1.</li>\n\
         <li>Machine-readable: <a href=\"metrics.json\">metrics.json</a>, \
         <a href=\"metrics.csv\">metrics.csv</a>.</li>\n</ul>\n"
    );
    let _ = write!(
        h,
        "<h2>Provenance</h2>\n<p class=\"note\">What produced this report: the program, the model \
         file and the data it was trained on, the settings and the inputs (also saved as \
         <a href=\"provenance.json\">provenance.json</a>).</p>\n<pre id=\"provenance\">{}</pre>\n\
         </body>\n</html>\n",
        escape(provenance.trim_end())
    );
    h
}

#[cfg(test)]
mod tests;
