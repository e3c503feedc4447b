//! Agreement between coders: raw agreement, Cohen's kappa (each pair of coders), Fleiss' kappa and
//! Krippendorff's alpha (nominal, any number of coders, missing codes allowed), agreement per
//! label, each pair's confusion table, and the items they disagree on.
//!
//! Coders' files are joined on an id column, or on the text (white space and case folded) when
//! there is none ([`join`]). An item a coder left without a label is missing for that coder.
//!
//! Definitions (`k` labels; item `u` has `m_u` codes, `n_uc` of them label `c`):
//!
//! - **Raw agreement**: agreeing pairs of codes over all pairs of codes on the same item, pooled
//!   over items (for two coders, the share of items both coded on which they agree).
//! - **Cohen's kappa** for coders `a` and `b`, on the items both coded: `(po - pe) / (1 - pe)`,
//!   `po` the share of agreement and `pe = Σ_c p_a(c) p_b(c)` from each coder's label shares.
//!   (scikit-learn's `cohen_kappa_score`.)
//! - **Fleiss' kappa** needs the same number of coders on every item, so it is computed on the
//!   items every coder coded (their number is reported): `(P̄ - P̄e) / (1 - P̄e)`, with
//!   `P̄` the mean over items of `Σ_c n_uc (n_uc - 1) / (m (m - 1))` and `P̄e = Σ_c p_c²`.
//!   (statsmodels' `fleiss_kappa`.)
//! - **Krippendorff's alpha** (nominal), on the items with at least two codes: the coincidence
//!   matrix `o_ck = Σ_u n_uc (n_uk - [c = k]) / (m_u - 1)`, `n_c = Σ_k o_ck`, `n = Σ_c n_c`, and
//!   `α = 1 - (n - 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k`. (The `krippendorff` package.)
//! - **Per-label agreement**: `o_cc / n_c`, of the codes `c` on items coded at least twice, the
//!   share whose partner codes are `c` too (for two coders, specific agreement
//!   `2 n_cc / (n_c· + n_·c)`).
//!
//! A statistic whose denominator is zero (every code the same label) is undefined (`None`), as
//! the reference implementations give NaN.

use std::collections::HashMap;

use crate::error::{Error, Position, Result};
use crate::input::Coded;

/// Coders' codes joined by item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Codes {
    /// The coders' names, in order.
    pub coders: Vec<String>,
    /// The labels used, sorted.
    pub labels: Vec<String>,
    /// The items, in the order they first appear.
    pub items: Vec<Item>,
}

/// One item and each coder's code for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The id (or, when joined on text, the text as the first coder wrote it).
    pub key: String,
    /// The text, as the first coder to have the item wrote it.
    pub text: String,
    /// Each coder's label index, `None` where the coder has no code for it.
    pub codes: Vec<Option<usize>>,
}

/// Joins coders' rows into items: on the id when `by_id`, else on the text with white space and
/// case folded. An item listed twice by one coder is refused, naming the lines.
pub fn join(coders: Vec<(String, Vec<Coded>)>, by_id: bool) -> Result<Codes> {
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut labels: Vec<String> = coders
        .iter()
        .flat_map(|(_, rows)| rows.iter().filter_map(|r| r.label.clone()))
        .collect();
    labels.sort();
    labels.dedup();
    let n = coders.len();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut items: Vec<Item> = Vec::new();
    let mut names = Vec::with_capacity(n);
    for (c, (name, rows)) in coders.into_iter().enumerate() {
        let mut seen: HashMap<usize, u64> = HashMap::new();
        for row in rows {
            let key = match (&row.id, by_id) {
                (Some(id), true) => id.trim().to_string(),
                _ => fold(&row.text),
            };
            let at = *index.entry(key.clone()).or_insert_with(|| {
                items.push(Item {
                    key: if by_id { key.clone() } else { row.text.clone() },
                    text: row.text.clone(),
                    codes: vec![None; n],
                });
                items.len() - 1
            });
            if let Some(first) = seen.insert(at, row.line) {
                return Err(Error::input(
                    name.as_str(),
                    Some(Position::line(row.line)),
                    format!(
                        "the item '{key}' is listed again (first on line {first}); keep one row \
                         per item"
                    ),
                ));
            }
            items[at].codes[c] = row
                .label
                .as_ref()
                .map(|l| labels.binary_search(l).expect("collected above"));
        }
        names.push(name);
    }
    Ok(Codes {
        coders: names,
        labels,
        items,
    })
}

/// Cohen's kappa and raw agreement of one pair of coders.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The two coders' indices.
    pub coders: (usize, usize),
    /// Items both coded.
    pub items: usize,
    /// Share of those items on which they agree.
    pub agreement: Option<f64>,
    /// Cohen's kappa on those items.
    pub kappa: Option<f64>,
    /// Rows: the first coder's label; columns: the second's.
    pub confusion: Vec<Vec<u64>>,
}

/// Every agreement statistic of a set of [`Codes`] (see the module documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// Items joined.
    pub items: usize,
    /// Items with at least two codes (the ones agreement can be measured on).
    pub pairable: usize,
    /// Raw pairwise agreement, pooled over items.
    pub agreement: Option<f64>,
    /// Each pair of coders, in order (0, 1), (0, 2), ..., (1, 2), ...
    pub pairs: Vec<Pair>,
    /// Cohen's kappa when there are exactly two coders.
    pub cohen_kappa: Option<f64>,
    /// Fleiss' kappa on the items every coder coded.
    pub fleiss_kappa: Option<f64>,
    /// How many items every coder coded.
    pub fleiss_items: usize,
    /// Krippendorff's alpha, nominal.
    pub krippendorff_alpha: Option<f64>,
    /// Agreement per label (`o_cc / n_c`), in label order.
    pub per_label: Vec<Option<f64>>,
    /// Indices of the items with at least two codes that are not all the same.
    pub disagreements: Vec<usize>,
}

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den != 0.0).then(|| num / den)
}

/// Cohen's kappa of two coders' codes (`None` entries skipped pairwise).
pub fn pair(codes: &Codes, a: usize, b: usize) -> Pair {
    let k = codes.labels.len();
    let mut confusion = vec![vec![0u64; k]; k];
    for item in &codes.items {
        if let (Some(x), Some(y)) = (item.codes[a], item.codes[b]) {
            confusion[x][y] += 1;
        }
    }
    let n: u64 = confusion.iter().flatten().sum();
    let nf = n as f64;
    let agree: u64 = (0..k).map(|c| confusion[c][c]).sum();
    let po = ratio(agree as f64, nf);
    let pe: f64 = (0..k)
        .map(|c| {
            let row: u64 = confusion[c].iter().sum();
            let col: u64 = confusion.iter().map(|r| r[c]).sum();
            (row as f64 / nf) * (col as f64 / nf)
        })
        .sum();
    let kappa = po.filter(|_| n > 0).and_then(|po| ratio(po - pe, 1.0 - pe));
    Pair {
        coders: (a, b),
        items: n as usize,
        agreement: po,
        kappa,
        confusion,
    }
}

/// Fleiss' kappa on the items every coder coded, and their number.
pub fn fleiss(codes: &Codes) -> (Option<f64>, usize) {
    let k = codes.labels.len();
    let m = codes.coders.len() as f64;
    let full: Vec<Vec<f64>> = codes
        .items
        .iter()
        .filter(|i| i.codes.iter().all(Option::is_some))
        .map(|i| {
            let mut counts = vec![0.0; k];
            i.codes.iter().flatten().for_each(|&c| counts[c] += 1.0);
            counts
        })
        .collect();
    let n = full.len();
    if n == 0 || m < 2.0 {
        return (None, n);
    }
    let p_bar = full
        .iter()
        .map(|c| c.iter().map(|x| x * (x - 1.0)).sum::<f64>() / (m * (m - 1.0)))
        .sum::<f64>()
        / n as f64;
    let pe: f64 = (0..k)
        .map(|c| {
            let p = full.iter().map(|row| row[c]).sum::<f64>() / (n as f64 * m);
            p * p
        })
        .sum();
    (ratio(p_bar - pe, 1.0 - pe), n)
}

/// The coincidence matrix of the items with at least two codes.
pub fn coincidences(codes: &Codes) -> Vec<Vec<f64>> {
    let k = codes.labels.len();
    let mut o = vec![vec![0.0; k]; k];
    for item in &codes.items {
        let mut counts = vec![0.0; k];
        item.codes.iter().flatten().for_each(|&c| counts[c] += 1.0);
        let m: f64 = counts.iter().sum();
        if m < 2.0 {
            continue;
        }
        for c in 0..k {
            for d in 0..k {
                let same = if c == d { 1.0 } else { 0.0 };
                o[c][d] += counts[c] * (counts[d] - same) / (m - 1.0);
            }
        }
    }
    o
}

/// Krippendorff's alpha (nominal) from the coincidence matrix.
pub fn krippendorff_alpha(o: &[Vec<f64>]) -> Option<f64> {
    let k = o.len();
    let n_c: Vec<f64> = o.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = n_c.iter().sum();
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..k {
        for d in 0..k {
            if c != d {
                observed += o[c][d];
                expected += n_c[c] * n_c[d];
            }
        }
    }
    ratio((n - 1.0) * observed, expected).map(|r| 1.0 - r)
}

/// Every statistic (see the module documentation).
pub fn agreement(codes: &Codes) -> Agreement {
    let m = codes.coders.len();
    let pairs: Vec<Pair> = (0..m)
        .flat_map(|a| (a + 1..m).map(move |b| (a, b)))
        .map(|(a, b)| pair(codes, a, b))
        .collect();
    let (mut agreeing, mut comparable) = (0u64, 0u64);
    let mut pairable = 0;
    let mut disagreements = Vec::new();
    for (i, item) in codes.items.iter().enumerate() {
        let given: Vec<usize> = item.codes.iter().flatten().copied().collect();
        if given.len() < 2 {
            continue;
        }
        pairable += 1;
        for x in 0..given.len() {
            for y in x + 1..given.len() {
                comparable += 1;
                agreeing += u64::from(given[x] == given[y]);
            }
        }
        if given.iter().any(|&c| c != given[0]) {
            disagreements.push(i);
        }
    }
    let (fleiss_kappa, fleiss_items) = fleiss(codes);
    let o = coincidences(codes);
    let per_label = (0..codes.labels.len())
        .map(|c| ratio(o[c][c], o[c].iter().sum()))
        .collect();
    Agreement {
        items: codes.items.len(),
        pairable,
        agreement: ratio(agreeing as f64, comparable as f64),
        cohen_kappa: (m == 2).then(|| pairs[0].kappa).flatten(),
        pairs,
        fleiss_kappa,
        fleiss_items,
        krippendorff_alpha: krippendorff_alpha(&o),
        per_label,
        disagreements,
    }
}

#[cfg(test)]
mod tests;
