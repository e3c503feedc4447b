//! The quantification estimators as plain functions over counts, posteriors and calibration
//! matrices, following QuaPy 0.2.3 (`quapy.method.aggregative`) so that each can be checked
//! against it number for number.
//!
//! Conventions: `k` labels in the model's order; an adjustment matrix `m` is indexed `m[i][j]`
//! = P(prediction i | true label j) for ACC (the confusion matrix's columns normalised) and the
//! mean posterior of label `i` over calibration items of true label `j` for PACC.
//!
//! Matrix code indexes rows and columns by number, as the formulas do.
#![allow(clippy::needless_range_loop)]

/// Below this absolute pivot the adjustment matrix is treated as singular. Its entries are
/// probabilities, so a pivot this small means two columns are equal to within round-off.
pub const SINGULAR_PIVOT: f64 = 1e-12;

/// EMQ's convergence threshold on the mean absolute change of the estimate (QuaPy's
/// `EMQ.EPSILON`).
pub const EM_EPSILON: f64 = 1e-4;

/// EMQ's iteration cap (QuaPy's `EMQ.MAX_ITER`).
pub const EM_MAX_ITER: usize = 1000;

/// An estimate with what happened on the way to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// One share per label, summing to 1.
    pub shares: Vec<f64>,
    /// The unconstrained adjustment left [0, 1] and was clipped and renormalised.
    pub clipped: bool,
    /// The adjustment matrix was singular and the unadjusted shares were returned.
    pub singular: bool,
}

/// Divides by the sum; an all-zero (or empty-sum) vector becomes uniform, as QuaPy's `l1_norm`.
pub fn l1_normalise(v: &[f64]) -> Vec<f64> {
    let sum: f64 = v.iter().sum();
    if sum > 0.0 && sum.is_finite() {
        v.iter().map(|x| x / sum).collect()
    } else {
        vec![1.0 / v.len().max(1) as f64; v.len()]
    }
}

/// Classify and count: the share of items predicted as each label (`counts[i]` items got label
/// `i`).
pub fn cc(counts: &[f64]) -> Vec<f64> {
    l1_normalise(counts)
}

/// Probabilistic classify and count: the mean posterior of each label (`posterior_sums[i]` is the
/// sum over items of the posterior of label `i`), normalised to sum to 1.
pub fn pcc(posterior_sums: &[f64]) -> Vec<f64> {
    l1_normalise(posterior_sums)
}

/// Adjusted classify and count (Forman 2008): solves `m p = q` for the true shares `p`, where `q`
/// is the CC estimate and `m` the ACC matrix ([`acc_matrix`]), then clips to [0, 1] and
/// renormalises. A singular `m` gives back `q` unchanged, flagged (QuaPy's `exact-cc` solver).
pub fn acc(cc_shares: &[f64], m: &[Vec<f64>]) -> Estimate {
    adjust(cc_shares, m)
}

/// Probabilistic ACC (Bella et al. 2010): [`acc`] on the PCC estimate with the PACC matrix
/// ([`pacc_matrix`]).
pub fn pacc(pcc_shares: &[f64], m: &[Vec<f64>]) -> Estimate {
    adjust(pcc_shares, m)
}

fn adjust(q: &[f64], m: &[Vec<f64>]) -> Estimate {
    match solve(m, q) {
        None => Estimate {
            shares: q.to_vec(),
            clipped: false,
            singular: true,
        },
        Some(p) => {
            let clipped = p.iter().any(|&x| !(-1e-12..=1.0 + 1e-12).contains(&x));
            let shares = l1_normalise(&p.iter().map(|x| x.clamp(0.0, 1.0)).collect::<Vec<_>>());
            Estimate {
                shares,
                clipped,
                singular: false,
            }
        }
    }
}

/// Solves `m x = b` by Gaussian elimination with partial pivoting; `None` when a pivot is below
/// [`SINGULAR_PIVOT`].
pub fn solve(m: &[Vec<f64>], b: &[f64]) -> Option<Vec<f64>> {
    let n = b.len();
    let mut a: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let mut row = m[i][..n].to_vec();
            row.push(b[i]);
            row
        })
        .collect();
    for col in 0..n {
        let pivot = (col..n).max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))?;
        if a[pivot][col].abs() < SINGULAR_PIVOT {
            return None;
        }
        a.swap(col, pivot);
        for row in col + 1..n {
            let f = a[row][col] / a[col][col];
            for c in col..=n {
                a[row][c] -= f * a[col][c];
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = (a[row][n] - s) / a[row][row];
    }
    Some(x)
}

/// The ACC matrix from a confusion matrix `confusion[true][predicted]` (counts):
/// `m[i][j] = confusion[j][i] / (items of true label j)`; a label with no items gets the unit
/// column `e_j`, as QuaPy does, so that it neither breaks nor moves the solution.
pub fn acc_matrix(confusion: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let k = confusion.len();
    let mut m = vec![vec![0.0; k]; k];
    for (j, row) in confusion.iter().enumerate() {
        let n: f64 = row.iter().sum();
        for i in 0..k {
            m[i][j] = if n > 0.0 {
                row[i] / n
            } else {
                f64::from(u8::from(i == j))
            };
        }
    }
    m
}

/// The PACC matrix from the mean posterior vector per true label (`mean_posteriors[j]`, `None`
/// for a label with no calibration items, which gets the unit column): `m[i][j] =
/// mean_posteriors[j][i]`.
pub fn pacc_matrix(mean_posteriors: &[Option<Vec<f64>>]) -> Vec<Vec<f64>> {
    let k = mean_posteriors.len();
    let mut m = vec![vec![0.0; k]; k];
    for (j, mean) in mean_posteriors.iter().enumerate() {
        for (i, row) in m.iter_mut().enumerate() {
            row[j] = match mean {
                Some(p) => p[i],
                None => f64::from(u8::from(i == j)),
            };
        }
    }
    m
}

/// The prior [`emq`] should divide by when the model's error rates were measured on sentences it
/// did not train on: the mean posterior it gives a sample drawn at the training mix,
/// `prior[i] = sum_j train_prevalence[j] * m[i][j]`, with `m` the PACC matrix ([`pacc_matrix`]).
///
/// EM takes the posteriors to be calibrated at the training mix: at that mix their mean must be
/// the training prevalence, or EM drifts from the truth even when the mix has not moved. On
/// reporting about missions the model did not train on, our posteriors lean towards `neutral`,
/// so their mean at the training mix is not the training prevalence. Dividing by this prior
/// instead is the same as first correcting every posterior by the constant factor
/// `train_prevalence / prior` (a bias correction of the logits that moves the posteriors'
/// mean back to the training mix) and running plain EM.
///
/// ```
/// use stance::shares::estimators::{emq_prior, pacc_matrix};
/// // Sentences of true label 0 get a mean posterior of 0.8 for label 0, those of label 1 0.6.
/// let m = pacc_matrix(&[Some(vec![0.8, 0.2]), Some(vec![0.4, 0.6])]);
/// let prior = emq_prior(&[0.5, 0.5], &m);
/// assert!((prior[0] - 0.6).abs() < 1e-12 && (prior[1] - 0.4).abs() < 1e-12);
/// // Perfect posteriors leave the training mix.
/// let exact = pacc_matrix(&[Some(vec![1.0, 0.0]), Some(vec![0.0, 1.0])]);
/// assert_eq!(emq_prior(&[0.3, 0.7], &exact), [0.3, 0.7]);
/// ```
pub fn emq_prior(train_prevalence: &[f64], m: &[Vec<f64>]) -> Vec<f64> {
    let k = train_prevalence.len();
    let prior: Vec<f64> = (0..k)
        .map(|i| (0..k).map(|j| train_prevalence[j] * m[i][j]).sum())
        .collect();
    l1_normalise(&prior)
}

/// What EM did.
#[derive(Debug, Clone, PartialEq)]
pub struct EmOutcome {
    /// The estimated shares.
    pub shares: Vec<f64>,
    /// Iterations run.
    pub iterations: usize,
    /// False when [`EM_MAX_ITER`] was reached first.
    pub converged: bool,
}

/// Expectation maximisation of the priors (Saerens, Latinne & Decaestecker 2002), exactly as
/// QuaPy's `EMQ.EM`: the posteriors (`posteriors`, one row per item, flat, `k` per row) are
/// re-weighted by the ratio of the current to the training prior and renormalised, and the new
/// prior is their mean; it stops when the mean absolute change is below [`EM_EPSILON`] after at
/// least 12 iterations, or after [`EM_MAX_ITER`]. A zero in `train_prevalence` is smoothed by
/// adding [`EM_EPSILON`] and renormalising. No items gives the training prevalence.
pub fn emq(train_prevalence: &[f64], posteriors: &[f64]) -> EmOutcome {
    let k = train_prevalence.len();
    let mut ptr = train_prevalence.to_vec();
    if ptr.contains(&0.0) {
        ptr.iter_mut().for_each(|x| *x += EM_EPSILON);
        let s: f64 = ptr.iter().sum();
        ptr.iter_mut().for_each(|x| *x /= s);
    }
    let n = posteriors.len() / k.max(1);
    if n == 0 {
        return EmOutcome {
            shares: ptr,
            iterations: 0,
            converged: true,
        };
    }
    let mut qs = ptr.clone();
    let mut previous: Option<Vec<f64>> = None;
    let mut s = 0;
    let mut converged = false;
    let mut row = vec![0.0; k];
    while !converged && s < EM_MAX_ITER {
        let mut sum = vec![0.0; k];
        for item in posteriors.chunks_exact(k) {
            for c in 0..k {
                row[c] = (qs[c] / ptr[c]) * item[c];
            }
            let total: f64 = row.iter().sum();
            for c in 0..k {
                sum[c] += row[c] / total;
            }
        }
        qs = sum.iter().map(|x| x / n as f64).collect();
        if let Some(prev) = &previous {
            let mae = qs.iter().zip(prev).map(|(a, b)| (a - b).abs()).sum::<f64>() / k as f64;
            if mae < EM_EPSILON && s > 10 {
                converged = true;
            }
        }
        previous = Some(qs.clone());
        s += 1;
    }
    EmOutcome {
        shares: qs,
        iterations: s,
        converged,
    }
}
