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
//! 4. **Stem** ([`super::stem`], optional, on by default): English Snowball.
//!
//! Training, scoring and explaining all read tokens through [`Tokenizer::stream`], which works
//! each distinct word out once (its stem, whether it is a stop word, its role in negation scopes,
//! its marked form) and hands the caller the caller's own value for each token (an interned id,
//! a column) from a [`TokenCache`]. [`Tokenizer::tokens`] gives the same tokens as strings.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use super::mentions::Mentions;
use super::negation::{self, Scope};
use super::questions;
use super::stem::Stemming;
use super::stopwords;
use super::word_table::WordTable;
use super::words::{self, Piece};

pub use super::mentions::NO_FORCE_TOKEN;
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
    /// Add the side feature [`NO_FORCE_TOKEN`] to a sentence that names no international force
    /// ([`super::mentions`]). Models saved before format 4 did not, and load with this off.
    pub force_mention: bool,
}

impl Default for TokenizerSettings {
    fn default() -> Self {
        TokenizerSettings {
            stem: true,
            negation: Negation::default(),
            stop_words: StopWords::None,
            questions: true,
            force_mention: true,
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
    /// The value of the unmarked token; `None` for a stop word.
    plain: Option<V>,
    /// The value of the marked token, worked out the first time the word is seen in a scope.
    negated: Option<V>,
    /// The value of the token marked as asked, worked out the first time the word is seen in a
    /// question.
    asked: Option<V>,
    differs: bool,
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
        let additive = self.settings.negation == Negation::Additive;
        let asked = self.settings.questions && questions::is_question(text);
        let mut mentions = self.settings.force_mention.then(Mentions::default);
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
            };
            if let Some(m) = mentions.as_mut() {
                m.word(word);
            }
            let next = entries.len() as u32;
            let at = *table.entry(word, || next);
            if at == next {
                let kept = self.plain_token(word, stem, *memoise_stems);
                entries.push(CachedWord {
                    role: self.word_role(word),
                    plain: kept.then(|| resolve(stem)),
                    negated: None,
                    asked: None,
                    differs: kept && stem != word,
                });
                if *keep_words {
                    kept_words.push(word.into());
                }
            }
            let entry = &mut entries[at as usize];
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
            let next = entries.len() as u32;
            let at = *table.entry(NO_FORCE_TOKEN, || next);
            if at == next {
                entries.push(CachedWord {
                    role: self.word_role(NO_FORCE_TOKEN),
                    plain: Some(resolve(NO_FORCE_TOKEN)),
                    negated: None,
                    asked: None,
                    differs: false,
                });
                if *keep_words {
                    kept_words.push(NO_FORCE_TOKEN.into());
                }
            }
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
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The defaults without the no-force feature, which would end most token lists below.
    fn defaults() -> TokenizerSettings {
        TokenizerSettings {
            force_mention: false,
            ..TokenizerSettings::default()
        }
    }

    #[test]
    fn a_sentence_naming_no_international_force_ends_with_the_feature() {
        let t = Tokenizer::new(&TokenizerSettings::default());
        assert_eq!(
            t.tokens("Somali special forces raided a hideout."),
            [
                "somali",
                "special",
                "forc",
                "raid",
                "a",
                "hideout",
                SIDE_BREAK,
                NO_FORCE_TOKEN
            ]
        );
        assert_eq!(
            t.tokens("UNIFIL raided a hideout."),
            ["unifil", "raid", "a", "hideout"]
        );
        // Not marked in a question or a negation scope, and not for a sentence without words.
        assert_eq!(
            t.tokens("Will Somali troops not raid it?"),
            [
                "¿will",
                "¿somali",
                "¿troop",
                "¿not",
                "¿raid",
                "¿it",
                SIDE_BREAK,
                NO_FORCE_TOKEN
            ]
        );
        assert_eq!(
            t.tokens("Troops did not raid it."),
            [
                "troop",
                "did",
                "not",
                "¬raid",
                "¬it",
                SIDE_BREAK,
                NO_FORCE_TOKEN
            ]
        );
        assert!(t.tokens("...").is_empty());
        assert_eq!(t.tokens("4,000"), ["<num>", SIDE_BREAK, NO_FORCE_TOKEN]);
        // Off, nothing is added.
        let off = Tokenizer::new(&defaults());
        assert_eq!(off.tokens("Troops raided it."), ["troop", "raid", "it"]);
        // The feature is its own token, whatever the stemmer or a stop list would do to it.
        let stop = Tokenizer::new(&TokenizerSettings {
            stop_words: StopWords::Custom(vec![NO_FORCE_TOKEN.into(), "it".into()]),
            ..TokenizerSettings::default()
        });
        assert_eq!(
            stop.tokens("Troops raided it."),
            ["troop", "raid", SIDE_BREAK, NO_FORCE_TOKEN]
        );
    }

    fn toks(text: &str, settings: TokenizerSettings) -> Vec<String> {
        Tokenizer::new(&settings).tokens(text)
    }

    fn plain() -> TokenizerSettings {
        TokenizerSettings {
            stem: false,
            negation: Negation::Off,
            stop_words: StopWords::None,
            questions: false,
            force_mention: false,
        }
    }

    #[test]
    fn lowercases_and_drops_punctuation() {
        assert_eq!(
            toks("The U.N. Force, in Gaza!", plain()),
            ["the", "u.n", "force", "in", "gaza"]
        );
    }

    #[test]
    fn apostrophes_are_folded() {
        assert_eq!(
            toks("Hamas’s weapons and Hamas's weapons", plain()),
            ["hamas's", "weapons", "and", "hamas's", "weapons"]
        );
        assert_eq!(toks("don’t", plain()), toks("don't", plain()));
        assert_eq!(toks("'quoted'", plain()), ["quoted"]);
        // The modifier letter apostrophe (U+02BC) is a letter to UAX #29, so it stays inside a
        // word's segment even at its edges; folded to "'", it is trimmed there like a quote, and
        // a word of nothing else is no word.
        assert_eq!(
            toks("\u{2BC}quoted\u{2BC} don\u{2BC}t", plain()),
            ["quoted", "don't"]
        );
        assert!(toks("\u{2BC}\u{2BC} \u{2BC}", plain()).is_empty());
        // Nor is what is left between two of them ("ʼ.ʼ" is one segment: "." joins letters).
        assert!(toks("\u{2BC}.\u{2BC} \u{2BC}:\u{2BC}", plain()).is_empty());
    }

    #[test]
    fn hyphens_of_every_kind_split_alike() {
        let ascii = toks("peace-keeping self-defence", plain());
        assert_eq!(ascii, ["peace", "keeping", "self", "defence"]);
        assert_eq!(
            toks("peace\u{2010}keeping self\u{2011}defence", plain()),
            ascii
        );
        assert_eq!(toks("peace keeping self defence", plain()), ascii);
    }

    #[test]
    fn numbers_are_one_class() {
        assert_eq!(
            toks(
                "Resolution 2803 sent 1,500 troops, 3.5 million dollars in the 1990s",
                plain()
            ),
            [
                "resolution",
                "<num>",
                "sent",
                "<num>",
                "troops",
                "<num>",
                "million",
                "dollars",
                "in",
                "the",
                "<num>"
            ]
        );
    }

    #[test]
    fn stemming_is_english_snowball() {
        let settings = TokenizerSettings {
            negation: Negation::Off,
            ..defaults()
        };
        assert_eq!(
            toks("Disarming protected civilians monitoring", settings),
            ["disarm", "protect", "civilian", "monitor"]
        );
    }

    #[test]
    fn negation_marks_until_clause_punctuation() {
        let settings = TokenizerSettings {
            stem: false,
            negation: Negation::Marked,
            ..defaults()
        };
        assert_eq!(
            toks(
                "They will not disarm Hamas; they protect aid.",
                settings.clone()
            ),
            ["they", "will", "not", "¬disarm", "¬hamas", "they", "protect", "aid"]
        );
        assert_eq!(
            toks("It won't fight but will patrol", settings.clone()),
            ["it", "won't", "¬fight", "but", "will", "patrol"]
        );
        assert_eq!(
            toks("It will not disarm anyone, it monitors", settings.clone()),
            ["it", "will", "not", "¬disarm", "¬anyone", "it", "monitors"]
        );
        assert_eq!(
            // An opening bracket is clause punctuation too.
            toks("It will not (ever) disarm: it monitors", settings.clone()),
            ["it", "will", "not", "ever", "disarm", "it", "monitors"]
        );
        assert_eq!(
            toks("Egypt refused to disarm anyone — it monitors", settings),
            ["egypt", "refused", "¬to", "¬disarm", "¬anyone", "it", "monitors"]
        );
    }

    #[test]
    fn clause_scopes_end_at_closing_quotes_and_new_clauses() {
        let settings = TokenizerSettings {
            stem: false,
            negation: Negation::Clauses,
            ..defaults()
        };
        assert_eq!(
            toks("He said \"we will not fight\" and left", settings.clone()),
            ["he", "said", "we", "will", "not", "¬fight", "and", "left"]
        );
        assert_eq!(
            toks(
                "They will not disarm Hamas and they will patrol",
                settings.clone()
            ),
            ["they", "will", "not", "¬disarm", "¬hamas", "¬and", "they", "will", "patrol"]
        );
        // "and" before anything but a subject pronoun stays inside the scope.
        assert_eq!(
            toks(
                "It will not disarm Hamas and Islamic Jihad",
                settings.clone()
            ),
            [
                "it",
                "will",
                "not",
                "¬disarm",
                "¬hamas",
                "¬and",
                "¬islamic",
                "¬jihad"
            ]
        );
        assert_eq!(
            toks(
                "Troops will not fire while observers watch",
                settings.clone()
            ),
            [
                "troops",
                "will",
                "not",
                "¬fire",
                "while",
                "observers",
                "watch"
            ]
        );
        // The old rules keep the scope going in all three places.
        let marked = TokenizerSettings {
            negation: Negation::Marked,
            ..settings
        };
        assert_eq!(
            toks("He said \"we will not fight\" and left", marked),
            ["he", "said", "we", "will", "not", "¬fight", "¬and", "¬left"]
        );
    }

    #[test]
    fn additive_negation_keeps_plain_tokens_and_adds_marked_ones_after_a_break() {
        let settings = TokenizerSettings {
            stem: false,
            negation: Negation::Additive,
            ..defaults()
        };
        assert_eq!(
            toks("The force will not disarm Hamas.", settings.clone()),
            [
                "the", "force", "will", "not", "disarm", "hamas", SIDE_BREAK, "¬disarm",
                SIDE_BREAK, "¬hamas"
            ]
        );
        // With the closed-class stop list "not" itself is dropped, but it still opens the scope.
        let closed = TokenizerSettings {
            stop_words: StopWords::ClosedClass,
            ..settings
        };
        assert_eq!(
            toks("The force will not disarm Hamas.", closed),
            ["force", "disarm", "hamas", SIDE_BREAK, "¬disarm", SIDE_BREAK, "¬hamas"]
        );
    }

    #[test]
    fn negated_and_plain_sentences_differ() {
        let t = Tokenizer::new(&defaults());
        assert_ne!(
            t.tokens("will not disarm Hamas"),
            t.tokens("will disarm Hamas")
        );
        assert!(t
            .tokens("will not disarm Hamas")
            .contains(&"¬disarm".to_string()));
    }

    #[test]
    fn negation_can_be_turned_off() {
        let settings = TokenizerSettings {
            negation: Negation::Off,
            ..defaults()
        };
        assert_eq!(toks("not disarm", settings), ["not", "disarm"]);
    }

    #[test]
    fn stop_list_is_stemmed_like_the_text() {
        let settings = TokenizerSettings {
            negation: Negation::Off,
            stop_words: StopWords::Custom(vec!["Troops".into(), "monitoring".into()]),
            ..defaults()
        };
        // "troop" (stem of the list's "Troops") removes "troops" and "troop" alike.
        assert_eq!(
            toks("troop troops monitored monitors force", settings),
            ["forc"]
        );
    }

    #[test]
    fn english_stop_list_keeps_negators() {
        let settings = TokenizerSettings {
            stem: false,
            negation: Negation::Marked,
            stop_words: StopWords::English,
            questions: true,
            force_mention: false,
        };
        assert_eq!(
            toks("the force will not disarm the militia", settings),
            ["force", "not", "¬disarm", "¬militia"]
        );
    }

    #[test]
    fn surface_forms_are_reported() {
        let t = Tokenizer::new(&defaults());
        let mut pairs = Vec::new();
        t.for_each_token("Monitoring ceasefires", |r| {
            pairs.push((r.token.to_string(), r.surface.to_string()))
        });
        assert_eq!(
            pairs,
            [
                ("monitor".to_string(), "monitoring".to_string()),
                ("ceasefir".to_string(), "ceasefires".to_string())
            ]
        );
    }

    #[test]
    fn empty_and_symbol_only_text_has_no_tokens() {
        let t = Tokenizer::new(&defaults());
        assert!(t.tokens("").is_empty());
        assert!(t.tokens("  \n\t ").is_empty());
        assert!(t.tokens("—!?… ' ’ -- ...").is_empty());
    }

    /// The pieces of `text` from the ASCII scanner and from the UAX #29 path.
    fn both_word_paths(text: &str) -> (Vec<String>, Vec<String>) {
        let piece = |p: Piece<'_>| match p {
            Piece::Word(w) => w.to_string(),
            Piece::ClauseEnd => "|".to_string(),
            Piece::CloseQuote => "\"".to_string(),
        };
        let mut fast = Vec::new();
        words::scan_ascii(text, |p| fast.push(piece(p)));
        let mut general = Vec::new();
        words::scan_unicode(text, |p| general.push(piece(p)));
        (fast, general)
    }

    /// A straightforward tokenizer written from the module documentation, without caches, to
    /// hold [`Tokenizer::stream`] to.
    fn reference_tokens(text: &str, settings: &TokenizerSettings) -> Vec<String> {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let mut out = Vec::new();
        let mut side = Vec::new();
        let mut open = false;
        let mut after_join = false;
        let new_rules = matches!(settings.negation, Negation::Clauses | Negation::Additive);
        let asked = settings.questions
            && text
                .trim_end_matches(|c: char| c.is_whitespace() || "\"'”’»›)]}」』".contains(c))
                .ends_with(['?', '？', '؟']);
        let mut mentions = Mentions::default();
        words::scan_unicode(text, |p| match p {
            Piece::ClauseEnd => {
                open = false;
                mentions.gap();
            }
            Piece::CloseQuote => open &= !new_rules,
            Piece::Word(w) => {
                mentions.word(w);
                let on = settings.negation != Negation::Off;
                let negator = on
                    && (w.ends_with("n't")
                        || [
                            "not", "no", "never", "nor", "neither", "without", "cannot", "none",
                            "nobody", "nothing",
                        ]
                        .contains(&w)
                        || ["refus", "reject", "oppos"].iter().any(|p| {
                            w.starts_with(p)
                                && ["e", "es", "ed", "ing", "s", ""]
                                    .iter()
                                    .any(|end| w.len() == p.len() + end.len() && w.ends_with(end))
                        }));
                let mut ends = on
                    && [
                        "but", "however", "instead", "rather", "yet", "although", "though",
                        "whereas",
                    ]
                    .contains(&w);
                if new_rules {
                    ends |= w == "while" || w == "whilst";
                    ends |= after_join
                        && ["it", "they", "he", "she", "we", "i", "you", "there", "who"]
                            .contains(&w);
                }
                if ends {
                    open = false;
                }
                after_join = new_rules && open && (w == "and" || w == "or");
                let token = if settings.stem && w != NUMBER_TOKEN {
                    stemmer.stem(w).into_owned()
                } else {
                    w.to_string()
                };
                if asked {
                    out.push(format!("¿{token}"));
                } else if open && settings.negation == Negation::Additive {
                    side.push(SIDE_BREAK.to_string());
                    side.push(format!("{NEGATION_PREFIX}{token}"));
                    out.push(token);
                } else if open {
                    out.push(format!("{NEGATION_PREFIX}{token}"));
                } else {
                    out.push(token);
                }
                if negator {
                    open = true;
                }
            }
        });
        out.extend(side);
        if settings.force_mention && !out.is_empty() && !mentions.found() {
            out.push(SIDE_BREAK.to_string());
            out.push(NO_FORCE_TOKEN.to_string());
        }
        out
    }

    /// Every token of `text` as (word, value, negated, differs, side).
    fn flags(text: &str, settings: TokenizerSettings) -> Vec<(String, String, bool, bool, bool)> {
        let t = Tokenizer::new(&settings);
        let mut cache = TokenCache::new(1 << 10, false, true);
        cache.serve(&t, 0);
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        t.stream(
            text,
            &mut cache,
            |s| {
                seen.push(s.to_string());
                seen.len() - 1
            },
            |tok| {
                out.push((
                    tok.word.to_string(),
                    tok.value,
                    tok.negated,
                    tok.differs,
                    tok.side,
                ))
            },
        );
        out.into_iter()
            .map(|(w, v, n, d, s)| (w, seen[v].clone(), n, d, s))
            .collect()
    }

    #[test]
    fn token_flags_say_which_words_are_negated_and_stemmed() {
        let clauses = TokenizerSettings {
            stem: true,
            negation: Negation::Clauses,
            stop_words: StopWords::None,
            questions: true,
            force_mention: false,
        };
        let got = flags("aid will not reach forces", clauses.clone());
        let negated: Vec<bool> = got.iter().map(|t| t.2).collect();
        assert_eq!(negated, [false, false, false, true, true]);
        // "aid" stems to itself; "forces" does not.
        assert!(!got[0].3 && got[4].3, "{got:?}");
        assert!(got.iter().all(|t| !t.4));
        // Additive: the plain token in a scope is not negated; its marked side feature is.
        let additive = TokenizerSettings {
            negation: Negation::Additive,
            ..clauses
        };
        let got = flags("not reach", additive);
        let summary: Vec<(bool, bool)> = got.iter().map(|t| (t.2, t.4)).collect();
        assert_eq!(summary, [(false, false), (false, false), (true, true)]);
    }

    #[test]
    fn every_token_of_a_question_is_marked_as_asked_and_negation_does_not_apply() {
        let on = defaults();
        assert!(on.questions);
        assert_eq!(
            toks("Will the force not disarm Hamas?", on.clone()),
            ["¿will", "¿the", "¿forc", "¿not", "¿disarm", "¿hama"]
        );
        // A closing quote after the question mark still ends a question; a question followed by
        // an answer does not make one.
        assert_eq!(toks("“Who commands?”", on.clone()), ["¿who", "¿command"]);
        assert_eq!(
            toks("Who commands? Nobody.", on.clone()),
            ["who", "command", "nobodi"]
        );
        // Questions unmarked: the words as if asserted, negation as usual.
        let off = TokenizerSettings {
            questions: false,
            ..on.clone()
        };
        assert_eq!(
            toks("Will the force not disarm Hamas?", off),
            ["will", "the", "forc", "not", "¬disarm", "¬hama"]
        );
        // The asked flag is set on every token, the negated flag on none, and the same cache
        // serves a question and a statement with the same words.
        let t = Tokenizer::new(&on);
        let mut cache = TokenCache::new(usize::MAX, false, false);
        let mut strings: Vec<String> = Vec::new();
        let mut resolve = |tok: &str| {
            strings.push(tok.to_string());
            strings.len() - 1
        };
        let mut asked = Vec::new();
        t.stream("not disarm?", &mut cache, &mut resolve, |tok| {
            asked.push((tok.asked, tok.negated))
        });
        let mut told = Vec::new();
        t.stream("not disarm.", &mut cache, &mut resolve, |tok| {
            told.push((tok.value, tok.asked, tok.negated))
        });
        assert_eq!(asked, [(true, false), (true, false)]);
        assert_eq!(
            told.iter().map(|t| (t.1, t.2)).collect::<Vec<_>>(),
            [(false, false), (false, true)]
        );
        // A word's plain token is resolved when the word is first seen, its marked forms when
        // first needed.
        assert_eq!(strings, ["not", "¿not", "disarm", "¿disarm", "¬disarm"]);
    }

    #[test]
    fn the_cache_keeps_its_words_between_calls_until_full_or_reused() {
        let t = Tokenizer::new(&plain());
        let mut cache: TokenCache<u32> = TokenCache::new(3, false, false);
        assert!(cache.is_empty());
        cache.serve(&t, 7);
        t.stream("a b a", &mut cache, |_| 0, |_| {});
        assert_eq!(cache.len(), 2);
        assert!(!cache.is_empty());
        // Same tokenizer, same values, not full: kept.
        cache.serve(&t, 7);
        assert_eq!(cache.len(), 2);
        t.stream("c d", &mut cache, |_| 0, |_| {});
        assert_eq!(cache.len(), 4);
        // Full (4 >= 3): cleared.
        cache.serve(&t, 7);
        assert!(cache.is_empty());
        t.stream("a", &mut cache, |_| 0, |_| {});
        // Other values, or another tokenizer: cleared.
        cache.serve(&t, 8);
        assert_eq!(cache.len(), 0);
        t.stream("a", &mut cache, |_| 0, |_| {});
        cache.serve(&Tokenizer::new(&plain()), 8);
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn a_tokenizer_knows_its_settings_and_instance() {
        let settings = TokenizerSettings {
            stem: true,
            negation: Negation::Additive,
            stop_words: StopWords::Custom(vec!["the".into(), "of".into()]),
            questions: true,
            force_mention: false,
        };
        let a = Tokenizer::new(&settings);
        let b = Tokenizer::new(&settings);
        assert_eq!(a.settings(), &settings);
        assert_ne!(a.instance(), b.instance());
        let shown = format!("{a:?}");
        assert!(
            shown.contains("Tokenizer") && shown.contains("stop_words: 2"),
            "{shown}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn never_panics_and_never_yields_empty_tokens(text in any::<String>()) {
            let t = Tokenizer::new(&defaults());
            for token in t.tokens(&text) {
                prop_assert!(!token.is_empty());
                prop_assert!(token != NEGATION_PREFIX);
                prop_assert!(!token.chars().any(char::is_whitespace));
            }
        }

        #[test]
        fn plain_settings_never_yield_empty_tokens(text in "\\PC{0,200}") {
            for token in toks(&text, plain()) {
                prop_assert!(!token.is_empty());
                prop_assert_eq!(token.to_lowercase(), token.clone());
            }
        }

        #[test]
        fn ascii_words_match_the_unicode_rules(text in "[ -~\t\n]{0,120}") {
            let (fast, general) = both_word_paths(&text);
            prop_assert_eq!(fast, general);
        }

        #[test]
        fn ascii_words_match_on_news_like_text(
            words in prop::collection::vec(prop::sample::select(vec![
                "U.N.", "don't", "1,500", "3.5", "a:b", "x_y", "_", "not", "but", "Hamas's", "'quoted'",
                ",", ";", ".", "--", "(", ")", "1.a", "a.1", "9;9", "e.g.", "no", "1990s", "'", ":",
            ]), 0..30),
        ) {
            let text = words.join(" ");
            let (fast, general) = both_word_paths(&text);
            prop_assert_eq!(fast, general);
        }

        #[test]
        fn tokens_match_a_reference_whatever_the_cache_holds(
            warm in "[a-zA-Z ,.;'’-]{0,80}",
            text in "[a-zA-Z ,.;?'’\"”-]{0,120}",
            stem in any::<bool>(),
            questions in any::<bool>(),
            force_mention in any::<bool>(),
            negation in prop::sample::select(vec![
                Negation::Off, Negation::Marked, Negation::Clauses, Negation::Additive,
            ]),
        ) {
            let settings = TokenizerSettings {
                stem, negation, stop_words: StopWords::None, questions, force_mention,
            };
            let t = Tokenizer::new(&settings);
            let mut strings: Vec<String> = Vec::new();
            let mut cache = TokenCache::new(usize::MAX, true, false);
            let mut resolve = |tok: &str| { strings.push(tok.to_string()); strings.len() - 1 };
            let mut seen = Vec::new();
            let mut side = Vec::new();
            // A cache warmed on another text must not change what this one gives.
            t.stream(&warm, &mut cache, &mut resolve, |_| {});
            t.stream(&text, &mut cache, &mut resolve, |tok| {
                if tok.side { side.push(tok.value) } else { seen.push(tok.value) }
            });
            let mut tokens: Vec<String> = seen.into_iter().map(|i| strings[i].clone()).collect();
            for i in side {
                tokens.push(SIDE_BREAK.to_string());
                tokens.push(strings[i].clone());
            }
            prop_assert_eq!(&tokens, &reference_tokens(&text, &settings));
            prop_assert_eq!(t.tokens(&text), tokens);
        }
    }
}
