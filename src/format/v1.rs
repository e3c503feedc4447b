//! Model-file format 1, frozen: the payload layout before calibration and the data checksum were
//! added, so that models trained by earlier versions keep loading.
//!
//! Only the top-level struct changed between formats 1 and 2; its parts (tokenizer settings,
//! vectoriser, model, training summary) are encoded as they were. If one of them ever changes,
//! freeze its format-1 shape here too.

use serde::Deserialize;

use crate::features::Vectorizer;
use crate::model::LogisticModel;
use crate::pipeline::{PipelineParts, TrainingSummary};
use crate::text::tokens::TokenizerSettings;

/// The format-1 payload.
#[derive(Deserialize)]
pub(super) struct PipelinePartsV1 {
    tokenizer: TokenizerSettings,
    vectorizer: Vectorizer,
    model: LogisticModel,
    summary: TrainingSummary,
}

impl PipelinePartsV1 {
    /// The format-2 parts: no data checksum and no calibration.
    pub(super) fn upgrade(self) -> PipelineParts {
        PipelineParts {
            tokenizer: self.tokenizer,
            vectorizer: self.vectorizer,
            model: self.model,
            summary: self.summary,
            data_checksum: None,
            calibration: None,
        }
    }
}
