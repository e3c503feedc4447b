//! Model-file format 1, frozen: the payload layout before calibration and the data checksum were
//! added, so that models trained by earlier versions keep loading.
//!
//! Only the top-level struct changed between formats 1 and 2; its parts (tokenizer settings,
//! vectoriser, model, training summary) are encoded as they were, and the two that changed in
//! format 3 are read through their frozen format-2 shapes ([`super::v2`]).

use serde::Deserialize;

use crate::features::Vectorizer;
use crate::model::LogisticModel;
use crate::pipeline::PipelineParts;

use super::v2::{PipelinePartsV2, TokenizerSettingsV2, TrainingSummaryV2};

/// The format-1 payload.
#[derive(Deserialize)]
pub(super) struct PipelinePartsV1 {
    tokenizer: TokenizerSettingsV2,
    vectorizer: Vectorizer,
    model: LogisticModel,
    summary: TrainingSummaryV2,
}

impl PipelinePartsV1 {
    /// The current parts, through format 2's: no data checksum, no calibration, questions
    /// unmarked.
    pub(super) fn upgrade(self) -> PipelineParts {
        PipelinePartsV2 {
            tokenizer: self.tokenizer,
            vectorizer: self.vectorizer,
            model: self.model,
            summary: self.summary,
            data_checksum: None,
            calibration: None,
        }
        .upgrade()
    }
}
