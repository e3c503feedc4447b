//! Measuring a pipeline on labelled sentences: a trained model on held-out data ([`holdout`]), or
//! the whole training procedure by K-fold cross-validation ([`cross_validate`]), with folds
//! stratified by label or keeping groups such as missions whole ([`FoldScheme`]).
//!
//! Cross-validation refits everything inside each fold (vocabulary, idf and weights are learned
//! from the fold's training part only), so no statistic of a test sentence leaks into the model
//! that scores it. Both give an [`Assessment`]: every metric of [`crate::eval::metrics`] plus the
//! predictions behind them, from which the most confident mistakes and the report's figures are
//! drawn.

use rayon::prelude::*;
use serde::Serialize;

use crate::budget::MemoryBudget;
use crate::corpus::LabelledSet;
use crate::error::{Error, Result, Setting, TrainingProblem, TrainingStep};
use crate::eval::metrics::{
    bootstrap_intervals, evaluate, probability_metrics, BootstrapIntervals, Evaluation, Interval,
    ProbabilityMetrics, BOOTSTRAP_RESAMPLES,
};
use crate::eval::sampling::{group_units, grouped_folds, stratified_folds};
use crate::model::argmax;
use crate::pipeline::{Pipeline, ValidTrainSettings};
use crate::progress::{start, Progress, Stage, SILENT};

/// True labels and predicted probabilities of a set of sentences, in the data's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Predictions {
    /// Label names, in the order of every probability vector.
    pub labels: Vec<String>,
    /// Each sentence's true label index.
    pub truth: Vec<usize>,
    /// Each sentence's probability of every label.
    pub probabilities: Vec<Vec<f64>>,
}

impl Predictions {
    /// Each sentence's predicted label index (the most probable label).
    pub fn predicted(&self) -> Vec<usize> {
        self.probabilities.iter().map(|p| argmax(p)).collect()
    }
}

/// Every metric of one set of predictions, with the predictions.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Metrics of the predicted labels (accuracy, per class, kappa, MCC, confusion...).
    pub evaluation: Evaluation,
    /// Metrics of the probabilities (ROC-AUC, average precision, log-loss, calibration).
    pub probability: ProbabilityMetrics,
    /// The predictions.
    pub predictions: Predictions,
}

/// One of the most confident mistakes: a sentence the model got wrong, and how sure it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfidentError {
    /// The line (or record) of the data file the sentence came from.
    pub line: u64,
    /// The sentence.
    pub text: String,
    /// Its true label.
    pub truth: String,
    /// The label the model gave it.
    pub predicted: String,
    /// The probability of the predicted label.
    pub probability: f64,
    /// The probability the model gave the true label.
    pub truth_probability: f64,
}

impl Assessment {
    /// Computes every metric of `predictions`.
    pub fn new(predictions: Predictions) -> Self {
        let predicted = predictions.predicted();
        Assessment {
            evaluation: evaluate(&predictions.labels, &predictions.truth, &predicted),
            probability: probability_metrics(&predictions.truth, &predictions.probabilities),
            predictions,
        }
    }

    /// Every single-number metric as `(name, value)`, in a fixed order: overall figures first,
    /// then per class (`f1[peacekeeping]`, ...). ROC-AUCs that are undefined are left out.
    pub fn scalar_metrics(&self) -> Vec<(String, f64)> {
        let e = &self.evaluation;
        let p = &self.probability;
        let mut out: Vec<(String, f64)> = vec![
            ("accuracy".into(), e.accuracy),
            ("macro_f1".into(), e.macro_f1),
            ("macro_precision".into(), e.macro_avg.precision),
            ("macro_recall".into(), e.macro_avg.recall),
            ("weighted_f1".into(), e.weighted_avg.f1),
            ("kappa".into(), e.kappa),
            ("mcc".into(), e.mcc),
        ];
        if let Some(auc) = p.macro_roc_auc {
            out.push(("macro_roc_auc".into(), auc));
        }
        out.push(("log_loss".into(), p.log_loss));
        out.push(("ece".into(), p.ece));
        for (c, (label, m)) in e.per_class.iter().enumerate() {
            out.push((format!("precision[{label}]"), m.precision));
            out.push((format!("recall[{label}]"), m.recall));
            out.push((format!("f1[{label}]"), m.f1));
            if let Some(auc) = p.roc_auc[c] {
                out.push((format!("roc_auc[{label}]"), auc));
            }
            if let Some(ap) = p.average_precision[c] {
                out.push((format!("avg_precision[{label}]"), ap));
            }
        }
        out
    }

    /// The `n` mistakes made with the highest probability on the predicted label (ties: earlier
    /// sentence first). `data` must be the sentences the predictions were made on.
    pub fn confident_errors(&self, data: &LabelledSet, n: usize) -> Vec<ConfidentError> {
        let p = &self.predictions;
        let predicted = p.predicted();
        let mut wrong: Vec<usize> = (0..p.truth.len())
            .filter(|&i| predicted[i] != p.truth[i])
            .collect();
        wrong.sort_by(|&a, &b| {
            p.probabilities[b][predicted[b]]
                .total_cmp(&p.probabilities[a][predicted[a]])
                .then(a.cmp(&b))
        });
        wrong
            .into_iter()
            .take(n)
            .map(|i| ConfidentError {
                line: data.lines.get(i).copied().unwrap_or(0),
                text: data.texts[i].clone(),
                truth: p.labels[p.truth[i]].clone(),
                predicted: p.labels[predicted[i]].clone(),
                probability: p.probabilities[i][predicted[i]],
                truth_probability: p.probabilities[i][p.truth[i]],
            })
            .collect()
    }

    /// Bootstrap intervals for accuracy and macro-F1 of these predictions
    /// ([`BOOTSTRAP_RESAMPLES`] resamples drawn with `seed`).
    pub fn intervals(&self, seed: u64) -> BootstrapIntervals {
        bootstrap_intervals(
            self.predictions.labels.len(),
            &self.predictions.truth,
            &self.predictions.predicted(),
            BOOTSTRAP_RESAMPLES,
            seed,
        )
    }
}

/// A trained model measured on labelled data.
#[derive(Debug, Clone, PartialEq)]
pub struct Holdout {
    /// The metrics and predictions.
    pub assessment: Assessment,
    /// Bootstrap intervals for accuracy and macro-F1.
    pub intervals: BootstrapIntervals,
    /// Labels found in the data that the model does not know; their sentences can only be wrong
    /// (the model gives them probability 0).
    pub unknown_labels: Vec<String>,
}

/// Scores every sentence of `data` with `pipeline` and measures the result; `seed` drives the
/// bootstrap. Labels the model does not know are added after the model's own, with probability 0.
pub fn holdout(pipeline: &Pipeline, data: &LabelledSet, seed: u64) -> Holdout {
    let mut labels = pipeline.labels().to_vec();
    let mut unknown: Vec<String> = data
        .labels
        .iter()
        .filter(|l| !labels.contains(l))
        .cloned()
        .collect();
    unknown.sort();
    unknown.dedup();
    labels.extend(unknown.iter().cloned());
    let truth = data
        .labels
        .iter()
        .map(|l| labels.iter().position(|m| m == l).unwrap_or(0))
        .collect();
    let probabilities = data
        .texts
        .par_iter()
        .map(|t| {
            let mut p = pipeline.score_sentence(t).probabilities;
            p.resize(labels.len(), 0.0);
            p
        })
        .collect();
    let assessment = Assessment::new(Predictions {
        labels,
        truth,
        probabilities,
    });
    let intervals = assessment.intervals(seed);
    Holdout {
        assessment,
        intervals,
        unknown_labels: unknown,
    }
}

/// One line of a metric table (terminal, CSV, HTML): a value with its spread where there is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricRow {
    /// The metric's name (see [`Assessment::scalar_metrics`]).
    pub name: String,
    /// The value (the mean across folds for cross-validation).
    pub value: f64,
    /// Standard deviation across folds (cross-validation only).
    pub std: Option<f64>,
    /// Lower end of the 95% bootstrap interval (accuracy and macro-F1 only).
    pub ci_lower: Option<f64>,
    /// Upper end of the 95% bootstrap interval.
    pub ci_upper: Option<f64>,
}

impl MetricRow {
    fn plain(name: &str, value: f64) -> Self {
        MetricRow {
            name: name.to_string(),
            value,
            std: None,
            ci_lower: None,
            ci_upper: None,
        }
    }

    fn with_interval(name: &str, interval: &Interval) -> Self {
        MetricRow {
            ci_lower: Some(interval.lower),
            ci_upper: Some(interval.upper),
            ..MetricRow::plain(name, interval.estimate)
        }
    }
}

impl Holdout {
    /// Every scalar metric, accuracy and macro-F1 with their bootstrap intervals.
    pub fn metric_rows(&self) -> Vec<MetricRow> {
        self.assessment
            .scalar_metrics()
            .into_iter()
            .map(|(name, value)| match name.as_str() {
                "accuracy" => MetricRow::with_interval(&name, &self.intervals.accuracy),
                "macro_f1" => MetricRow::with_interval(&name, &self.intervals.macro_f1),
                _ => MetricRow::plain(&name, value),
            })
            .collect()
    }
}

/// One metric across the folds of a cross-validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricSummary {
    /// The metric's name (see [`Assessment::scalar_metrics`]).
    pub name: String,
    /// Mean over the folds.
    pub mean: f64,
    /// Sample standard deviation over the folds (divisor K - 1).
    pub std: f64,
    /// The value in each fold, in fold order.
    pub folds: Vec<f64>,
}

/// How cross-validation deals the sentences into folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FoldScheme {
    /// Shuffled with the seed and stratified by label.
    #[default]
    Stratified,
    /// Each group of the data's groups (a mission, an outlet) whole in one fold
    /// ([`grouped_folds`]): every sentence is scored by a model that saw nothing of its group,
    /// as a model meets reporting on a mission its corpus did not cover. Near-twins written for
    /// the same group cannot sit on both sides of a fold, so the figures are lower and more
    /// honest than stratified ones for such data.
    Grouped,
}

impl FoldScheme {
    /// [`FoldScheme::Grouped`] when `grouped`, else [`FoldScheme::Stratified`].
    pub fn grouped_if(grouped: bool) -> Self {
        if grouped {
            FoldScheme::Grouped
        } else {
            FoldScheme::Stratified
        }
    }
}

/// The outcome of K-fold cross-validation.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossValidation {
    /// Number of folds.
    pub k: usize,
    /// The column whose groups each fold kept whole; `None` for stratified folds.
    pub grouped_by: Option<String>,
    /// Seed of the fold assignment and of the bootstrap.
    pub seed: u64,
    /// Test sentences per fold.
    pub fold_sizes: Vec<usize>,
    /// Every scalar metric's mean and standard deviation across folds.
    pub summary: Vec<MetricSummary>,
    /// The out-of-fold predictions of all folds together (every sentence predicted once, by the
    /// model that did not see it), in the data's order: the pooled confusion matrix, the figures
    /// and the confident mistakes come from here.
    pub pooled: Assessment,
    /// Bootstrap intervals of the pooled out-of-fold accuracy and macro-F1.
    pub intervals: BootstrapIntervals,
}

impl CrossValidation {
    /// Every scalar metric's mean and standard deviation across folds, then the pooled
    /// out-of-fold accuracy and macro-F1 with their bootstrap intervals.
    pub fn metric_rows(&self) -> Vec<MetricRow> {
        let mut rows: Vec<MetricRow> = self
            .summary
            .iter()
            .map(|m| MetricRow {
                std: Some(m.std),
                ..MetricRow::plain(&m.name, m.mean)
            })
            .collect();
        rows.push(MetricRow::with_interval(
            "pooled_accuracy",
            &self.intervals.accuracy,
        ));
        rows.push(MetricRow::with_interval(
            "pooled_macro_f1",
            &self.intervals.macro_f1,
        ));
        rows
    }

    /// The summary of metric `name`, if it was measured.
    pub fn metric(&self, name: &str) -> Option<&MetricSummary> {
        self.summary.iter().find(|m| m.name == name)
    }
}

/// Stratified, shuffled K-fold cross-validation of the whole pipeline: the sentences are dealt
/// into `k` folds per label (seeded by `settings.seed`); for each fold a pipeline is trained with
/// [`Pipeline::train`] on the other folds and scores the fold.
///
/// Every label needs at least `k` sentences, so that each fold tests and trains on every label.
///
/// ```
/// use stance::corpus::LabelledSet;
/// use stance::pipeline::TrainSettings;
/// use stance::eval::validation::cross_validate;
///
/// let rows = [
///     ("The force will monitor the ceasefire", "peacekeeping"),
///     ("Peacekeepers escort aid convoys", "peacekeeping"),
///     ("Observers monitor the truce line", "peacekeeping"),
///     ("The force must disarm Hamas", "enforcement"),
///     ("Troops will disarm the militias", "enforcement"),
///     ("Soldiers must disarm the fighters", "enforcement"),
/// ];
/// let data = LabelledSet {
///     texts: rows.iter().map(|r| r.0.to_string()).collect(),
///     labels: rows.iter().map(|r| r.1.to_string()).collect(),
///     lines: (2..8).collect(),
///     ..Default::default()
/// };
/// let mut settings = TrainSettings::default();
/// settings.features.min_df = 1;
/// let cv = cross_validate(&data, &settings.check()?, 3)?;
/// assert_eq!(cv.fold_sizes, [2, 2, 2]);
/// assert_eq!(cv.pooled.evaluation.n, 6);
/// assert!(cv.metric("macro_f1").is_some());
/// # Ok::<(), stance::Error>(())
/// ```
pub fn cross_validate(
    data: &LabelledSet,
    settings: &ValidTrainSettings,
    k: usize,
) -> Result<CrossValidation> {
    cross_validate_with_progress(data, settings, k, SILENT)
}

/// [`cross_validate`], reporting the folds done as [`Stage::CrossValidating`] (and each fold's
/// training stages) to `progress`.
pub fn cross_validate_with_progress(
    data: &LabelledSet,
    settings: &ValidTrainSettings,
    k: usize,
    progress: Progress<'_>,
) -> Result<CrossValidation> {
    cross_validate_folds(data, settings, (k, FoldScheme::Stratified), progress)
}

/// [`cross_validate_with_progress`] with the folds dealt by `scheme`. Grouped folds need the
/// data's groups ([`LabelledSet::groups`]) and enough of them to make `k` folds in which no label
/// sits in one fold alone.
///
/// ```
/// use stance::corpus::{Groups, LabelledSet};
/// use stance::pipeline::TrainSettings;
/// use stance::eval::validation::{cross_validate_folds, FoldScheme};
/// use stance::progress::SILENT;
///
/// let rows = [
///     ("The force will monitor the ceasefire", "peacekeeping", "a"),
///     ("Peacekeepers escort aid convoys", "peacekeeping", "b"),
///     ("Observers monitor the truce line", "peacekeeping", "c"),
///     ("The force must disarm Hamas", "enforcement", "a"),
///     ("Troops will disarm the militias", "enforcement", "b"),
///     ("Soldiers must disarm the fighters", "enforcement", "c"),
/// ];
/// let data = LabelledSet {
///     texts: rows.iter().map(|r| r.0.to_string()).collect(),
///     labels: rows.iter().map(|r| r.1.to_string()).collect(),
///     lines: (2..8).collect(),
///     groups: Some(Groups {
///         column: "mission".into(),
///         values: rows.iter().map(|r| r.2.to_string()).collect(),
///     }),
///     ..Default::default()
/// };
/// let mut settings = TrainSettings::default();
/// settings.features.min_df = 1;
/// let settings = settings.check()?;
/// let cv = cross_validate_folds(&data, &settings, (3, FoldScheme::Grouped), SILENT)?;
/// assert_eq!(cv.grouped_by.as_deref(), Some("mission"));
/// assert_eq!(cv.fold_sizes, [2, 2, 2]);
/// // Four folds cannot be made of three groups.
/// assert!(cross_validate_folds(&data, &settings, (4, FoldScheme::Grouped), SILENT).is_err());
/// # Ok::<(), stance::Error>(())
/// ```
pub fn cross_validate_folds(
    data: &LabelledSet,
    settings: &ValidTrainSettings,
    (k, scheme): (usize, FoldScheme),
    progress: Progress<'_>,
) -> Result<CrossValidation> {
    if k < 2 {
        return Err(Error::out_of_range(
            Setting::Folds,
            k.to_string(),
            "at least 2 folds",
        ));
    }
    let (labels, y) = data.label_indices();
    for (c, label) in labels.iter().enumerate() {
        let n = y.iter().filter(|&&v| v == c).count();
        if n < k {
            return Err(Error::training(
                data.source.clone(),
                TrainingProblem::FewerThanFolds {
                    label: label.clone(),
                    count: n,
                    folds: k,
                },
            ));
        }
    }
    let (fold_of, grouped_by) = match scheme {
        FoldScheme::Stratified => (stratified_folds(&y, k, settings.seed), None),
        FoldScheme::Grouped => {
            let problem = |p| Error::training(data.source.clone(), p);
            let groups = data
                .groups
                .as_ref()
                .ok_or_else(|| problem(TrainingProblem::NoGroups))?;
            let folds = grouped_folds(&y, &groups.values, k, settings.seed).ok_or_else(|| {
                problem(TrainingProblem::GroupsCannotMakeFolds {
                    column: groups.column.clone(),
                    units: group_units(&groups.values).len(),
                    folds: k,
                })
            })?;
            (folds, Some(groups.column.clone()))
        }
    };
    let mut probabilities = vec![Vec::new(); data.len()];
    let mut fold_metrics = Vec::with_capacity(k);
    let mut fold_sizes = Vec::with_capacity(k);
    let advance = start(progress, Stage::CrossValidating, k as u64);
    for fold in 0..k {
        let step = TrainingStep::Fold { fold, folds: k };
        let (test, pipeline) = train_fold(data, settings, (&fold_of, fold), step, progress)?;
        // The fold's model has every label (each has at least k sentences), but map by name so
        // that the order can never silently differ.
        let columns: Vec<usize> = labels
            .iter()
            .map(|l| pipeline.labels().iter().position(|m| m == l))
            .collect::<Option<_>>()
            .ok_or_else(|| {
                Error::training(
                    data.source.clone(),
                    TrainingProblem::FoldLacksLabel { fold, folds: k },
                )
            })?;
        let scored = score_in_order(&pipeline, &data.texts, &test, &columns);
        let assessment = Assessment::new(Predictions {
            labels: labels.clone(),
            truth: test.iter().map(|&i| y[i]).collect(),
            probabilities: scored.clone(),
        });
        fold_metrics.push(assessment.scalar_metrics());
        fold_sizes.push(test.len());
        for (&i, p) in test.iter().zip(scored) {
            probabilities[i] = p;
        }
        advance(fold as u64 + 1);
    }
    let pooled = Assessment::new(Predictions {
        labels,
        truth: y,
        probabilities,
    });
    let intervals = pooled.intervals(settings.seed);
    Ok(CrossValidation {
        k,
        grouped_by,
        seed: settings.seed,
        fold_sizes,
        summary: summarise(&fold_metrics),
        pooled,
        intervals,
    })
}

/// The pipeline of fold `fold` (`fold_of` gives each sentence's fold), trained on every
/// sentence outside the fold, and the fold's own sentences, which it is to score; a training
/// failure is placed in `step`.
pub(crate) fn train_fold(
    data: &LabelledSet,
    settings: &ValidTrainSettings,
    (fold_of, fold): (&[usize], usize),
    step: TrainingStep,
    progress: Progress<'_>,
) -> Result<(Vec<usize>, Pipeline)> {
    let (test, train): (Vec<usize>, Vec<usize>) =
        (0..data.len()).partition(|&i| fold_of[i] == fold);
    let budget = MemoryBudget::default();
    // The fold's copy of its sentences is handed over, so that it is freed once vectorised:
    // with the whole corpus still held for scoring, keeping it through the fit would add most of
    // the corpus's text to the peak of every fold.
    let (pipeline, _) =
        Pipeline::train_owned_with_progress(data.subset(&train), settings, &budget, progress)
            .map_err(|e| e.in_step(step))?;
    Ok((test, pipeline))
}

/// Mean and sample standard deviation of each metric over folds. A metric missing from some
/// fold (an undefined ROC-AUC) is summarised over the folds that have it.
fn summarise(folds: &[Vec<(String, f64)>]) -> Vec<MetricSummary> {
    let mut names: Vec<&String> = Vec::new();
    for fold in folds {
        for (name, _) in fold {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
        .into_iter()
        .map(|name| {
            let values: Vec<f64> = folds
                .iter()
                .filter_map(|f| f.iter().find(|(n, _)| n == name).map(|(_, v)| *v))
                .collect();
            let (mean, std) = mean_std(&values);
            MetricSummary {
                name: name.clone(),
                mean,
                std,
                folds: values,
            }
        })
        .collect()
}

/// Mean and sample standard deviation (divisor n - 1; 0 for fewer than two values).
///
/// ```
/// use stance::eval::validation::mean_std;
/// assert_eq!(mean_std(&[1.0, 3.0]), (2.0, 2f64.sqrt()));
/// assert_eq!(mean_std(&[5.0]), (5.0, 0.0));
/// ```
pub fn mean_std(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, 0.0);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

/// The probabilities `pipeline` gives the sentences `texts[rows]`, in parallel, each rearranged
/// so that entry `n` is the probability of the label at `columns[n]` of the pipeline's labels (a
/// fold's model may order its labels differently from the whole data).
pub(crate) fn score_in_order(
    pipeline: &Pipeline,
    texts: &[String],
    rows: &[usize],
    columns: &[usize],
) -> Vec<Vec<f64>> {
    rows.par_iter()
        .map(|&i| {
            let p = pipeline.score_sentence(&texts[i]).probabilities;
            columns.iter().map(|&c| p[c]).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests;
