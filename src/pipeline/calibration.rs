//! The model's measured error rates ([`Calibration`]) and the training data's checksum
//! ([`data_checksum`]), both saved in the model file.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::argmax;

/// The model's error rates on labelled sentences it did not see, which the adjusted
/// quantification methods need: the confusion matrix, and per true label the mean and the
/// covariance of the posterior vectors.
///
/// `train` measures them on out-of-fold predictions of a seeded stratified K-fold over the
/// training data; a user's own labelled sentences give the same summary
/// ([`Calibration::from_predictions`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Where the predictions came from, e.g. `5-fold out-of-fold predictions on train.csv`.
    pub source: String,
    /// Number of folds (0 when the sentences were scored by the finished model).
    pub folds: usize,
    /// `confusion[true][predicted]`: sentence counts.
    pub confusion: Vec<Vec<u64>>,
    /// `mean_posteriors[true][label]`: the mean posterior of each label over the sentences of
    /// one true label (all zero for a label with no sentences).
    pub mean_posteriors: Vec<Vec<f64>>,
    /// `posterior_covariance[true]`: the covariance (divisor n) of those posterior vectors,
    /// which the bootstrap uses to resample the means.
    pub posterior_covariance: Vec<Vec<Vec<f64>>>,
}

impl Calibration {
    #[allow(clippy::needless_range_loop)]
    /// Summarises predictions: `truth[i]` is sentence `i`'s true label index and
    /// `probabilities[i]` its posterior vector over `k` labels.
    pub fn from_predictions(
        source: impl Into<String>,
        folds: usize,
        k: usize,
        truth: &[usize],
        probabilities: &[Vec<f64>],
    ) -> Calibration {
        let mut confusion = vec![vec![0u64; k]; k];
        let mut sums = vec![vec![0.0; k]; k];
        let mut cross = vec![vec![vec![0.0; k]; k]; k];
        for (&t, p) in truth.iter().zip(probabilities) {
            confusion[t][argmax(p)] += 1;
            for a in 0..k {
                sums[t][a] += p[a];
                for b in 0..k {
                    cross[t][a][b] += p[a] * p[b];
                }
            }
        }
        let mut mean_posteriors = vec![vec![0.0; k]; k];
        let mut posterior_covariance = vec![vec![vec![0.0; k]; k]; k];
        for t in 0..k {
            let n = confusion[t].iter().sum::<u64>() as f64;
            if n == 0.0 {
                continue;
            }
            for a in 0..k {
                mean_posteriors[t][a] = sums[t][a] / n;
            }
            for a in 0..k {
                for b in 0..k {
                    posterior_covariance[t][a][b] =
                        cross[t][a][b] / n - mean_posteriors[t][a] * mean_posteriors[t][b];
                }
            }
        }
        Calibration {
            source: source.into(),
            folds,
            confusion,
            mean_posteriors,
            posterior_covariance,
        }
    }

    /// Number of sentences summarised.
    pub fn sentences(&self) -> u64 {
        self.confusion.iter().flatten().sum()
    }

    pub(crate) fn check(&self, k: usize) -> Result<()> {
        let square = |m: &Vec<Vec<f64>>| m.len() == k && m.iter().all(|r| r.len() == k);
        let ok = self.confusion.len() == k
            && self.confusion.iter().all(|r| r.len() == k)
            && square(&self.mean_posteriors)
            && self.posterior_covariance.len() == k
            && self.posterior_covariance.iter().all(square)
            && self
                .mean_posteriors
                .iter()
                .flatten()
                .chain(self.posterior_covariance.iter().flatten().flatten())
                .all(|x| x.is_finite());
        if ok {
            Ok(())
        } else {
            Err(Error::inconsistent(
                "the calibration summary does not match the labels",
            ))
        }
    }
}

/// A CRC-32 of training data as training saw it: each sentence's text, the byte 0x1F, its label
/// and the byte 0x1E, in order. It identifies the data whatever file it came from (a CSV with
/// other columns, standard input), so two models can be told apart by their data.
pub fn data_checksum<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    for (text, label) in rows {
        hasher.update(text.as_bytes());
        hasher.update(&[0x1f]);
        hasher.update(label.as_bytes());
        hasher.update(&[0x1e]);
    }
    hasher.finalize()
}

/// The stored calibration, if any, fits the model's labels.
pub(super) fn check_parts(parts: &super::PipelineParts) -> Result<()> {
    match &parts.calibration {
        Some(c) => c.check(parts.model.labels().len()),
        None => Ok(()),
    }
}

impl super::Pipeline {
    /// The model's measured error rates, if training measured them.
    pub fn calibration(&self) -> Option<&Calibration> {
        self.parts.calibration.as_ref()
    }

    /// The same pipeline with these error rates stored (checked against its labels).
    pub fn with_calibration(mut self, calibration: Calibration) -> Result<Self> {
        calibration.check(self.labels().len())?;
        self.parts.calibration = Some(calibration);
        Ok(self)
    }

    /// The checksum of the training data ([`data_checksum`]); `None` for a format-1 model.
    pub fn data_checksum(&self) -> Option<u32> {
        self.parts.data_checksum
    }
}
