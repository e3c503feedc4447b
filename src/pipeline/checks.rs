//! The checks a pipeline passes before it is used: a loaded model's summary must be one that
//! training could have written, and training data must be able to produce a model.

use super::*;

/// Checks that a loaded model's training summary is one that training could have written: its
/// numbers finite and in range, and its settings those the tokenizer and vectoriser really use.
/// Only a damaged or forged file fails this (the checksum catches damage), and a summary that
/// lies would make `inspect` lie.
pub(super) fn check_summary(parts: &PipelineParts) -> Result<()> {
    let summary = &parts.summary;
    let c = &summary.convergence;
    if !(c.gradient_norm.is_finite() && c.gradient_norm >= 0.0 && c.loss.is_finite()) {
        return Err(Error::inconsistent(
            "the convergence figures are not finite",
        ));
    }
    if !(0.0..=1.0).contains(&summary.training_accuracy) {
        return Err(Error::inconsistent(
            "the training accuracy is not between 0 and 1",
        ));
    }
    if summary.settings.features != *parts.vectorizer.settings()
        || summary.settings.tokenizer != parts.tokenizer
    {
        return Err(Error::inconsistent(
            "the recorded settings differ from those the model uses",
        ));
    }
    summary.settings.model.check().map(drop)
}

/// Refuses data that cannot train a model, naming the file and, where it helps, the lines.
pub(super) fn check_trainable(data: &LabelledSet) -> Result<()> {
    let fail = |problem| Err(Error::training(data.source.clone(), problem));
    if data.labels.is_empty() {
        return fail(TrainingProblem::NoRows);
    }
    let (labels, _) = data.label_indices();
    if labels.len() < 2 {
        return fail(TrainingProblem::OneLabel {
            label: labels.first().cloned().unwrap_or_default(),
        });
    }
    Ok(())
}
