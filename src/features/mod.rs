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
pub use vectorizer::{TermWords, Vectorizer};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, Setting};

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
    /// Checks every setting's range and returns the checked settings, which is what fitting
    /// takes (linfa's `ParamGuard`): a front end checks once, where the settings come in.
    ///
    /// ```
    /// use stance::error::{ErrorKind, Setting};
    /// use stance::features::FeatureSettings;
    ///
    /// assert!(FeatureSettings::default().check().is_ok());
    /// let bad = FeatureSettings { max_df: 1.5, ..Default::default() };
    /// let err = bad.check().unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::InvalidSetting { setting: Setting::MaxDf, .. }));
    /// ```
    pub fn check(&self) -> Result<ValidFeatureSettings> {
        NgramRange::new(self.ngram_min, self.ngram_max)?;
        if self.min_df == 0 {
            return Err(Error::out_of_range(
                Setting::MinDf,
                self.min_df.to_string(),
                "a whole number of sentences, at least 1",
            ));
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(Error::out_of_range(
                Setting::MaxDf,
                self.max_df.to_string(),
                "a share of sentences greater than 0 and at most 1",
            ));
        }
        if self.max_features == Some(0) {
            return Err(Error::out_of_range(
                Setting::MaxFeatures,
                "0",
                "at least 1 (or leave it out for no limit)",
            ));
        }
        Ok(ValidFeatureSettings(self.clone()))
    }

    /// The n-gram range.
    pub fn ngrams(&self) -> NgramRange {
        NgramRange {
            min: self.ngram_min,
            max: self.ngram_max,
        }
    }

    /// Sets the n-gram range.
    pub fn set_ngrams(&mut self, range: NgramRange) {
        self.ngram_min = range.min;
        self.ngram_max = range.max;
    }
}

/// [`FeatureSettings`] whose ranges have been checked by [`FeatureSettings::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidFeatureSettings(FeatureSettings);

impl ValidFeatureSettings {
    /// The settings themselves.
    pub fn into_inner(self) -> FeatureSettings {
        self.0
    }
}

impl Default for ValidFeatureSettings {
    /// The defaults, which are valid.
    fn default() -> Self {
        ValidFeatureSettings(FeatureSettings::default())
    }
}

impl std::ops::Deref for ValidFeatureSettings {
    type Target = FeatureSettings;

    fn deref(&self) -> &FeatureSettings {
        &self.0
    }
}

/// An n-gram range `MIN-MAX` in tokens, with `1 <= MIN <= MAX <= 5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NgramRange {
    /// Smallest n-gram length.
    pub min: usize,
    /// Largest n-gram length.
    pub max: usize,
}

impl NgramRange {
    /// The longest n-grams the vectoriser builds.
    pub const LONGEST: usize = 5;

    /// What a range is written as.
    pub const EXPECTED_FORM: &'static str = "MIN-MAX, e.g. 1-2";

    /// What a range must satisfy.
    pub const EXPECTED_RANGE: &'static str = "MIN-MAX with 1 <= MIN <= MAX <= 5, e.g. 1-2";

    /// The range `min-max`, refused unless `1 <= min <= max <= 5`.
    pub fn new(min: usize, max: usize) -> Result<Self> {
        if min == 0 || max < min || max > Self::LONGEST {
            return Err(Error::out_of_range(
                Setting::NgramRange,
                format!("{min}-{max}"),
                Self::EXPECTED_RANGE,
            ));
        }
        Ok(NgramRange { min, max })
    }
}

impl std::str::FromStr for NgramRange {
    type Err = Error;

    /// Parses `MIN-MAX` (or `N` for `N-N`); spaces around either number are ignored. The
    /// error's value is the text as given.
    ///
    /// ```
    /// use stance::error::{ErrorKind, Invalid};
    /// use stance::features::NgramRange;
    ///
    /// assert_eq!("1-3".parse::<NgramRange>()?, NgramRange { min: 1, max: 3 });
    /// assert_eq!("2".parse::<NgramRange>()?, NgramRange { min: 2, max: 2 });
    /// let err = "1-9".parse::<NgramRange>().unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::InvalidSetting { reason: Invalid::OutOfRange, .. }));
    /// let err = "a-b".parse::<NgramRange>().unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::InvalidSetting { reason: Invalid::Unparsable, .. }));
    /// # Ok::<(), stance::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let (a, b) = s.split_once('-').unwrap_or((s, s));
        let number = |x: &str| {
            x.trim()
                .parse::<usize>()
                .map_err(|_| Error::unparsable(Setting::NgramRange, s, Self::EXPECTED_FORM))
        };
        let (min, max) = (number(a)?, number(b)?);
        NgramRange::new(min, max)
            .map_err(|_| Error::out_of_range(Setting::NgramRange, s, Self::EXPECTED_RANGE))
    }
}

impl std::fmt::Display for NgramRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.min, self.max)
    }
}

#[cfg(test)]
mod tests;
