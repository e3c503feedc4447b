//! The fitted TF-IDF vectoriser: vocabulary, frozen idf, readable term names, and the transform
//! from a sentence to its row.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::intern::{intern_texts, intern_tokens, term_tokens, BREAK, TOKENIZE_BLOCK};
use super::sparse::{SparseMatrix, SparseRow};
use super::vocabulary::{ColumnIndex, PREFILTER_FROM};
use super::{FeatureSettings, ValidFeatureSettings};
use crate::error::{Error, Result};
use crate::progress::{Progress, Stage, SILENT};
use crate::text::questions::{unmark, Mark};
use crate::text::tokens::{TokenCache, Tokenizer, NO_FORCE_TOKEN};
use crate::text::WordTable;

/// A fitted TF-IDF vectoriser: ordered vocabulary, frozen idf and a readable surface form for each
/// stem.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vectorizer {
    pub(super) settings: FeatureSettings,
    pub(super) terms: Vec<String>,
    pub(super) idf: Vec<f32>,
    pub(super) surfaces: Vec<(String, String)>,
    /// Token string -> id, for every token that occurs in some term (derived, not saved).
    #[serde(skip)]
    pub(super) token_ids: WordTable<u32>,
    /// N-gram -> column (derived, not saved).
    #[serde(skip)]
    pub(super) columns: ColumnIndex,
    /// Identifies this vocabulary for the per-thread word memo (derived, not saved).
    #[serde(skip)]
    pub(super) instance: u64,
    /// The column of the feature of a sentence that names no international force, if the
    /// vocabulary has it (derived, not saved).
    #[serde(skip)]
    pub(super) no_force: Option<u32>,
}

impl PartialEq for Vectorizer {
    fn eq(&self, other: &Self) -> bool {
        // The maps are derived from the terms, so the saved fields decide equality.
        self.settings == other.settings
            && self.terms == other.terms
            && self.idf == other.idf
            && self.surfaces == other.surfaces
    }
}

impl Vectorizer {
    /// Learns the vocabulary and idf from tokenised training sentences.
    ///
    /// ```
    /// use stance::features::{FeatureSettings, Vectorizer};
    ///
    /// let docs = vec![
    ///     vec!["troop".to_string(), "patrol".to_string()],
    ///     vec!["troop".to_string(), "disarm".to_string()],
    /// ];
    /// let settings = FeatureSettings { min_df: 1, ..Default::default() };
    /// let v = Vectorizer::fit(&docs, settings).unwrap();
    /// // Most frequent first, then alphabetical.
    /// assert_eq!(v.terms(), ["troop", "disarm", "patrol", "troop disarm", "troop patrol"]);
    /// let row = v.transform(&docs[0]);
    /// assert!((row.norm() - 1.0).abs() < 1e-6);
    /// ```
    pub fn fit(docs: &[Vec<String>], settings: FeatureSettings) -> Result<Self> {
        let settings = settings.check()?.into_inner();
        let interned = intern_tokens(docs)?;
        Ok(Self::fit_interned(&interned, settings, PREFILTER_FROM).0)
    }

    /// Tokenises `texts` (in parallel), learns the vocabulary and idf, and returns the training
    /// matrix too, so that training tokenises each sentence only once. Each stem's display form
    /// is the word it most often came from.
    pub fn fit_texts(
        texts: &[String],
        tokenizer: &Tokenizer,
        settings: &ValidFeatureSettings,
    ) -> Result<(Self, SparseMatrix)> {
        Self::fit_texts_with_progress(texts, tokenizer, settings, SILENT)
    }

    /// [`Vectorizer::fit_texts`], reporting the sentences tokenised and counted as
    /// [`Stage::Counting`] to `progress`.
    pub fn fit_texts_with_progress(
        texts: &[String],
        tokenizer: &Tokenizer,
        settings: &ValidFeatureSettings,
        progress: Progress<'_>,
    ) -> Result<(Self, SparseMatrix)> {
        let advance = crate::progress::start(progress, Stage::Counting, texts.len() as u64);
        let interned = intern_texts(texts, tokenizer, &advance)?;
        let (v, remap) = Self::fit_interned(&interned, (**settings).clone(), PREFILTER_FROM);
        // Rows from the interned ids directly (no second tokenisation), a block at a time so
        // that only one block's rows exist twice.
        let mut x = SparseMatrix::new(v.len());
        for start in (0..interned.len()).step_by(TOKENIZE_BLOCK) {
            let end = (start + TOKENIZE_BLOCK).min(interned.len());
            let rows: Vec<SparseRow> = (start..end)
                .into_par_iter()
                .map(|i| {
                    let ids: Vec<u32> = interned
                        .doc(i)
                        .iter()
                        .map(|&id| {
                            if id == BREAK {
                                BREAK
                            } else {
                                remap[id as usize]
                            }
                        })
                        .collect();
                    v.row_from_ids(&ids)
                })
                .collect();
            for row in &rows {
                x.push(row);
            }
        }
        Ok((v, x))
    }

    /// Rebuilds the token and n-gram indexes after deserialisation (they are derived from the
    /// terms, so they are not saved).
    pub(crate) fn rebuild_index(&mut self) -> Result<()> {
        let mut token_ids: WordTable<u32> = WordTable::default();
        // Most terms are bigrams and most of the rest unigrams: sized up front, the tables are
        // not rehashed while a model loads.
        token_ids.reserve(self.terms.len() / 2);
        let mut columns = ColumnIndex::default();
        columns.bigrams.reserve(self.terms.len());
        let mut ids = Vec::new();
        for (col, term) in self.terms.iter().enumerate() {
            ids.clear();
            for tok in term_tokens(term) {
                let next = token_ids.len() as u32;
                let id = *token_ids.entry(tok, || next);
                ids.push(id);
            }
            if !columns.insert(&ids, col as u32) {
                return Err(Error::inconsistent(format!(
                    "vocabulary holds the term '{term}' twice"
                )));
            }
        }
        self.token_ids = token_ids;
        self.columns = columns;
        self.no_force = self
            .terms
            .iter()
            .position(|t| t == NO_FORCE_TOKEN)
            .map(|c| c as u32);
        self.instance = crate::text::tokens::next_instance();
        Ok(())
    }

    /// Checks the invariants a loaded vectoriser must hold.
    pub(crate) fn check(&self) -> Result<()> {
        if self.terms.len() != self.idf.len() {
            return Err(Error::inconsistent("vocabulary and idf lengths differ"));
        }
        // Terms held twice are caught by `rebuild_index`, which hashes every term anyway.
        if self
            .terms
            .iter()
            .any(|t| t.is_empty() || term_tokens(t).count() > self.settings.ngram_max.min(5))
        {
            return Err(Error::inconsistent(
                "vocabulary holds a term of impossible length",
            ));
        }
        if self.idf.iter().any(|v| !v.is_finite() || *v < 1.0) {
            return Err(Error::inconsistent("idf holds an impossible value"));
        }
        self.settings.check().map(drop)
    }

    /// The settings used at fit time.
    pub fn settings(&self) -> &FeatureSettings {
        &self.settings
    }

    /// The vocabulary, in column order (falling document frequency, then alphabetical).
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// For each column, whether its term is a style term: every token of it, negated, asked or
    /// plain, in `style` (as [`Tokenizer::style_words`] gives it).
    ///
    /// ```
    /// use stance::features::{FeatureSettings, Vectorizer};
    /// use stance::text::tokens::{Tokenizer, TokenizerSettings};
    ///
    /// let tokenizer = Tokenizer::new(&TokenizerSettings::default());
    /// let texts = ["The force must disarm them.", "The force must not disarm them."]
    ///     .map(String::from);
    /// let settings = FeatureSettings { min_df: 1, ngram_max: 1, ..Default::default() };
    /// let (v, _) = Vectorizer::fit_texts(&texts, &tokenizer, &settings.check()?)?;
    /// let style = v.style_columns(&tokenizer.style_words());
    /// let marked: Vec<&str> = v.terms().iter().zip(&style)
    ///     .filter(|(_, s)| **s).map(|(t, _)| t.as_str()).collect();
    /// // "them" after "not" is negated, and still a function word; the negator itself is not
    /// // a style word, since it decides the framing.
    /// assert_eq!(marked, ["must", "the", "them", "¬them"]);
    /// # Ok::<(), stance::Error>(())
    /// ```
    pub fn style_columns(&self, style: &std::collections::HashSet<String>) -> Vec<bool> {
        self.terms
            .iter()
            .map(|term| term_tokens(term).all(|tok| style.contains(unmark(tok).1)))
            .collect()
    }

    /// Whether `row` holds a term of the sentence's own words: any but the feature of a sentence
    /// that names no international force ([`NO_FORCE_TOKEN`]), which every sentence of unknown
    /// words would otherwise have.
    pub fn has_own_terms(&self, row: &SparseRow) -> bool {
        row.indices.iter().any(|&c| Some(c) != self.no_force)
    }

    /// The frozen idf, in column order.
    pub fn idf(&self) -> &[f32] {
        &self.idf
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The column of `term`, if it is in the vocabulary.
    pub fn column(&self, term: &str) -> Option<u32> {
        let ids = term_tokens(term)
            .map(|tok| self.token_ids.get(tok).copied())
            .collect::<Option<Vec<u32>>>()?;
        self.columns.get(&ids)
    }

    /// A readable form of feature `column`: each stem replaced by the word it most often came
    /// from in training, `not:` before a word inside a negation scope ("¬disarm hama" reads
    /// "not:disarming hamas") and `asked:` before a word of a question.
    pub fn display_term(&self, column: usize) -> String {
        let term = &self.terms[column];
        term_tokens(term)
            .map(|tok| {
                let (mark, stem) = unmark(tok);
                let surface = self
                    .surfaces
                    .binary_search_by(|(s, _)| s.as_str().cmp(stem))
                    .map(|i| self.surfaces[i].1.as_str())
                    .unwrap_or(stem);
                match mark {
                    Mark::None => surface.to_string(),
                    Mark::Negated => format!("not:{surface}"),
                    Mark::Asked => format!("asked:{surface}"),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The TF-IDF vector of one tokenised sentence. Unknown terms are ignored; a sentence with no
    /// known term gives an empty row.
    pub fn transform(&self, tokens: &[String]) -> SparseRow {
        let ids: Vec<u32> = tokens
            .iter()
            .map(|t| self.token_ids.get(t.as_str()).copied().unwrap_or(u32::MAX))
            .collect();
        self.row_from_ids(&ids)
    }

    /// The TF-IDF vector of one sentence, tokenised with `tokenizer` on the fly. Each thread
    /// remembers the token ids of the words it has seen (per tokenizer and vocabulary, bounded),
    /// because stemming and two hash look-ups per word dominate scoring otherwise.
    pub fn transform_text(&self, tokenizer: &Tokenizer, text: &str) -> SparseRow {
        WORD_IDS.with(|cell| {
            let mut memo = cell.borrow_mut();
            let WordMemo {
                cache,
                scratch,
                side,
                columns,
            } = &mut *memo;
            cache.serve(tokenizer, self.instance);
            scratch.clear();
            side.clear();
            tokenizer.stream(
                text,
                cache,
                |token| self.token_ids.get(token).copied().unwrap_or(BREAK),
                |t| {
                    if t.side {
                        side.push(t.value);
                    } else {
                        scratch.push(t.value);
                    }
                },
            );
            for &id in side.iter() {
                scratch.push(BREAK);
                scratch.push(id);
            }
            self.row_from_ids_with(scratch, columns)
        })
    }

    /// [`Vectorizer::transform_text`] that also says, for each column of the row, which words of
    /// this sentence made it (lower-cased, as the tokenizer reads them), so that an explanation
    /// can show a term in the sentence's own words rather than as the stem's most common form
    /// across the corpus. The row is the same as `transform_text` gives.
    pub fn transform_text_with_words(
        &self,
        tokenizer: &Tokenizer,
        text: &str,
    ) -> (SparseRow, TermWords) {
        let mut cache = TokenCache::new(usize::MAX, false, false);
        let mut ids = Vec::new();
        let mut words: Vec<(String, Mark)> = Vec::new();
        let mut side = Vec::new();
        tokenizer.stream(
            text,
            &mut cache,
            |token| self.token_ids.get(token).copied().unwrap_or(BREAK),
            |t| {
                if t.side {
                    let mark = if t.negated { Mark::Negated } else { Mark::None };
                    side.push((t.value, t.word.to_string(), mark));
                } else {
                    ids.push(t.value);
                    let mark = if t.asked {
                        Mark::Asked
                    } else if t.negated {
                        Mark::Negated
                    } else {
                        Mark::None
                    };
                    words.push((t.word.to_string(), mark));
                }
            },
        );
        for (id, word, mark) in side {
            ids.push(BREAK);
            words.push((String::new(), Mark::None));
            ids.push(id);
            words.push((word, mark));
        }
        let row = self.row_from_ids(&ids);
        let mut found: Vec<(u32, String)> = Vec::new();
        for n in self.settings.ngram_min..=self.settings.ngram_max {
            if ids.len() < n {
                break;
            }
            for (start, window) in ids.windows(n).enumerate() {
                let Some(col) = self.columns.get(window) else {
                    continue;
                };
                if found.iter().any(|(c, _)| *c == col) {
                    continue;
                }
                let span = &words[start..start + n];
                let mut shown = span
                    .iter()
                    .map(|(w, _)| w.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                // A negated term whose negator lies outside it says so; one that holds its
                // negator ("not disarming") reads right as it is. A question's terms say so too,
                // since the question mark is never inside a term.
                match span[0].1 {
                    Mark::Negated => shown.push_str(" (negated)"),
                    Mark::Asked => shown.push_str(" (asked)"),
                    Mark::None => {}
                }
                found.push((col, shown));
            }
        }
        found.sort_unstable_by_key(|(c, _)| *c);
        (row, TermWords(found))
    }

    /// Builds a row from token ids (`u32::MAX` = a token in no term, which breaks n-grams).
    pub(super) fn row_from_ids(&self, ids: &[u32]) -> SparseRow {
        self.row_from_ids_with(ids, &mut Vec::with_capacity(ids.len() * 2))
    }

    /// [`Vectorizer::row_from_ids`] with a caller's buffer for the columns found.
    fn row_from_ids_with(&self, ids: &[u32], cols: &mut Vec<u32>) -> SparseRow {
        cols.clear();
        for n in self.settings.ngram_min..=self.settings.ngram_max {
            if ids.len() < n {
                break;
            }
            for window in ids.windows(n) {
                if let Some(col) = self.columns.get(window) {
                    cols.push(col);
                }
            }
        }
        cols.sort_unstable();
        let mut row = SparseRow {
            indices: Vec::with_capacity(cols.len()),
            values: Vec::with_capacity(cols.len()),
        };
        for &col in cols.iter() {
            if row.indices.last() == Some(&col) {
                if let Some(v) = row.values.last_mut() {
                    *v += 1.0;
                }
            } else {
                row.indices.push(col);
                row.values.push(1.0);
            }
        }
        let mut norm = 0.0f64;
        for (v, &col) in row.values.iter_mut().zip(&row.indices) {
            let tf = if self.settings.sublinear_tf {
                1.0 + v.ln()
            } else {
                *v
            };
            *v = tf * self.idf[col as usize];
            norm += f64::from(*v) * f64::from(*v);
        }
        if norm > 0.0 {
            let inv = (1.0 / norm.sqrt()) as f32;
            row.values.iter_mut().for_each(|v| *v *= inv);
        }
        row
    }
}

/// For each column of one sentence's row, the words of that sentence that made it (see
/// [`Vectorizer::transform_text_with_words`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermWords(pub(super) Vec<(u32, String)>);

impl TermWords {
    /// The sentence's own words for column `col`, if the sentence has that term.
    pub fn get(&self, col: u32) -> Option<&str> {
        self.0
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| self.0[i].1.as_str())
    }
}

/// Words remembered per thread before the memo is cleared, to bound memory on any input.
const WORD_MEMO_LIMIT: usize = 500_000;

/// Each scoring thread's word cache (token ids per distinct word, for one tokenizer and one
/// vocabulary at a time) and buffers.
struct WordMemo {
    cache: TokenCache<u32>,
    scratch: Vec<u32>,
    side: Vec<u32>,
    columns: Vec<u32>,
}

impl Default for WordMemo {
    fn default() -> Self {
        WordMemo {
            // The cache remembers every word it sees, so the per-thread stem memo would only
            // hold a second copy of each.
            cache: TokenCache::new(WORD_MEMO_LIMIT, false, false),
            scratch: Vec::new(),
            side: Vec::new(),
            columns: Vec::new(),
        }
    }
}

thread_local! {
    static WORD_IDS: std::cell::RefCell<WordMemo> = std::cell::RefCell::new(WordMemo::default());
}
