//! Measuring framing across a corpus: the share of each label in each group of articles (by
//! outlet, by period), corrected for the model's errors by quantification methods.

pub mod estimators;
#[cfg(test)]
mod tests;

pub use estimators::{acc, cc, emq, pacc, pcc, Estimate};
