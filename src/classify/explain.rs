//! Explaining classifications: which terms pushed a sentence towards its label and which pushed
//! against it, and which sentences of an article frame each role most strongly.
//!
//! A term's push is its tf-idf weight in the sentence times its coefficient for the label minus
//! its mean coefficient over labels ([`Pipeline::contributions_of_row`]). With softmax only differences
//! between labels matter, so this, not the raw coefficient, is what moves the label's probability
//! relative to the others; it is the same measure `inspect` ranks features by.

use super::{SentenceResult, NEUTRAL_LABEL};
use crate::features::{SparseRow, TermWords};
use crate::pipeline::{Contribution, Pipeline};

/// Why one sentence got its label.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SentenceExplanation {
    /// Up to K terms that pushed the sentence most towards its label, strongest first (all
    /// positive).
    pub towards: Vec<Contribution>,
    /// Up to K terms that pushed it most against its label, strongest first (all negative).
    pub against: Vec<Contribution>,
}

/// The sentence of an article that frames one label most strongly.
#[derive(Debug, Clone, PartialEq)]
pub struct FramedSentence {
    /// Index of the label.
    pub label: usize,
    /// 1-based position of the sentence in the article.
    pub index: usize,
    /// The sentence's probability of the label.
    pub probability: f64,
}

/// Explanations of an article's sentences and its most framed sentences.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArticleExplanation {
    /// One explanation per sentence, in the article's order.
    pub sentences: Vec<SentenceExplanation>,
    /// For each label other than `neutral`, in label order, the sentence with the highest
    /// probability of it (empty for an article without sentences).
    pub most_framed: Vec<FramedSentence>,
}

/// The `k` terms that pushed `sentence` most towards label `class` and the `k` that pushed most
/// against it.
///
/// ```
/// use stance::classify::explain::explain_sentence;
/// use stance::corpus::LabelledSet;
/// use stance::pipeline::{Pipeline, TrainSettings};
///
/// let data = LabelledSet {
///     texts: vec!["The force will monitor the ceasefire".into(), "The force must disarm Hamas".into()],
///     labels: vec!["peacekeeping".into(), "enforcement".into()],
///     lines: vec![2, 3],
///     ..Default::default()
/// };
/// let mut settings = TrainSettings::default();
/// settings.features.min_df = 1;
/// let (pipeline, _) = Pipeline::train(&data, &settings.check()?)?;
/// let e = explain_sentence(&pipeline, "They must disarm Hamas and monitor", 0, 2);
/// // Label 0 is enforcement (labels are sorted).
/// assert!(e.towards.iter().all(|c| c.value > 0.0 && !c.term.contains("monitor")));
/// assert_eq!(e.against[0].term, "monitor");
/// # Ok::<(), stance::Error>(())
/// ```
pub fn explain_sentence(
    pipeline: &Pipeline,
    sentence: &str,
    class: usize,
    k: usize,
) -> SentenceExplanation {
    let (row, words) = pipeline.vectorize_with_words(sentence);
    explain_row(pipeline, &row, Some(&words), class, k)
}

/// [`explain_sentence`] for a sentence already turned into its feature row, so that classifying
/// with explanations scores and explains each sentence from one vectorisation; `words` (from
/// [`Pipeline::vectorize_with_words`]) shows each term in the sentence's own words.
pub fn explain_row(
    pipeline: &Pipeline,
    row: &SparseRow,
    words: Option<&TermWords>,
    class: usize,
    k: usize,
) -> SentenceExplanation {
    let all = pipeline.contributions_of_row(row, words, class);
    SentenceExplanation {
        towards: all
            .iter()
            .filter(|c| c.value > 0.0)
            .take(k)
            .cloned()
            .collect(),
        against: all
            .iter()
            .rev()
            .filter(|c| c.value < 0.0)
            .take(k)
            .cloned()
            .collect(),
    }
}

/// For each label other than `neutral`, in label order, the counted sentence with the highest
/// probability of it (the first one on a tie, so that the answer does not depend on iteration
/// details); empty for an article without counted sentences.
pub fn most_framed(labels: &[String], sentences: &[SentenceResult]) -> Vec<FramedSentence> {
    labels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.as_str() != NEUTRAL_LABEL)
        .filter_map(|(c, _)| {
            let best = sentences
                .iter()
                .filter(|s| s.is_counted())
                .reduce(|best, s| {
                    if s.probabilities[c] > best.probabilities[c] {
                        s
                    } else {
                        best
                    }
                })?;
            Some(FramedSentence {
                label: c,
                index: best.index,
                probability: best.probabilities[c],
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{classify_article, classify_article_with, ClassifyOptions};
    use crate::pipeline::tests::tiny;
    use crate::pipeline::TrainSettings;

    fn pipeline() -> Pipeline {
        let mut s = TrainSettings::default();
        s.features.min_df = 1;
        // Marked negation: in this tiny corpus "disarm" then appears only in enforcement
        // sentences, which is what the assertions below rely on.
        s.tokenizer.negation = crate::text::tokens::Negation::Marked;
        Pipeline::train(&tiny(), &s.check().unwrap()).unwrap().0
    }

    #[test]
    fn sentences_are_explained_towards_and_against_their_label() {
        let p = pipeline();
        let text = "The force must disarm the militias. Observers will monitor the ceasefire line.";
        let r = classify_article_with(
            &p,
            "a",
            text,
            &ClassifyOptions {
                explain: Some(2),
                ..Default::default()
            },
        );
        let e = r.explanation.clone().unwrap();
        // The same as explaining each sentence on its own.
        for (s, x) in r.sentences.iter().zip(&e.sentences) {
            assert_eq!(*x, explain_sentence(&p, &text[s.span.clone()], s.label, 2));
        }
        assert_eq!(e.sentences.len(), 2);
        let first = &e.sentences[0];
        assert!(first.towards.len() <= 2 && !first.towards.is_empty());
        assert!(first.towards.iter().all(|c| c.value > 0.0));
        assert!(first.against.iter().all(|c| c.value < 0.0));
        assert!(
            first.towards.iter().any(|c| c.term.contains("disarm")),
            "{first:?}"
        );
        assert!(first.towards.windows(2).all(|w| w[0].value >= w[1].value));
        assert!(first.against.windows(2).all(|w| w[0].value <= w[1].value));
        // Labels are sorted: enforcement, neutral, peacekeeping; neutral has no most-framed entry.
        let labels: Vec<usize> = e.most_framed.iter().map(|f| f.label).collect();
        assert_eq!(labels, [0, 2]);
        assert_eq!(e.most_framed[0].index, 1);
        assert_eq!(e.most_framed[1].index, 2);
        assert_eq!(
            e.most_framed[1].probability,
            r.sentences[1].probabilities[2]
        );
    }

    #[test]
    fn an_empty_article_has_nothing_to_explain() {
        let p = pipeline();
        let r = classify_article_with(
            &p,
            "a",
            "",
            &ClassifyOptions {
                explain: Some(3),
                ..Default::default()
            },
        );
        assert_eq!(r.explanation, Some(ArticleExplanation::default()));
        assert_eq!(classify_article(&p, "a", "").explanation, None);
        // Of a sentence of unknown words only the feature of naming no force can be shown.
        let none = explain_sentence(&p, "zzz qqq", 0, 3);
        assert!(
            none.towards
                .iter()
                .chain(&none.against)
                .all(|t| t.term == crate::text::tokens::NO_FORCE_TOKEN),
            "{none:?}"
        );
    }
}
