//! Classifying whole articles: split into sentences, score each, aggregate into a verdict
//! ([`verdict`]), explain each sentence from the very row it was scored on ([`explain`]), and
//! do all of it for a stream of articles in parallel with bounded memory ([`stream`]).

use std::ops::Range;

use crate::pipeline::Pipeline;
use crate::text::sentences::split_sentences;

pub mod explain;
pub mod stream;
#[cfg(test)]
mod tests;
pub mod verdict;

pub use explain::{ArticleExplanation, FramedSentence, SentenceExplanation};
pub use stream::{classify_stream, classify_stream_with, Batching};
pub use verdict::{verdict, DOMINANCE, MIN_FRAMED_SHARE, NEUTRAL_LABEL};

/// One scored sentence of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceResult {
    /// 1-based position in the article.
    pub index: usize,
    /// Byte range in the article's text.
    pub span: Range<usize>,
    /// Index of the predicted label.
    pub label: usize,
    /// Probability of each label.
    pub probabilities: Vec<f64>,
}

/// The aggregate of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSummary {
    /// The article's identifier.
    pub id: String,
    /// Number of sentences.
    pub sentences: usize,
    /// Sentences per label, in label order.
    pub counts: Vec<usize>,
    /// `counts` divided by the number of sentences (all zero for an empty article).
    pub shares: Vec<f64>,
    /// Mean probability of each label over the sentences.
    pub mean_probabilities: Vec<f64>,
    /// The verdict (see the module documentation).
    pub verdict: String,
}

/// An article's summary, its sentences and, on request, their explanations.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleResult {
    /// The aggregate.
    pub summary: ArticleSummary,
    /// Every scored sentence, in order.
    pub sentences: Vec<SentenceResult>,
    /// Why each sentence got its label, when explanations were asked for
    /// ([`ClassifyOptions::explain`]).
    pub explanation: Option<ArticleExplanation>,
}

/// What to compute for each article beyond its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClassifyOptions {
    /// Explain every sentence with this many terms each way ([`explain`]).
    pub explain: Option<usize>,
}

/// Splits, scores and aggregates one article.
///
/// ```no_run
/// let pipeline = stance::format::load("models/stance.model".as_ref())?;
/// let result = stance::classify::classify_article(&pipeline, "a1", "The force will monitor the truce. It will not disarm anyone.");
/// println!("{}", result.summary.verdict);
/// # Ok::<(), stance::Error>(())
/// ```
pub fn classify_article(pipeline: &Pipeline, id: &str, text: &str) -> ArticleResult {
    classify_article_with(pipeline, id, text, &ClassifyOptions::default())
}

/// [`classify_article`] with options: with [`ClassifyOptions::explain`], each sentence is
/// explained from the same feature row it was scored on.
pub fn classify_article_with(
    pipeline: &Pipeline,
    id: &str,
    text: &str,
    options: &ClassifyOptions,
) -> ArticleResult {
    let k = pipeline.labels().len();
    let mut sentences = Vec::new();
    let mut explained = Vec::new();
    for (i, span) in split_sentences(text).into_iter().enumerate() {
        let row = pipeline.vectorize(&text[span.clone()]);
        let score = pipeline.score_row(&row);
        if let Some(k) = options.explain {
            explained.push(explain::explain_row(pipeline, &row, score.label, k));
        }
        sentences.push(SentenceResult {
            index: i + 1,
            span,
            label: score.label,
            probabilities: score.probabilities,
        });
    }
    let mut counts = vec![0usize; k];
    let mut mean = vec![0.0; k];
    for s in &sentences {
        counts[s.label] += 1;
        mean.iter_mut()
            .zip(&s.probabilities)
            .for_each(|(m, p)| *m += p);
    }
    let n = sentences.len();
    if n > 0 {
        mean.iter_mut().for_each(|m| *m /= n as f64);
    }
    let shares = counts
        .iter()
        .map(|&c| if n > 0 { c as f64 / n as f64 } else { 0.0 })
        .collect();
    let verdict = verdict(pipeline.labels(), &counts);
    let explanation = options.explain.map(|_| ArticleExplanation {
        most_framed: explain::most_framed(pipeline.labels(), &sentences),
        sentences: explained,
    });
    ArticleResult {
        summary: ArticleSummary {
            id: id.to_string(),
            sentences: n,
            counts,
            shares,
            mean_probabilities: mean,
            verdict,
        },
        sentences,
        explanation,
    }
}
