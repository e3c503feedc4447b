//! Writing results for people (aligned tables) and programs (CSV, JSON, JSON Lines).
//!
//! Classification output is streamed: each article is written as soon as it is scored, so output
//! starts at once and memory does not grow with the number of articles.

use std::io::{self, Write};

use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::classify::ArticleResult;
use crate::classify::explain::SentenceExplanation;
use crate::eval::metrics::{BootstrapIntervals, Evaluation, Interval, CALIBRATION_BINS};
use crate::pipeline::{Contribution, Pipeline};
use crate::eval::tune::{Trial, Tuning};
use crate::eval::validation::{Assessment, ConfidentError, CrossValidation, Holdout};

/// Output format of `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Rounds for display and for machine output alike, so that a figure reads the same everywhere.
fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

fn labelled_map(labels: &[String], values: impl Iterator<Item = Value>) -> Value {
    let mut m = Map::new();
    for (l, v) in labels.iter().zip(values) {
        m.insert(l.clone(), v);
    }
    Value::Object(m)
}

/// One article as a JSON line, serialised straight from borrowed data: building a
/// `serde_json::Value` per article cost more than scoring it.
#[derive(Serialize)]
struct ArticleRecord<'a> {
    id: &'a str,
    sentences: usize,
    counts: LabelMap<'a, usize>,
    shares: Rounded<'a>,
    mean_probabilities: Rounded<'a>,
    verdict: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sentence_results: Option<SentenceRecords<'a>>,
}

/// Values keyed by label, serialised as a JSON object in label order.
struct LabelMap<'a, T>(&'a [String], &'a [T]);

impl<T: Serialize> Serialize for LabelMap<'_, T> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut map = ser.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0.iter().zip(self.1) {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A label map of shares or probabilities, rounded to 4 decimals.
struct Rounded<'a>(LabelMap<'a, f64>);

impl Serialize for Rounded<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let LabelMap(labels, values) = &self.0;
        let mut map = ser.serialize_map(Some(labels.len()))?;
        for (k, v) in labels.iter().zip(values.iter()) {
            map.serialize_entry(k, &round(*v, 4))?;
        }
        map.end()
    }
}

struct SentenceRecords<'a> {
    labels: &'a [String],
    result: &'a ArticleResult,
    text: &'a str,
}

#[derive(Serialize)]
struct SentenceRecord<'a> {
    index: usize,
    start: usize,
    end: usize,
    label: &'a str,
    probabilities: Rounded<'a>,
    text: &'a str,
}

impl Serialize for SentenceRecords<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_seq(self.result.sentences.iter().map(|r| SentenceRecord {
            index: r.index,
            start: r.span.start,
            end: r.span.end,
            label: &self.labels[r.label],
            probabilities: Rounded(LabelMap(self.labels, &r.probabilities)),
            text: &self.text[r.span.clone()],
        }))
    }
}

/// Formats `classify` results. It holds no output, so worker threads can format articles in
/// parallel into their own buffers.
#[derive(Debug, Clone)]
pub struct Formatter {
    format: Format,
    labels: Vec<String>,
    sentences: bool,
    explain: bool,
}

fn write_csv(out: &mut impl Write, fields: &[String]) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(fields)?;
    let buf = w.into_inner().map_err(|e| e.into_error())?;
    out.write_all(&buf)
}

impl Formatter {
    /// A formatter for `labels` in `format`; with `sentences`, tables and CSV list sentence rows
    /// and JSONL adds a `sentence_results` array to each article.
    pub fn new(format: Format, labels: &[String], sentences: bool) -> Self {
        Formatter {
            format,
            labels: labels.to_vec(),
            sentences,
            explain: false,
        }
    }

    /// Adds explanations to the output: sentence rows in every format, each with the terms that
    /// pushed it towards and against its label, and each article's most framed sentences
    /// (JSONL: a `most_framed` object; CSV: a `most_framed_for` column naming the labels a
    /// sentence is the article's most framed sentence for; table: a line per label after the
    /// article's sentences). Pass the explanations to [`Formatter::article`].
    pub fn with_explanations(mut self) -> Self {
        self.explain = true;
        self.sentences = true;
        self
    }

    /// Writes the header (CSV and table formats; nothing for JSONL).
    pub fn header(&self, out: &mut impl Write) -> io::Result<()> {
        let mut cols: Vec<String> = if self.sentences {
            vec!["id".into(), "sentence".into(), "label".into()]
        } else {
            vec!["id".into(), "sentences".into()]
        };
        match self.format {
            Format::Jsonl => Ok(()),
            Format::Csv => {
                if self.sentences {
                    cols.extend(self.labels.iter().map(|l| format!("p_{l}")));
                    cols.push("text".into());
                    if self.explain {
                        cols.extend(["towards", "against", "most_framed_for"].map(String::from));
                    }
                } else {
                    cols.extend(self.labels.iter().map(|l| format!("n_{l}")));
                    cols.extend(self.labels.iter().map(|l| format!("share_{l}")));
                    cols.extend(self.labels.iter().map(|l| format!("mean_p_{l}")));
                    cols.push("verdict".into());
                }
                write_csv(out, &cols)
            }
            Format::Table => {
                if self.sentences {
                    let mut line = format!("{:<28} {:>4}  {:<13}", "ID", "#", "LABEL");
                    for l in &self.labels {
                        line.push_str(&format!(" {:>7}", short(l)));
                    }
                    line.push_str("  TEXT");
                    writeln!(out, "{line}")
                } else {
                    let mut line = format!("{:<28} {:>9}", "ID", "SENTENCES");
                    for l in &self.labels {
                        line.push_str(&format!(" {:>13}", l.to_uppercase()));
                    }
                    line.push_str("  VERDICT");
                    writeln!(out, "{line}")
                }
            }
        }
    }

    /// One article as a JSON record, with its sentences when `sentences` is set.
    fn record<'a>(
        &'a self,
        result: &'a ArticleResult,
        text: &'a str,
        sentences: bool,
    ) -> ArticleRecord<'a> {
        let s = &result.summary;
        ArticleRecord {
            id: &s.id,
            sentences: s.sentences,
            counts: LabelMap(&self.labels, &s.counts),
            shares: Rounded(LabelMap(&self.labels, &s.shares)),
            mean_probabilities: Rounded(LabelMap(&self.labels, &s.mean_probabilities)),
            verdict: &s.verdict,
            sentence_results: sentences.then_some(SentenceRecords {
                labels: &self.labels,
                result,
                text,
            }),
        }
    }

    /// Writes one article (`text` is the article's text, for sentence rows), with its
    /// explanation when the formatter was made [`Formatter::with_explanations`] and the result
    /// carries one.
    pub fn article(
        &self,
        result: &ArticleResult,
        text: &str,
        out: &mut impl Write,
    ) -> io::Result<()> {
        let explanation = result.explanation.as_ref().filter(|_| self.explain);
        let sentence_explanation = |i: usize| explanation.and_then(|e| e.sentences.get(i));
        let s = &result.summary;
        match (self.format, self.sentences) {
            (Format::Jsonl, _) if explanation.is_none() => {
                serde_json::to_writer(&mut *out, &self.record(result, text, self.sentences))?;
                writeln!(out)
            }
            (Format::Jsonl, _) => {
                // Explained output is for reading, not bulk scoring: build it as a value.
                let mut obj = serde_json::to_value(self.record(result, text, true))?;
                if let Some(rows) = obj["sentence_results"].as_array_mut() {
                    for (i, row) in rows.iter_mut().enumerate() {
                        if let Some(e) = sentence_explanation(i) {
                            row["towards"] = contributions_json(&e.towards);
                            row["against"] = contributions_json(&e.against);
                        }
                    }
                }
                if let Some(e) = explanation {
                    let mut most = Map::new();
                    for f in &e.most_framed {
                        let sentence = &result.sentences[f.index - 1];
                        most.insert(
                            self.labels[f.label].clone(),
                            json!({
                                "index": f.index,
                                "probability": round(f.probability, 4),
                                "text": &text[sentence.span.clone()],
                            }),
                        );
                    }
                    obj["most_framed"] = Value::Object(most);
                }
                serde_json::to_writer(&mut *out, &obj)?;
                writeln!(out)
            }
            (Format::Csv, false) => {
                let mut f = vec![s.id.clone(), s.sentences.to_string()];
                f.extend(s.counts.iter().map(|c| c.to_string()));
                f.extend(s.shares.iter().map(|x| format!("{:.4}", x)));
                f.extend(s.mean_probabilities.iter().map(|x| format!("{:.4}", x)));
                f.push(s.verdict.clone());
                write_csv(out, &f)
            }
            (Format::Csv, true) => {
                for (i, r) in result.sentences.iter().enumerate() {
                    let mut f = vec![
                        s.id.clone(),
                        r.index.to_string(),
                        self.labels[r.label].clone(),
                    ];
                    f.extend(r.probabilities.iter().map(|x| format!("{:.4}", x)));
                    f.push(text[r.span.clone()].to_string());
                    if self.explain {
                        let e = sentence_explanation(i).cloned().unwrap_or_default();
                        f.push(contributions_text(&e.towards, "; "));
                        f.push(contributions_text(&e.against, "; "));
                        let framed: Vec<&str> = explanation
                            .map(|e| {
                                e.most_framed
                                    .iter()
                                    .filter(|m| m.index == r.index)
                                    .map(|m| self.labels[m.label].as_str())
                                    .collect()
                            })
                            .unwrap_or_default();
                        f.push(framed.join(";"));
                    }
                    write_csv(out, &f)?;
                }
                Ok(())
            }
            (Format::Table, false) => {
                let mut line = format!("{:<28} {:>9}", clip_left(&s.id, 28), s.sentences);
                for (c, share) in s.counts.iter().zip(&s.shares) {
                    line.push_str(&format!(" {:>5} ({:>4.0}%)", c, share * 100.0));
                }
                line.push_str(&format!("  {}", s.verdict));
                writeln!(out, "{line}")
            }
            (Format::Table, true) => {
                for (i, r) in result.sentences.iter().enumerate() {
                    let mut line = format!(
                        "{:<28} {:>4}  {:<13}",
                        clip_left(&s.id, 28),
                        r.index,
                        self.labels[r.label]
                    );
                    for p in &r.probabilities {
                        line.push_str(&format!(" {:>7.3}", p));
                    }
                    let one_line: String = text[r.span.clone()]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    line.push_str(&format!("  {}", clip(&one_line, 90)));
                    writeln!(out, "{line}")?;
                    if let Some(e) = sentence_explanation(i) {
                        write_table_explanation(out, e)?;
                    }
                }
                if let Some(e) = explanation {
                    for f in &e.most_framed {
                        let sentence = &result.sentences[f.index - 1];
                        let one_line = text[sentence.span.clone()]
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        writeln!(
                            out,
                            "{:<28} most {}-framed: #{} (p {:.3})  {}",
                            "",
                            self.labels[f.label],
                            f.index,
                            f.probability,
                            clip(&one_line, 80)
                        )?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// The two explanation lines under a table's sentence row.
fn write_table_explanation(out: &mut impl Write, e: &SentenceExplanation) -> io::Result<()> {
    for (sign, list) in [("+", &e.towards), ("-", &e.against)] {
        let terms = if list.is_empty() {
            "(none)".to_string()
        } else {
            contributions_text(list, ", ")
        };
        writeln!(out, "{:<35}{sign} {terms}", "")?;
    }
    Ok(())
}

/// Streams `classify` results to a writer, one article at a time.
pub struct ClassifyWriter<W: Write> {
    out: W,
    formatter: Formatter,
    header_done: bool,
}

impl<W: Write> ClassifyWriter<W> {
    /// A writer for `labels` in `format` (see [`Formatter::new`]).
    pub fn new(out: W, format: Format, labels: &[String], sentences: bool) -> Self {
        ClassifyWriter {
            out,
            formatter: Formatter::new(format, labels, sentences),
            header_done: false,
        }
    }

    /// Adds explanations (see [`Formatter::with_explanations`]).
    pub fn with_explanations(mut self) -> Self {
        self.formatter = self.formatter.with_explanations();
        self
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header_done {
            self.header_done = true;
            self.formatter.header(&mut self.out)?;
        }
        Ok(())
    }

    /// Writes one article (`text` is the article's text, for sentence rows; see
    /// [`Formatter::article`]).
    pub fn write(&mut self, result: &ArticleResult, text: &str) -> io::Result<()> {
        self.header()?;
        self.formatter.article(result, text, &mut self.out)
    }

    /// Writes bytes already formatted by this writer's [`Formatter`].
    pub fn write_formatted(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.header()?;
        self.out.write_all(bytes)
    }

    /// The formatter, for formatting articles on other threads.
    pub fn formatter(&self) -> &Formatter {
        &self.formatter
    }

    /// Flushes the output.
    pub fn finish(mut self) -> io::Result<()> {
        self.header()?;
        self.out.flush()
    }
}

/// `term (+0.123)` items joined by `separator`.
fn contributions_text(list: &[Contribution], separator: &str) -> String {
    list.iter()
        .map(|c| format!("{} ({:+.3})", c.term, c.value))
        .collect::<Vec<_>>()
        .join(separator)
}

fn contributions_json(list: &[Contribution]) -> Value {
    Value::Array(
        list.iter()
            .map(|c| json!({"term": c.term, "contribution": round(c.value, 4)}))
            .collect(),
    )
}

fn short(label: &str) -> String {
    let mut s: String = label.chars().take(7).collect();
    s.make_ascii_uppercase();
    s
}

/// Clips an identifier from the left, since paths differ in their last part.
fn clip_left(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        s.to_string()
    } else {
        let mut out = String::from("…");
        out.extend(s.chars().skip(n - width + 1));
        out
    }
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// The evaluation as a JSON value: `accuracy`, `macro_f1`, `kappa`, `mcc`, `per_class` (label ->
/// precision, recall, f1, support), `confusion` (rows = true labels), averages and the baseline.
pub fn evaluation_json(e: &Evaluation) -> Value {
    let mut per_class = Map::new();
    for (label, m) in &e.per_class {
        per_class.insert(
            label.clone(),
            serde_json::to_value(m).unwrap_or(Value::Null),
        );
    }
    json!({
        "n": e.n,
        "labels": e.labels,
        "accuracy": e.accuracy,
        "macro_f1": e.macro_f1,
        "kappa": e.kappa,
        "mcc": e.mcc,
        "per_class": per_class,
        "macro_avg": e.macro_avg,
        "weighted_avg": e.weighted_avg,
        "confusion": e.confusion,
        "baseline": e.baseline,
        "zero_support": e.zero_support,
    })
}

/// [`evaluation_json`] plus the probability metrics: `roc_auc` and `average_precision` (label ->
/// value or null), `macro_roc_auc`, `log_loss`, `ece` and `calibration` (the binning and its bins).
pub fn assessment_json(a: &Assessment) -> Value {
    let p = &a.probability;
    let labels = &a.evaluation.labels;
    let mut v = evaluation_json(&a.evaluation);
    v["roc_auc"] = labelled_map(labels, p.roc_auc.iter().map(|x| json!(x)));
    v["average_precision"] = labelled_map(labels, p.average_precision.iter().map(|x| json!(x)));
    v["macro_roc_auc"] = json!(p.macro_roc_auc);
    v["log_loss"] = json!(p.log_loss);
    v["ece"] = json!(p.ece);
    v["calibration"] = json!({
        "binning": format!("{CALIBRATION_BINS} equal-width bins on the top-class probability"),
        "bins": p.reliability,
    });
    v
}

fn intervals_json(i: &BootstrapIntervals) -> Value {
    serde_json::to_value(i).unwrap_or(Value::Null)
}

/// `evaluate`'s JSON for a model on held-out data: [`assessment_json`] plus `intervals` (95%
/// bootstrap intervals of accuracy and macro-F1), `unknown_labels`, and `errors` when asked for.
pub fn holdout_json(h: &Holdout, errors: Option<&[ConfidentError]>) -> Value {
    let mut v = assessment_json(&h.assessment);
    v["intervals"] = intervals_json(&h.intervals);
    v["unknown_labels"] = json!(h.unknown_labels);
    if let Some(errors) = errors {
        v["errors"] = json!(errors);
    }
    v
}

/// `evaluate --cv`'s JSON: `cross_validation` (k, seed, fold sizes), `metrics` (name -> mean,
/// std, folds), `pooled` ([`assessment_json`] of the out-of-fold predictions), `intervals` (of the
/// pooled accuracy and macro-F1), and `errors` when asked for.
pub fn cross_validation_json(cv: &CrossValidation, errors: Option<&[ConfidentError]>) -> Value {
    let mut metrics = Map::new();
    for m in &cv.summary {
        metrics.insert(
            m.name.clone(),
            json!({"mean": m.mean, "std": m.std, "folds": m.folds}),
        );
    }
    let mut v = json!({
        "cross_validation": {
            "k": cv.k,
            "seed": cv.seed,
            "stratified": true,
            "fold_sizes": cv.fold_sizes,
            "std": "sample standard deviation across folds (divisor K - 1)",
        },
        "metrics": metrics,
        "pooled": assessment_json(&cv.pooled),
        "intervals": intervals_json(&cv.intervals),
    });
    if let Some(errors) = errors {
        v["errors"] = json!(errors);
    }
    v
}

fn label_width(labels: &[String]) -> usize {
    labels.iter().map(|l| l.len()).max().unwrap_or(5).max(14)
}

fn interval_text(i: &Interval) -> String {
    format!("{:.3}  (95% CI {:.3}-{:.3})", i.estimate, i.lower, i.upper)
}

fn optional(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{v:.3}"))
}

/// Per-label figures, averages, overall agreement and probability metrics, the baseline and the
/// confusion matrix of one assessment, as an aligned table.
pub fn assessment_table(a: &Assessment, intervals: &BootstrapIntervals) -> String {
    let e = &a.evaluation;
    let p = &a.probability;
    let mut s = String::new();
    let width = label_width(&e.labels);
    s.push_str(&format!(
        "{:<width$} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
        "", "precision", "recall", "f1", "roc-auc", "avg-prec", "support"
    ));
    for (c, (label, m)) in e.per_class.iter().enumerate() {
        s.push_str(&format!(
            "{:<width$} {:>9.3} {:>9.3} {:>9.3} {:>9} {:>9} {:>9}\n",
            label,
            m.precision,
            m.recall,
            m.f1,
            optional(p.roc_auc[c]),
            optional(p.average_precision[c]),
            m.support
        ));
    }
    s.push('\n');
    for (name, avg) in [
        ("macro avg", &e.macro_avg),
        ("weighted avg", &e.weighted_avg),
    ] {
        s.push_str(&format!(
            "{:<width$} {:>9.3} {:>9.3} {:>9.3} {:>9} {:>9} {:>9}\n",
            name,
            avg.precision,
            avg.recall,
            avg.f1,
            if name == "macro avg" {
                optional(p.macro_roc_auc)
            } else {
                String::new()
            },
            "",
            e.n
        ));
    }
    s.push('\n');
    let lines = [
        ("accuracy", interval_text(&intervals.accuracy)),
        ("macro-F1", interval_text(&intervals.macro_f1)),
        ("Cohen's kappa", format!("{:.3}", e.kappa)),
        ("Matthews corr.", format!("{:.3}", e.mcc)),
        ("log-loss", format!("{:.3}", p.log_loss)),
        (
            "ECE",
            format!(
                "{:.3}  ({CALIBRATION_BINS} equal-width bins on the top-class probability)",
                p.ece
            ),
        ),
        (
            "baseline",
            format!(
                "always '{}': accuracy {:.3}, macro-F1 {:.3}",
                e.baseline.label, e.baseline.accuracy, e.baseline.macro_f1
            ),
        ),
    ];
    for (name, value) in lines {
        s.push_str(&format!("{name:<width$} {value}\n"));
    }
    s.push_str(&format!(
        "{:<width$} {} resamples, seed {}\n",
        "bootstrap", intervals.resamples, intervals.seed
    ));
    s.push_str(&confusion_table(&e.labels, &e.confusion));
    for l in &e.zero_support {
        s.push_str(&format!(
            "warning: no sentence in the data has the label '{l}'; its recall and F1 are reported as 0\n"
        ));
    }
    s
}

fn confusion_table(labels: &[String], confusion: &[Vec<usize>]) -> String {
    let width = label_width(labels);
    let mut s = String::from("\nconfusion (rows: true label, columns: predicted)\n");
    s.push_str(&format!("{:<width$}", ""));
    for l in labels {
        s.push_str(&format!(" {:>13}", l));
    }
    s.push('\n');
    for (label, row) in labels.iter().zip(confusion) {
        s.push_str(&format!("{:<width$}", label));
        for n in row {
            s.push_str(&format!(" {:>13}", n));
        }
        s.push('\n');
    }
    s
}

/// Cross-validation as an aligned table: every metric's mean, standard deviation and per-fold
/// values (per-fold columns for up to ten folds), then the pooled out-of-fold figures.
pub fn cross_validation_table(cv: &CrossValidation) -> String {
    let width = cv
        .summary
        .iter()
        .map(|m| m.name.len())
        .max()
        .unwrap_or(10)
        .max(16);
    let show_folds = cv.k <= 10;
    let mut s = format!("{:<width$} {:>8} {:>8}", "metric", "mean", "std");
    if show_folds {
        for f in 1..=cv.k {
            s.push_str(&format!(" {:>7}", format!("fold {f}")));
        }
    }
    s.push('\n');
    for m in &cv.summary {
        s.push_str(&format!(
            "{:<width$} {:>8.3} {:>8.3}",
            m.name, m.mean, m.std
        ));
        if show_folds {
            for v in &m.folds {
                s.push_str(&format!(" {v:>7.3}"));
            }
        }
        s.push('\n');
    }
    s.push_str(&format!(
        "\npooled out-of-fold predictions (each sentence scored by the fold model that did not train on it):\n\n{}",
        assessment_table(&cv.pooled, &cv.intervals)
    ));
    s
}

/// The most confident mistakes as a table: line, true and predicted label, probability, text.
pub fn errors_table(errors: &[ConfidentError]) -> String {
    let mut s = format!(
        "\nmost confident mistakes ({}):\n{:>6}  {:<13} {:<13} {:>5}  TEXT\n",
        errors.len(),
        "LINE",
        "TRUE",
        "PREDICTED",
        "P"
    );
    for e in errors {
        let one_line = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
        s.push_str(&format!(
            "{:>6}  {:<13} {:<13} {:>5.3}  {}\n",
            e.line,
            e.truth,
            e.predicted,
            e.probability,
            clip(&one_line, 90)
        ));
    }
    s
}

/// The header of `tune`'s table, for a grid whose point labels are up to `width` wide.
pub fn tuning_header(width: usize) -> String {
    format!(
        "{:<width$}  {:>15}  {:>15}",
        "setting", "macro-F1", "accuracy"
    )
}

/// One row of `tune`'s table: the grid point, its mean ± std macro-F1 and accuracy.
pub fn tuning_row(t: &Trial, width: usize) -> String {
    format!(
        "{:<width$}  {:>15}  {:>15}",
        t.point.label,
        format!("{:.3} ± {:.3}", t.macro_f1.mean, t.macro_f1.std),
        format!("{:.3} ± {:.3}", t.accuracy.mean, t.accuracy.std),
    )
}

/// `tune`'s closing line naming the best setting.
pub fn tuning_best(t: &Tuning) -> String {
    let best = t.best();
    format!(
        "best: {} (macro-F1 {:.3} ± {:.3} over {} folds)",
        best.point.label, best.macro_f1.mean, best.macro_f1.std, t.k
    )
}

/// `inspect`'s report: settings, training summary and the strongest features per label.
pub fn inspect_report(p: &Pipeline, top: usize) -> String {
    let sum = p.summary();
    let st = &sum.settings;
    let f = &st.features;
    let mut s = String::new();
    s.push_str(&format!(
        "model trained by stance {} on {} ({} sentences)\n",
        sum.crate_version, sum.data_source, sum.documents
    ));
    for (label, n) in &sum.per_label {
        s.push_str(&format!("  {label:<14} {n:>7} sentences\n"));
    }
    s.push_str(&format!(
        "tokenizer: stemming {}, negation marking {}, stop words {:?}\n",
        on_off(st.tokenizer.stem),
        on_off(st.tokenizer.negation),
        st.tokenizer.stop_words
    ));
    s.push_str(&format!(
        "features: {}-{} grams, min_df {}, max_df {}, max_features {}, sublinear tf {}; vocabulary {} terms\n",
        f.ngram_min,
        f.ngram_max,
        f.min_df,
        f.max_df,
        f.max_features
            .map(|m| m.to_string())
            .unwrap_or_else(|| "none".into()),
        on_off(f.sublinear_tf),
        sum.vocabulary
    ));
    let c = &sum.convergence;
    s.push_str(&format!(
        "model: logistic regression, C {}, class weight {:?}, max_iter {}; {} iterations, gradient norm {:.2e}, loss {:.4} ({})\n",
        st.model.c, st.model.class_weight, st.model.max_iter, c.iterations, c.gradient_norm, c.loss, c.reason
    ));
    if c.hit_iteration_cap {
        s.push_str(
            "warning: training stopped at the iteration cap; retrain with a higher --max-iter\n",
        );
    }
    s.push_str(&format!(
        "training accuracy {:.3}, seed {}\n",
        sum.training_accuracy, st.seed
    ));
    for (label, feats) in p.top_features(top) {
        s.push_str(&format!("\nstrongest features for {label}:\n"));
        for (term, w) in feats {
            s.push_str(&format!("  {w:>+8.3}  {term}\n"));
        }
    }
    s
}

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{ArticleSummary, SentenceResult};

    fn result() -> (ArticleResult, &'static str) {
        let text = "First one. Second, with \"quotes\".";
        (
            ArticleResult {
                summary: ArticleSummary {
                    id: "a,1".into(),
                    sentences: 2,
                    counts: vec![1, 0, 1],
                    shares: vec![0.5, 0.0, 0.5],
                    mean_probabilities: vec![0.4, 0.2, 0.4],
                    verdict: "mixed".into(),
                },
                sentences: vec![
                    SentenceResult {
                        index: 1,
                        span: 0..10,
                        label: 0,
                        probabilities: vec![0.6, 0.2, 0.2],
                    },
                    SentenceResult {
                        index: 2,
                        span: 11..33,
                        label: 2,
                        probabilities: vec![0.2, 0.2, 0.6],
                    },
                ],
                explanation: None,
            },
            text,
        )
    }

    fn labels() -> Vec<String> {
        ["enforcement", "neutral", "peacekeeping"]
            .map(String::from)
            .to_vec()
    }

    fn render(format: Format, sentences: bool) -> String {
        let (r, text) = result();
        let mut buf = Vec::new();
        let mut w = ClassifyWriter::new(&mut buf, format, &labels(), sentences);
        w.write(&r, text).unwrap();
        w.finish().unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn jsonl_has_counts_shares_and_sentences() {
        let out = render(Format::Jsonl, true);
        let v: Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v["id"], "a,1");
        assert_eq!(v["counts"]["peacekeeping"], 1);
        assert_eq!(v["verdict"], "mixed");
        assert_eq!(v["sentence_results"][1]["text"], "Second, with \"quotes\".");
        assert_eq!(v["sentence_results"][0]["label"], "enforcement");
    }

    #[test]
    fn csv_quotes_fields() {
        let out = render(Format::Csv, false);
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let headers = r.headers().unwrap().clone();
        assert_eq!(&headers[0], "id");
        assert!(headers.iter().any(|h| h == "share_peacekeeping"));
        let row = r.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "a,1");
        assert_eq!(row.get(row.len() - 1), Some("mixed"));
        let out = render(Format::Csv, true);
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_bytes())
            .records()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[1].get(rows[1].len() - 1),
            Some("Second, with \"quotes\".")
        );
    }

    #[test]
    fn table_lists_articles_or_sentences() {
        let out = render(Format::Table, false);
        assert!(out.lines().next().unwrap().contains("VERDICT"));
        assert!(out.contains("mixed"));
        let out = render(Format::Table, true);
        assert_eq!(out.lines().count(), 3);
        assert!(out.contains("First one."));
    }
}
