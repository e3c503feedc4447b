//! Model-file format 2, frozen: the layout before the tokenizer settings gained the question
//! scope ([`TokenizerSettings::questions`]), so that models trained by earlier versions keep
//! loading, and read their questions as they were trained to: unmarked.
//!
//! The logistic regression's parameters are read through format 3's shape ([`super::v3`]).
//!
//! The tokenizer settings are stored twice (in the parts and in the training summary's settings),
//! so both enclosing structs are frozen here; every other part is encoded as it was. Format 1's
//! parts ([`super::v1`]) hold the same tokenizer settings.

use serde::Deserialize;

use crate::features::{FeatureSettings, Vectorizer};
use crate::model::LogisticModel;

use super::v3::{FrozenSummary, LogisticParamsV3};
use crate::pipeline::{Calibration, PipelineParts, TrainSettings};
use crate::text::tokens::{Negation, StopWords, TokenizerSettings};

/// The tokenizer settings of formats 1 and 2.
#[derive(Deserialize)]
pub(super) struct TokenizerSettingsV2 {
    stem: bool,
    negation: Negation,
    stop_words: StopWords,
}

impl TokenizerSettingsV2 {
    pub(super) fn upgrade(self) -> TokenizerSettings {
        TokenizerSettings {
            stem: self.stem,
            negation: self.negation,
            stop_words: self.stop_words,
            questions: false,
            force_mention: false,
        }
    }
}

/// The training settings of formats 1 and 2.
#[derive(Deserialize)]
pub(super) struct TrainSettingsV2 {
    tokenizer: TokenizerSettingsV2,
    features: FeatureSettings,
    model: LogisticParamsV3,
    seed: u64,
}

impl TrainSettingsV2 {
    fn upgrade(self) -> TrainSettings {
        TrainSettings {
            tokenizer: self.tokenizer.upgrade(),
            features: self.features,
            model: self.model.upgrade(),
            seed: self.seed,
        }
    }
}

/// The training summary of formats 1 and 2.
pub(super) type TrainingSummaryV2 = FrozenSummary<TrainSettingsV2>;

/// The format-2 payload.
#[derive(Deserialize)]
pub(super) struct PipelinePartsV2 {
    pub(super) tokenizer: TokenizerSettingsV2,
    pub(super) vectorizer: Vectorizer,
    pub(super) model: LogisticModel,
    pub(super) summary: TrainingSummaryV2,
    pub(super) data_checksum: Option<u32>,
    pub(super) calibration: Option<Calibration>,
}

impl PipelinePartsV2 {
    /// The current parts: questions unmarked, as the model was trained.
    pub(super) fn upgrade(self) -> PipelineParts {
        PipelineParts {
            tokenizer: self.tokenizer.upgrade(),
            vectorizer: self.vectorizer,
            model: self.model,
            summary: self.summary.upgrade(TrainSettingsV2::upgrade),
            data_checksum: self.data_checksum,
            calibration: self.calibration,
        }
    }
}
