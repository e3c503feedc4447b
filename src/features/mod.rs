//! TF-IDF features: from token lists to sparse, L2-normalised vectors.
//!
//! This is written for `stance` rather than taken from linfa-preprocessing because linfa 0.8.1's
//! `FittedTfIdfVectorizer::transform` recomputes document frequencies from the batch it is given:
//! one sentence scored alone would get other weights than it had in training. Here the idf is
//! computed once, at fit time, and frozen into the [`Vectorizer`], which is saved in the model.
//!
//! The vocabulary is ordered by falling document frequency, ties broken alphabetically, so
//! feature indices depend only on the training data, never on hash order. Weights: `tf` (or `1 + ln tf` when sublinear), times the smoothed idf
//! `ln((1 + n) / (1 + df)) + 1`, then the row is scaled to unit L2 norm.

mod intern;
mod sparse;
mod vectorizer;
mod vocabulary;

pub use intern::MAX_DISTINCT_TOKENS;
pub use sparse::{SparseMatrix, SparseRow};
pub use vectorizer::Vectorizer;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How features are built from tokens. Saved inside every model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSettings {
    /// Smallest n-gram length (in tokens).
    pub ngram_min: usize,
    /// Largest n-gram length (in tokens).
    pub ngram_max: usize,
    /// Drop terms found in fewer than this many training sentences.
    pub min_df: usize,
    /// Drop terms found in more than this share of training sentences (0 < max_df <= 1).
    pub max_df: f64,
    /// Keep only this many terms, the most frequent in the training corpus (ties alphabetical).
    pub max_features: Option<usize>,
    /// Use `1 + ln(tf)` instead of the raw count.
    pub sublinear_tf: bool,
}

impl Default for FeatureSettings {
    fn default() -> Self {
        FeatureSettings {
            ngram_min: 1,
            ngram_max: 2,
            min_df: 2,
            max_df: 1.0,
            max_features: None,
            sublinear_tf: true,
        }
    }
}

impl FeatureSettings {
    /// Checks every setting's range; the command line and the library both call this before
    /// fitting.
    pub fn validate(&self) -> Result<()> {
        if self.ngram_min == 0 || self.ngram_max < self.ngram_min || self.ngram_max > 5 {
            return Err(Error::InvalidParameter {
                name: "--ngrams",
                value: format!("{}-{}", self.ngram_min, self.ngram_max),
                expected: "MIN-MAX with 1 <= MIN <= MAX <= 5, e.g. 1-2".into(),
            });
        }
        if self.min_df == 0 {
            return Err(Error::InvalidParameter {
                name: "--min-df",
                value: self.min_df.to_string(),
                expected: "a whole number of sentences, at least 1".into(),
            });
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(Error::InvalidParameter {
                name: "--max-df",
                value: self.max_df.to_string(),
                expected: "a share of sentences greater than 0 and at most 1".into(),
            });
        }
        if self.max_features == Some(0) {
            return Err(Error::InvalidParameter {
                name: "--max-features",
                value: "0".into(),
                expected: "at least 1 (or leave it out for no limit)".into(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
