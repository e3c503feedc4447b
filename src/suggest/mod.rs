//! Choosing what to label next (active learning): split a pool of articles into sentences, score
//! each with the current model, and pick the `n` most informative, skipping sentences already
//! labelled, page clutter, and near-duplicates of another pick ([`select`]).
//!
//! **Strategies.** Each sentence's uncertainty comes from its label probabilities `p` (sorted so
//! that `p1 >= p2 >= ...`, `k` labels):
//!
//! | strategy | uncertainty | how picks are made |
//! |---|---|---|
//! | `margin` | `1 - (p1 - p2)` | the `n` highest |
//! | `entropy` | `-Σ p ln p / ln k` | the `n` highest |
//! | `least-confident` | `(1 - p1) · k / (k - 1)` | the `n` highest |
//! | `sample-margin` | `1 - (p1 - p2)` | sampled, probability growing with the uncertainty |
//! | `sample-entropy` | entropy as above | sampled likewise |
//! | `random` | (margin, reported only) | sampled uniformly |
//!
//! The sampled strategies draw without replacement with probability proportional to a weight
//! (the uncertainty, or 1 for `random`) by Efraimidis and Spirakis' method: every sentence gets
//! the key `ln(u) / w` with `u` uniform in (0, 1), and the `n` largest keys are the sample. This
//! is exact, and it streams: only the `n` best keys so far are held. `u` comes from a ChaCha8
//! generator seeded with the seed, one draw per eligible sentence in input order, so a seed gives
//! the same picks on any machine and with any number of threads.
//!
//! The default is `sample-margin`: a model trained on a few hundred sentences is overconfident,
//! so the `n` smallest margins crowd into one narrow kind of sentence (its own blind spots look
//! certain to it), and picking them did no better than random; sampling in proportion to the
//! uncertainty still favours hard sentences but covers the pool. `bench/active_learning.sh`
//! measures every strategy against random picks on held-out reporting.
//!
//! Memory is bounded by `n` (plus one batch of articles being scored), not by the pool.

pub mod select;

use std::collections::HashSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::classify::{classify_stream_with, Batching, ClassifyOptions};
use crate::error::{Error, Result, Setting};
use crate::input::Article;
use crate::pipeline::Pipeline;

pub use select::Selection;

/// How sentences are ranked for labelling (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// The `n` smallest margins between the two most probable labels.
    Margin,
    /// The `n` highest normalised entropies.
    Entropy,
    /// The `n` lowest top probabilities.
    LeastConfident,
    /// Sampled with probability proportional to `1 - margin`.
    #[default]
    SampleMargin,
    /// Sampled with probability proportional to the normalised entropy.
    SampleEntropy,
    /// Sampled uniformly.
    Random,
}

impl Strategy {
    /// Every strategy with its name, in the order a front end lists them.
    pub const ALL: [(&'static str, Strategy); 6] = [
        ("sample-margin", Strategy::SampleMargin),
        ("sample-entropy", Strategy::SampleEntropy),
        ("margin", Strategy::Margin),
        ("entropy", Strategy::Entropy),
        ("least-confident", Strategy::LeastConfident),
        ("random", Strategy::Random),
    ];

    /// The strategy's name.
    pub fn name(self) -> &'static str {
        Strategy::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }

    /// The uncertainty this strategy ranks by, from one sentence's probabilities (0 = certain).
    pub fn uncertainty(self, probabilities: &[f64]) -> f64 {
        let k = probabilities.len();
        if k < 2 {
            return 0.0;
        }
        let (mut p1, mut p2) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for &p in probabilities {
            if p > p1 {
                (p1, p2) = (p, p1);
            } else if p > p2 {
                p2 = p;
            }
        }
        match self {
            Strategy::Margin | Strategy::SampleMargin | Strategy::Random => 1.0 - (p1 - p2),
            Strategy::LeastConfident => (1.0 - p1) * k as f64 / (k - 1) as f64,
            Strategy::Entropy | Strategy::SampleEntropy => {
                let h: f64 = probabilities
                    .iter()
                    .filter(|&&p| p > 0.0)
                    .map(|&p| -p * p.ln())
                    .sum();
                h / (k as f64).ln()
            }
        }
    }

    /// True for the strategies that sample rather than take the highest uncertainties.
    pub fn samples(self) -> bool {
        matches!(
            self,
            Strategy::SampleMargin | Strategy::SampleEntropy | Strategy::Random
        )
    }
}

impl std::str::FromStr for Strategy {
    type Err = Error;

    /// Parses a strategy's name (see [`Strategy::ALL`]).
    fn from_str(s: &str) -> Result<Self> {
        Strategy::ALL
            .iter()
            .find(|(name, _)| *name == s)
            .map(|&(_, st)| st)
            .ok_or_else(|| {
                Error::unparsable(
                    Setting::Strategy,
                    s,
                    "one of sample-margin, sample-entropy, margin, entropy, least-confident, random",
                )
            })
    }
}

/// What [`suggest`] is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestOptions {
    /// How many sentences to pick.
    pub n: usize,
    /// How to rank them.
    pub strategy: Strategy,
    /// Seed of the sampling strategies' generator.
    pub seed: u64,
    /// Sentences not to pick, as [`fold`] makes them (already labelled elsewhere).
    pub exclude: HashSet<String>,
    /// Split the picks evenly over the labels the model predicts (`n / k` each, the remainder
    /// to the first labels), each share chosen by the strategy among the sentences predicted
    /// that label.
    pub balance: bool,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            n: 100,
            strategy: Strategy::default(),
            seed: 42,
            exclude: HashSet::new(),
            balance: false,
        }
    }
}

/// One sentence picked for labelling.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The article's identifier.
    pub article: String,
    /// The sentence's 1-based position in its article.
    pub sentence: usize,
    /// The sentence.
    pub text: String,
    /// The model's label for it.
    pub label: usize,
    /// The model's probability of each label.
    pub probabilities: Vec<f64>,
    /// Its uncertainty under the strategy (see [`Strategy::uncertainty`]).
    pub score: f64,
}

/// What a run of [`suggest`] saw besides its picks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SuggestReport {
    /// The picks, best first (highest key).
    pub picks: Vec<Suggestion>,
    /// Articles read.
    pub articles: u64,
    /// Sentences read.
    pub sentences: u64,
    /// Sentences set aside as page clutter.
    pub boilerplate: u64,
    /// Sentences skipped because they were already labelled.
    pub excluded: u64,
}

/// A sentence as exclusion lists compare it: runs of white space made one space, trimmed,
/// lower-cased.
///
/// ```
/// assert_eq!(stance::suggest::fold(" The  Force\tWILL "), "the force will");
/// ```
pub fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Efraimidis and Spirakis' key for an item of weight `weight` given a uniform draw `r` in
/// [0, 1): `ln(u) / w` with `u = 1 - r` in (0, 1], the log of their `u^(1/w)` (same order, no
/// underflow). The `n` largest keys are a weighted sample without replacement. A weight of 0
/// (a sentence the model is certain of) is taken as 1e-12: picked only when nothing else is left.
pub fn sample_key(r: f64, weight: f64) -> f64 {
    (1.0 - r).ln() / weight.max(1e-12)
}

/// Scores every sentence of `articles` with `pipeline` and picks `options.n` of them (see the
/// module documentation). Articles are scored in parallel batches; picks do not depend on the
/// number of threads.
pub fn suggest(
    pipeline: &Pipeline,
    articles: impl IntoIterator<Item = Result<Article>>,
    options: &SuggestOptions,
) -> Result<SuggestReport> {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let k = pipeline.labels().len().max(1);
    let mut selections: Vec<Selection<Suggestion>> = if options.balance {
        (0..k)
            .map(|c| Selection::new(options.n / k + usize::from(c < options.n % k)))
            .collect()
    } else {
        vec![Selection::new(options.n)]
    };
    let mut report = SuggestReport::default();
    let strategy = options.strategy;
    classify_stream_with(
        pipeline,
        articles,
        Batching::default(),
        &ClassifyOptions::default(),
        |_, result| Ok::<_, Error>(result),
        |article: &Article, result| {
            report.articles += 1;
            for s in result.sentences {
                report.sentences += 1;
                if !s.is_counted() {
                    report.boilerplate += 1;
                    continue;
                }
                let text = article.text[s.span.clone()].trim();
                if !options.exclude.is_empty() && options.exclude.contains(&fold(text)) {
                    report.excluded += 1;
                    continue;
                }
                let score = strategy.uncertainty(&s.probabilities);
                let key = if strategy.samples() {
                    let weight = if strategy == Strategy::Random {
                        1.0
                    } else {
                        score
                    };
                    sample_key(rng.gen::<f64>(), weight)
                } else {
                    score
                };
                let selection = match options.balance {
                    true => &mut selections[s.label.min(k - 1)],
                    false => &mut selections[0],
                };
                selection.offer(key, text, || Suggestion {
                    article: article.id.clone(),
                    sentence: s.index,
                    text: text.to_string(),
                    label: s.label,
                    probabilities: s.probabilities.clone(),
                    score,
                });
            }
            Ok(())
        },
    )?;
    let mut picks: Vec<(f64, Suggestion)> = selections
        .into_iter()
        .flat_map(Selection::into_sorted)
        .collect();
    picks.sort_by(|a, b| b.0.total_cmp(&a.0));
    report.picks = picks.into_iter().map(|(_, s)| s).collect();
    Ok(report)
}

#[cfg(test)]
mod tests;
