//! The vocabulary: document frequencies counted in parallel shards, pruning by document
//! frequency, the column order, the frozen idf, and the index from n-grams to columns.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::intern::{for_each_key, push_key, term_tokens, Interned, BREAK, ID_BITS};
use super::vectorizer::Vectorizer;
use super::FeatureSettings;
use crate::text::questions::unmark;
use crate::text::WordTable;

/// Most counters in the n-gram prefilter (one byte each); smaller corpora get a table about the
/// size of their n-gram count.
const PREFILTER_MAX_BITS: u32 = 25;

/// N-gram occurrences above which the prefilter pays for itself (about a million sentences'
/// worth of bigrams: 16M).
pub(super) const PREFILTER_FROM: usize = 1 << 24;

/// The bucket of an n-gram key among `2^bits` (a multiplicative hash of both halves of the key):
/// its prefilter counter, or its shard of the document-frequency table.
#[inline]
pub(super) fn key_bucket(key: u128, bits: u32) -> usize {
    let mixed =
        ((key as u64) ^ ((key >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - bits)) as usize
}

/// Shards of the document-frequency table, sentences per group whose n-grams are listed before
/// the shards are filled, and sentences per listing task (all fixed, so that nothing depends on
/// the thread count).
const DF_SHARDS: usize = 16;
pub(super) const DF_GROUP: usize = 32768;
pub(super) const DF_BLOCK: usize = 2048;

/// The shard of an n-gram key.
pub(super) fn df_shard(key: u128) -> usize {
    key_bucket(key, DF_SHARDS.trailing_zeros())
}

/// The column of every term, by the ids of its tokens. Unigrams are looked up by position and
/// bigrams by a 64-bit key, because scoring does one look-up per token and one per token pair,
/// and most of them miss: a table of 32-byte `u128` entries for everything spent more time in
/// cache misses than anything else in scoring. Longer n-grams use the general key.
#[derive(Debug, Clone, Default)]
pub(super) struct ColumnIndex {
    unigrams: Vec<u32>,
    pub(super) bigrams: FxHashMap<u64, u32>,
    longer: FxHashMap<u128, u32>,
}

impl ColumnIndex {
    /// The column of the n-gram `ids`; `None` when it is no term or holds `u32::MAX` (a token
    /// in no term).
    #[inline]
    pub(super) fn get(&self, ids: &[u32]) -> Option<u32> {
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
    pub(super) fn insert(&mut self, ids: &[u32], col: u32) -> bool {
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

impl Vectorizer {
    /// Counts document frequencies, prunes, sorts, and builds the vectoriser. Returns it with a
    /// map from the interned ids to the vectoriser's own token ids (`u32::MAX` for tokens in no
    /// kept term).
    /// `prefilter_from`: the n-gram count above which the prefilter below is used (a parameter
    /// so that tests can force it on small inputs).
    pub(super) fn fit_interned(
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
                if id == BREAK {
                    continue;
                }
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
                if id != BREAK && token_df[id as usize] >= min_df {
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
                                // A counter saturates at 255, which means "255 or more".
                                if u32::from(counters[key_bucket(k, bits)])
                                    < min_df.min(u32::from(u8::MAX))
                                {
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
            no_force: None,
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
}

/// For every stem appearing in `terms`, the surface word seen most often (ties: alphabetical),
/// sorted by stem for binary search. Surfaces identical to their stem are not stored.
fn best_surfaces(terms: &[String], interned: &Interned) -> Vec<(String, String)> {
    let mut needed: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for term in terms {
        for tok in term_tokens(term) {
            let stem = unmark(tok).1;
            needed.insert(stem);
        }
    }
    let mut counts: FxHashMap<(&str, &str), u64> = FxHashMap::default();
    for (surface, (id, n)) in &interned.surfaces {
        let tok = interned.strings[*id as usize].as_str();
        let stem = unmark(tok).1;
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
