//! Sentence splitting for news text (temporary: UAX #29 only, replaced by the full splitter).
use unicode_segmentation::UnicodeSegmentation;

/// Byte ranges of the sentences of `text`.
pub fn split_sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    text.split_sentence_bound_indices()
        .filter_map(|(i, s)| {
            let start = i + (s.len() - s.trim_start().len());
            let end = i + s.trim_end().len();
            (end > start).then_some(start..end)
        })
        .collect()
}
