//! Training with calibration: besides the model, measure its error rates on sentences it did not
//! see (out-of-fold predictions of a seeded K-fold, whole groups per fold when the data names
//! them), for the adjusted quantification methods of `shares`.

use crate::budget::MemoryBudget;
use crate::corpus::LabelledSet;
use crate::error::{Error, Result, Setting, TrainingStep};
use crate::eval::sampling::{grouped_folds, stratified_folds};
use crate::pipeline::{Calibration, Pipeline, TrainTimings, ValidTrainSettings};
use crate::progress::{start, Progress, Stage, SILENT};

/// The default number of calibration folds.
pub const DEFAULT_FOLDS: usize = 5;

/// Whether training stored calibration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalibrationOutcome {
    /// Stored, from this many folds.
    Stored {
        /// Folds used.
        folds: usize,
    },
    /// Not asked for (0 folds).
    NotAsked,
    /// Skipped: a label has fewer sentences than there are folds, so some fold would lack it.
    Skipped {
        /// The label.
        label: String,
        /// Its sentences.
        count: usize,
        /// The folds asked for.
        folds: usize,
    },
}

/// Out-of-fold error rates of the training procedure on `data`: each sentence scored by the model
/// trained on the other `folds - 1` folds, dealt with the settings' seed. When `data` has groups
/// ([`LabelledSet::groups`]) that can make the folds, each group stays in one fold
/// ([`grouped_folds`]), and the calibration's source says so; otherwise the folds are
/// stratified by label. `Ok(None)`
/// when a label has fewer than `folds` sentences (see [`CalibrationOutcome::Skipped`]).
pub fn out_of_fold(
    data: &LabelledSet,
    settings: &ValidTrainSettings,
    folds: usize,
) -> Result<std::result::Result<Calibration, CalibrationOutcome>> {
    out_of_fold_with_progress(data, settings, folds, SILENT)
}

/// [`out_of_fold`], reporting the folds trained as [`Stage::Calibrating`] (and each fold's
/// training stages) to `progress`.
pub fn out_of_fold_with_progress(
    data: &LabelledSet,
    settings: &ValidTrainSettings,
    folds: usize,
    progress: Progress<'_>,
) -> Result<std::result::Result<Calibration, CalibrationOutcome>> {
    if folds < 2 {
        // One fold would leave nothing to train its model on.
        return Err(Error::out_of_range(
            Setting::CalibrationFolds,
            folds.to_string(),
            "0 (no calibration) or at least 2 folds",
        ));
    }
    let (labels, y) = data.label_indices();
    for (c, label) in labels.iter().enumerate() {
        let count = y.iter().filter(|&&v| v == c).count();
        if count < folds {
            return Ok(Err(CalibrationOutcome::Skipped {
                label: label.clone(),
                count,
                folds,
            }));
        }
    }
    // Folds that keep a group (a mission) together measure the model on groups it did not
    // train on, as it will meet real reporting; plain stratified folds let near-twins of a
    // sentence, written for the same mission, sit on both sides and flatter the error rates.
    let grouped = data.groups.as_ref().and_then(|g| {
        grouped_folds(&y, &g.values, folds, settings.seed).map(|f| (f, g.column.as_str()))
    });
    let (fold_of, how) = match grouped {
        Some((f, column)) => (f, format!("folds keep each {column} whole, ")),
        None => (stratified_folds(&y, folds, settings.seed), String::new()),
    };
    let mut probabilities = vec![Vec::new(); data.len()];
    let advance = start(progress, Stage::Calibrating, folds as u64);
    for fold in 0..folds {
        let step = TrainingStep::CalibrationFold { fold, folds };
        let (test, pipeline) =
            super::validation::train_fold(data, settings, (&fold_of, fold), step, progress)?;
        // Each fold's model has every label (each has at least `folds` sentences); map by name.
        let columns: Vec<usize> = labels
            .iter()
            .map(|l| pipeline.labels().iter().position(|m| m == l).unwrap_or(0))
            .collect();
        let scored = super::validation::score_in_order(&pipeline, &data.texts, &test, &columns);
        for (&i, p) in test.iter().zip(scored) {
            probabilities[i] = p;
        }
        advance(fold as u64 + 1);
    }
    let name = data
        .source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Ok(Calibration::from_predictions(
        format!(
            "{folds}-fold out-of-fold predictions on {name} ({how}seed {})",
            settings.seed
        ),
        folds,
        labels.len(),
        &y,
        &probabilities,
    )))
}

/// Trains on `data` (taken by value, as [`Pipeline::train_owned`]) and, unless `folds` is 0,
/// stores the out-of-fold calibration ([`out_of_fold`]) in the model. The folds are trained
/// first, one at a time, so peak memory is that of one training run.
pub fn train_calibrated(
    data: LabelledSet,
    settings: &ValidTrainSettings,
    budget: &MemoryBudget,
    folds: usize,
) -> Result<(Pipeline, TrainTimings, CalibrationOutcome)> {
    train_calibrated_with_progress(data, settings, budget, folds, SILENT)
}

/// [`train_calibrated`], reporting the calibration folds ([`out_of_fold_with_progress`]) and
/// then the stages of the final training to `progress`.
pub fn train_calibrated_with_progress(
    data: LabelledSet,
    settings: &ValidTrainSettings,
    budget: &MemoryBudget,
    folds: usize,
    progress: Progress<'_>,
) -> Result<(Pipeline, TrainTimings, CalibrationOutcome)> {
    let calibration = if folds == 0 {
        Err(CalibrationOutcome::NotAsked)
    } else {
        out_of_fold_with_progress(&data, settings, folds, progress)?
    };
    let (pipeline, timings) =
        Pipeline::train_owned_with_progress(data, settings, budget, progress)?;
    match calibration {
        Ok(c) => Ok((
            pipeline.with_calibration(c)?,
            timings,
            CalibrationOutcome::Stored { folds },
        )),
        Err(outcome) => Ok((pipeline, timings, outcome)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::tests::tiny;
    use crate::pipeline::TrainSettings;
    use crate::progress::{tests::Recorder, Stage};

    #[test]
    fn calibrated_training_reports_each_fold_then_the_final_training() {
        let mut settings = TrainSettings::default();
        settings.features.min_df = 1;
        let settings = settings.check().unwrap();
        let recorder = Recorder::default();
        let report = |s| recorder.report(s);
        let budget = MemoryBudget::default();
        let (_, _, outcome) =
            train_calibrated_with_progress(tiny(), &settings, &budget, 3, &report).unwrap();
        assert_eq!(outcome, CalibrationOutcome::Stored { folds: 3 });
        assert_eq!(recorder.runs(Stage::Calibrating), [vec![0, 1, 2, 3]]);
        // Three fold models, then the model of all the data, which comes last.
        assert_eq!(recorder.runs(Stage::Fitting).len(), 4);
        let counting = recorder.of(Stage::Counting);
        assert_eq!(counting.last(), Some(&(12, 12)));
        // Too few sentences for the folds asked: no calibration, so no fold is reported.
        let recorder = Recorder::default();
        let report = |s| recorder.report(s);
        let (_, _, outcome) =
            train_calibrated_with_progress(tiny(), &settings, &budget, 5, &report).unwrap();
        assert!(matches!(outcome, CalibrationOutcome::Skipped { .. }));
        assert!(recorder.of(Stage::Calibrating).is_empty());
        assert_eq!(recorder.runs(Stage::Fitting).len(), 1);
    }

    #[test]
    fn folds_keep_groups_whole_when_the_groups_allow_it() {
        let mut settings = TrainSettings::default();
        settings.features.min_df = 1;
        let settings = settings.check().unwrap();
        let with = |values: [&str; 12]| {
            let mut data = tiny();
            data.groups = Some(crate::corpus::Groups {
                column: "mission".into(),
                values: values.map(String::from).to_vec(),
            });
            out_of_fold(&data, &settings, 3).unwrap().unwrap()
        };
        // Four missions, each with sentences of every label but one or two: three folds can
        // keep each whole and still leave every label to train on.
        let c = with(["a", "b", "c", "d", "a", "b", "c", "d", "a", "b", "c", "d"]);
        assert!(
            c.source.contains("(folds keep each mission whole, seed 0)"),
            "{}",
            c.source
        );
        assert_eq!(c.sentences(), 12);
        // All the enforcement sentences in one mission: some fold would train without the label,
        // so the folds are stratified instead, and the source says nothing of groups.
        let c = with(["a", "b", "c", "d", "e", "e", "e", "e", "a", "b", "c", "d"]);
        assert!(!c.source.contains("groups"), "{}", c.source);
        assert!(c.source.ends_with("(seed 0)"), "{}", c.source);
    }

    #[test]
    fn one_fold_is_refused_and_a_fold_failure_names_the_calibration() {
        let mut settings = TrainSettings::default();
        settings.features.min_df = 1;
        let valid = settings.check().unwrap();
        let budget = MemoryBudget::default();
        let e = train_calibrated(tiny(), &valid, &budget, 1).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                crate::error::ErrorKind::InvalidSetting {
                    setting: Setting::CalibrationFolds,
                    ..
                }
            ),
            "{e}"
        );
        settings.features.min_df = 100;
        let e = train_calibrated(tiny(), &settings.check().unwrap(), &budget, 2).unwrap_err();
        assert!(
            e.to_string()
                .contains("tiny.csv: calibration fold 1 of 2: no term"),
            "{e}"
        );
    }
}
