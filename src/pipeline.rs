//! The whole trained pipeline: tokenizer settings, fitted vectoriser, model and a training
//! summary, kept together so that training and classification can never disagree about
//! preprocessing. The model file format, one stage further on, saves and loads it as one file.

use std::borrow::Cow;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::budget::{FitShape, MemoryBudget};
pub use crate::corpus::DataWarning;
use crate::corpus::LabelledSet;
use crate::error::{Error, Result, TrainingProblem};
use crate::features::{FeatureSettings, SparseRow, TermWords, ValidFeatureSettings, Vectorizer};
use crate::model::{argmax, Convergence, LogisticModel, LogisticParams, ValidLogisticParams};
use crate::progress::{Progress, SILENT};
use crate::text::tokens::{Tokenizer, TokenizerSettings};

mod calibration;
mod checks;
mod options;

pub use calibration::{data_checksum, Calibration};
use checks::{check_summary, check_trainable};
pub use options::TrainOptions;

/// Everything that decides how a model is trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TrainSettings {
    /// Tokenising.
    pub tokenizer: TokenizerSettings,
    /// TF-IDF.
    pub features: FeatureSettings,
    /// Logistic regression.
    pub model: LogisticParams,
    /// Seed for every randomised step. Plain training has none (L-BFGS starts from zero weights),
    /// but the seed is recorded so that cross-validation and splits that used it can be repeated.
    pub seed: u64,
}

impl TrainSettings {
    /// Checks the feature and model settings ([`FeatureSettings::check`],
    /// [`LogisticParams::check`]) and returns the checked whole, which is what training takes.
    ///
    /// ```
    /// use stance::pipeline::TrainSettings;
    ///
    /// let mut settings = TrainSettings::default();
    /// assert!(settings.check().is_ok());
    /// settings.model.max_iter = 0;
    /// assert!(settings.check().is_err());
    /// ```
    pub fn check(&self) -> Result<ValidTrainSettings> {
        Ok(ValidTrainSettings {
            features: self.features.check()?,
            model: self.model.check()?,
            settings: self.clone(),
        })
    }
}

/// [`TrainSettings`] whose ranges have been checked by [`TrainSettings::check`]. It reads as
/// the settings (`Deref`), and hands out the checked parts.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidTrainSettings {
    settings: TrainSettings,
    features: ValidFeatureSettings,
    model: ValidLogisticParams,
}

impl ValidTrainSettings {
    /// The checked feature settings.
    pub fn features(&self) -> &ValidFeatureSettings {
        &self.features
    }

    /// The checked model parameters.
    pub fn model(&self) -> &ValidLogisticParams {
        &self.model
    }

    /// The settings themselves.
    pub fn into_inner(self) -> TrainSettings {
        self.settings
    }
}

impl Default for ValidTrainSettings {
    /// The defaults, which are valid.
    fn default() -> Self {
        ValidTrainSettings {
            settings: TrainSettings::default(),
            features: ValidFeatureSettings::default(),
            model: ValidLogisticParams::default(),
        }
    }
}

impl std::ops::Deref for ValidTrainSettings {
    type Target = TrainSettings;

    fn deref(&self) -> &TrainSettings {
        &self.settings
    }
}

/// What training did, saved in the model and shown by `train` and `inspect`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSummary {
    /// Version of `stance` that trained the model.
    pub crate_version: String,
    /// File name of the training data.
    pub data_source: String,
    /// Number of training sentences.
    pub documents: usize,
    /// Sentences per label, in label order.
    pub per_label: Vec<(String, usize)>,
    /// Vocabulary size after pruning.
    pub vocabulary: usize,
    /// How the optimiser finished.
    pub convergence: Convergence,
    /// Accuracy on the training sentences themselves (an upper bound, not an estimate).
    pub training_accuracy: f64,
    /// The settings used.
    pub settings: TrainSettings,
}

/// The saved part of a pipeline (model-file format 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PipelineParts {
    pub(crate) tokenizer: TokenizerSettings,
    pub(crate) vectorizer: Vectorizer,
    pub(crate) model: LogisticModel,
    pub(crate) summary: TrainingSummary,
    /// [`data_checksum`] of the training data (`None` for a model read from format 1).
    pub(crate) data_checksum: Option<u32>,
    /// Error rates for the adjusted quantification methods, when training measured them.
    pub(crate) calibration: Option<Calibration>,
}

/// A trained pipeline, ready to classify.
#[derive(Debug, Clone)]
pub struct Pipeline {
    parts: PipelineParts,
    tokenizer: Tokenizer,
}

impl PartialEq for Pipeline {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

/// Timing of each training stage, for the `train` summary (not saved: a model file must not
/// depend on how fast the machine was).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TrainTimings {
    /// Tokenising and building the vocabulary and matrix.
    pub vectorise_seconds: f64,
    /// Optimisation.
    pub fit_seconds: f64,
}

/// The score of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceScore {
    /// Index of the predicted label.
    pub label: usize,
    /// Probability of each label, in label order.
    pub probabilities: Vec<f64>,
    /// False when none of the sentence's own terms is in the vocabulary: the prediction then
    /// rests on the intercepts alone, and on the feature of a sentence that names no
    /// international force ([`crate::text::mentions`]) where the model has it.
    pub has_known_terms: bool,
}

/// How one feature pushed one sentence towards a label: tf-idf weight times the feature's
/// coefficient for the label relative to the mean over labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The feature's readable form.
    pub term: String,
    /// `tfidf * (weight(feature, class) - mean over classes of weight(feature, .))`.
    pub value: f64,
}

impl Pipeline {
    /// Assembles a pipeline from saved parts, refusing parts that do not fit together with an
    /// [`ErrorKind::Inconsistent`](crate::error::ErrorKind::Inconsistent) error (or the refused setting, for a recorded setting out of
    /// range).
    pub(crate) fn from_parts(parts: PipelineParts) -> Result<Self> {
        let (vectorizer, model) = rayon::join(|| parts.vectorizer.check(), || parts.model.check());
        vectorizer?;
        model?;
        if parts.model.n_features() != parts.vectorizer.len() {
            return Err(Error::inconsistent(format!(
                "the model has {} weights per label but the vocabulary has {} terms",
                parts.model.n_features(),
                parts.vectorizer.len()
            )));
        }
        check_summary(&parts)?;
        calibration::check_parts(&parts)?;
        let mut parts = parts;
        parts.vectorizer.rebuild_index()?;
        let tokenizer = Tokenizer::new(&parts.tokenizer);
        Ok(Pipeline { parts, tokenizer })
    }

    pub(crate) fn parts(&self) -> &PipelineParts {
        &self.parts
    }

    /// Trains a pipeline on labelled sentences.
    ///
    /// ```
    /// use stance::corpus::LabelledSet;
    /// use stance::pipeline::{Pipeline, TrainSettings};
    ///
    /// let data = LabelledSet {
    ///     texts: vec![
    ///         "The force will monitor the ceasefire".into(),
    ///         "Troops will escort aid convoys and monitor".into(),
    ///         "The force must disarm Hamas by force".into(),
    ///         "Soldiers will disarm the militias".into(),
    ///     ],
    ///     labels: vec!["peacekeeping".into(), "peacekeeping".into(),
    ///                  "enforcement".into(), "enforcement".into()],
    ///     lines: vec![2, 3, 4, 5],
    ///     ..Default::default()
    /// };
    /// let mut settings = TrainSettings::default();
    /// settings.features.min_df = 1;
    /// let (pipeline, _) = Pipeline::train(&data, &settings.check().unwrap()).unwrap();
    /// let score = pipeline.score_sentence("They will disarm the militias");
    /// assert_eq!(pipeline.labels()[score.label], "enforcement");
    /// ```
    pub fn train(
        data: &LabelledSet,
        settings: &ValidTrainSettings,
    ) -> Result<(Self, TrainTimings)> {
        Self::train_within(data, settings, &MemoryBudget::default())
    }

    /// Trains like [`Pipeline::train`], but refuses with [`ErrorKind::MemoryBudget`](crate::error::ErrorKind::MemoryBudget) when training
    /// would need more memory than `budget`: once before vectorising, from the size of the texts,
    /// and once before fitting, from the size of the vocabulary and the number of labels (see
    /// [`crate::budget`]).
    pub fn train_within(
        data: &LabelledSet,
        settings: &ValidTrainSettings,
        budget: &MemoryBudget,
    ) -> Result<(Self, TrainTimings)> {
        Self::train_with_progress(data, settings, budget, SILENT)
    }

    /// [`Pipeline::train_within`], reporting its stages (counting terms, then fitting: see
    /// [`crate::progress::Stage`]) to `progress`.
    pub fn train_with_progress(
        data: &LabelledSet,
        settings: &ValidTrainSettings,
        budget: &MemoryBudget,
        progress: Progress<'_>,
    ) -> Result<(Self, TrainTimings)> {
        Self::train_inner(data, Cow::Borrowed(&data.texts), settings, budget, progress)
    }

    /// [`Pipeline::train_within`] taking the data by value: the sentences are dropped as soon as
    /// they are vectorised, before the optimiser allocates, which lowers peak memory on large
    /// corpora by the size of the text.
    pub fn train_owned(
        data: LabelledSet,
        settings: &ValidTrainSettings,
        budget: &MemoryBudget,
    ) -> Result<(Self, TrainTimings)> {
        Self::train_owned_with_progress(data, settings, budget, SILENT)
    }

    /// [`Pipeline::train_owned`], reporting its stages to `progress` as
    /// [`Pipeline::train_with_progress`] does.
    pub fn train_owned_with_progress(
        mut data: LabelledSet,
        settings: &ValidTrainSettings,
        budget: &MemoryBudget,
        progress: Progress<'_>,
    ) -> Result<(Self, TrainTimings)> {
        let texts = std::mem::take(&mut data.texts);
        Self::train_inner(&data, Cow::Owned(texts), settings, budget, progress)
    }

    /// Trains on `texts` with the labels, lines and source of `data` (whose own `texts` are not
    /// read).
    fn train_inner(
        data: &LabelledSet,
        texts: Cow<'_, [String]>,
        settings: &ValidTrainSettings,
        budget: &MemoryBudget,
        progress: Progress<'_>,
    ) -> Result<(Self, TrainTimings)> {
        check_trainable(data)?;
        let text_bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
        let checksum = data_checksum(
            texts
                .iter()
                .zip(&data.labels)
                .map(|(t, l)| (t.as_str(), l.as_str())),
        );
        budget.check_corpus(&data.source, text_bytes, &settings.features)?;
        let start = Instant::now();
        let tokenizer = Tokenizer::new(&settings.tokenizer);
        let (vectorizer, x) =
            Vectorizer::fit_texts_with_progress(&texts, &tokenizer, settings.features(), progress)?;
        drop(texts);
        if vectorizer.is_empty() {
            let f = &settings.features;
            let problem = if f.max_df < 1.0 {
                // As the vocabulary counts it.
                // `data.texts` may have been handed over already; the labels are still there.
                let rows = data.labels.len();
                let max_count = ((f.max_df * rows as f64).floor() as u64).max(1);
                TrainingProblem::NoTermInRange {
                    min_df: f.min_df,
                    max_count,
                    rows,
                }
            } else {
                TrainingProblem::EmptyVocabulary { min_df: f.min_df }
            };
            return Err(Error::training(data.source.clone(), problem));
        }
        let vectorise_seconds = start.elapsed().as_secs_f64();
        let (labels, y) = data.label_indices();
        let shape = FitShape {
            text_bytes,
            nonzeros: x.indices.len() as u64,
            features: vectorizer.len() as u64,
            labels: labels.len() as u64,
            rows: x.nrows() as u64,
        };
        budget.check_fit(&data.source, &shape)?;
        let fit_start = Instant::now();
        // Style terms are only worth finding when they are to pay more.
        let style = if settings.model.style_penalty == 1.0 {
            Vec::new()
        } else {
            vectorizer.style_columns(&tokenizer.style_words())
        };
        let (model, convergence) = settings
            .model()
            .fit_sparse_styled(&x, &y, &labels, &style, progress)?;
        let fit_seconds = fit_start.elapsed().as_secs_f64();
        let correct = (0..x.nrows())
            .filter(|&i| {
                let (idx, val) = x.row(i);
                model.predict_class(idx, val) == y[i]
            })
            .count();
        let rows = x.nrows();
        // The training matrix is no longer needed; free it before the vocabulary is indexed.
        drop(x);
        let per_label = labels
            .iter()
            .enumerate()
            .map(|(c, l)| (l.clone(), y.iter().filter(|&&v| v == c).count()))
            .collect();
        let summary = TrainingSummary {
            crate_version: env!("CARGO_PKG_VERSION").to_string(),
            data_source: data
                .source
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            documents: data.labels.len(),
            per_label,
            vocabulary: vectorizer.len(),
            convergence,
            training_accuracy: correct as f64 / rows as f64,
            settings: (**settings).clone(),
        };
        let parts = PipelineParts {
            tokenizer: settings.tokenizer.clone(),
            vectorizer,
            model,
            summary,
            data_checksum: Some(checksum),
            calibration: None,
        };
        let pipeline = Pipeline::from_parts(parts).map_err(|e| {
            Error::training(
                data.source.clone(),
                TrainingProblem::Inconsistent(e.to_string()),
            )
        })?;
        Ok((
            pipeline,
            TrainTimings {
                vectorise_seconds,
                fit_seconds,
            },
        ))
    }

    /// The labels, in the order of every probability vector.
    pub fn labels(&self) -> &[String] {
        self.parts.model.labels()
    }

    /// The training summary.
    pub fn summary(&self) -> &TrainingSummary {
        &self.parts.summary
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// The fitted vectoriser.
    pub fn vectorizer(&self) -> &Vectorizer {
        &self.parts.vectorizer
    }

    /// The fitted model.
    pub fn model(&self) -> &LogisticModel {
        &self.parts.model
    }

    /// The TF-IDF vector of one sentence.
    pub fn vectorize(&self, sentence: &str) -> SparseRow {
        self.parts
            .vectorizer
            .transform_text(&self.tokenizer, sentence)
    }

    /// [`Pipeline::vectorize`] with each term's words in this sentence, for explanations.
    pub fn vectorize_with_words(&self, sentence: &str) -> (SparseRow, TermWords) {
        self.parts
            .vectorizer
            .transform_text_with_words(&self.tokenizer, sentence)
    }

    /// Scores one sentence.
    pub fn score_sentence(&self, sentence: &str) -> SentenceScore {
        self.score_row(&self.vectorize(sentence))
    }

    /// Scores one sentence already turned into its feature row ([`Pipeline::vectorize`]).
    pub fn score_row(&self, row: &SparseRow) -> SentenceScore {
        let probabilities = self.parts.model.predict_proba(&row.indices, &row.values);
        SentenceScore {
            label: argmax(&probabilities),
            probabilities,
            has_known_terms: self.parts.vectorizer.has_own_terms(row),
        }
    }

    /// Each of the sentence's features' contribution to `class`: its tf-idf weight times its
    /// weight for `class` relative to the mean over classes (as in [`Pipeline::top_features`]),
    /// so a positive value pushes the sentence towards `class` and a negative one away from it.
    /// Sorted from the strongest push towards to the strongest push against (ties: column order).
    /// Each term is shown in the sentence's own words.
    pub fn contributions(&self, sentence: &str, class: usize) -> Vec<Contribution> {
        let (row, words) = self.vectorize_with_words(sentence);
        self.contributions_of_row(&row, Some(&words), class)
    }

    /// [`Pipeline::contributions`] of a sentence already turned into its feature row; terms are
    /// shown in `words` where given (the sentence's own words), otherwise in their most common
    /// form in training.
    pub fn contributions_of_row(
        &self,
        row: &SparseRow,
        words: Option<&TermWords>,
        class: usize,
    ) -> Vec<Contribution> {
        let mut scored: Vec<(u32, f64)> = row
            .indices
            .iter()
            .zip(&row.values)
            .map(|(&j, &v)| {
                (
                    j,
                    f64::from(v) * relative_weight(&self.parts.model, j as usize, class),
                )
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .map(|(j, value)| Contribution {
                term: words
                    .and_then(|w| w.get(j))
                    .map(str::to_string)
                    .unwrap_or_else(|| self.parts.vectorizer.display_term(j as usize)),
                value,
            })
            .collect()
    }

    /// The `top` features with the largest positive weight for each label, as
    /// `(label, [(readable term, weight)])`.
    pub fn top_features(&self, top: usize) -> Vec<(String, Vec<(String, f64)>)> {
        let model = &self.parts.model;
        let k = model.labels().len();
        (0..k)
            .map(|c| {
                let mut cols: Vec<usize> = (0..model.n_features()).collect();
                cols.sort_by(|&a, &b| {
                    relative_weight(model, b, c)
                        .total_cmp(&relative_weight(model, a, c))
                        .then(a.cmp(&b))
                });
                let list = cols
                    .into_iter()
                    .take(top)
                    .map(|j| {
                        (
                            self.parts.vectorizer.display_term(j),
                            relative_weight(model, j, c),
                        )
                    })
                    .collect();
                (model.labels()[c].clone(), list)
            })
            .collect()
    }
}

/// A feature's weight for class `c` relative to the mean over classes: with softmax, only
/// differences between classes matter, so this is what pushes a sentence towards `c`.
fn relative_weight(model: &LogisticModel, j: usize, c: usize) -> f64 {
    let k = model.labels().len();
    let mean = (0..k).map(|m| model.weight(j, m)).sum::<f64>() / k as f64;
    model.weight(j, c) - mean
}

#[cfg(test)]
pub(crate) mod tests;
