//! `evaluate` output: tables and JSON for held-out evaluation and cross-validation.

use serde_json::{json, Map, Value};

use super::*;
use crate::eval::metrics::{BootstrapIntervals, Evaluation, Interval, CALIBRATION_BINS};
use crate::eval::validation::{Assessment, ConfidentError, CrossValidation, Holdout};

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

pub(super) fn intervals_json(i: &BootstrapIntervals) -> Value {
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
            "stratified": cv.grouped_by.is_none(),
            "grouped_by": cv.grouped_by,
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

pub(super) fn label_width(labels: &[String]) -> usize {
    labels.iter().map(|l| l.len()).max().unwrap_or(5).max(14)
}

pub(super) fn interval_text(i: &Interval) -> String {
    format!("{:.3}  (95% CI {:.3}-{:.3})", i.estimate, i.lower, i.upper)
}

pub(super) fn optional(x: Option<f64>) -> String {
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

pub(super) fn confusion_table(labels: &[String], confusion: &[Vec<usize>]) -> String {
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

/// What an evaluation measured: a saved model, or the training procedure by cross-validation
/// (with its folds and the settings each fold was trained with).
#[derive(Debug, Clone, Copy)]
pub enum Measured<'a> {
    /// A saved model, on held-out data.
    Model(super::provenance::ModelUsed<'a>),
    /// The training procedure, cross-validated.
    CrossValidation {
        /// Number of folds.
        folds: usize,
        /// The settings every fold was trained with.
        settings: &'a crate::pipeline::TrainSettings,
        /// The column whose groups each fold kept whole; `None` for stratified folds.
        grouped_by: Option<&'a str>,
    },
}

/// The provenance of an `evaluate` run (and of its report): the shared record
/// ([`super::provenance::provenance`]; no model when cross-validating), the labelled data as
/// the input, the seed of the bootstrap (and of the folds), and for cross-validation the folds
/// and the training settings.
pub fn provenance(measured: Measured, data: &std::path::Path, seed: u64) -> Value {
    let model = match measured {
        Measured::Model(m) => Some(m),
        Measured::CrossValidation { .. } => None,
    };
    let inputs = [data.display().to_string()];
    let mut record = super::provenance::provenance("evaluate", model, &inputs);
    record.insert("seed".into(), seed.into());
    let cv = match measured {
        Measured::Model(_) => Value::Null,
        Measured::CrossValidation {
            folds,
            settings,
            grouped_by,
        } => json!({
            "folds": folds,
            "grouped_by": grouped_by,
            "settings": serde_json::to_value(settings).unwrap_or(Value::Null),
        }),
    };
    record.insert("cross_validation".into(), cv);
    Value::Object(record)
}

/// The terminal table of a comparison of model B (`b`, its file name) with model A (`a`) on
/// `data` (its file name).
pub fn comparison_table(
    c: &crate::eval::comparison::Comparison,
    a: &str,
    b: &str,
    data: &str,
) -> String {
    let d = |i: &Interval| {
        format!(
            "{:+.3}  (95% CI {:+.3} to {:+.3})",
            i.estimate, i.lower, i.upper
        )
    };
    let g = &c.agreement;
    let width = a.chars().count().max(b.chars().count()).max(5) + 3;
    let mut out = format!(
        "models compared on {data} ({} sentences; paired bootstrap, {} resamples, seed {})\n\n",
        c.n, c.resamples, c.seed
    );
    out += &format!("{:<width$} {:>9} {:>9}\n", "model", "accuracy", "macro-F1");
    out += &format!(
        "{:<width$} {:>9.3} {:>9.3}\n",
        format!("A: {a}"),
        c.a.accuracy,
        c.a.macro_f1
    );
    out += &format!(
        "{:<width$} {:>9.3} {:>9.3}\n\n",
        format!("B: {b}"),
        c.b.accuracy,
        c.b.macro_f1
    );
    out += &format!("B - A macro-F1   {}\n", d(&c.macro_f1_difference));
    out += &format!("B - A accuracy   {}\n", d(&c.accuracy_difference));
    out += &format!(
        "B ahead on macro-F1 in {:.1}% of resamples\n\n",
        100.0 * c.b_better_share
    );
    out += &format!(
        "sentences: {} right by both, {} by A only, {} by B only, {} by neither\n",
        g.both_right, g.only_a_right, g.only_b_right, g.both_wrong
    );
    out += &format!(
        "McNemar exact test (equal accuracy): p = {}\n",
        if c.mcnemar_p < 1e-4 {
            format!("{:.1e}", c.mcnemar_p)
        } else {
            format!("{:.4}", c.mcnemar_p)
        }
    );
    out
}

/// The JSON document of a comparison: the [`crate::eval::comparison::Comparison`]'s fields,
/// with the two model files and the data file.
pub fn comparison_json(
    c: &crate::eval::comparison::Comparison,
    a: &str,
    b: &str,
    data: &str,
) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
    v["model_a"] = json!(a);
    v["model_b"] = json!(b);
    v["data"] = json!(data);
    v
}
