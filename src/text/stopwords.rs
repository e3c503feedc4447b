//! The built-in English stop list.
//!
//! The list is written as ordinary words; [`crate::text::tokens::Tokenizer`] passes it through the
//! same normalisation as the text (lower-casing, apostrophe folding and, when stemming is on,
//! stemming) so that a stemmed text always meets a stemmed stop list.
//!
//! Negators ("not", "no", "never", "nor", "without", ...) are deliberately absent: removing them
//! would erase exactly the words that tell "will not disarm" from "will disarm".

use std::path::Path;

use crate::error::{Error, Result};
use crate::text::tokens::StopWords;

impl StopWords {
    /// The stop list a setting names: `english` for the built-in list ([`ENGLISH`]), anything
    /// else the path of a list to read ([`StopWords::read`]).
    pub fn from_setting(value: &str) -> Result<StopWords> {
        match value {
            "english" => Ok(StopWords::English),
            path => StopWords::read(Path::new(path)),
        }
    }

    /// Reads a stop list from a file ([`StopWords::parse`]).
    pub fn read(path: &Path) -> Result<StopWords> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(path, "reading the stop-word list", e))?;
        Ok(StopWords::parse(&text))
    }

    /// A stop list written one word per line; blank lines and lines starting with `#` are
    /// skipped, and spaces around a word are ignored. The words are kept as written (the
    /// tokenizer normalises them).
    ///
    /// ```
    /// use stance::text::tokens::StopWords;
    ///
    /// let list = StopWords::parse("# mine\n the \n\nOf\n");
    /// assert_eq!(list, StopWords::Custom(vec!["the".into(), "Of".into()]));
    /// ```
    pub fn parse(text: &str) -> StopWords {
        StopWords::Custom(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(String::from)
                .collect(),
        )
    }
}

/// Common English function words that carry no framing on their own.
pub const ENGLISH: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];
