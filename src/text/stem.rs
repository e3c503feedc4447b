//! English Snowball (Porter 2) stemming from `rust-stemmers`, which expects lower-case input, so it
//! runs after [`super::words`] normalisation.

use rust_stemmers::{Algorithm, Stemmer};

use super::words::NUMBER_TOKEN;

/// Entries in each thread's stem memo before it is cleared.
const STEM_MEMO_LIMIT: usize = 200_000;

thread_local! {
    static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Box<str>>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// Stemming on or off.
pub(crate) struct Stemming {
    stemmer: Option<Stemmer>,
}

impl Stemming {
    pub(crate) fn new(on: bool) -> Self {
        Stemming {
            stemmer: on.then(|| Stemmer::create(Algorithm::English)),
        }
    }

    /// Writes the stem of a normalised `word` into `out` (the word itself when stemming is off,
    /// and for the number token). `memoise` uses the per-thread memo: Snowball is a pure
    /// function of the word and news text repeats a few thousand words endlessly, so the memo
    /// saves most of the stemming time of a caller that does not keep its own.
    pub(crate) fn stem_into(&self, word: &str, out: &mut String, memoise: bool) {
        out.clear();
        match &self.stemmer {
            Some(stemmer) if word != NUMBER_TOKEN && !memoise => out.push_str(&stemmer.stem(word)),
            Some(stemmer) if word != NUMBER_TOKEN => STEMS.with(|cell| {
                // Cleared when full, so that memory stays bounded on any input.
                let mut memo = cell.borrow_mut();
                if let Some(stem) = memo.get(word) {
                    out.push_str(stem);
                    return;
                }
                let stem = stemmer.stem(word);
                out.push_str(&stem);
                if memo.len() >= STEM_MEMO_LIMIT {
                    memo.clear();
                }
                memo.insert(word.into(), stem.as_ref().into());
            }),
            _ => out.push_str(word),
        }
    }
}
