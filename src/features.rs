//! TF-IDF features: from token lists to sparse, L2-normalised vectors.
//!
//! This is written for `stance` rather than taken from linfa-preprocessing because linfa 0.8.1's
//! `FittedTfIdfVectorizer::transform` recomputes document frequencies from the batch it is given:
//! one sentence scored alone would get other weights than it had in training. Here the idf is
//! computed once, at fit time, and frozen into the [`Vectorizer`], which is saved in the model.
//!
//! The vocabulary is ordered by falling document frequency, ties broken alphabetically, so
//! feature indices depend only on the training data, never on hash order. Weights: `tf` (or `1 + ln tf` when sublinear), times the smoothed idf
//! `ln((1 + n) / (1 + df)) + 1`, then the row is scaled to unit L2 norm.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::tokens::{Tokenizer, WordRole};

/// How features are built from tokens. Saved inside every model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSettings {
    /// Smallest n-gram length (in tokens).
    pub ngram_min: usize,
    /// Largest n-gram length (in tokens).
    pub ngram_max: usize,
    /// Drop terms found in fewer than this many training sentences.
    pub min_df: usize,
    /// Drop terms found in more than this share of training sentences (0 < max_df <= 1).
    pub max_df: f64,
    /// Keep only this many terms, the most frequent in the training corpus (ties alphabetical).
    pub max_features: Option<usize>,
    /// Use `1 + ln(tf)` instead of the raw count.
    pub sublinear_tf: bool,
}

impl Default for FeatureSettings {
    fn default() -> Self {
        FeatureSettings {
            ngram_min: 1,
            ngram_max: 2,
            min_df: 2,
            max_df: 1.0,
            max_features: None,
            sublinear_tf: true,
        }
    }
}

impl FeatureSettings {
    /// Checks every setting's range; the command line and the library both call this before
    /// fitting.
    pub fn validate(&self) -> Result<()> {
        if self.ngram_min == 0 || self.ngram_max < self.ngram_min || self.ngram_max > 5 {
            return Err(Error::InvalidParameter {
                name: "--ngrams",
                value: format!("{}-{}", self.ngram_min, self.ngram_max),
                expected: "MIN-MAX with 1 <= MIN <= MAX <= 5, e.g. 1-2".into(),
            });
        }
        if self.min_df == 0 {
            return Err(Error::InvalidParameter {
                name: "--min-df",
                value: self.min_df.to_string(),
                expected: "a whole number of sentences, at least 1".into(),
            });
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(Error::InvalidParameter {
                name: "--max-df",
                value: self.max_df.to_string(),
                expected: "a share of sentences greater than 0 and at most 1".into(),
            });
        }
        if self.max_features == Some(0) {
            return Err(Error::InvalidParameter {
                name: "--max-features",
                value: "0".into(),
                expected: "at least 1 (or leave it out for no limit)".into(),
            });
        }
        Ok(())
    }
}

/// One sparse, L2-normalised feature vector: sorted column indices and their weights.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseRow {
    /// Column indices, strictly increasing.
    pub indices: Vec<u32>,
    /// Weights, one per index.
    pub values: Vec<f32>,
}

impl SparseRow {
    /// True when the sentence had no known term.
    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// The row's Euclidean norm (1 for a non-empty row, 0 for an empty one).
    pub fn norm(&self) -> f64 {
        self.values
            .iter()
            .map(|&v| f64::from(v) * f64::from(v))
            .sum::<f64>()
            .sqrt()
    }
}

/// Rows of sparse vectors stored back to back (compressed sparse rows).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseMatrix {
    /// `indptr[i]..indptr[i + 1]` are row `i`'s entries.
    pub indptr: Vec<usize>,
    /// Column indices.
    pub indices: Vec<u32>,
    /// Weights.
    pub values: Vec<f32>,
    /// Number of columns (the vocabulary size).
    pub ncols: usize,
}

impl SparseMatrix {
    /// An empty matrix with `ncols` columns.
    pub fn new(ncols: usize) -> Self {
        SparseMatrix {
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
            ncols,
        }
    }

    /// Appends a row.
    pub fn push(&mut self, row: &SparseRow) {
        self.indices.extend_from_slice(&row.indices);
        self.values.extend_from_slice(&row.values);
        self.indptr.push(self.indices.len());
    }

    /// Number of rows.
    pub fn nrows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Row `i` as index and value slices.
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let range = self.indptr[i]..self.indptr[i + 1];
        (&self.indices[range.clone()], &self.values[range])
    }

    /// The same data as a dense `nrows x ncols` array (for tests and the linfa reference only:
    /// it needs `nrows * ncols` floats).
    pub fn to_dense(&self) -> ndarray::Array2<f64> {
        let mut dense = ndarray::Array2::zeros((self.nrows(), self.ncols));
        for i in 0..self.nrows() {
            let (idx, val) = self.row(i);
            for (&j, &v) in idx.iter().zip(val) {
                dense[[i, j as usize]] = f64::from(v);
            }
        }
        dense
    }
}

impl linfa::dataset::Records for SparseMatrix {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.nrows()
    }

    fn nfeatures(&self) -> usize {
        self.ncols
    }
}

/// Bits per token id inside an n-gram key: a key packs up to five ids into a `u128`.
const ID_BITS: u32 = 25;

/// Largest number of distinct tokens a training corpus may have (ids must fit in [`ID_BITS`]).
pub const MAX_DISTINCT_TOKENS: usize = (1 << ID_BITS) - 2;

/// The exact key of an n-gram of token ids (each stored as `id + 1`, so no key is ambiguous).
#[inline]
fn push_key(key: u128, id: u32) -> u128 {
    (key << ID_BITS) | u128::from(id + 1)
}

/// Training sentences as token ids, stored back to back, with the strings behind the ids.
struct Interned {
    ids: Vec<u32>,
    offsets: Vec<usize>,
    strings: Vec<String>,
    /// For each token id, how often each surface word produced it.
    surfaces: FxHashMap<String, (u32, u64)>,
}

impl Interned {
    fn doc(&self, i: usize) -> &[u32] {
        &self.ids[self.offsets[i]..self.offsets[i + 1]]
    }

    fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// Most counters in the n-gram prefilter (one byte each); smaller corpora get a table about the
/// size of their n-gram count.
const PREFILTER_MAX_BITS: u32 = 25;

/// N-gram occurrences above which the prefilter pays for itself (about a million sentences'
/// worth of bigrams: 16M).
const PREFILTER_FROM: usize = 1 << 24;

/// The bucket of an n-gram key among `2^bits` (a multiplicative hash of both halves of the key):
/// its prefilter counter, or its shard of the document-frequency table.
#[inline]
fn key_bucket(key: u128, bits: u32) -> usize {
    let mixed =
        ((key as u64) ^ ((key >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - bits)) as usize
}

/// Sentences per parallel tokenising block: large enough to amortise the hand-over, small enough
/// that a block's token strings are a few megabytes.
const TOKENIZE_BLOCK: usize = 16384;

/// One chunk of sentences tokenised on a worker thread, with its own small token table, so that
/// the main thread only looks up each distinct token of the chunk instead of every occurrence.
struct LocalChunk {
    strings: Vec<String>,
    ids: Vec<u32>,
    offsets: Vec<usize>,
    /// Surface word -> (local token id, occurrences), for words that differ from their token.
    surfaces: FxHashMap<String, (u32, u64)>,
}

/// The tokens of a term (split at its spaces). `str::split(' ')` compared each match through a
/// call to `memcmp`, which was a fifth of loading a model, and `memchr` costs more to set up than
/// a term is long; a space is one byte, so a plain scan of the bytes gives the same slices.
fn term_tokens(term: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(term);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b' ') {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Shards of the document-frequency table, sentences per group whose n-grams are listed before
/// the shards are filled, and sentences per listing task (all fixed, so that nothing depends on
/// the thread count).
const DF_SHARDS: usize = 16;
const DF_GROUP: usize = 32768;
const DF_BLOCK: usize = 2048;

/// The shard of an n-gram key.
fn df_shard(key: u128) -> usize {
    key_bucket(key, DF_SHARDS.trailing_zeros())
}

/// Sentences per worker chunk inside a tokenising block.
const LOCAL_CHUNK: usize = 2048;

/// A map keyed by normalised words. Words of up to 15 bytes are keyed by their bytes and length
/// packed into a `u128`: most words are short, and a key held in the table itself is compared
/// without following a pointer to a string, which was the most frequent cache miss of
/// tokenising and scoring.
#[derive(Debug, Clone)]
struct WordTable<V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<Box<str>, V>,
}

impl<V> Default for WordTable<V> {
    fn default() -> Self {
        WordTable {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

impl<V> WordTable<V> {
    /// `word`'s bytes (little-endian) and length (in the top byte) packed into a `u128`, for
    /// words of up to 15 bytes. Built from whole-word loads: copying the bytes into a zeroed
    /// buffer and reading it back stalled on store forwarding at every look-up.
    #[inline]
    fn short_key(word: &str) -> Option<u128> {
        let bytes = word.as_bytes();
        let n = bytes.len();
        if n >= 16 {
            return None;
        }
        let (lo, hi) = if n >= 8 {
            let mut first = [0u8; 8];
            first.copy_from_slice(&bytes[..8]);
            (u64::from_le_bytes(first), load_up_to_8(&bytes[8..]))
        } else {
            (load_up_to_8(bytes), 0)
        };
        Some(u128::from(lo) | u128::from(hi) << 64 | (n as u128) << 120)
    }

    /// The value of `word`, made by `make` if the word is new.
    #[inline]
    fn entry(&mut self, word: &str, make: impl FnOnce() -> V) -> &mut V {
        match Self::short_key(word) {
            Some(key) => self.short.entry(key).or_insert_with(make),
            None => self.long.entry(word.into()).or_insert_with(make),
        }
    }

    /// The value of `word`, if it has one.
    #[inline]
    fn get(&self, word: &str) -> Option<&V> {
        match Self::short_key(word) {
            Some(key) => self.short.get(&key),
            None => self.long.get(word),
        }
    }

    fn reserve(&mut self, additional: usize) {
        self.short.reserve(additional);
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// Up to eight bytes as a little-endian integer (zero above them), from at most two loads that
/// may overlap: overlapping bytes are the same bytes in the same places, so or-ing is exact.
#[inline]
fn load_up_to_8(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]));
    match n {
        0 => 0,
        1..=3 => {
            u64::from(b[0])
                | u64::from(b[n / 2]) << (8 * (n / 2))
                | u64::from(b[n - 1]) << (8 * (n - 1))
        }
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        _ => {
            let mut all = [0u8; 8];
            all.copy_from_slice(&b[..8]);
            u64::from_le_bytes(all)
        }
    }
}

/// One distinct word of a chunk: its local token ids (`u32::MAX` until first needed for the
/// negated one), and how often it appeared as a surface different from its token.
struct ChunkWord {
    word: Box<str>,
    stopped: bool,
    plain: u32,
    negated: u32,
    /// Whether the stem differs from the word, so that the word is a readable surface for it.
    stem_differs: bool,
    /// The local id of the first token it gave that differs from it, and how often it did.
    surface: Option<(u32, u64)>,
}

fn tokenise_chunk(texts: &[String], tokenizer: &Tokenizer) -> LocalChunk {
    let mut chunk = LocalChunk {
        strings: Vec::new(),
        ids: Vec::new(),
        offsets: vec![0],
        surfaces: FxHashMap::default(),
    };
    let mut index: FxHashMap<String, u32> = FxHashMap::default();
    let mut intern = |token: &str, strings: &mut Vec<String>| -> u32 {
        if let Some(&id) = index.get(token) {
            return id;
        }
        let id = strings.len() as u32;
        strings.push(token.to_string());
        index.insert(token.to_string(), id);
        id
    };
    // Stemming, the stop list and the negation roles are worked out once per distinct word of
    // the chunk: the table gives each word an entry number, and the entry is built when the
    // word is first emitted.
    let mut table: WordTable<(u32, WordRole)> = WordTable::default();
    let mut words: Vec<ChunkWord> = Vec::new();
    let mut stem = String::new();
    let mut marked = String::new();
    for text in texts {
        tokenizer.scan_words(
            text,
            |word| {
                let next = table.len() as u32;
                *table.entry(word, || (next, tokenizer.word_role(word)))
            },
            |word, entry, negated| {
                let at = entry as usize;
                if at == words.len() {
                    let stopped = !tokenizer.token_of(word, &mut stem);
                    let plain = if stopped {
                        u32::MAX
                    } else {
                        intern(&stem, &mut chunk.strings)
                    };
                    words.push(ChunkWord {
                        word: word.into(),
                        stopped,
                        plain,
                        negated: u32::MAX,
                        stem_differs: stem != word,
                        surface: None,
                    });
                }
                let w = &mut words[at];
                if w.stopped {
                    return;
                }
                let id = if negated {
                    if w.negated == u32::MAX {
                        marked.clear();
                        marked.push_str(crate::text::tokens::NEGATION_PREFIX);
                        marked.push_str(&chunk.strings[w.plain as usize]);
                        w.negated = intern(&marked, &mut chunk.strings);
                    }
                    w.negated
                } else {
                    w.plain
                };
                chunk.ids.push(id);
                if negated || w.stem_differs {
                    w.surface.get_or_insert((id, 0)).1 += 1;
                }
            },
        );
        chunk.offsets.push(chunk.ids.len());
    }
    for w in words {
        if let Some(surface) = w.surface {
            chunk.surfaces.insert(w.word.into(), surface);
        }
    }
    chunk
}

fn intern_texts(texts: &[String], tokenizer: &Tokenizer) -> Result<Interned> {
    let mut out = Interned {
        ids: Vec::new(),
        offsets: vec![0],
        strings: Vec::new(),
        surfaces: FxHashMap::default(),
    };
    let mut index: FxHashMap<String, u32> = FxHashMap::default();
    for block in texts.chunks(TOKENIZE_BLOCK) {
        // Tokenise chunks in parallel, each with a local token table; then merge the tables in
        // chunk order, so ids are assigned the same way whatever the thread count.
        let chunks: Vec<LocalChunk> = block
            .par_chunks(LOCAL_CHUNK)
            .map(|c| tokenise_chunk(c, tokenizer))
            .collect();
        for chunk in chunks {
            let mut global = Vec::with_capacity(chunk.strings.len());
            for token in chunk.strings {
                let id = match index.get(&token) {
                    Some(&id) => id,
                    None => {
                        if out.strings.len() >= MAX_DISTINCT_TOKENS {
                            return Err(Error::Training {
                                path: "<memory>".into(),
                                message: format!(
                                    "more than {MAX_DISTINCT_TOKENS} distinct tokens; split the corpus"
                                ),
                            });
                        }
                        let id = out.strings.len() as u32;
                        out.strings.push(token.clone());
                        index.insert(token, id);
                        id
                    }
                };
                global.push(id);
            }
            let base = out.ids.len();
            out.ids
                .extend(chunk.ids.iter().map(|&l| global[l as usize]));
            out.offsets
                .extend(chunk.offsets[1..].iter().map(|&o| base + o));
            for (surface, (local, n)) in chunk.surfaces {
                let entry = out
                    .surfaces
                    .entry(surface)
                    .or_insert((global[local as usize], 0));
                entry.1 += n;
            }
        }
    }
    Ok(out)
}

fn intern_tokens(docs: &[Vec<String>]) -> Result<Interned> {
    let mut out = Interned {
        ids: Vec::new(),
        offsets: vec![0],
        strings: Vec::new(),
        surfaces: FxHashMap::default(),
    };
    let mut index: FxHashMap<&str, u32> = FxHashMap::default();
    for doc in docs {
        for token in doc {
            let id = *index.entry(token.as_str()).or_insert_with(|| {
                out.strings.push(token.clone());
                (out.strings.len() - 1) as u32
            });
            out.ids.push(id);
        }
        out.offsets.push(out.ids.len());
    }
    if out.strings.len() > MAX_DISTINCT_TOKENS {
        return Err(Error::Training {
            path: "<memory>".into(),
            message: format!("more than {MAX_DISTINCT_TOKENS} distinct tokens; split the corpus"),
        });
    }
    Ok(out)
}

/// Calls `f` with the key of every n-gram of `ids` in the configured length range.
#[inline]
fn for_each_key(ids: &[u32], settings: &FeatureSettings, mut f: impl FnMut(u128)) {
    for n in settings.ngram_min..=settings.ngram_max {
        if ids.len() < n {
            break;
        }
        for window in ids.windows(n) {
            if !window.contains(&u32::MAX) {
                f(window.iter().fold(0u128, |k, &id| push_key(k, id)));
            }
        }
    }
}

/// The column of every term, by the ids of its tokens. Unigrams are looked up by position and
/// bigrams by a 64-bit key, because scoring does one look-up per token and one per token pair,
/// and most of them miss: a table of 32-byte `u128` entries for everything spent more time in
/// cache misses than anything else in scoring. Longer n-grams use the general key.
#[derive(Debug, Clone, Default)]
struct ColumnIndex {
    unigrams: Vec<u32>,
    bigrams: FxHashMap<u64, u32>,
    longer: FxHashMap<u128, u32>,
}

impl ColumnIndex {
    /// The column of the n-gram `ids`; `None` when it is no term or holds `u32::MAX` (a token
    /// in no term).
    #[inline]
    fn get(&self, ids: &[u32]) -> Option<u32> {
        match *ids {
            [a] => self
                .unigrams
                .get(a as usize)
                .copied()
                .filter(|&c| c != u32::MAX),
            [a, b] if a != u32::MAX && b != u32::MAX => self
                .bigrams
                .get(&(u64::from(a) << 32 | u64::from(b)))
                .copied(),
            _ if ids.is_empty() || ids.contains(&u32::MAX) => None,
            _ => self
                .longer
                .get(&ids.iter().fold(0u128, |k, &id| push_key(k, id)))
                .copied(),
        }
    }

    /// Records `col` as the column of `ids`; false when the n-gram already had one.
    fn insert(&mut self, ids: &[u32], col: u32) -> bool {
        match *ids {
            [a] => {
                let a = a as usize;
                if self.unigrams.len() <= a {
                    self.unigrams.resize(a + 1, u32::MAX);
                }
                std::mem::replace(&mut self.unigrams[a], col) == u32::MAX
            }
            [a, b] => self
                .bigrams
                .insert(u64::from(a) << 32 | u64::from(b), col)
                .is_none(),
            _ => self
                .longer
                .insert(ids.iter().fold(0u128, |k, &id| push_key(k, id)), col)
                .is_none(),
        }
    }
}

/// A fitted TF-IDF vectoriser: ordered vocabulary, frozen idf and a readable surface form for each
/// stem.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vectorizer {
    settings: FeatureSettings,
    terms: Vec<String>,
    idf: Vec<f32>,
    surfaces: Vec<(String, String)>,
    /// Token string -> id, for every token that occurs in some term (derived, not saved).
    #[serde(skip)]
    token_ids: WordTable<u32>,
    /// N-gram -> column (derived, not saved).
    #[serde(skip)]
    columns: ColumnIndex,
    /// Identifies this vocabulary for the per-thread word memo (derived, not saved).
    #[serde(skip)]
    instance: u64,
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
        settings.validate()?;
        let interned = intern_tokens(docs)?;
        Ok(Self::fit_interned(&interned, settings, PREFILTER_FROM).0)
    }

    /// Tokenises `texts` (in parallel), learns the vocabulary and idf, and returns the training
    /// matrix too, so that training tokenises each sentence only once. Each stem's display form
    /// is the word it most often came from.
    pub fn fit_texts(
        texts: &[String],
        tokenizer: &Tokenizer,
        settings: FeatureSettings,
    ) -> Result<(Self, SparseMatrix)> {
        settings.validate()?;
        let interned = intern_texts(texts, tokenizer)?;
        let (v, remap) = Self::fit_interned(&interned, settings, PREFILTER_FROM);
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
                        .map(|&id| remap[id as usize])
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

    /// Counts document frequencies, prunes, sorts, and builds the vectoriser. Returns it with a
    /// map from the interned ids to the vectoriser's own token ids (`u32::MAX` for tokens in no
    /// kept term).
    /// `prefilter_from`: the n-gram count above which the prefilter below is used (a parameter
    /// so that tests can force it on small inputs).
    fn fit_interned(
        interned: &Interned,
        settings: FeatureSettings,
        prefilter_from: usize,
    ) -> (Self, Vec<u32>) {
        let n_docs = interned.len();
        // Unigram document frequencies first: an n-gram occurs in no more sentences than its
        // rarest token, so n-grams with a token under min_df are never counted. On a Zipfian
        // corpus that keeps most one-off n-grams out of the table below, which is the largest
        // allocation of training at a million sentences.
        let mut token_df = vec![0u32; interned.strings.len()];
        let mut last_doc = vec![u32::MAX; interned.strings.len()];
        for i in 0..n_docs {
            for &id in interned.doc(i) {
                if last_doc[id as usize] != i as u32 {
                    last_doc[id as usize] = i as u32;
                    token_df[id as usize] += 1;
                }
            }
        }
        drop(last_doc);
        let min_df = settings.min_df as u32;
        // Keys as two u64 words rather than a u128: same bits, but 8-byte alignment keeps each
        // entry at 24 bytes instead of 32.
        let mut keys: Vec<u128> = Vec::new();
        let mut doc_ids: Vec<u32> = Vec::new();
        let doc_keys = |i: usize, keys: &mut Vec<u128>, doc_ids: &mut Vec<u32>| {
            keys.clear();
            // Tokens too rare to be in any term break n-grams, exactly like unknown tokens.
            doc_ids.clear();
            doc_ids.extend(interned.doc(i).iter().map(|&id| {
                if token_df[id as usize] >= min_df {
                    id
                } else {
                    u32::MAX
                }
            }));
            for_each_key(doc_ids, &settings, |k| keys.push(k));
            keys.sort_unstable();
            keys.dedup();
        };
        // With min_df above 1, a first pass counts every n-gram's sentences in a fixed table of
        // small saturating counters indexed by a hash of the n-gram; the exact table then only
        // receives n-grams whose counter reached min_df. Collisions can only let extra n-grams
        // through (they are then counted exactly and pruned as usual), never keep one out, so
        // the vocabulary is exactly the same; but the millions of n-grams seen once never enter
        // the exact table, whose doublings otherwise dominate peak memory on large corpora.
        let n_grams_upper = interned.ids.len() * (settings.ngram_max - settings.ngram_min + 1);
        let bits = n_grams_upper
            .next_power_of_two()
            .trailing_zeros()
            .clamp(16, PREFILTER_MAX_BITS);
        // Small corpora skip it: their exact table stays small, and the extra pass would cost
        // more time than the memory it saves is worth.
        let prefilter: Option<Vec<u8>> =
            (min_df > 1 && n_grams_upper > prefilter_from).then(|| {
                let mut counters = vec![0u8; 1 << bits];
                for i in 0..n_docs {
                    doc_keys(i, &mut keys, &mut doc_ids);
                    for &k in &keys {
                        let c = &mut counters[key_bucket(k, bits)];
                        *c = c.saturating_add(1);
                    }
                }
                counters
            });
        // The exact counts, in shards by a hash of the n-gram: for each group of sentences,
        // worker threads list each sentence's distinct n-grams by shard, then fill the shards in
        // parallel. Every count is a sum of ones, so neither the order nor the thread count
        // changes it; and a shard's table, a sixteenth of the whole, rehashes in smaller steps.
        let mut df: Vec<FxHashMap<[u64; 2], (u32, u32)>> =
            (0..DF_SHARDS).map(|_| FxHashMap::default()).collect();
        for group in (0..n_docs).step_by(DF_GROUP) {
            let end = (group + DF_GROUP).min(n_docs);
            let starts: Vec<usize> = (group..end).step_by(DF_BLOCK).collect();
            let parts: Vec<Vec<Vec<u128>>> = starts
                .into_par_iter()
                .map(|start| {
                    let (mut keys, mut doc_ids) = (Vec::new(), Vec::new());
                    let mut by_shard: Vec<Vec<u128>> = vec![Vec::new(); DF_SHARDS];
                    for i in start..(start + DF_BLOCK).min(end) {
                        doc_keys(i, &mut keys, &mut doc_ids);
                        for &k in &keys {
                            if let Some(counters) = &prefilter {
                                if u32::from(counters[key_bucket(k, bits)]) < min_df {
                                    continue;
                                }
                            }
                            by_shard[df_shard(k)].push(k);
                        }
                    }
                    by_shard
                })
                .collect();
            df.par_iter_mut().enumerate().for_each(|(shard, table)| {
                for part in &parts {
                    for &k in &part[shard] {
                        table
                            .entry([(k >> 64) as u64, k as u64])
                            .or_insert((0, 0))
                            .0 += 1;
                    }
                }
            });
        }
        drop(prefilter);
        // Total term frequencies (for max_features) only for the n-grams that survived.
        if settings.max_features.is_some() {
            for i in 0..n_docs {
                doc_ids.clear();
                doc_ids.extend(interned.doc(i).iter().copied());
                for_each_key(&doc_ids, &settings, |k| {
                    if let Some(entry) = df[df_shard(k)].get_mut(&[(k >> 64) as u64, k as u64]) {
                        entry.1 = entry.1.saturating_add(1);
                    }
                });
            }
        }
        drop(token_df);
        let max_count = ((settings.max_df * n_docs as f64).floor() as u32).max(1);
        let mut kept: Vec<(u128, u32, u32)> = df
            .into_iter()
            .flatten()
            .filter(|(_, (d, _))| *d as usize >= settings.min_df && *d <= max_count)
            .map(|([hi, lo], (d, tf))| ((u128::from(hi) << 64) | u128::from(lo), d, tf))
            .collect();
        let text_of = |key: u128| -> String {
            let mut parts = Vec::new();
            let mut k = key;
            while k != 0 {
                let id = (k & ((1u128 << ID_BITS) - 1)) as usize - 1;
                parts.push(interned.strings[id].as_str());
                k >>= ID_BITS;
            }
            parts.reverse();
            parts.join(" ")
        };
        let mut named: Vec<(String, u128, u32, u32)> = kept
            .drain(..)
            .map(|(k, d, tf)| (text_of(k), k, d, tf))
            .collect();
        if let Some(limit) = settings.max_features {
            if named.len() > limit {
                named.sort_unstable_by(|a, b| b.3.cmp(&a.3).then_with(|| a.0.cmp(&b.0)));
                named.truncate(limit);
            }
        }
        // Columns go in order of falling document frequency (ties alphabetical): deterministic,
        // and it puts the weights of the few terms that occur in most sentences next to each
        // other, so that training and scoring find them in cache instead of scattered over a
        // table of several megabytes.
        named.sort_unstable_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        let n = n_docs as f64;
        let idf = named
            .iter()
            .map(|(_, _, d, _)| (((1.0 + n) / (1.0 + f64::from(*d))).ln() + 1.0) as f32)
            .collect();
        let terms: Vec<String> = named.iter().map(|(t, ..)| t.clone()).collect();
        let surfaces = best_surfaces(&terms, interned);
        let mut v = Vectorizer {
            settings,
            terms,
            idf,
            surfaces,
            token_ids: WordTable::default(),
            columns: ColumnIndex::default(),
            instance: 0,
        };
        // Terms come from distinct keys, so they are distinct.
        let _ = v.rebuild_index();
        let remap = interned
            .strings
            .iter()
            .map(|s| v.token_ids.get(s).copied().unwrap_or(u32::MAX))
            .collect();
        (v, remap)
    }

    /// Rebuilds the token and n-gram indexes after deserialisation (they are derived from the
    /// terms, so they are not saved).
    pub(crate) fn rebuild_index(&mut self) -> std::result::Result<(), String> {
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
                return Err(format!("vocabulary holds the term '{term}' twice"));
            }
        }
        self.token_ids = token_ids;
        self.columns = columns;
        self.instance = crate::text::tokens::next_instance();
        Ok(())
    }

    /// Checks the invariants a loaded vectoriser must hold.
    pub(crate) fn check(&self) -> std::result::Result<(), String> {
        if self.terms.len() != self.idf.len() {
            return Err("vocabulary and idf lengths differ".into());
        }
        // Terms held twice are caught by `rebuild_index`, which hashes every term anyway.
        if self
            .terms
            .iter()
            .any(|t| t.is_empty() || term_tokens(t).count() > self.settings.ngram_max.min(5))
        {
            return Err("vocabulary holds a term of impossible length".into());
        }
        if self.idf.iter().any(|v| !v.is_finite() || *v < 1.0) {
            return Err("idf holds an impossible value".into());
        }
        self.settings.validate().map_err(|e| e.to_string())
    }

    /// The settings used at fit time.
    pub fn settings(&self) -> &FeatureSettings {
        &self.settings
    }

    /// The vocabulary, in column order (falling document frequency, then alphabetical).
    pub fn terms(&self) -> &[String] {
        &self.terms
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
    /// from in training, and `not:` before a word inside a negation scope ("¬disarm hama" reads
    /// "not:disarming hamas").
    pub fn display_term(&self, column: usize) -> String {
        let term = &self.terms[column];
        term_tokens(term)
            .map(|tok| {
                let (neg, stem) = match tok.strip_prefix(crate::text::tokens::NEGATION_PREFIX) {
                    Some(rest) => (true, rest),
                    None => (false, tok),
                };
                let surface = self
                    .surfaces
                    .binary_search_by(|(s, _)| s.as_str().cmp(stem))
                    .map(|i| self.surfaces[i].1.as_str())
                    .unwrap_or(stem);
                if neg {
                    format!("not:{surface}")
                } else {
                    surface.to_string()
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
            let owner = (tokenizer.instance(), self.instance);
            if memo.owner != owner || memo.words.len() >= WORD_MEMO_LIMIT {
                memo.words.clear();
                memo.owner = owner;
            }
            let WordMemo {
                words,
                scratch,
                columns,
                stem,
                ..
            } = &mut *memo;
            scratch.clear();
            let mut entry_of = |word: &str| -> WordEntry {
                let ids = if tokenizer.token_of_unmemoised(word, stem) {
                    let plain = self
                        .token_ids
                        .get(stem.as_str())
                        .copied()
                        .unwrap_or(u32::MAX);
                    // The marked form in the same buffer: no allocation per new word.
                    stem.insert_str(0, crate::text::tokens::NEGATION_PREFIX);
                    let neg = self
                        .token_ids
                        .get(stem.as_str())
                        .copied()
                        .unwrap_or(u32::MAX);
                    (plain, neg)
                } else {
                    (STOPPED, STOPPED)
                };
                (ids, tokenizer.word_role(word))
            };
            tokenizer.scan_words(
                text,
                |word| *words.entry(word, || entry_of(word)),
                |_, (plain, neg), negated| {
                    let id = if negated { neg } else { plain };
                    if id != STOPPED {
                        scratch.push(id);
                    }
                },
            );
            self.row_from_ids_with(scratch, columns)
        })
    }

    /// Builds a row from token ids (`u32::MAX` = a token in no term, which breaks n-grams).
    fn row_from_ids(&self, ids: &[u32]) -> SparseRow {
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

/// A word that is a stop word: it yields no token at all (unlike an unknown word, which yields
/// a token that is in no term and so breaks n-grams).
const STOPPED: u32 = u32::MAX - 1;

/// Words remembered per thread before the memo is cleared, to bound memory on any input.
const WORD_MEMO_LIMIT: usize = 500_000;

/// What the memo keeps of a word: its token ids outside and inside a negation scope, and its
/// role in negation scopes.
type WordEntry = ((u32, u32), WordRole);

#[derive(Default)]
struct WordMemo {
    owner: (u64, u64),
    words: WordTable<WordEntry>,
    scratch: Vec<u32>,
    columns: Vec<u32>,
    stem: String,
}

thread_local! {
    static WORD_IDS: std::cell::RefCell<WordMemo> = std::cell::RefCell::new(WordMemo::default());
}

/// For every stem appearing in `terms`, the surface word seen most often (ties: alphabetical),
/// sorted by stem for binary search. Surfaces identical to their stem are not stored.
fn best_surfaces(terms: &[String], interned: &Interned) -> Vec<(String, String)> {
    let mut needed: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for term in terms {
        for tok in term_tokens(term) {
            let stem = tok
                .strip_prefix(crate::text::tokens::NEGATION_PREFIX)
                .unwrap_or(tok);
            needed.insert(stem);
        }
    }
    let mut counts: FxHashMap<(&str, &str), u64> = FxHashMap::default();
    for (surface, (id, n)) in &interned.surfaces {
        let tok = interned.strings[*id as usize].as_str();
        let stem = tok
            .strip_prefix(crate::text::tokens::NEGATION_PREFIX)
            .unwrap_or(tok);
        if needed.contains(stem) && stem != surface {
            *counts.entry((stem, surface.as_str())).or_insert(0) += n;
        }
    }
    let mut best: FxHashMap<&str, (&str, u64)> = FxHashMap::default();
    for ((stem, surface), n) in counts {
        let slot = best.entry(stem).or_insert((surface, n));
        if n > slot.1 || (n == slot.1 && surface < slot.0) {
            *slot = (surface, n);
        }
    }
    let mut out: Vec<(String, String)> = best
        .into_iter()
        .map(|(stem, (surface, _))| (stem.to_string(), surface.to_string()))
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn doc(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn settings_min1() -> FeatureSettings {
        settings(1)
    }

    fn settings(min_df: usize) -> FeatureSettings {
        FeatureSettings {
            min_df,
            ..Default::default()
        }
    }

    #[test]
    fn vocabulary_is_ordered_and_pruned_by_min_df() {
        let docs = vec![doc("a b c"), doc("a b"), doc("a d")];
        let v = Vectorizer::fit(&docs, settings(2)).unwrap();
        assert_eq!(v.terms(), ["a", "a b", "b"]);
    }

    #[test]
    fn max_df_drops_terms_in_too_many_sentences() {
        let docs = vec![doc("a b"), doc("a c"), doc("a b")];
        let s = FeatureSettings {
            min_df: 1,
            max_df: 0.7,
            ngram_max: 1,
            ..Default::default()
        };
        let v = Vectorizer::fit(&docs, s).unwrap();
        assert_eq!(v.terms(), ["b", "c"]);
    }

    #[test]
    fn max_features_keeps_most_frequent() {
        let docs = vec![doc("a a a b c"), doc("b c"), doc("c")];
        let s = FeatureSettings {
            min_df: 1,
            max_features: Some(2),
            ngram_max: 1,
            ..Default::default()
        };
        let v = Vectorizer::fit(&docs, s).unwrap();
        // c and a appear 3 times each, b twice: a and c kept, c first (in three sentences).
        assert_eq!(v.terms(), ["c", "a"]);
    }

    #[test]
    fn idf_is_smoothed_and_frozen() {
        let docs = vec![doc("x y"), doc("x"), doc("x z")];
        let s = FeatureSettings {
            min_df: 1,
            ngram_max: 1,
            ..Default::default()
        };
        let v = Vectorizer::fit(&docs, s).unwrap();
        let idf_x = v.idf()[v.column("x").unwrap() as usize];
        let idf_y = v.idf()[v.column("y").unwrap() as usize];
        assert!((idf_x - 1.0).abs() < 1e-6);
        assert!((f64::from(idf_y) - ((4.0f64 / 2.0).ln() + 1.0)).abs() < 1e-6);
        // One sentence alone gets the same vector as inside a batch: the idf does not move.
        let alone = v.transform(&doc("x y"));
        let again = v.transform(&doc("x y"));
        assert_eq!(alone, again);
        let expected_ratio = idf_y / idf_x;
        assert!((alone.values[1] / alone.values[0] - expected_ratio).abs() < 1e-6);
    }

    #[test]
    fn sublinear_tf() {
        let docs = vec![doc("a b"), doc("a")];
        let s = FeatureSettings {
            min_df: 1,
            ngram_max: 1,
            ..Default::default()
        };
        let v = Vectorizer::fit(&docs, s.clone()).unwrap();
        let row = v.transform(&doc("a a a a b"));
        let idf_a = f64::from(v.idf()[0]);
        let idf_b = f64::from(v.idf()[1]);
        let ratio = f64::from(row.values[0] / row.values[1]);
        assert!((ratio - (1.0 + 4f64.ln()) * idf_a / idf_b).abs() < 1e-5);
        let linear = Vectorizer::fit(
            &docs,
            FeatureSettings {
                sublinear_tf: false,
                ..s
            },
        )
        .unwrap();
        let row = linear.transform(&doc("a a a a b"));
        let ratio = f64::from(row.values[0] / row.values[1]);
        assert!((ratio - 4.0 * idf_a / idf_b).abs() < 1e-5);
    }

    #[test]
    fn a_vocabulary_with_a_term_twice_is_refused() {
        let mut v = Vectorizer::fit(&[doc("a b"), doc("a b")], settings(1)).unwrap();
        assert!(v.rebuild_index().is_ok());
        v.terms[1] = v.terms[0].clone();
        let e = v.rebuild_index().unwrap_err();
        assert!(e.contains("twice"), "{e}");
    }

    #[test]
    fn unknown_terms_give_empty_row() {
        let v = Vectorizer::fit(&[doc("a b"), doc("a b")], settings(1)).unwrap();
        assert!(v.transform(&doc("zzz")).is_empty());
        assert!(v.transform(&[]).is_empty());
    }

    #[test]
    fn surfaces_make_terms_readable() {
        let tokenizer = Tokenizer::new(&crate::text::tokens::TokenizerSettings::default());
        let texts: Vec<String> = [
            "Disarming Hamas",
            "disarming Hamas",
            "disarmed Hamas",
            "not disarm",
        ]
        .map(String::from)
        .to_vec();
        let (v, x) = Vectorizer::fit_texts(&texts, &tokenizer, settings(1)).unwrap();
        let col = v.column("disarm hama").unwrap() as usize;
        assert_eq!(v.display_term(col), "disarming hamas");
        let col = v.column("¬disarm").unwrap() as usize;
        assert_eq!(v.display_term(col), "not:disarming");
        // The training matrix equals transforming each text afterwards.
        for (i, t) in texts.iter().enumerate() {
            let row = v.transform_text(&tokenizer, t);
            assert_eq!(x.row(i), (row.indices.as_slice(), row.values.as_slice()));
        }
    }

    /// More sentences than one group of the sharded document-frequency count: the vocabulary
    /// and its document frequencies are those of counting by brute force, with one thread or
    /// three.
    #[test]
    fn sharded_counts_over_several_groups_equal_brute_force() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % m
        };
        let docs: Vec<Vec<String>> = (0..DF_GROUP + 3 * DF_BLOCK + 11)
            .map(|_| {
                (0..1 + next(8))
                    .map(|_| format!("w{}", next(300)))
                    .collect()
            })
            .collect();
        let fit = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| Vectorizer::fit(&docs, settings(3)).unwrap())
        };
        let (one, three) = (fit(1), fit(3));
        assert_eq!(one, three);
        let mut df: std::collections::HashMap<String, usize> = Default::default();
        for doc in &docs {
            let mut grams: std::collections::HashSet<String> = doc.iter().cloned().collect();
            grams.extend(doc.windows(2).map(|w| w.join(" ")));
            for g in grams {
                *df.entry(g).or_insert(0) += 1;
            }
        }
        let n = docs.len() as f64;
        let mut expected: Vec<(String, f32)> = df
            .into_iter()
            .filter(|(_, d)| *d >= 3)
            .map(|(t, d)| (t, (((1.0 + n) / (1.0 + d as f64)).ln() + 1.0) as f32))
            .collect();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        let mut got: Vec<(String, f32)> = one
            .terms()
            .iter()
            .cloned()
            .zip(one.idf().iter().copied())
            .collect();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(got, expected);
    }

    proptest! {
        /// The byte splitter gives exactly `str::split(' ')`, empty pieces included.
        #[test]
        fn term_tokens_split_like_str_split(term in "[a ¬é]{0,12}") {
            let ours: Vec<&str> = term_tokens(&term).collect();
            let std: Vec<&str> = term.split(' ').collect();
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn short_word_keys_hold_the_bytes_and_the_length() {
        for n in 0..16 {
            let word: String = "abcdefghijklmnop"[..n].to_string();
            let mut expected = [0u8; 16];
            expected[..n].copy_from_slice(word.as_bytes());
            expected[15] = n as u8;
            assert_eq!(
                WordTable::<()>::short_key(&word),
                Some(u128::from_le_bytes(expected)),
                "{word}"
            );
        }
        assert_eq!(WordTable::<()>::short_key("abcdefghijklmnop"), None);
    }

    /// Enough sentences to span several tokenising chunks, whose token tables and surface
    /// counts are merged: the vocabulary, idf, rows and display forms must be those of one pass.
    #[test]
    fn chunked_tokenising_matches_the_token_path() {
        let tokenizer = Tokenizer::new(&crate::text::tokens::TokenizerSettings::default());
        let forms = ["disarming", "disarmed", "disarms", "patrolling", "patrols"];
        let texts: Vec<String> = (0..3 * LOCAL_CHUNK + 7)
            .map(|i| {
                format!(
                    "Unit{} keeps {} the line and {} not {} convoys {}.",
                    i % 97,
                    forms[i % 5],
                    if i % 3 == 0 { "will" } else { "does" },
                    forms[(i / 5) % 5],
                    i % 13
                )
            })
            .collect();
        let (v, x) = Vectorizer::fit_texts(&texts, &tokenizer, settings(2)).unwrap();
        let docs: Vec<Vec<String>> = texts.iter().map(|t| tokenizer.tokens(t)).collect();
        let a = Vectorizer::fit(&docs, settings(2)).unwrap();
        assert_eq!(a.terms(), v.terms());
        assert_eq!(a.idf(), v.idf());
        for (i, t) in texts.iter().enumerate() {
            let row = v.transform_text(&tokenizer, t);
            assert_eq!(x.row(i), (row.indices.as_slice(), row.values.as_slice()));
        }
        // Each stem reads as the word it came from most often, counted over all chunks (ties go
        // to the alphabetically first), negated occurrences included: counted here directly.
        let mut counts: std::collections::BTreeMap<(String, String), u64> = Default::default();
        for t in &texts {
            tokenizer.for_each_token(t, |tok| {
                let stem = tok
                    .token
                    .trim_start_matches(crate::text::tokens::NEGATION_PREFIX);
                *counts
                    .entry((stem.to_string(), tok.surface.to_string()))
                    .or_insert(0) += 1;
            });
        }
        for (stem, term) in [("disarm", "disarm"), ("patrol", "¬patrol")] {
            let best = counts
                .iter()
                .filter(|((s, _), _)| s == stem)
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0 .1.cmp(&a.0 .1)))
                .map(|((_, surface), _)| surface.clone())
                .unwrap();
            let col = v.column(term).unwrap() as usize;
            let shown = v.display_term(col);
            assert_eq!(shown.trim_start_matches("not:"), best, "{term}");
        }
    }

    #[test]
    fn token_and_text_paths_agree() {
        let tokenizer = Tokenizer::new(&crate::text::tokens::TokenizerSettings::default());
        let texts: Vec<String> = [
            "The force will not disarm Hamas.",
            "Troops escort convoys and monitor the line.",
            "The force must disarm the militias.",
        ]
        .map(String::from)
        .to_vec();
        let docs: Vec<Vec<String>> = texts.iter().map(|t| tokenizer.tokens(t)).collect();
        let a = Vectorizer::fit(&docs, settings(1)).unwrap();
        let (b, _) = Vectorizer::fit_texts(&texts, &tokenizer, settings(1)).unwrap();
        assert_eq!(a.terms(), b.terms());
        assert_eq!(a.idf(), b.idf());
        for (t, d) in texts.iter().zip(&docs) {
            assert_eq!(a.transform(d), b.transform_text(&tokenizer, t));
        }
    }

    #[test]
    fn invalid_settings_are_refused() {
        for s in [
            FeatureSettings {
                min_df: 0,
                ..Default::default()
            },
            FeatureSettings {
                max_df: 2.0,
                ..Default::default()
            },
            FeatureSettings {
                ngram_min: 3,
                ngram_max: 1,
                ..Default::default()
            },
            FeatureSettings {
                max_features: Some(0),
                ..Default::default()
            },
        ] {
            assert!(matches!(
                Vectorizer::fit(&[], s),
                Err(Error::InvalidParameter { .. })
            ));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The unigram pruning and the hashed prefilter must leave exactly the n-grams that a
        /// plain count finds in at least min_df sentences.
        #[test]
        fn vocabulary_equals_brute_force_counting(
            train in prop::collection::vec(prop::collection::vec("[a-f]{1}", 0..9), 1..30),
            min_df in 1usize..4,
        ) {
            let s = FeatureSettings { min_df, ..Default::default() };
            let v = Vectorizer::fit(&train, s.clone()).unwrap();
            // The same with the prefilter forced on (small inputs normally skip it).
            let forced = Vectorizer::fit_interned(&intern_tokens(&train).unwrap(), s, 0).0;
            prop_assert_eq!(forced.terms(), v.terms());
            let mut df: std::collections::HashMap<String, usize> = Default::default();
            for doc in &train {
                let mut grams: std::collections::HashSet<String> = doc.iter().cloned().collect();
                grams.extend(doc.windows(2).map(|w| w.join(" ")));
                for g in grams {
                    *df.entry(g).or_insert(0) += 1;
                }
            }
            let mut expected: Vec<String> =
                df.into_iter().filter(|(_, d)| *d >= min_df).map(|(t, _)| t).collect();
            expected.sort();
            let mut got = v.terms().to_vec();
            got.sort();
            prop_assert_eq!(got, expected);
        }

        /// The memoised scoring path (words -> cached ids and roles) gives exactly the vector of
        /// the plain path (tokens -> vectoriser), negation, stop words and unknown words included.
        #[test]
        fn memoised_text_path_equals_token_path(
            texts in prop::collection::vec("[a-dA-D ,.;]{0,3}( ?(not|but|never|no|the|a|b|c|d|,|;|\\.|é|don't)){0,12}", 1..12),
            probe in "( ?(not|but|never|no|the|a|b|c|d|x|,|;|é|don't)){0,15}",
            stop in any::<bool>(),
        ) {
            let settings = crate::text::tokens::TokenizerSettings {
                stop_words: if stop {
                    crate::text::tokens::StopWords::English
                } else {
                    crate::text::tokens::StopWords::None
                },
                ..Default::default()
            };
            let tokenizer = Tokenizer::new(&settings);
            let (v, _) = Vectorizer::fit_texts(&texts, &tokenizer, settings_min1()).unwrap();
            // Training from the text learns what training from the tokens learns.
            let docs: Vec<Vec<String>> = texts.iter().map(|t| tokenizer.tokens(t)).collect();
            let from_tokens = Vectorizer::fit(&docs, settings_min1()).unwrap();
            prop_assert_eq!(from_tokens.terms(), v.terms());
            prop_assert_eq!(from_tokens.idf(), v.idf());
            for t in texts.iter().chain(std::iter::once(&probe)) {
                // Twice: the second time every word comes from the memo.
                for _ in 0..2 {
                    prop_assert_eq!(v.transform_text(&tokenizer, t), v.transform(&tokenizer.tokens(t)));
                }
            }
        }

        #[test]
        fn rows_are_finite_and_unit_norm_or_empty(
            train in prop::collection::vec(prop::collection::vec("[a-e]{1,2}", 0..8), 1..12),
            probe in prop::collection::vec("[a-f]{1,2}", 0..10),
        ) {
            let v = Vectorizer::fit(&train, settings(1)).unwrap();
            let row = v.transform(&probe);
            prop_assert!(row.values.iter().all(|x| x.is_finite() && *x > 0.0));
            prop_assert!(row.indices.windows(2).all(|w| w[0] < w[1]));
            if !row.is_empty() {
                prop_assert!((row.norm() - 1.0).abs() < 1e-5);
            }
        }
    }
}
