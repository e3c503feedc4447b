//! Measuring framing across a corpus: the share of each label in each group of articles (by
//! outlet, by period), corrected for the model's errors by quantification methods.
//!
//! Classify-and-count is biased whenever a group's true mix differs from the mix the model was
//! trained on: a model that calls 10% of enforcement sentences neutral under-counts enforcement
//! most where enforcement is most common. The adjusted methods undo that with the model's measured
//! error rates ([`crate::pipeline::Calibration`]):
//!
//! - **CC**, classify and count: the share of sentences given each label;
//! - **PCC**, probabilistic CC: the mean posterior of each label;
//! - **ACC**, adjusted CC (Forman 2008): solves `M p = q` for the true shares `p`, where `q` is
//!   CC and `M[i][j]` = P(predicted i | true j);
//! - **PACC**, probabilistic ACC (Bella et al. 2010): the same on PCC, with `M[i][j]` the mean
//!   posterior of label i over sentences of true label j;
//! - **EMQ** (Saerens, Latinne & Decaestecker 2002): re-estimates the priors by expectation
//!   maximisation over the posteriors; with measured error rates it divides by the mean posterior
//!   they give the training mix rather than by the training prevalence
//!   ([`estimators::emq_prior`]).
//!
//! The estimators are plain functions in [`estimators`], each checked against QuaPy 0.2.3. An
//! adjustment that leaves [0, 1] is clipped and renormalised (QuaPy's `norm='clip'`) and
//! reported ([`Notice::Clipped`]); a singular `M` falls back to the unadjusted estimate
//! ([`Notice::Singular`]).
//!
//! **What is counted.** Page clutter (sentences marked `boilerplate`) is never counted. Shares are
//! over all labels, neutral included, and sum to 1 per group and method; the share *of framed
//! sentences* is [`SharesOptions::framed_only`]: neutral is dropped and the rest renormalised,
//! after the adjustment (adjusting needs every label) and in every bootstrap replicate.
//!
//! **Intervals.** Percentile bootstrap: each replicate draws the group's articles with
//! replacement (a group's sentences from one article are not independent, articles are the
//! unit) and, for ACC, PACC and EMQ with error rates, redraws the calibration sentences the
//! error rates came from
//! ([`measure`]); the 2.5th and 97.5th percentiles of the replicates bound the 95% interval.

pub mod estimators;
pub mod measure;
pub mod period;
#[cfg(test)]
mod tests;

pub use estimators::{acc, cc, emq, pacc, pcc, Estimate};
pub use measure::{calibrate_on, measure_shares, MIN_ARTICLES, MIN_SENTENCES};
pub use period::Period;

use std::fmt;

/// A quantification method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Classify and count.
    Cc,
    /// Probabilistic classify and count.
    Pcc,
    /// Adjusted classify and count.
    Acc,
    /// Probabilistic adjusted classify and count.
    Pacc,
    /// Expectation maximisation of the priors.
    Emq,
}

/// The method used when none is named: EMQ had the lowest mean absolute error per share under
/// the artificial-prevalence protocol on real reporting (`bench/quantification.sh`, 1000 samples
/// of 100 sentences, the shipped model): 0.0559 on dev2.csv (CC 0.0935, ACC 0.0628, PACC 0.0683)
/// and 0.0547 on dev.csv (CC 0.0664, ACC 0.0546, PACC 0.0719), the lowest mean over the two.
pub const DEFAULT_METHOD: Method = Method::Emq;

/// The most bootstrap replicates [`measure_shares`] takes. Percentile intervals settle long
/// before this; each replicate costs a pass over every group, so a larger count is a typing
/// error that would run for hours.
pub const MAX_BOOTSTRAP: usize = 100_000;

impl Method {
    /// Every method, in output order.
    pub const ALL: [Method; 5] = [
        Method::Cc,
        Method::Pcc,
        Method::Acc,
        Method::Pacc,
        Method::Emq,
    ];

    /// The method's name: `cc`, `pcc`, `acc`, `pacc`, `emq`.
    pub fn name(self) -> &'static str {
        match self {
            Method::Cc => "cc",
            Method::Pcc => "pcc",
            Method::Acc => "acc",
            Method::Pacc => "pacc",
            Method::Emq => "emq",
        }
    }
}

impl std::str::FromStr for Method {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Method::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| format!("'{s}' is not one of cc, pcc, acc, pacc, emq, all"))
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a share is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    /// Counted sentences (page clutter excluded).
    #[default]
    Sentence,
    /// Article verdicts (labels and `mixed`; empty articles are not counted). Only CC is
    /// defined: there are no measured error rates for verdicts.
    Article,
}

/// What to measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharesOptions {
    /// Metadata columns to group by ([`crate::input::Article::meta`]).
    pub group_by: Vec<String>,
    /// The column holding each article's date, if grouping by period.
    pub date_column: Option<String>,
    /// The period to group dates by (day when not given).
    pub period: Option<Period>,
    /// The methods, in output order.
    pub methods: Vec<Method>,
    /// Sentences or article verdicts.
    pub unit: Unit,
    /// Bootstrap replicates (0: no intervals; at most [`MAX_BOOTSTRAP`]).
    pub bootstrap: usize,
    /// Seed of the bootstrap's ChaCha8 generator.
    pub seed: u64,
    /// Shares of framed sentences only: neutral dropped, the rest renormalised, after adjusting.
    pub framed_only: bool,
    /// Count page clutter like any other sentence.
    pub keep_boilerplate: bool,
}

impl Default for SharesOptions {
    fn default() -> Self {
        SharesOptions {
            group_by: Vec::new(),
            date_column: None,
            period: None,
            methods: vec![DEFAULT_METHOD],
            unit: Unit::Sentence,
            bootstrap: 1000,
            seed: 42,
            framed_only: false,
            keep_boilerplate: false,
        }
    }
}

/// Something the user should know about the figures.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// The adjusted estimate left [0, 1]; it was clipped and renormalised.
    Clipped {
        /// The group.
        group: Vec<String>,
        /// The method.
        method: Method,
    },
    /// The method's error matrix is singular; the unadjusted estimate was reported instead.
    Singular {
        /// The method.
        method: Method,
    },
    /// A group too small for its figures to mean much ([`MIN_ARTICLES`], [`MIN_SENTENCES`]).
    SmallGroup {
        /// The group.
        group: Vec<String>,
        /// Its articles.
        articles: u64,
        /// Its counted sentences.
        sentences: u64,
    },
    /// A group with nothing to count: its shares are undefined.
    EmptyGroup {
        /// The group.
        group: Vec<String>,
    },
    /// Methods left out for want of calibration.
    NoCalibration {
        /// The methods.
        dropped: Vec<Method>,
    },
    /// Methods left out because article verdicts have only a plain count.
    ArticleUnitCountsOnly {
        /// The methods.
        dropped: Vec<Method>,
    },
}

fn group_name(group: &[String]) -> String {
    if group.is_empty() {
        "the whole input".into()
    } else {
        format!("group '{}'", group.join(" / "))
    }
}

fn names(methods: &[Method]) -> String {
    methods
        .iter()
        .map(|m| m.name())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Clipped { group, method } => write!(
                f,
                "{}: the {method} estimate fell outside [0, 1]; it was clipped and renormalised",
                group_name(group)
            ),
            Notice::Singular { method } => write!(
                f,
                "the {method} error matrix is singular (the model never tells two labels apart \
                 on the calibration sentences); the unadjusted estimate is reported instead"
            ),
            Notice::SmallGroup {
                group,
                articles,
                sentences,
            } => write!(
                f,
                "{}: only {articles} articles and {sentences} sentences (fewer than \
                 {MIN_ARTICLES} articles or {MIN_SENTENCES} sentences); its shares and intervals \
                 are rough",
                group_name(group)
            ),
            Notice::EmptyGroup { group } => write!(
                f,
                "{}: no sentences to count; its shares are left empty",
                group_name(group)
            ),
            Notice::NoCalibration { dropped } => write!(
                f,
                "the model stores no calibration, so {} were left out",
                names(dropped)
            ),
            Notice::ArticleUnitCountsOnly { dropped } => write!(
                f,
                "article verdicts have no measured error rates, so only cc is reported ({} left \
                 out)",
                names(dropped)
            ),
        }
    }
}

/// One share.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRow {
    /// The group's key: its value of each grouping column, then its period.
    pub group: Vec<String>,
    /// The label.
    pub label: String,
    /// The method.
    pub method: Method,
    /// The share (`None` for an empty group).
    pub share: Option<f64>,
    /// The 95% bootstrap interval (`None` without bootstrap or for an empty group).
    pub interval: Option<(f64, f64)>,
    /// Counted sentences in the group.
    pub sentences: u64,
    /// Articles in the group.
    pub articles: u64,
}

/// The shares of every group.
#[derive(Debug, Clone, PartialEq)]
pub struct Shares {
    /// The names of the key's parts: the grouping columns, then `period` when grouping by date.
    pub columns: Vec<String>,
    /// Whether the last part of every key is a period (grouping by date).
    pub periods: bool,
    /// Every label (or, for article verdicts, every verdict) the shares are measured over, in
    /// the model's order: a figure gives each the same colour whether or not it is shown
    /// (neutral is not, with [`SharesOptions::framed_only`]).
    pub classes: Vec<String>,
    /// Rows by group (sorted by key), then method, then label.
    pub rows: Vec<ShareRow>,
    /// What the user should know.
    pub notices: Vec<Notice>,
    /// Where the error rates of ACC, PACC and EMQ came from, when used.
    pub calibration: Option<String>,
    /// The input files, in the order they were read.
    pub inputs: Vec<String>,
    /// The methods reported.
    pub methods: Vec<Method>,
}
