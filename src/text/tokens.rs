//! Turning one sentence into the tokens the features are built from: the only place tokens are
//! assembled.
//!
//! The stages run in a fixed order, like a tantivy analyser chain, one file each:
//!
//! 1. **Words** ([`super::words`]): Unicode word boundaries, lower-casing, apostrophe folding,
//!    hyphens splitting words, numbers as one token.
//! 2. **Negation scope** ([`super::negation`], optional, on by default): tokens inside a scope
//!    opened by a negator carry [`NEGATION_PREFIX`].
//!    **Question scope** ([`super::questions`], optional, on by default): every token of a
//!    sentence ending in a question mark carries [`QUESTION_PREFIX`] instead (a question has no
//!    negation scopes).
//! 3. **Stop words** ([`super::stopwords`], optional, off by default): tokens whose normalised form
//!    is in the stop list are dropped. The list goes through the same normalisation and stemming
//!    as the text.
//! 4. **Stem** (`stem`, optional, on by default): English Snowball.
//!
//! Training, scoring and explaining all read tokens through [`Tokenizer::stream`], which works
//! each distinct word out once (its stem, whether it is a stop word, its role in negation scopes,
//! its marked form) and hands the caller the caller's own value for each token (an interned id,
//! a column) from a [`TokenCache`]. [`Tokenizer::tokens`] gives the same tokens as strings.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use super::mentions::{Mentions, WordKind};
use super::negation::{self, Scope};
use super::questions;
use super::stem::Stemming;
use super::stopwords;
use super::word_table::WordTable;
use super::words::{self, Piece};

pub use super::mentions::{ForceMention, NO_FORCE_TOKEN};
pub use super::negation::{Negation, WordRole, NEGATION_PREFIX};
pub use super::questions::QUESTION_PREFIX;
pub use super::words::NUMBER_TOKEN;

/// Which stop list, if any, to apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum StopWords {
    /// Keep every word (the default: short sentences need their function words, and the
    /// negation stage needs its negators).
    #[default]
    None,
    /// The built-in English list ([`stopwords::ENGLISH`]).
    English,
    /// A list given by the user, as written (it is normalised when the tokenizer is built).
    Custom(Vec<String>),
    /// The built-in closed-class list ([`stopwords::CLOSED_CLASS`]): every function word,
    /// modals and negators included. Negation scopes are found before stop words are dropped,
    /// so a dropped "not" still marks what it governs.
    ClosedClass,
}

/// How sentences are tokenised. Saved inside every model so that classification repeats training's
/// preprocessing exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenizerSettings {
    /// Apply English Snowball stemming.
    pub stem: bool,
    /// Negation scopes and what they do to tokens.
    pub negation: Negation,
    /// The stop list.
    pub stop_words: StopWords,
    /// Mark the tokens of questions ([`super::questions`]). Models saved before format 3 did
    /// not, and load with this off.
    pub questions: bool,
    /// Whether to add the side feature [`NO_FORCE_TOKEN`] to a sentence that names no
    /// international force, and by which rule ([`super::mentions`]). Models saved before format 4
    /// did not, and load with this off; format-4 models load with [`ForceMention::Exact`].
    pub force_mention: ForceMention,
}

impl Default for TokenizerSettings {
    fn default() -> Self {
        TokenizerSettings {
            stem: true,
            negation: Negation::default(),
            stop_words: StopWords::None,
            questions: true,
            force_mention: ForceMention::default(),
        }
    }
}

/// A ready-to-use tokenizer built from [`TokenizerSettings`].
///
/// ```
/// use stance::text::tokens::{Negation, Tokenizer, TokenizerSettings, NO_FORCE_TOKEN, SIDE_BREAK};
///
/// // By default the tokens in a negation scope are marked.
/// let tokenizer = Tokenizer::new(&TokenizerSettings::default());
/// assert_eq!(
///     tokenizer.tokens("The force will not disarm Hamas, but protect convoys."),
///     ["the", "forc", "will", "not", "¬disarm", "¬hama", "but", "protect", "convoy"]
/// );
/// // Additive negation keeps every token plain and adds the marked form of each token in a
/// // scope at the end, behind a break, as a feature of its own.
/// let additive = Tokenizer::new(&TokenizerSettings {
///     negation: Negation::Additive,
///     ..Default::default()
/// });
/// assert_eq!(
///     additive.tokens("The force will not disarm Hamas, but protect convoys."),
///     [
///         "the", "forc", "will", "not", "disarm", "hama", "but", "protect", "convoy",
///         SIDE_BREAK, "¬disarm", SIDE_BREAK, "¬hama",
///     ]
/// );
/// // A sentence that names no international force ends with a feature saying so.
/// assert_eq!(
///     tokenizer.tokens("Troops raided it."),
///     ["troop", "raid", "it", SIDE_BREAK, NO_FORCE_TOKEN]
/// );
/// ```
pub struct Tokenizer {
    settings: TokenizerSettings,
    stemming: Stemming,
    stop: HashSet<String>,
    instance: u64,
}

static NEXT_INSTANCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A fresh process-wide instance number (see [`Tokenizer::instance`]).
pub(crate) fn next_instance() -> u64 {
    NEXT_INSTANCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("settings", &self.settings)
            .field("stop_words", &self.stop.len())
            .finish()
    }
}

impl Clone for Tokenizer {
    fn clone(&self) -> Self {
        Tokenizer::new(&self.settings)
    }
}

/// A token as [`Tokenizer::for_each_token`] reports it: the token itself and the lower-cased word
/// it came from (used to show readable n-grams for stems).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    /// The token as it enters the features (possibly stemmed and negation-marked).
    pub token: &'a str,
    /// The normalised word before stemming and marking.
    pub surface: &'a str,
    /// The token is a side feature (see [`Token::side`]).
    pub side: bool,
}

/// A token as [`Tokenizer::stream`] hands it over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a, V> {
    /// The caller's value for the token (whatever `resolve` made of its text).
    pub value: V,
    /// The normalised word it came from.
    pub word: &'a str,
    /// The word's entry number in the cache (stable until the cache is cleared).
    pub entry: u32,
    /// Whether the word is inside a negation scope (and so the token is marked).
    pub negated: bool,
    /// Whether the word is in a question (and so the token is marked as asked).
    pub asked: bool,
    /// Whether the word's unmarked token differs from the word (it was stemmed to something else).
    pub differs: bool,
    /// The token is a side feature ([`Negation::Additive`]'s marked form of a token in a
    /// scope, or [`NO_FORCE_TOKEN`]): it counts as a term of its own and takes part in no n-gram, so consumers set it
    /// after the sentence's other tokens, each behind a break ([`SIDE_BREAK`] in token lists).
    pub side: bool,
}

/// The token that stands between a sentence's tokens and each of its side features in the token
/// lists of [`Tokenizer::tokens`]: it belongs to no term, so no n-gram spans it.
pub const SIDE_BREAK: &str = "\u{0}";

/// What a [`TokenCache`] keeps of one distinct word.
#[derive(Debug, Clone)]
struct CachedWord<V> {
    role: WordRole,
    /// What the word does towards naming an international force ([`super::mentions`]).
    mention: WordKind,
    /// The value of the unmarked token; `None` for a stop word.
    plain: Option<V>,
    /// The value of the marked token, worked out the first time the word is seen in a scope.
    negated: Option<V>,
    /// The value of the token marked as asked, worked out the first time the word is seen in a
    /// question.
    asked: Option<V>,
    differs: bool,
}

/// The number of `word`'s entry in a token cache, made with `make` (and the word kept, when the
/// cache keeps words) the first time the word is seen.
fn cache_entry<V>(
    table: &mut WordTable<u32>,
    entries: &mut Vec<CachedWord<V>>,
    (kept_words, keep_words): (&mut Vec<Box<str>>, bool),
    word: &str,
    make: impl FnOnce() -> CachedWord<V>,
) -> u32 {
    let next = entries.len() as u32;
    let at = *table.entry(word, || next);
    if at == next {
        entries.push(make());
        if keep_words {
            kept_words.push(word.into());
        }
    }
    at
}

/// Each distinct word's tokens and role, and the caller's values for them, so that a word is
/// stemmed, looked up and resolved once however often it recurs. One cache serves one tokenizer
/// and one meaning of the values: [`TokenCache::serve`] clears it when either changes.
#[derive(Debug, Clone)]
pub struct TokenCache<V> {
    table: WordTable<u32>,
    entries: Vec<CachedWord<V>>,
    words: Vec<Box<str>>,
    keep_words: bool,
    memoise_stems: bool,
    owner: (u64, u64),
    limit: usize,
    stem: String,
    marked: String,
}

impl<V> TokenCache<V> {
    /// A cache of at most `limit` words (cleared when full, so memory stays bounded on any
    /// input). `keep_words` keeps each word's text for [`TokenCache::word`]; `memoise_stems` also
    /// uses the per-thread stem memo, which pays for a cache that is short-lived.
    pub fn new(limit: usize, keep_words: bool, memoise_stems: bool) -> Self {
        TokenCache {
            table: WordTable::default(),
            entries: Vec::new(),
            words: Vec::new(),
            keep_words,
            memoise_stems,
            owner: (0, 0),
            limit,
            stem: String::new(),
            marked: String::new(),
        }
    }

    /// Readies the cache for `tokenizer` and a caller whose values are identified by `values`
    /// (for example a vocabulary's instance number): the cache is cleared when either differs
    /// from its last use, or when it is full.
    pub fn serve(&mut self, tokenizer: &Tokenizer, values: u64) {
        let owner = (tokenizer.instance, values);
        if self.owner != owner || self.entries.len() >= self.limit {
            self.table.clear();
            self.entries.clear();
            self.words.clear();
            self.owner = owner;
        }
    }

    /// The text of word `entry` (only when the cache keeps words).
    pub fn word(&self, entry: u32) -> Option<&str> {
        self.words.get(entry as usize).map(|w| &**w)
    }

    /// Number of distinct words in the cache.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the cache holds no word.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Tokenizer {
    /// Builds a tokenizer, normalising the stop list through the same stages as the text.
    pub fn new(settings: &TokenizerSettings) -> Self {
        let mut tokenizer = Tokenizer {
            settings: settings.clone(),
            stemming: Stemming::new(settings.stem),
            stop: HashSet::new(),
            instance: next_instance(),
        };
        let list: Vec<String> = match &settings.stop_words {
            StopWords::None => Vec::new(),
            StopWords::English => stopwords::ENGLISH.iter().map(|w| w.to_string()).collect(),
            StopWords::Custom(list) => list.clone(),
            StopWords::ClosedClass => stopwords::CLOSED_CLASS
                .iter()
                .map(|w| w.to_string())
                .collect(),
        };
        tokenizer.stop = tokenizer.normalise_words(list.iter().map(String::as_str));
        tokenizer
    }

    /// `list`'s words as this tokenizer writes them (lower-cased, apostrophes folded and, when
    /// stemming is on, stemmed), so that a list always meets the text on its own terms.
    ///
    /// ```
    /// use stance::text::tokens::{Tokenizer, TokenizerSettings};
    ///
    /// let t = Tokenizer::new(&TokenizerSettings::default());
    /// let words = t.normalise_words(["Patrols", "didn’t"]);
    /// assert!(words.contains("patrol") && words.contains("didn't"));
    /// ```
    pub fn normalise_words<'a>(&self, list: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
        let mut out = HashSet::new();
        let mut word_buf = String::new();
        let mut stem_buf = String::new();
        for entry in list {
            for segment in entry.split_word_bounds() {
                if words::normalise(segment, &mut word_buf) {
                    self.stemming.stem_into(&word_buf, &mut stem_buf, true);
                    out.insert(stem_buf.clone());
                }
            }
        }
        out
    }

    /// The tokens of style terms ([`stopwords::style`] normalised, and the number token): a term
    /// made only of these (negated or asked or not) is a style term, whose weights training
    /// penalises more heavily (the model's style penalty).
    ///
    /// ```
    /// use stance::text::tokens::{Tokenizer, TokenizerSettings, NUMBER_TOKEN};
    ///
    /// let style = Tokenizer::new(&TokenizerSettings::default()).style_words();
    /// assert!(style.contains("must") && style.contains("said") && style.contains(NUMBER_TOKEN));
    /// assert!(!style.contains("disarm"));
    /// ```
    pub fn style_words(&self) -> HashSet<String> {
        let mut out = self.normalise_words(stopwords::style());
        out.insert(NUMBER_TOKEN.to_string());
        out
    }

    /// The settings this tokenizer was built from.
    pub fn settings(&self) -> &TokenizerSettings {
        &self.settings
    }

    /// A number identifying this tokenizer's settings within the process, so that caches built
    /// with one tokenizer are never used with another.
    pub fn instance(&self) -> u64 {
        self.instance
    }

    /// What `word` (normalised) does to a negation scope under this tokenizer's settings.
    pub fn word_role(&self, word: &str) -> WordRole {
        WordRole::of(word, self.settings.negation)
    }

    /// The tokens of `text`, in order, followed by its side features, each behind a
    /// [`SIDE_BREAK`].
    pub fn tokens(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut side = Vec::new();
        self.for_each_token(text, |t| {
            if t.side {
                side.push(SIDE_BREAK.to_string());
                side.push(t.token.to_string());
            } else {
                out.push(t.token.to_string());
            }
        });
        out.extend(side);
        out
    }

    /// Calls `f` for every token of `text`, in order, with the word it came from.
    pub fn for_each_token(&self, text: &str, mut f: impl FnMut(TokenRef<'_>)) {
        let strings: std::cell::RefCell<Vec<String>> = Default::default();
        let mut cache = TokenCache::new(usize::MAX, false, true);
        self.stream(
            text,
            &mut cache,
            |token| {
                let mut strings = strings.borrow_mut();
                strings.push(token.to_string());
                strings.len() - 1
            },
            |t| {
                f(TokenRef {
                    token: &strings.borrow()[t.value],
                    surface: t.word,
                    side: t.side,
                })
            },
        );
    }

    /// The token pipeline: calls `emit` for every token of `text`, in order, with the value that
    /// `resolve` gave the token's text. `resolve` is called once per distinct token for as long as
    /// `cache` lives; stop words give no token. Call [`TokenCache::serve`] first when one cache
    /// may meet several tokenizers or several meanings of `V`.
    pub fn stream<V: Copy>(
        &self,
        text: &str,
        cache: &mut TokenCache<V>,
        mut resolve: impl FnMut(&str) -> V,
        mut emit: impl FnMut(Token<'_, V>),
    ) {
        let TokenCache {
            table,
            entries,
            words: kept_words,
            keep_words,
            memoise_stems,
            stem,
            marked,
            ..
        } = cache;
        let mut scope = Scope::new(self.settings.negation);
        let additive = self.settings.negation.is_additive();
        let asked = self.settings.questions && questions::is_question(text);
        let mut mentions = self.settings.force_mention.is_on().then(Mentions::default);
        // The feature belongs to sentences with words of their own, not to empty ones.
        let mut any_token = false;
        words::scan(text, |piece| {
            let word = match piece {
                Piece::Word(word) => word,
                Piece::ClauseEnd => {
                    if let Some(m) = mentions.as_mut() {
                        m.gap();
                    }
                    return scope.clause_end();
                }
                Piece::CloseQuote => return scope.close_quote(),
                Piece::Hyphen => return scope.hyphen(),
            };
            let at = cache_entry(table, entries, (kept_words, *keep_words), word, || {
                let kept = self.plain_token(word, stem, *memoise_stems);
                CachedWord {
                    role: self.word_role(word),
                    mention: WordKind::of(word, self.settings.force_mention),
                    plain: kept.then(|| resolve(stem)),
                    negated: None,
                    asked: None,
                    differs: kept && stem != word,
                }
            });
            let entry = &mut entries[at as usize];
            if let Some(m) = mentions.as_mut() {
                m.step(entry.mention);
            }
            let inside = scope.word(entry.role);
            let Some(plain) = entry.plain else {
                return;
            };
            any_token = true;
            let memoise = *memoise_stems;
            if asked {
                let value = self.marked_token(
                    word,
                    (&mut entry.asked, questions::mark),
                    (stem, marked, memoise),
                    &mut resolve,
                );
                emit(Token {
                    value,
                    word,
                    entry: at,
                    negated: false,
                    asked: true,
                    differs: entry.differs,
                    side: false,
                });
                return;
            }
            let mut negated = |entry: &mut CachedWord<V>, resolve: &mut dyn FnMut(&str) -> V| {
                self.marked_token(
                    word,
                    (&mut entry.negated, negation::mark),
                    (&mut *stem, &mut *marked, memoise),
                    resolve,
                )
            };
            let value = if inside && !additive {
                negated(entry, &mut resolve)
            } else {
                plain
            };
            emit(Token {
                value,
                word,
                entry: at,
                negated: inside && !additive,
                asked: false,
                differs: entry.differs,
                side: false,
            });
            if inside && additive {
                let value = negated(entry, &mut resolve);
                emit(Token {
                    value,
                    word,
                    entry: at,
                    negated: true,
                    asked: false,
                    differs: entry.differs,
                    side: true,
                });
            }
        });
        if any_token && mentions.is_some_and(|m| !m.found()) {
            // Not a word of the text: no stemming, no stop list, no scope.
            let word = NO_FORCE_TOKEN;
            let at = cache_entry(table, entries, (kept_words, *keep_words), word, || {
                CachedWord {
                    role: self.word_role(word),
                    mention: WordKind::default(),
                    plain: Some(resolve(word)),
                    negated: None,
                    asked: None,
                    differs: false,
                }
            });
            if let Some(value) = entries[at as usize].plain {
                emit(Token {
                    value,
                    word: NO_FORCE_TOKEN,
                    entry: at,
                    negated: false,
                    asked: false,
                    differs: false,
                    side: true,
                });
            }
        }
    }

    /// The value of `word`'s token under a mark (negation's or a question's): `slot` holds it
    /// once resolved; otherwise the plain token is worked out into `stem`, marked into
    /// `marked` and resolved.
    fn marked_token<V: Copy>(
        &self,
        word: &str,
        (slot, mark): (&mut Option<V>, fn(&str, &mut String)),
        (stem, marked, memoise): (&mut String, &mut String, bool),
        resolve: &mut dyn FnMut(&str) -> V,
    ) -> V {
        if let Some(v) = *slot {
            return v;
        }
        self.plain_token(word, stem, memoise);
        mark(stem, marked);
        let v = resolve(marked);
        *slot = Some(v);
        v
    }

    /// The unmarked token of one normalised word (stemmed when stemming is on), written into
    /// `out`; false when the word is a stop word.
    fn plain_token(&self, word: &str, out: &mut String, memoise: bool) -> bool {
        self.stemming.stem_into(word, out, memoise);
        !self.stop.contains(out.as_str())
    }
}

#[cfg(test)]
mod tests;
