//! Classifying whole articles: split into sentences, score each, aggregate into a verdict
//! ([`mod@verdict`]), explain each sentence from the very row it was scored on ([`explain`]), and
//! do all of it for a stream of articles in parallel with bounded memory ([`stream`]).

use std::ops::Range;

use crate::pipeline::Pipeline;
use crate::text::boilerplate::{find, Clutter};
use crate::text::sentences::split_sentences;

pub mod explain;
pub mod stream;
#[cfg(test)]
mod tests;
pub mod verdict;

pub use explain::{ArticleExplanation, FramedSentence, SentenceExplanation};
pub use stream::{classify_stream, classify_stream_with, Batching};
pub use verdict::{verdict, DOMINANCE, MIN_FRAMED_SHARE, NEUTRAL_LABEL};

/// One sentence of an article: scored, or set aside as page clutter.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceResult {
    /// 1-based position in the article.
    pub index: usize,
    /// Byte range in the article's text.
    pub span: Range<usize>,
    /// Index of the predicted label (0 for clutter, which is not scored).
    pub label: usize,
    /// Probability of each label (empty for clutter).
    pub probabilities: Vec<f64>,
    /// Why the sentence was set aside as page clutter (`boilerplate`), if it was: such a
    /// sentence is not scored and not counted.
    pub clutter: Option<Clutter>,
}

impl SentenceResult {
    /// True for a sentence that was scored and counts towards the article's figures.
    pub fn is_counted(&self) -> bool {
        self.clutter.is_none()
    }
}

/// The aggregate of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSummary {
    /// The article's identifier.
    pub id: String,
    /// Number of sentences counted (page clutter excluded).
    pub sentences: usize,
    /// Number of sentences set aside as page clutter.
    pub boilerplate: usize,
    /// Sentences per label, in label order.
    pub counts: Vec<usize>,
    /// `counts` divided by the number of sentences (all zero for an empty article).
    pub shares: Vec<f64>,
    /// Mean probability of each label over the sentences.
    pub mean_probabilities: Vec<f64>,
    /// The verdict (see the module documentation).
    pub verdict: String,
    /// The article's values of [`ClassifyOptions::keep_columns`], in that order, as (column,
    /// value); empty when none were asked for or the article was classified alone.
    pub meta: Vec<(String, String)>,
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClassifyOptions {
    /// Explain every sentence with this many terms each way ([`explain`]).
    pub explain: Option<usize>,
    /// Score and count page clutter like any other sentence instead of setting it aside
    /// ([`crate::text::boilerplate`]).
    pub keep_boilerplate: bool,
    /// Metadata columns (CSV) or fields (JSONL) to carry from each streamed article
    /// ([`crate::input::Article::meta`]) into its summary ([`ArticleSummary::meta`]), e.g. an
    /// outlet, a date and a URL. The reader must have read them
    /// ([`crate::input::ReaderOptions::meta_columns`]); a column it did not read is carried as
    /// an empty value.
    pub keep_columns: Vec<String>,
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
    let spans = split_sentences(text);
    let clutter = if options.keep_boilerplate {
        vec![None; spans.len()]
    } else {
        find(text, &spans)
    };
    for (i, (span, kind)) in spans.into_iter().zip(clutter).enumerate() {
        let sentence = &text[span.clone()];
        if kind.is_some() {
            if options.explain.is_some() {
                explained.push(explain::SentenceExplanation::default());
            }
            sentences.push(SentenceResult {
                index: i + 1,
                span,
                label: 0,
                probabilities: Vec::new(),
                clutter: kind,
            });
            continue;
        }
        let score = match options.explain {
            Some(k) => {
                let (row, words) = pipeline.vectorize_with_words(sentence);
                let score = pipeline.score_row(&row);
                explained.push(explain::explain_row(
                    pipeline,
                    &row,
                    Some(&words),
                    score.label,
                    k,
                ));
                score
            }
            None => pipeline.score_row(&pipeline.vectorize(sentence)),
        };
        sentences.push(SentenceResult {
            index: i + 1,
            span,
            label: score.label,
            probabilities: score.probabilities,
            clutter: None,
        });
    }
    let mut counts = vec![0usize; k];
    let mut mean = vec![0.0; k];
    for s in sentences.iter().filter(|s| s.is_counted()) {
        counts[s.label] += 1;
        mean.iter_mut()
            .zip(&s.probabilities)
            .for_each(|(m, p)| *m += p);
    }
    let n = sentences.iter().filter(|s| s.is_counted()).count();
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
            boilerplate: sentences.len() - n,
            counts,
            shares,
            mean_probabilities: mean,
            verdict,
            meta: Vec::new(),
        },
        sentences,
        explanation,
    }
}
