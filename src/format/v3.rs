//! Model-file format 3, frozen: the layout before the logistic regression's parameters gained
//! the style penalty ([`LogisticParams::style_penalty`]) and the tokenizer settings the feature
//! of a sentence naming no international force ([`TokenizerSettings::force_mention`]), so that
//! models trained by earlier versions keep loading, as they were trained: with no extra penalty
//! (`1`) and without the feature.
//!
//! The parameters sit in the training summary's settings, and the tokenizer settings both there
//! and in the parts, so the structs that enclose them are frozen here too; every other part is
//! encoded as it was. Formats 1 and 2 ([`super::v1`], [`super::v2`]) differ from format 3 only in
//! their tokenizer settings, so the structs here are generic over those.

use serde::Deserialize;

use crate::features::{FeatureSettings, Vectorizer};
use crate::model::{ClassWeight, Convergence, LogisticModel, LogisticParams};
use crate::pipeline::{Calibration, PipelineParts, TrainSettings, TrainingSummary};
use crate::text::tokens::{ForceMention, Negation, StopWords, TokenizerSettings};

/// Tokenizer settings as an older format stored them.
pub(super) trait FrozenTokenizer {
    /// The current settings, as the model was trained.
    fn upgrade(self) -> TokenizerSettings;
}

/// The tokenizer settings of format 3.
#[derive(Deserialize)]
pub(super) struct TokenizerSettingsV3 {
    pub(super) stem: bool,
    pub(super) negation: Negation,
    pub(super) stop_words: StopWords,
    pub(super) questions: bool,
}

impl FrozenTokenizer for TokenizerSettingsV3 {
    fn upgrade(self) -> TokenizerSettings {
        TokenizerSettings {
            stem: self.stem,
            negation: self.negation,
            stop_words: self.stop_words,
            questions: self.questions,
            force_mention: ForceMention::Off,
        }
    }
}

/// The logistic regression's parameters of formats 1 to 3.
#[derive(Deserialize)]
struct LogisticParamsV3 {
    c: f64,
    class_weight: ClassWeight,
    max_iter: u64,
    gradient_tolerance: f64,
    cost_tolerance: f64,
}

impl LogisticParamsV3 {
    fn upgrade(self) -> LogisticParams {
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

/// The training settings of formats 1 to 3, over their tokenizer settings `T`.
#[derive(Deserialize)]
struct FrozenSettings<T> {
    tokenizer: T,
    features: FeatureSettings,
    model: LogisticParamsV3,
    seed: u64,
}

impl<T: FrozenTokenizer> FrozenSettings<T> {
    fn upgrade(self) -> TrainSettings {
        TrainSettings {
            tokenizer: self.tokenizer.upgrade(),
            features: self.features,
            model: self.model.upgrade(),
            seed: self.seed,
        }
    }
}

/// The training summary of formats 1 to 3.
#[derive(Deserialize)]
pub(super) struct FrozenSummary<T> {
    crate_version: String,
    data_source: String,
    documents: usize,
    per_label: Vec<(String, usize)>,
    vocabulary: usize,
    convergence: Convergence,
    training_accuracy: f64,
    settings: FrozenSettings<T>,
}

impl<T: FrozenTokenizer> FrozenSummary<T> {
    fn upgrade(self) -> TrainingSummary {
        TrainingSummary {
            crate_version: self.crate_version,
            data_source: self.data_source,
            documents: self.documents,
            per_label: self.per_label,
            vocabulary: self.vocabulary,
            convergence: self.convergence,
            training_accuracy: self.training_accuracy,
            settings: self.settings.upgrade(),
        }
    }
}

/// The payload of formats 2 and 3 (format 1's lacks the last two fields; see [`super::v1`]).
#[derive(Deserialize)]
pub(super) struct FrozenParts<T> {
    pub(super) tokenizer: T,
    pub(super) vectorizer: Vectorizer,
    pub(super) model: LogisticModel,
    pub(super) summary: FrozenSummary<T>,
    pub(super) data_checksum: Option<u32>,
    pub(super) calibration: Option<Calibration>,
}

impl<T: FrozenTokenizer> FrozenParts<T> {
    /// The current parts, with every setting the format lacked off, as the model was trained.
    pub(super) fn upgrade(self) -> PipelineParts {
        PipelineParts {
            tokenizer: self.tokenizer.upgrade(),
            vectorizer: self.vectorizer,
            model: self.model,
            summary: self.summary.upgrade(),
            data_checksum: self.data_checksum,
            calibration: self.calibration,
        }
    }
}

/// The format-3 payload.
pub(super) type PipelinePartsV3 = FrozenParts<TokenizerSettingsV3>;
