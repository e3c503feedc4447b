//! Turning one sentence into the tokens the features are built from.
//!
//! The stages run in a fixed order, like a tantivy analyser chain:
//!
//! 1. **Words**: Unicode word boundaries (UAX #29). Punctuation is not a token, but clause
//!    punctuation (`. , ; : ! ? ( ) [ ] … — –`) is remembered because it ends a negation scope.
//! 2. **Normalise**: lower-case; curly, modifier and prime apostrophes fold to `'`; a leading or
//!    trailing apostrophe is dropped. Hyphens of every kind split words, so "peace-keeping",
//!    "peace‑keeping" and "peace keeping" give the same tokens. Any word that starts with a digit
//!    ("2803", "1,500", "3.5", "1990s") becomes the single token [`NUMBER_TOKEN`]: the model should
//!    learn that a number is there, not which one.
//! 3. **Negation scope** (optional, on by default): a negator ("not", "no", "never", "nor",
//!    "neither", "without", "cannot", any word ending in "n't", and forms of "refuse", "reject",
//!    "oppose") opens a scope that runs to the next clause punctuation or contrastive word ("but",
//!    "however", "instead", "rather", "yet", "although", "though", "whereas"). Tokens inside the
//!    scope carry the prefix [`NEGATION_PREFIX`], so "will not disarm Hamas" and "will disarm Hamas"
//!    give different features. The negator itself is kept unmarked.
//! 4. **Stop words** (optional, off by default): tokens whose normalised form is in the stop list
//!    are dropped. The list goes through the same normalisation and stemming as the text.
//! 5. **Stem** (optional, on by default): English Snowball (Porter 2) from `rust-stemmers`, which
//!    expects lower-case input, hence the order.

use std::collections::HashSet;

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use super::stopwords;

/// Entries in each thread's stem memo before it is cleared.
const STEM_MEMO_LIMIT: usize = 200_000;

thread_local! {
    static WORD: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Box<str>>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// The token every number becomes.
pub const NUMBER_TOKEN: &str = "<num>";

/// The prefix that marks a token inside a negation scope.
pub const NEGATION_PREFIX: &str = "¬";

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
}

/// How sentences are tokenised. Saved inside every model so that classification repeats training's
/// preprocessing exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenizerSettings {
    /// Apply English Snowball stemming.
    pub stem: bool,
    /// Mark tokens inside a negation scope.
    pub negation: bool,
    /// The stop list.
    pub stop_words: StopWords,
}

impl Default for TokenizerSettings {
    fn default() -> Self {
        TokenizerSettings {
            stem: true,
            negation: true,
            stop_words: StopWords::None,
        }
    }
}

/// A ready-to-use tokenizer built from [`TokenizerSettings`].
///
/// ```
/// use stance::text::tokens::{Tokenizer, TokenizerSettings};
///
/// let tokenizer = Tokenizer::new(&TokenizerSettings::default());
/// assert_eq!(
///     tokenizer.tokens("Troops will not disarm Hamas, but protect convoys."),
///     ["troop", "will", "not", "¬disarm", "¬hama", "but", "protect", "convoy"]
/// );
/// ```
pub struct Tokenizer {
    settings: TokenizerSettings,
    stemmer: Option<Stemmer>,
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

/// What a word does to a negation scope (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordRole {
    /// The word opens a negation scope ("not", "never", "refused", ...).
    pub negator: bool,
    /// The word closes one ("but", "however", ...).
    pub ends_scope: bool,
}

/// What the tokenizer reports for each token: the token itself and the lower-cased word it came
/// from (used to show readable n-grams for stems).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    /// The token as it enters the features (possibly stemmed and negation-marked).
    pub token: &'a str,
    /// The normalised word before stemming and marking.
    pub surface: &'a str,
}

impl Tokenizer {
    /// Builds a tokenizer, normalising the stop list through the same stages as the text.
    pub fn new(settings: &TokenizerSettings) -> Self {
        let stemmer = settings.stem.then(|| Stemmer::create(Algorithm::English));
        let mut tokenizer = Tokenizer {
            settings: settings.clone(),
            stemmer,
            stop: HashSet::new(),
            instance: next_instance(),
        };
        let words: Vec<String> = match &settings.stop_words {
            StopWords::None => Vec::new(),
            StopWords::English => stopwords::ENGLISH.iter().map(|w| w.to_string()).collect(),
            StopWords::Custom(list) => list.clone(),
        };
        let mut stop = HashSet::new();
        let mut word_buf = String::new();
        let mut stem_buf = String::new();
        for entry in &words {
            for segment in entry.split_word_bounds() {
                if normalise_word(segment, &mut word_buf) {
                    tokenizer.stem_into(&word_buf, &mut stem_buf, true);
                    stop.insert(stem_buf.clone());
                }
            }
        }
        tokenizer.stop = stop;
        tokenizer
    }

    /// The settings this tokenizer was built from.
    pub fn settings(&self) -> &TokenizerSettings {
        &self.settings
    }

    /// The tokens of `text`, in order.
    pub fn tokens(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.for_each_token(text, |t| out.push(t.token.to_string()));
        out
    }

    /// Calls `f` for every token of `text`, in order, without allocating per token.
    pub fn for_each_token(&self, text: &str, mut f: impl FnMut(TokenRef<'_>)) {
        let mut stem = String::new();
        let mut token = String::new();
        self.for_each_word(text, |word, negated| {
            if !self.token_of(word, &mut stem) {
                return;
            }
            let emitted: &str = if negated {
                token.clear();
                token.push_str(NEGATION_PREFIX);
                token.push_str(&stem);
                &token
            } else {
                &stem
            };
            f(TokenRef {
                token: emitted,
                surface: word,
            });
        });
    }

    /// The first stages only: calls `f` with every normalised word of `text` and whether it is
    /// inside a negation scope. [`Tokenizer::token_of`] finishes the job for one word; splitting
    /// the two lets a caller memoise the per-word part (see [`Tokenizer::scan_words`]).
    pub fn for_each_word(&self, text: &str, mut f: impl FnMut(&str, bool)) {
        self.scan_words(
            text,
            |w| ((), self.word_role(w)),
            |w, (), negated| f(w, negated),
        );
    }

    /// What `word` (normalised) does to a negation scope under this tokenizer's settings.
    pub fn word_role(&self, word: &str) -> WordRole {
        WordRole {
            negator: self.settings.negation && is_negator(word),
            ends_scope: self.settings.negation && ends_scope(word),
        }
    }

    /// The word loop under [`Tokenizer::for_each_word`], for callers that memoise per word:
    /// `lookup` turns each normalised word into the caller's value and the word's role (from the
    /// caller's memo, or from [`Tokenizer::word_role`] on a miss), and `emit` receives the word,
    /// that value and whether the word is inside a negation scope. The scoring path keeps a
    /// word's token ids and role in one memo entry, so each word costs one look-up.
    pub fn scan_words<T>(
        &self,
        text: &str,
        lookup: impl FnMut(&str) -> (T, WordRole),
        emit: impl FnMut(&str, T, bool),
    ) {
        if text.is_ascii() {
            self.scan_ascii(text, lookup, emit)
        } else {
            self.scan_unicode(text, lookup, emit)
        }
    }

    /// [`Tokenizer::scan_words`] for ASCII text, without the general UAX #29 machinery: for
    /// ASCII the word-boundary rules reduce to letters, digits and `_` running together, and
    /// `: . '` joining two letters or `, ; . '` joining two digits (rules WB5-WB13b). A property
    /// test holds this to the general path on random ASCII.
    fn scan_ascii<T>(
        &self,
        text: &str,
        mut lookup: impl FnMut(&str) -> (T, WordRole),
        mut emit: impl FnMut(&str, T, bool),
    ) {
        let bytes = text.as_bytes();
        let core = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let mut word = String::new();
        let mut negated = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if !core(b) {
                if self.settings.negation && is_clause_punctuation(char::from(b)) {
                    negated = false;
                }
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            while i < bytes.len() {
                let x = bytes[i];
                if core(x) {
                    i += 1;
                    continue;
                }
                let (prev, next) = (bytes[i - 1], bytes.get(i + 1).copied());
                let joins = match next {
                    Some(y) if prev.is_ascii_alphabetic() && y.is_ascii_alphabetic() => {
                        matches!(x, b':' | b'.' | b'\'')
                    }
                    Some(y) if prev.is_ascii_digit() && y.is_ascii_digit() => {
                        matches!(x, b',' | b';' | b'.' | b'\'')
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                i += 2;
            }
            let segment = &bytes[start..i];
            if !segment.iter().any(u8::is_ascii_alphanumeric) {
                continue;
            }
            word.clear();
            if segment[0].is_ascii_digit() {
                word.push_str(NUMBER_TOKEN);
            } else {
                // The text is ASCII, so every slice of it is valid UTF-8.
                word.push_str(&text[start..i]);
                word.make_ascii_lowercase();
            }
            visit_word(&word, &mut negated, &mut lookup, &mut emit);
        }
    }

    /// The general path of [`Tokenizer::scan_words`], for any Unicode text.
    fn scan_unicode<T>(
        &self,
        text: &str,
        mut lookup: impl FnMut(&str) -> (T, WordRole),
        mut emit: impl FnMut(&str, T, bool),
    ) {
        WORD.with(|cell| {
            let mut word = cell.borrow_mut();
            let mut negated = false;
            for segment in text.split_word_bounds() {
                if !normalise_word(segment, &mut word) {
                    if self.settings.negation && segment.chars().any(is_clause_punctuation) {
                        negated = false;
                    }
                    continue;
                }
                visit_word(&word, &mut negated, &mut lookup, &mut emit);
            }
        })
    }

    /// The token of one normalised word (stemmed when stemming is on), written into `out`
    /// without the negation mark; false when the word is a stop word.
    pub fn token_of(&self, word: &str, out: &mut String) -> bool {
        self.stem_into(word, out, true);
        !self.stop.contains(out.as_str())
    }

    /// [`Tokenizer::token_of`] for a caller that keeps its own memo of every word it has seen:
    /// the per-thread stem memo would only hold a second copy of each word.
    pub(crate) fn token_of_unmemoised(&self, word: &str, out: &mut String) -> bool {
        self.stem_into(word, out, false);
        !self.stop.contains(out.as_str())
    }

    /// A number identifying this tokenizer's settings within the process, so that memos built
    /// with one tokenizer are never used with another.
    pub fn instance(&self) -> u64 {
        self.instance
    }

    fn stem_into(&self, word: &str, out: &mut String, memoise: bool) {
        out.clear();
        match &self.stemmer {
            Some(stemmer) if word != NUMBER_TOKEN && !memoise => out.push_str(&stemmer.stem(word)),
            Some(stemmer) if word != NUMBER_TOKEN => STEMS.with(|cell| {
                // Snowball is a pure function of the word, and news text repeats a few thousand
                // words endlessly, so a per-thread memo saves most of the stemming time. It is
                // cleared when full so that memory stays bounded on any input.
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

/// One word through the negation-scope rules, shared by both word scanners: a scope-ending word
/// closes the scope before it is emitted, a negator opens one after it.
fn visit_word<T>(
    word: &str,
    negated: &mut bool,
    lookup: &mut impl FnMut(&str) -> (T, WordRole),
    emit: &mut impl FnMut(&str, T, bool),
) {
    let (value, role) = lookup(word);
    if role.ends_scope {
        *negated = false;
    }
    emit(word, value, *negated);
    if role.negator {
        *negated = true;
    }
}

/// Normalises one UAX #29 segment into `out`; returns false when the segment is not a word.
fn normalise_word(segment: &str, out: &mut String) -> bool {
    out.clear();
    let mut chars = segment.chars();
    let first = match chars.next() {
        Some(c) => c,
        None => return false,
    };
    if !segment.chars().any(char::is_alphanumeric) {
        return false;
    }
    if first.is_numeric() {
        out.push_str(NUMBER_TOKEN);
        return true;
    }
    for c in segment.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}' => out.push('\''),
            // Soft hyphens and zero-width characters are invisible in the text, so they must not
            // change the token.
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            // UAX #29 glues combining marks onto a preceding space; the space is not part of
            // the word.
            c if c.is_whitespace() => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    let trimmed = out.trim_matches('\'');
    if trimmed.len() != out.len() {
        *out = trimmed.to_string();
    }
    !out.is_empty() && out.chars().any(char::is_alphanumeric)
}

fn is_clause_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '…' | '—' | '–' | '¡' | '¿'
    )
}

fn is_negator(word: &str) -> bool {
    matches!(
        word,
        "not"
            | "no"
            | "never"
            | "nor"
            | "neither"
            | "without"
            | "cannot"
            | "none"
            | "nobody"
            | "nothing"
            | "refuse"
            | "refuses"
            | "refused"
            | "refusing"
            | "reject"
            | "rejects"
            | "rejected"
            | "rejecting"
            | "oppose"
            | "opposes"
            | "opposed"
            | "opposing"
    ) || word.ends_with("n't")
}

fn ends_scope(word: &str) -> bool {
    matches!(
        word,
        "but" | "however" | "instead" | "rather" | "yet" | "although" | "though" | "whereas"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn toks(text: &str, settings: TokenizerSettings) -> Vec<String> {
        Tokenizer::new(&settings).tokens(text)
    }

    fn plain() -> TokenizerSettings {
        TokenizerSettings {
            stem: false,
            negation: false,
            stop_words: StopWords::None,
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
            negation: false,
            ..Default::default()
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
            ..Default::default()
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
            toks("Egypt refused to disarm anyone — it monitors", settings),
            ["egypt", "refused", "¬to", "¬disarm", "¬anyone", "it", "monitors"]
        );
    }

    #[test]
    fn negated_and_plain_sentences_differ() {
        let t = Tokenizer::new(&TokenizerSettings::default());
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
            negation: false,
            ..Default::default()
        };
        assert_eq!(toks("not disarm", settings), ["not", "disarm"]);
    }

    #[test]
    fn stop_list_is_stemmed_like_the_text() {
        let settings = TokenizerSettings {
            negation: false,
            stop_words: StopWords::Custom(vec!["Troops".into(), "monitoring".into()]),
            ..Default::default()
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
            stop_words: StopWords::English,
            ..Default::default()
        };
        assert_eq!(
            toks("the force will not disarm the militia", settings),
            ["force", "not", "¬disarm", "¬militia"]
        );
    }

    #[test]
    fn surface_forms_are_reported() {
        let t = Tokenizer::new(&TokenizerSettings::default());
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
        let t = Tokenizer::new(&TokenizerSettings::default());
        assert!(t.tokens("").is_empty());
        assert!(t.tokens("  \n\t ").is_empty());
        assert!(t.tokens("—!?… ' ’ -- ...").is_empty());
    }

    /// Words with their negation flags, in order.
    type Words = Vec<(String, bool)>;

    /// The words of `text` from the ASCII scanner and from the UAX #29 path.
    fn both_word_paths(text: &str) -> (Words, Words) {
        let t = Tokenizer::new(&TokenizerSettings::default());
        let role = |w: &str| ((), t.word_role(w));
        let mut fast = Vec::new();
        t.scan_ascii(text, role, |w, _, n| fast.push((w.to_string(), n)));
        let mut general = Vec::new();
        t.scan_unicode(text, role, |w, _, n| general.push((w.to_string(), n)));
        (fast, general)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn never_panics_and_never_yields_empty_tokens(text in any::<String>()) {
            let t = Tokenizer::new(&TokenizerSettings::default());
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
        fn tokenising_is_deterministic(text in "[a-zA-Z ,.'’-]{0,120}") {
            let t = Tokenizer::new(&TokenizerSettings::default());
            prop_assert_eq!(t.tokens(&text), t.tokens(&text));
        }
    }
}
