//! Model-file format 3, frozen: the layout before the logistic regression's parameters gained
//! the style penalty ([`LogisticParams::style_penalty`]) and the tokenizer settings the feature
//! of a sentence naming no international force ([`TokenizerSettings::force_mention`]), so that
//! models trained by earlier versions keep loading, as they were trained: with no extra penalty
//! (`1`) and without the feature.
//!
//! The parameters sit in the training summary's settings, and the tokenizer settings both there
//! and in the parts, so the structs that enclose them are frozen here too; every other part is
//! encoded as it was. Formats 1 and 2 ([`super::v1`], [`super::v2`]) hold the same parameters.

use serde::Deserialize;

use crate::features::{FeatureSettings, Vectorizer};
use crate::model::{ClassWeight, Convergence, LogisticModel, LogisticParams};
use crate::pipeline::{Calibration, PipelineParts, TrainSettings, TrainingSummary};
use crate::text::tokens::{Negation, StopWords, TokenizerSettings};

/// The tokenizer settings of format 3.
#[derive(Deserialize)]
struct TokenizerSettingsV3 {
    stem: bool,
    negation: Negation,
    stop_words: StopWords,
    questions: bool,
}

impl TokenizerSettingsV3 {
    fn upgrade(self) -> TokenizerSettings {
        TokenizerSettings {
            stem: self.stem,
            negation: self.negation,
            stop_words: self.stop_words,
            questions: self.questions,
            force_mention: false,
        }
    }
}

/// The logistic regression's parameters of formats 1 to 3.
#[derive(Deserialize)]
pub(super) struct LogisticParamsV3 {
    c: f64,
    class_weight: ClassWeight,
    max_iter: u64,
    gradient_tolerance: f64,
    cost_tolerance: f64,
}

impl LogisticParamsV3 {
    pub(super) fn upgrade(self) -> LogisticParams {
        LogisticParams {
            c: self.c,
            class_weight: self.class_weight,
            max_iter: self.max_iter,
            gradient_tolerance: self.gradient_tolerance,
            cost_tolerance: self.cost_tolerance,
            style_penalty: 1.0,
        }
    }
}

/// The training settings of format 3.
#[derive(Deserialize)]
struct TrainSettingsV3 {
    tokenizer: TokenizerSettingsV3,
    features: FeatureSettings,
    model: LogisticParamsV3,
    seed: u64,
}

/// The training summary of formats 1 to 3, over the settings of its format (its only part that
/// changed between them).
#[derive(Deserialize)]
pub(super) struct FrozenSummary<S> {
    crate_version: String,
    data_source: String,
    documents: usize,
    per_label: Vec<(String, usize)>,
    vocabulary: usize,
    convergence: Convergence,
    training_accuracy: f64,
    settings: S,
}

impl<S> FrozenSummary<S> {
    /// The current summary, with the settings upgraded by `settings`.
    pub(super) fn upgrade(self, settings: impl FnOnce(S) -> TrainSettings) -> TrainingSummary {
        TrainingSummary {
            crate_version: self.crate_version,
            data_source: self.data_source,
            documents: self.documents,
            per_label: self.per_label,
            vocabulary: self.vocabulary,
            convergence: self.convergence,
            training_accuracy: self.training_accuracy,
            settings: settings(self.settings),
        }
    }
}

impl TrainSettingsV3 {
    fn upgrade(self) -> TrainSettings {
        TrainSettings {
            tokenizer: self.tokenizer.upgrade(),
            features: self.features,
            model: self.model.upgrade(),
            seed: self.seed,
        }
    }
}

/// The format-3 payload.
#[derive(Deserialize)]
pub(super) struct PipelinePartsV3 {
    tokenizer: TokenizerSettingsV3,
    vectorizer: Vectorizer,
    model: LogisticModel,
    summary: FrozenSummary<TrainSettingsV3>,
    data_checksum: Option<u32>,
    calibration: Option<Calibration>,
}

impl PipelinePartsV3 {
    /// The current parts: trained without a style penalty or the no-force feature.
    pub(super) fn upgrade(self) -> PipelineParts {
        PipelineParts {
            tokenizer: self.tokenizer.upgrade(),
            vectorizer: self.vectorizer,
            model: self.model,
            summary: self.summary.upgrade(TrainSettingsV3::upgrade),
            data_checksum: self.data_checksum,
            calibration: self.calibration,
        }
    }
}
