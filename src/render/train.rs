//! `train` output: the training summary.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::pipeline::{Pipeline, TrainTimings};

/// What a finished training run did, as `train` prints it: sentences per label, vocabulary size,
/// how the optimiser finished, training accuracy, the training data's checksum, whether
/// calibration was stored, how long each stage took (`seconds` is the whole run, reading
/// included), how many rows were skipped for having no label, and where the model went.
pub fn train_summary(
    pipeline: &Pipeline,
    data: &[PathBuf],
    unlabelled: usize,
    model: &Path,
    seconds: f64,
    timings: &TrainTimings,
) -> String {
    let summary = pipeline.summary();
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "trained on {} sentences from {}",
        summary.documents,
        data.iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" + ")
    );
    if unlabelled > 0 {
        let _ = writeln!(out, "  skipped {unlabelled} rows without a label");
    }
    for (label, n) in &summary.per_label {
        let _ = writeln!(out, "  {label:<14} {n:>7}");
    }
    let _ = writeln!(out, "vocabulary      {:>7} terms", summary.vocabulary);
    let c = &summary.convergence;
    let _ = writeln!(
        out,
        "optimiser       {:>7} iterations ({} evaluations), gradient norm {:.2e} ({})",
        c.iterations, c.evaluations, c.gradient_norm, c.reason
    );
    let _ = writeln!(out, "training acc.   {:>7.3}", summary.training_accuracy);
    let (checksum, calibration) = super::inspect::checksum_and_calibration(pipeline);
    let _ = writeln!(out, "data checksum   {checksum}");
    let _ = writeln!(out, "calibration     {calibration}");
    let _ = writeln!(
        out,
        "time            {:>7.2} s (vectorise {:.2} s, fit {:.2} s)",
        seconds, timings.vectorise_seconds, timings.fit_seconds
    );
    let _ = writeln!(out, "model written to {}", model.display());
    out
}
