//! TF-IDF features: from token lists to sparse, L2-normalised vectors.
//!
//! This is written for `stance` rather than taken from linfa-preprocessing because linfa 0.8.1's
//! `FittedTfIdfVectorizer::transform` recomputes document frequencies from the batch it is given:
//! one sentence scored alone would get other weights than it had in training. Here the idf is
//! computed once, at fit time, and frozen into the [`Vectorizer`], which is saved in the model.
//!
//! The vocabulary is sorted, so feature indices depend only on the training data, never on hash
//! order. Weights: `tf` (or `1 + ln tf` when sublinear), times the smoothed idf
//! `ln((1 + n) / (1 + df)) + 1`, then the row is scaled to unit L2 norm.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

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

/// A fitted TF-IDF vectoriser: sorted vocabulary, frozen idf and a readable surface form for each
/// stem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vectorizer {
    settings: FeatureSettings,
    terms: Vec<String>,
    idf: Vec<f32>,
    surfaces: Vec<(String, String)>,
    #[serde(skip)]
    index: HashMap<String, u32>,
}

impl Vectorizer {
    /// Learns the vocabulary and idf from tokenised training sentences.
    ///
    /// `surfaces` pairs each token with the word it came from; the most frequent word per token
    /// is kept so that `inspect` and explanations can show "disarming Hamas" rather than
    /// "disarm hama".
    ///
    /// ```
    /// use stance::features::{FeatureSettings, Vectorizer};
    ///
    /// let docs = vec![
    ///     vec!["troop".to_string(), "patrol".to_string()],
    ///     vec!["troop".to_string(), "disarm".to_string()],
    /// ];
    /// let settings = FeatureSettings { min_df: 1, ..Default::default() };
    /// let v = Vectorizer::fit(&docs, &[], settings).unwrap();
    /// assert_eq!(v.terms(), ["disarm", "patrol", "troop", "troop disarm", "troop patrol"]);
    /// let row = v.transform(&docs[0]);
    /// assert!((row.norm() - 1.0).abs() < 1e-6);
    /// ```
    pub fn fit(
        docs: &[Vec<String>],
        surfaces: &[(String, String)],
        settings: FeatureSettings,
    ) -> Result<Self> {
        settings.validate()?;
        let n_docs = docs.len();
        let mut df: HashMap<String, (u32, u64)> = HashMap::new();
        let mut seen: Vec<String> = Vec::new();
        for doc in docs {
            seen.clear();
            for_each_ngram(doc, &settings, |term| seen.push(term.to_string()));
            seen.sort_unstable();
            let mut i = 0;
            while i < seen.len() {
                let mut j = i + 1;
                while j < seen.len() && seen[j] == seen[i] {
                    j += 1;
                }
                let entry = df.entry(std::mem::take(&mut seen[i])).or_insert((0, 0));
                entry.0 += 1;
                entry.1 += (j - i) as u64;
                i = j;
            }
        }
        let max_count = (settings.max_df * n_docs as f64).floor() as u32;
        let mut kept: Vec<(String, u32, u64)> = df
            .into_iter()
            .filter(|(_, (d, _))| *d as usize >= settings.min_df && *d <= max_count.max(1))
            .map(|(t, (d, tf))| (t, d, tf))
            .collect();
        if let Some(limit) = settings.max_features {
            if kept.len() > limit {
                kept.sort_unstable_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
                kept.truncate(limit);
            }
        }
        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let n = n_docs as f64;
        let idf = kept
            .iter()
            .map(|(_, d, _)| (((1.0 + n) / (1.0 + f64::from(*d))).ln() + 1.0) as f32)
            .collect();
        let terms: Vec<String> = kept.into_iter().map(|(t, _, _)| t).collect();
        let surfaces = best_surfaces(&terms, surfaces);
        let mut v = Vectorizer {
            settings,
            terms,
            idf,
            surfaces,
            index: HashMap::new(),
        };
        v.rebuild_index();
        Ok(v)
    }

    /// Rebuilds the term index after deserialisation (the index is derived, so it is not saved).
    pub(crate) fn rebuild_index(&mut self) {
        self.index = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
    }

    /// Checks the invariants a loaded vectoriser must hold.
    pub(crate) fn check(&self) -> std::result::Result<(), String> {
        if self.terms.len() != self.idf.len() {
            return Err("vocabulary and idf lengths differ".into());
        }
        if self.terms.windows(2).any(|w| w[0] >= w[1]) {
            return Err("vocabulary is not sorted".into());
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

    /// The vocabulary, in column order.
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
        self.index.get(term).copied()
    }

    /// A readable form of feature `column`: each stem replaced by the word it most often came
    /// from in training ("¬disarm hama" reads "not:disarming hamas").
    pub fn display_term(&self, column: usize) -> String {
        let term = &self.terms[column];
        term.split(' ')
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
        let mut counts: Vec<(u32, u32)> = Vec::new();
        for_each_ngram(tokens, &self.settings, |term| {
            if let Some(&col) = self.index.get(term) {
                counts.push((col, 1));
            }
        });
        counts.sort_unstable_by_key(|&(c, _)| c);
        let mut row = SparseRow::default();
        for (col, _) in counts {
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

/// Calls `f` with every n-gram of `tokens` in the configured length range, joined by single
/// spaces.
fn for_each_ngram(tokens: &[String], settings: &FeatureSettings, mut f: impl FnMut(&str)) {
    let mut buf = String::new();
    for n in settings.ngram_min..=settings.ngram_max {
        if n == 1 {
            tokens.iter().for_each(|t| f(t));
            continue;
        }
        for window in tokens.windows(n) {
            buf.clear();
            for (i, t) in window.iter().enumerate() {
                if i > 0 {
                    buf.push(' ');
                }
                buf.push_str(t);
            }
            f(&buf);
        }
    }
}

/// For every stem appearing in `terms`, the surface word seen most often (ties: alphabetical),
/// sorted by stem for binary search.
fn best_surfaces(terms: &[String], pairs: &[(String, String)]) -> Vec<(String, String)> {
    let mut needed: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for term in terms {
        for tok in term.split(' ') {
            let stem = tok
                .strip_prefix(crate::text::tokens::NEGATION_PREFIX)
                .unwrap_or(tok);
            needed.insert(stem);
        }
    }
    let mut counts: HashMap<(&str, &str), u64> = HashMap::new();
    for (stem, surface) in pairs {
        let stem = stem
            .strip_prefix(crate::text::tokens::NEGATION_PREFIX)
            .unwrap_or(stem);
        if needed.contains(stem) && stem != surface {
            *counts.entry((stem, surface.as_str())).or_insert(0) += 1;
        }
    }
    let mut best: HashMap<&str, (&str, u64)> = HashMap::new();
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

    fn settings(min_df: usize) -> FeatureSettings {
        FeatureSettings {
            min_df,
            ..Default::default()
        }
    }

    #[test]
    fn vocabulary_is_sorted_and_pruned_by_min_df() {
        let docs = vec![doc("a b c"), doc("a b"), doc("a d")];
        let v = Vectorizer::fit(&docs, &[], settings(2)).unwrap();
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
        let v = Vectorizer::fit(&docs, &[], s).unwrap();
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
        let v = Vectorizer::fit(&docs, &[], s).unwrap();
        // c appears 3 times, a 3 times, b twice: a and c kept, in sorted order.
        assert_eq!(v.terms(), ["a", "c"]);
    }

    #[test]
    fn idf_is_smoothed_and_frozen() {
        let docs = vec![doc("x y"), doc("x"), doc("x z")];
        let s = FeatureSettings {
            min_df: 1,
            ngram_max: 1,
            ..Default::default()
        };
        let v = Vectorizer::fit(&docs, &[], s).unwrap();
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
        let v = Vectorizer::fit(&docs, &[], s.clone()).unwrap();
        let row = v.transform(&doc("a a a a b"));
        let idf_a = f64::from(v.idf()[0]);
        let idf_b = f64::from(v.idf()[1]);
        let ratio = f64::from(row.values[0] / row.values[1]);
        assert!((ratio - (1.0 + 4f64.ln()) * idf_a / idf_b).abs() < 1e-5);
        let linear = Vectorizer::fit(
            &docs,
            &[],
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
    fn unknown_terms_give_empty_row() {
        let v = Vectorizer::fit(&[doc("a b"), doc("a b")], &[], settings(1)).unwrap();
        assert!(v.transform(&doc("zzz")).is_empty());
        assert!(v.transform(&[]).is_empty());
    }

    #[test]
    fn surfaces_make_terms_readable() {
        let docs = vec![doc("disarm hama"), doc("disarm hama")];
        let pairs = vec![
            ("disarm".to_string(), "disarming".to_string()),
            ("disarm".to_string(), "disarming".to_string()),
            ("disarm".to_string(), "disarmed".to_string()),
            ("hama".to_string(), "hamas".to_string()),
            ("¬disarm".to_string(), "disarm".to_string()),
        ];
        let v = Vectorizer::fit(&docs, &pairs, settings(1)).unwrap();
        let col = v.column("disarm hama").unwrap() as usize;
        assert_eq!(v.display_term(col), "disarming hamas");
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
                Vectorizer::fit(&[], &[], s),
                Err(Error::InvalidParameter { .. })
            ));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn rows_are_finite_and_unit_norm_or_empty(
            train in prop::collection::vec(prop::collection::vec("[a-e]{1,2}", 0..8), 1..12),
            probe in prop::collection::vec("[a-f]{1,2}", 0..10),
        ) {
            let v = Vectorizer::fit(&train, &[], settings(1)).unwrap();
            let row = v.transform(&probe);
            prop_assert!(row.values.iter().all(|x| x.is_finite() && *x > 0.0));
            prop_assert!(row.indices.windows(2).all(|w| w[0] < w[1]));
            if !row.is_empty() {
                prop_assert!((row.norm() - 1.0).abs() < 1e-5);
            }
        }
    }
}
