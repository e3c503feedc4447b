//! Model-file format 2, frozen: the layout before the tokenizer settings gained the question
//! scope ([`TokenizerSettings::questions`]), so that models trained by earlier versions keep
//! loading, and read their questions as they were trained to: unmarked.
//!
//! Only the tokenizer settings differ from format 3 ([`super::v3`]), whose generic structs hold
//! the rest. Format 1's parts ([`super::v1`]) hold the same tokenizer settings.

use serde::Deserialize;

use super::v3::{FrozenParts, FrozenSummary, FrozenTokenizer, TokenizerSettingsV3};
use crate::text::tokens::{Negation, StopWords, TokenizerSettings};

/// The tokenizer settings of formats 1 and 2.
#[derive(Deserialize)]
pub(super) struct TokenizerSettingsV2 {
    stem: bool,
    negation: Negation,
    stop_words: StopWords,
}

impl FrozenTokenizer for TokenizerSettingsV2 {
    /// Format 3's settings with questions unmarked.
    fn upgrade(self) -> TokenizerSettings {
        TokenizerSettingsV3 {
            stem: self.stem,
            negation: self.negation,
            stop_words: self.stop_words,
            questions: false,
        }
        .upgrade()
    }
}

/// The training summary of formats 1 and 2.
pub(super) type TrainingSummaryV2 = FrozenSummary<TokenizerSettingsV2>;

/// The format-2 payload.
pub(super) type PipelinePartsV2 = FrozenParts<TokenizerSettingsV2>;
