//! [`TrainOptions`]: the training choices a user makes, flat, with the defaults every front end
//! shares (the command line, the Python package), so that a model trained from either is the
//! same model.

use crate::error::Result;
use crate::features::{FeatureSettings, NgramRange};
use crate::model::{ClassWeight, LogisticParams};
use crate::text::tokens::{ForceMention, Negation, StopWords, TokenizerSettings};

use super::{TrainSettings, ValidTrainSettings};

/// How to train, as a user states it: one field per option, every default the command line's.
///
/// [`TrainSettings::default`] is the library's neutral starting point (no stemming, plain term
/// frequencies); these are the defaults the bundled model is trained with, and the ones both
/// `stance train` and the Python package's `train` use.
///
/// ```
/// use stance::pipeline::TrainOptions;
///
/// let options = TrainOptions { c: 4.0, ..TrainOptions::default() };
/// let settings = options.settings()?;
/// assert_eq!(settings.model.c, 4.0);
/// assert!(settings.tokenizer.stem && settings.features.sublinear_tf);
/// assert!(TrainOptions { max_df: 0.0, ..TrainOptions::default() }.settings().is_err());
/// # Ok::<(), stance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// N-gram range in tokens (1-2).
    pub ngrams: NgramRange,
    /// Ignore terms found in fewer sentences than this (2).
    pub min_df: usize,
    /// Ignore terms found in more than this share of sentences (1.0).
    pub max_df: f64,
    /// Keep at most this many terms, the most frequent (no limit).
    pub max_features: Option<usize>,
    /// English Snowball stemming (on).
    pub stem: bool,
    /// Negation scopes ([`Negation::Clauses`]).
    pub negation: Negation,
    /// Stop words to drop (none).
    pub stop_words: StopWords,
    /// Mark the tokens of questions (on).
    pub questions: bool,
    /// Add a feature to sentences that name no international force (on).
    pub force_mention: bool,
    /// Inverse regularisation strength (10).
    pub c: f64,
    /// How many times the ordinary penalty a style term's weights pay
    /// ([`LogisticParams::style_penalty`]; 2, and 1 for none).
    pub style_penalty: f64,
    /// How much each class counts in the loss (uniform).
    pub class_weight: ClassWeight,
    /// The optimiser's iteration cap (500).
    pub max_iter: u64,
    /// Stop when the largest gradient component falls below this.
    pub tol: f64,
    /// Seed for every randomised step, recorded in the model (42).
    pub seed: u64,
    /// Folds of the out-of-fold calibration stored for adjusted share estimates (5; 0 skips it).
    pub calibration_folds: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            ngrams: NgramRange { min: 1, max: 2 },
            min_df: 2,
            max_df: 1.0,
            max_features: None,
            stem: true,
            negation: Negation::default(),
            stop_words: StopWords::None,
            questions: true,
            force_mention: true,
            c: 10.0,
            style_penalty: crate::model::DEFAULT_STYLE_PENALTY,
            class_weight: ClassWeight::Uniform,
            max_iter: 500,
            tol: LogisticParams::default().gradient_tolerance,
            seed: 42,
            calibration_folds: 5,
        }
    }
}

impl TrainOptions {
    /// The checked settings these options stand for (sub-linear term frequencies, as always for
    /// a trained model).
    pub fn settings(&self) -> Result<ValidTrainSettings> {
        let mut features = FeatureSettings {
            min_df: self.min_df,
            max_df: self.max_df,
            max_features: self.max_features,
            sublinear_tf: true,
            ..FeatureSettings::default()
        };
        features.set_ngrams(self.ngrams);
        TrainSettings {
            tokenizer: TokenizerSettings {
                stem: self.stem,
                negation: self.negation,
                stop_words: self.stop_words.clone(),
                questions: self.questions,
                force_mention: if self.force_mention {
                    ForceMention::default()
                } else {
                    ForceMention::Off
                },
            },
            features,
            model: LogisticParams::default()
                .c(self.c)
                .style_penalty(self.style_penalty)
                .class_weight(self.class_weight.clone())
                .max_iter(self.max_iter)
                .gradient_tolerance(self.tol),
            seed: self.seed,
        }
        .check()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_bundled_models() {
        let s = TrainOptions::default().settings().unwrap();
        assert_eq!((s.features.ngram_min, s.features.ngram_max), (1, 2));
        assert_eq!((s.features.min_df, s.features.max_df), (2, 1.0));
        assert!(s.tokenizer.stem && s.features.sublinear_tf);
        assert_eq!(s.tokenizer.negation, Negation::Clauses);
        assert_eq!(s.tokenizer.stop_words, StopWords::None);
        assert_eq!((s.model.c, s.model.max_iter, s.seed), (10.0, 500, 42));
        assert_eq!(s.model.style_penalty, 2.0);
        assert!(s.tokenizer.questions);
        assert_eq!(s.tokenizer.force_mention, ForceMention::Possessive);
    }

    #[test]
    fn every_field_reaches_the_settings() {
        let o = TrainOptions {
            ngrams: NgramRange { min: 1, max: 3 },
            min_df: 1,
            max_df: 0.5,
            max_features: Some(7),
            stem: false,
            negation: Negation::Off,
            questions: false,
            force_mention: false,
            stop_words: StopWords::English,
            c: 2.5,
            style_penalty: 1.5,
            class_weight: ClassWeight::Balanced,
            max_iter: 9,
            tol: 1e-3,
            seed: 3,
            calibration_folds: 0,
        };
        let s = o.settings().unwrap();
        assert_eq!(s.features.ngram_max, 3);
        assert_eq!((s.features.min_df, s.features.max_df), (1, 0.5));
        assert_eq!(s.features.max_features, Some(7));
        assert!(!s.tokenizer.stem && !s.tokenizer.force_mention.is_on());
        assert_eq!(s.tokenizer.negation, Negation::Off);
        assert_eq!(s.tokenizer.stop_words, StopWords::English);
        assert_eq!(s.model.class_weight, ClassWeight::Balanced);
        assert_eq!(s.model.style_penalty, 1.5);
        assert_eq!(
            (
                s.model.c,
                s.model.max_iter,
                s.model.gradient_tolerance,
                s.seed
            ),
            (2.5, 9, 1e-3, 3)
        );
    }
}
