//! Multinomial logistic regression trained on sparse TF-IDF rows.
//!
//! Why not linfa-logistic's `fit`: in 0.8.1 it accepts only dense `ndarray` matrices, and a dense
//! 10k sentences x 5k features fit took about 21 s where the same objective on sparse rows takes
//! a fraction of a second. So the objective and gradient are computed here on [`SparseMatrix`]
//! rows and minimised with [`crate::lbfgs`] (see there for why not argmin's L-BFGS, the solver
//! linfa-logistic wraps). linfa-logistic stays as the reference a test holds this trainer to
//! (`tests` below: same data densified, same regularisation, same answer), argmin's solver is the
//! reference for the optimiser, and [`LogisticParams`] / [`LogisticModel`] implement linfa's
//! `Fit` and `Predict` traits.
//!
//! The objective, with sample weights `s_i` (from class weights) and `S = sum s_i`, is
//!
//! ```text
//! (1/S) * [ sum_i s_i * -log softmax(W x_i + b)[y_i]  +  ||W||^2 / (2C) ]
//! ```
//!
//! which has the same minimiser as scikit-learn's `C * sum loss + ||W||^2 / 2` and as
//! linfa-logistic's `sum loss + alpha/2 ||W||^2` with `alpha = 1/C`. Dividing by `S` keeps the
//! loss near 1 whatever the corpus size, so one gradient tolerance suits small and large corpora.
//! The intercepts are not penalised.
//!
//! Two classes use the same multinomial form (two weight vectors). With the L2 penalty this is
//! equivalent to binary logistic regression with twice the regularisation strength `C`.
//!
//! Results do not depend on the number of threads: rows and features are split into blocks of a
//! fixed size (or, for the scattering gradient path, a fixed number of row blocks) whose partial
//! sums are added in block order, and each feature's gradient is summed over its rows in row
//! order, so every floating-point sum is taken in the same order.

use std::sync::Mutex;

use linfa::dataset::{AsSingleTargets, DatasetBase};
use linfa::traits::{Fit, Predict};
use ndarray::Array1;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::SparseMatrix;
use crate::lbfgs;

/// How much each class counts in the loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub enum ClassWeight {
    /// Every sentence counts once.
    #[default]
    Uniform,
    /// Each class counts as much as the others in total: weight `n / (k * n_class)`.
    Balanced,
    /// Explicit weights by label; labels not named get 1.
    Explicit(Vec<(String, f64)>),
}

impl std::str::FromStr for ClassWeight {
    type Err = Error;

    /// Parses `uniform` (or `none`), `balanced`, or `LABEL=WEIGHT,...`; labels are normalised
    /// like the labels of the data.
    ///
    /// ```
    /// use stance::model::ClassWeight;
    ///
    /// let w: ClassWeight = "Neutral=1, enforcement=1.5".parse().unwrap();
    /// assert_eq!(w, ClassWeight::Explicit(vec![("neutral".into(), 1.0), ("enforcement".into(), 1.5)]));
    /// assert!("neutral".parse::<ClassWeight>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let invalid = |expected: &str| Error::InvalidParameter {
            name: "--class-weight",
            value: s.to_string(),
            expected: expected.to_string(),
        };
        match s.trim() {
            "uniform" | "none" => Ok(ClassWeight::Uniform),
            "balanced" => Ok(ClassWeight::Balanced),
            list => {
                let mut out = Vec::new();
                for part in list.split(',') {
                    let (label, w) = part.split_once('=').ok_or_else(|| {
                        invalid(
                            "uniform, balanced or LABEL=WEIGHT,..., e.g. neutral=1,enforcement=2",
                        )
                    })?;
                    let w: f64 = w
                        .trim()
                        .parse()
                        .map_err(|_| invalid("a number after each '=', e.g. enforcement=1.5"))?;
                    out.push((crate::corpus::normalise_label(label), w));
                }
                Ok(ClassWeight::Explicit(out))
            }
        }
    }
}

/// Hyperparameters of the logistic regression, validated before fitting.
///
/// ```
/// use stance::model::LogisticParams;
///
/// let params = LogisticParams::default().c(10.0).max_iter(300);
/// assert!(params.validate().is_ok());
/// assert!(LogisticParams::default().c(-1.0).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogisticParams {
    /// Inverse regularisation strength (larger = weaker L2 penalty), defaults to `10.0`.
    pub c: f64,
    /// Class weights, defaults to uniform.
    pub class_weight: ClassWeight,
    /// Iteration cap for L-BFGS, defaults to `500`.
    pub max_iter: u64,
    /// Stop when the largest gradient component falls below this (scikit-learn's rule and
    /// default), defaults to `1e-4`.
    pub gradient_tolerance: f64,
    /// Stop when one iteration lowers the loss by less than this, defaults to `1e-10`.
    pub cost_tolerance: f64,
}

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams {
            c: 10.0,
            class_weight: ClassWeight::Uniform,
            max_iter: 500,
            gradient_tolerance: 1e-4,
            cost_tolerance: 1e-10,
        }
    }
}

impl LogisticParams {
    /// Sets the inverse regularisation strength `C`.
    pub fn c(mut self, c: f64) -> Self {
        self.c = c;
        self
    }

    /// Sets the class weights.
    pub fn class_weight(mut self, class_weight: ClassWeight) -> Self {
        self.class_weight = class_weight;
        self
    }

    /// Sets the iteration cap.
    pub fn max_iter(mut self, max_iter: u64) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets the gradient-norm tolerance.
    pub fn gradient_tolerance(mut self, tol: f64) -> Self {
        self.gradient_tolerance = tol;
        self
    }

    /// Checks every value's range.
    pub fn validate(&self) -> Result<()> {
        if !(self.c.is_finite() && self.c > 0.0) {
            return Err(Error::InvalidParameter {
                name: "--c",
                value: self.c.to_string(),
                expected: "a finite number greater than 0, e.g. 1.0".into(),
            });
        }
        if self.max_iter == 0 {
            return Err(Error::InvalidParameter {
                name: "--max-iter",
                value: "0".into(),
                expected: "at least 1".into(),
            });
        }
        if !(self.gradient_tolerance.is_finite() && self.gradient_tolerance >= 0.0) {
            return Err(Error::InvalidParameter {
                name: "--tol",
                value: self.gradient_tolerance.to_string(),
                expected: "a finite number >= 0".into(),
            });
        }
        if let ClassWeight::Explicit(list) = &self.class_weight {
            for (label, w) in list {
                if !(w.is_finite() && *w > 0.0) {
                    return Err(Error::InvalidParameter {
                        name: "--class-weight",
                        value: format!("{label}={w}"),
                        expected: "positive finite weights, e.g. neutral=1,enforcement=2".into(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Fits the model to rows `x` with class indices `y` (indices into `labels`).
    ///
    /// Every label must have at least one sentence, and there must be at least two labels.
    pub fn fit_sparse(
        &self,
        x: &SparseMatrix,
        y: &[usize],
        labels: &[String],
    ) -> Result<(LogisticModel, Convergence)> {
        self.validate()?;
        let k = labels.len();
        if x.nrows() != y.len() {
            return Err(Error::Optimisation(format!(
                "{} rows but {} labels",
                x.nrows(),
                y.len()
            )));
        }
        if k < 2 {
            return Err(Error::Training {
                path: "<memory>".into(),
                message: "at least two labels are needed to train".into(),
            });
        }
        if let Some(&bad) = y.iter().find(|&&c| c >= k) {
            return Err(Error::Optimisation(format!(
                "class index {bad} but only {k} labels"
            )));
        }
        let class_weights = self.class_weights(y, labels)?;
        let objective = Objective::new(x, y, k, &class_weights, self.c);
        let d = x.ncols;
        let settings = lbfgs::Settings {
            memory: 10,
            max_iter: self.max_iter,
            gradient_tolerance: self.gradient_tolerance,
            relative_decrease: self.cost_tolerance,
        };
        let outcome = lbfgs::minimize(
            |p, grad| objective.evaluate(p, grad),
            vec![0.0; (d + 1) * k],
            &settings,
        );
        if !outcome.loss.is_finite() {
            return Err(Error::Optimisation(
                "the loss is not finite; the features may hold invalid values".into(),
            ));
        }
        let convergence = Convergence {
            iterations: outcome.iterations,
            evaluations: outcome.evaluations,
            gradient_norm: outcome.gradient_norm,
            loss: outcome.loss,
            hit_iteration_cap: outcome.stop == lbfgs::Stop::MaxIter,
            reason: outcome.stop.text().to_string(),
        };
        // Split the optimiser's vector rather than copy it: at a million sentences it is tens of
        // megabytes, and this is the moment of peak memory.
        let mut weights = outcome.x;
        let intercepts = weights.split_off(d * k);
        let model = LogisticModel {
            labels: labels.to_vec(),
            n_features: d,
            weights,
            intercepts,
        };
        Ok((model, convergence))
    }
    fn class_weights(&self, y: &[usize], labels: &[String]) -> Result<Vec<f64>> {
        let k = labels.len();
        let mut counts = vec![0usize; k];
        y.iter().for_each(|&c| counts[c] += 1);
        Ok(match &self.class_weight {
            ClassWeight::Uniform => vec![1.0; k],
            ClassWeight::Balanced => counts
                .iter()
                .map(|&n| {
                    if n == 0 {
                        0.0
                    } else {
                        y.len() as f64 / (k as f64 * n as f64)
                    }
                })
                .collect(),
            ClassWeight::Explicit(list) => {
                let mut w = vec![1.0; k];
                for (label, weight) in list {
                    match labels.iter().position(|l| l == label) {
                        Some(i) => w[i] = *weight,
                        None => {
                            return Err(Error::InvalidParameter {
                                name: "--class-weight",
                                value: label.clone(),
                                expected: format!("one of the labels: {}", labels.join(", ")),
                            })
                        }
                    }
                }
                w
            }
        })
    }
}

/// How the optimiser finished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Convergence {
    /// L-BFGS iterations used.
    pub iterations: u64,
    /// Loss and gradient evaluations used (iterations plus extra line-search trials).
    pub evaluations: u64,
    /// The largest gradient component at the returned weights, in absolute value.
    pub gradient_norm: f64,
    /// Final value of the (mean, regularised) objective.
    pub loss: f64,
    /// True when the optimiser stopped at the iteration cap rather than converging; the model
    /// may then be under-fitted and `--max-iter` should be raised.
    pub hit_iteration_cap: bool,
    /// The optimiser's own words for why it stopped.
    pub reason: String,
}

/// A fitted multinomial logistic regression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogisticModel {
    labels: Vec<String>,
    n_features: usize,
    /// Feature-major: weight of feature `j` for class `c` is `weights[j * k + c]`, so that one
    /// feature's weights for every class sit together, as the scorer reads them.
    weights: Vec<f64>,
    intercepts: Vec<f64>,
}

impl LogisticModel {
    /// The class labels, in the order of every probability vector.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Number of input features.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// The weight of `feature` for class `class`.
    pub fn weight(&self, feature: usize, class: usize) -> f64 {
        self.weights[feature * self.labels.len() + class]
    }

    /// The intercept of class `class`.
    pub fn intercept(&self, class: usize) -> f64 {
        self.intercepts[class]
    }

    /// Checks the invariants a loaded model must hold.
    pub(crate) fn check(&self) -> std::result::Result<(), String> {
        let k = self.labels.len();
        if k < 2 {
            return Err("fewer than two labels".into());
        }
        if self.weights.len() != self.n_features * k || self.intercepts.len() != k {
            return Err("weight table has the wrong size".into());
        }
        if self
            .weights
            .iter()
            .chain(&self.intercepts)
            .any(|w| !w.is_finite())
        {
            return Err("weights hold a value that is not finite".into());
        }
        Ok(())
    }

    /// Class probabilities of one sparse row, written into `out` (length = number of labels).
    pub fn predict_proba_into(&self, indices: &[u32], values: &[f32], out: &mut [f64]) {
        let k = self.labels.len();
        let (w, b) = (&self.weights, &self.intercepts);
        match k {
            2 => sparse_dot_table::<2>(k, Some(b), w, indices, values, out),
            3 => sparse_dot_table::<3>(k, Some(b), w, indices, values, out),
            _ => sparse_dot_table::<0>(k, Some(b), w, indices, values, out),
        }
        softmax_in_place(out);
    }

    /// Class probabilities of one sparse row.
    ///
    /// ```
    /// # use stance::model::LogisticParams;
    /// # use stance::features::{SparseMatrix, SparseRow};
    /// let mut x = SparseMatrix::new(2);
    /// x.push(&SparseRow { indices: vec![0], values: vec![1.0] });
    /// x.push(&SparseRow { indices: vec![1], values: vec![1.0] });
    /// let labels = vec!["a".to_string(), "b".to_string()];
    /// let (model, _) = LogisticParams::default().fit_sparse(&x, &[0, 1], &labels).unwrap();
    /// let p = model.predict_proba(&[0], &[1.0]);
    /// assert!(p[0] > 0.5 && (p[0] + p[1] - 1.0).abs() < 1e-12);
    /// ```
    pub fn predict_proba(&self, indices: &[u32], values: &[f32]) -> Vec<f64> {
        let mut out = vec![0.0; self.labels.len()];
        self.predict_proba_into(indices, values, &mut out);
        out
    }

    /// The most probable class index of one sparse row (ties go to the first label).
    pub fn predict_class(&self, indices: &[u32], values: &[f32]) -> usize {
        argmax(&self.predict_proba(indices, values))
    }
}

/// The index of the largest value (the first one on ties).
pub fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}

fn softmax_in_place(scores: &mut [f64]) {
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    scores.iter_mut().for_each(|s| *s /= sum);
}

/// Row blocks whose partial gradients are summed (in block order) into the full gradient, when
/// the gradient is scattered row by row (see [`Backward`]). Fixed, not derived from the thread
/// count, so results are identical with any number of threads; four keeps two to four cores busy
/// while the partial gradients cost four parameter vectors of memory.
const GRADIENT_BLOCKS: usize = 4;

/// Training matrices with at most this many non-zeros get a column-major copy for the gradient
/// (128 MiB of copy at the limit); larger ones scatter into per-block partial gradients, which
/// cost less memory. Chosen from the data alone, so that the same data always takes the same
/// path whatever the machine.
const TRANSPOSE_UP_TO: usize = 1 << 24;

/// Whether training on a matrix with `nonzeros` non-zeros makes a column-major copy of it (for
/// the memory budget).
pub(crate) fn transposes(nonzeros: u64) -> bool {
    nonzeros <= TRANSPOSE_UP_TO as u64
}

/// Rows per block of the forward pass and features per block of the gradient (fixed, so that
/// sums do not depend on the thread count).
const ROW_BLOCK: usize = 2048;
const FEATURE_BLOCK: usize = 4096;

/// How the gradient `X^T R` is formed from the per-row residuals `R`.
enum Backward {
    /// From a column-major copy of `X`: each feature's gradient is a sum over its column, read
    /// in row order from the residuals. No scattering and no partial gradients; on the 100k
    /// benchmark an evaluation took about half the time of the scattering path, most of whose
    /// time went to cache misses on the scattered writes.
    Columns {
        transposed: Transposed,
        /// The residuals `s_i (softmax_i - onehot_i)`, row-major, reused across evaluations.
        residuals: Mutex<Vec<f64>>,
    },
    /// Row by row into per-block partial gradients, summed at the end: no copy of `X`. The
    /// partial gradients of row blocks 1.. are reused across evaluations (block 0 accumulates
    /// straight into the caller's gradient buffer, which saves one parameter vector).
    Blocks { partial: Mutex<Vec<Vec<f64>>> },
}

/// A column-major copy of a sparse matrix: `indptr[j]..indptr[j + 1]` are column `j`'s rows, in
/// increasing order, and their values.
struct Transposed {
    indptr: Vec<usize>,
    rows: Vec<u32>,
    values: Vec<f32>,
}

impl Transposed {
    fn of(x: &SparseMatrix) -> Self {
        let mut indptr = vec![0usize; x.ncols + 1];
        for &j in &x.indices {
            indptr[j as usize + 1] += 1;
        }
        for j in 0..x.ncols {
            indptr[j + 1] += indptr[j];
        }
        let mut next = indptr.clone();
        let mut rows = vec![0u32; x.indices.len()];
        let mut values = vec![0f32; x.indices.len()];
        for i in 0..x.nrows() {
            let (idx, val) = x.row(i);
            for (&j, &v) in idx.iter().zip(val) {
                let at = &mut next[j as usize];
                rows[*at] = i as u32;
                values[*at] = v;
                *at += 1;
            }
        }
        Transposed {
            indptr,
            rows,
            values,
        }
    }
}

/// The training objective over one sparse matrix.
struct Objective<'a> {
    x: &'a SparseMatrix,
    y: &'a [usize],
    sample_weight: Vec<f64>,
    k: usize,
    inv_total_weight: f64,
    inv_c: f64,
    backward: Backward,
}

/// `acc += sum of v table[j]` over the pairs `(j, v)` of a sparse vector, where `table[j]` is
/// the `j`-th run of `acc.len()` numbers: a row's class scores (the table holds the weights) or
/// a feature's gradient (its column against the residuals).
#[inline(always)]
fn accumulate_rows_of(acc: &mut [f64], table: &[f64], idx: &[u32], val: &[f32]) {
    let k = acc.len();
    for (&j, &v) in idx.iter().zip(val) {
        let t = &table[j as usize * k..][..k];
        let v = f64::from(v);
        acc.iter_mut().zip(t).for_each(|(o, t)| *o += v * t);
    }
}

/// `out[..k] = start + sum of v table[j]` (see [`accumulate_rows_of`]), `start` being zero when
/// `None`. `K` is `k`, or 0 when `k` is not known at compile time: with `K` known the running
/// sums live in a local array, which the compiler keeps in registers; summed in `out` they went
/// through memory at every term, each addition waiting for the store before. The arithmetic is
/// the same either way.
#[inline(always)]
fn sparse_dot_table<const K: usize>(
    k: usize,
    start: Option<&[f64]>,
    table: &[f64],
    idx: &[u32],
    val: &[f32],
    out: &mut [f64],
) {
    let init = |acc: &mut [f64]| match start {
        Some(b) => acc.copy_from_slice(&b[..acc.len()]),
        None => acc.iter_mut().for_each(|v| *v = 0.0),
    };
    if K == 0 {
        let acc = &mut out[..k];
        init(acc);
        accumulate_rows_of(acc, table, idx, val);
    } else {
        let mut acc = [0.0f64; K];
        init(&mut acc);
        accumulate_rows_of(&mut acc, table, idx, val);
        out[..K].copy_from_slice(&acc);
    }
}

/// The loss of one row at weights `w` (feature-major) and intercepts `b`, with its residual
/// `s (softmax - onehot)` written into `residual`. `K` is the class count, or 0 for `k`.
#[inline]
#[allow(clippy::too_many_arguments)]
fn row_loss<const K: usize>(
    k: usize,
    w: &[f64],
    b: &[f64],
    idx: &[u32],
    val: &[f32],
    yi: usize,
    si: f64,
    residual: &mut [f64],
) -> f64 {
    let k = if K == 0 { k } else { K };
    sparse_dot_table::<K>(k, Some(b), w, idx, val, residual);
    let scores = &mut residual[..k];
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let shifted_y = scores[yi] - max;
    let mut sum = 0.0;
    for o in scores.iter_mut() {
        *o = (*o - max).exp();
        sum += *o;
    }
    let scale = si / sum;
    for o in scores.iter_mut() {
        *o *= scale;
    }
    scores[yi] -= si;
    // -log softmax[y] = log(sum of shifted exponentials) - (score_y - max): finite even when
    // softmax[y] underflows.
    si * (sum.ln() - shifted_y)
}

impl<'a> Objective<'a> {
    fn new(x: &'a SparseMatrix, y: &'a [usize], k: usize, class_weights: &[f64], c: f64) -> Self {
        let transpose = transposes(x.indices.len() as u64);
        Self::with_backward(x, y, k, class_weights, c, transpose)
    }

    /// [`Objective::new`] with the gradient path chosen by the caller (tests run both).
    fn with_backward(
        x: &'a SparseMatrix,
        y: &'a [usize],
        k: usize,
        class_weights: &[f64],
        c: f64,
        transpose: bool,
    ) -> Self {
        let sample_weight: Vec<f64> = y.iter().map(|&c| class_weights[c]).collect();
        let total: f64 = sample_weight.iter().sum();
        let backward = if transpose {
            Backward::Columns {
                transposed: Transposed::of(x),
                residuals: Mutex::new(vec![0.0; x.nrows() * k]),
            }
        } else {
            let blocks = GRADIENT_BLOCKS.min(x.nrows().max(1));
            Backward::Blocks {
                partial: Mutex::new(vec![vec![0.0; (x.ncols + 1) * k]; blocks - 1]),
            }
        };
        Objective {
            x,
            y,
            sample_weight,
            k,
            inv_total_weight: if total > 0.0 { 1.0 / total } else { 0.0 },
            inv_c: 1.0 / c,
            backward,
        }
    }

    /// The loss at `p`, with its gradient written into `grad` (layout: feature-major weights,
    /// then the `k` intercepts).
    fn evaluate(&self, p: &[f64], grad: &mut [f64]) -> f64 {
        // Specialised for the usual class counts, so that the per-class loops have a length
        // known at compile time and unroll.
        match self.k {
            2 => self.evaluate_k::<2>(p, grad),
            3 => self.evaluate_k::<3>(p, grad),
            _ => self.evaluate_k::<0>(p, grad),
        }
    }

    fn evaluate_k<const K: usize>(&self, p: &[f64], grad: &mut [f64]) -> f64 {
        let k = self.k;
        let d = self.x.ncols;
        let (w, b) = p.split_at(d * k);
        let data_loss = match &self.backward {
            Backward::Columns {
                transposed,
                residuals,
            } => self.columns_pass::<K>(w, b, grad, transposed, residuals),
            Backward::Blocks { partial } => self.blocks_pass::<K>(w, b, grad, partial),
        };
        // The penalty and the scaling, with the squared weights summed per fixed chunk.
        let scale = self.inv_total_weight;
        let inv_c = self.inv_c;
        let squares: Vec<f64> = grad[..d * k]
            .par_chunks_mut(1 << 14)
            .zip(w.par_chunks(1 << 14))
            .map(|(g, w)| {
                let mut squares = 0.0;
                for (g, &w) in g.iter_mut().zip(w) {
                    squares += w * w;
                    *g = (*g + inv_c * w) * scale;
                }
                squares
            })
            .collect();
        grad[d * k..].iter_mut().for_each(|g| *g *= scale);
        let penalty: f64 = 0.5 * inv_c * squares.iter().sum::<f64>();
        (data_loss + penalty) * scale
    }

    /// The data loss and its unscaled gradient through the column-major copy: residuals row
    /// block by row block, then each feature's gradient from its column.
    fn columns_pass<const K: usize>(
        &self,
        w: &[f64],
        b: &[f64],
        grad: &mut [f64],
        transposed: &Transposed,
        residuals: &Mutex<Vec<f64>>,
    ) -> f64 {
        let k = self.k;
        let mut residuals = residuals.lock().unwrap_or_else(|e| e.into_inner());
        let blocks: Vec<(f64, Vec<f64>)> = residuals
            .par_chunks_mut(ROW_BLOCK * k)
            .enumerate()
            .map(|(block, r)| {
                let mut loss = 0.0;
                let mut intercepts = vec![0.0; k];
                for (e, r) in r.chunks_mut(k).enumerate() {
                    let i = block * ROW_BLOCK + e;
                    let (idx, val) = self.x.row(i);
                    loss += row_loss::<K>(k, w, b, idx, val, self.y[i], self.sample_weight[i], r);
                    intercepts.iter_mut().zip(&*r).for_each(|(g, r)| *g += r);
                }
                (loss, intercepts)
            })
            .collect();
        let (gw, gb) = grad.split_at_mut(w.len());
        gb.iter_mut().for_each(|g| *g = 0.0);
        let mut loss = 0.0;
        for (l, intercepts) in &blocks {
            loss += l;
            gb.iter_mut().zip(intercepts).for_each(|(g, r)| *g += r);
        }
        let residuals = &*residuals;
        gw.par_chunks_mut(FEATURE_BLOCK * k)
            .enumerate()
            .for_each(|(block, g)| {
                for (e, gj) in g.chunks_mut(k).enumerate() {
                    let j = block * FEATURE_BLOCK + e;
                    let column = transposed.indptr[j]..transposed.indptr[j + 1];
                    sparse_dot_table::<K>(
                        k,
                        None,
                        residuals,
                        &transposed.rows[column.clone()],
                        &transposed.values[column],
                        gj,
                    );
                }
            });
        loss
    }

    /// The data loss and its unscaled gradient by scattering each row's residual into its row
    /// block's partial gradient, then summing the partial gradients in block order.
    fn blocks_pass<const K: usize>(
        &self,
        w: &[f64],
        b: &[f64],
        grad: &mut [f64],
        partial: &Mutex<Vec<Vec<f64>>>,
    ) -> f64 {
        let k = self.k;
        let n = self.x.nrows();
        let mut partial = partial.lock().unwrap_or_else(|e| e.into_inner());
        let blocks = partial.len() + 1;
        let mut accumulators: Vec<&mut [f64]> = Vec::with_capacity(blocks);
        accumulators.push(&mut *grad);
        accumulators.extend(partial.iter_mut().map(|v| v.as_mut_slice()));
        let losses: Vec<f64> = accumulators
            .par_iter_mut()
            .enumerate()
            .map(|(block, g)| {
                g.iter_mut().for_each(|v| *v = 0.0);
                let (gw, gb) = g.split_at_mut(w.len());
                let mut residual = vec![0.0; k];
                let mut loss = 0.0;
                for i in block * n / blocks..(block + 1) * n / blocks {
                    let (idx, val) = self.x.row(i);
                    let r = &mut residual[..];
                    loss += row_loss::<K>(k, w, b, idx, val, self.y[i], self.sample_weight[i], r);
                    for (&j, &v) in idx.iter().zip(val) {
                        let gj = &mut gw[j as usize * k..][..if K == 0 { k } else { K }];
                        let v = f64::from(v);
                        gj.iter_mut().zip(&residual).for_each(|(g, r)| *g += v * r);
                    }
                    gb.iter_mut().zip(&residual).for_each(|(g, r)| *g += r);
                }
                loss
            })
            .collect();
        drop(accumulators);
        let partial = &*partial;
        grad.par_chunks_mut(1 << 14)
            .enumerate()
            .for_each(|(chunk, out)| {
                let offset = chunk << 14;
                for (e, g) in out.iter_mut().enumerate() {
                    for part in partial {
                        *g += part[offset + e];
                    }
                }
            });
        losses.iter().sum()
    }
}

/// linfa's training trait: targets are the label strings, and the labels of the fitted model are
/// the distinct targets in sorted order.
impl<T: AsSingleTargets<Elem = String>> Fit<SparseMatrix, T, Error> for LogisticParams {
    type Object = LogisticModel;

    fn fit(&self, dataset: &DatasetBase<SparseMatrix, T>) -> Result<LogisticModel> {
        let targets = dataset.targets().as_single_targets();
        let mut labels: Vec<String> = targets.iter().cloned().collect();
        labels.sort();
        labels.dedup();
        let y: Vec<usize> = targets
            .iter()
            .map(|t| labels.binary_search(t).unwrap_or(0))
            .collect();
        self.fit_sparse(dataset.records(), &y, &labels)
            .map(|(model, _)| model)
    }
}

/// linfa's prediction trait: the most probable label of every row.
impl Predict<&SparseMatrix, Array1<String>> for LogisticModel {
    fn predict(&self, x: &SparseMatrix) -> Array1<String> {
        (0..x.nrows())
            .map(|i| {
                let (idx, val) = x.row(i);
                self.labels[self.predict_class(idx, val)].clone()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::SparseRow;
    use argmin::core::{CostFunction, Executor, Gradient, State};
    use argmin::solver::linesearch::MoreThuenteLineSearch;
    use argmin::solver::quasinewton::LBFGS;
    use linfa::prelude::*;
    use linfa_logistic::MultiLogisticRegression;

    /// A deterministic, learnable sparse problem: each class has its own indicative features plus
    /// shared noise features, rows L2-normalised.
    fn synthetic(n: usize, d: usize, k: usize, seed: u64) -> (SparseMatrix, Vec<usize>) {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut x = SparseMatrix::new(d);
        let mut y = Vec::new();
        for i in 0..n {
            let c = i % k;
            let mut cols: Vec<u32> = Vec::new();
            for _ in 0..3 {
                // Mostly a feature of the row's own class, sometimes any feature.
                let j = if next() % 4 == 0 {
                    next() % d
                } else {
                    (c + k * (next() % (d / k))) % d
                };
                cols.push(j as u32);
            }
            cols.sort_unstable();
            cols.dedup();
            let v = (1.0 / (cols.len() as f32)).sqrt();
            x.push(&SparseRow {
                values: vec![v; cols.len()],
                indices: cols,
            });
            y.push(c);
        }
        (x, y)
    }

    fn labels(k: usize) -> Vec<String> {
        (0..k).map(|c| format!("class{c}")).collect()
    }

    fn eval(obj: &Objective<'_>, p: &[f64]) -> (f64, Vec<f64>) {
        let mut g = vec![0.0; p.len()];
        let f = obj.evaluate(p, &mut g);
        (f, g)
    }

    #[test]
    fn gradient_matches_finite_differences() {
        // Two and three classes take the specialised code, four the general one; both gradient
        // paths each time.
        for k in [2, 3, 4] {
            for transpose in [true, false] {
                let (x, y) = synthetic(40, 12, k, 7);
                let weights: Vec<f64> = (0..k).map(|c| [1.0, 2.0, 0.5, 1.5][c]).collect();
                let obj = Objective::with_backward(&x, &y, k, &weights, 2.0, transpose);
                let p: Vec<f64> = (0..13 * k)
                    .map(|i| ((i * 37 % 11) as f64 - 5.0) / 10.0)
                    .collect();
                let (_, grad) = eval(&obj, &p);
                // The buffers are reused: a second evaluation must not accumulate into them.
                assert_eq!(eval(&obj, &p).1, grad);
                for i in 0..p.len() {
                    let h = 1e-6;
                    let mut plus = p.clone();
                    plus[i] += h;
                    let mut minus = p.clone();
                    minus[i] -= h;
                    let numeric = (eval(&obj, &plus).0 - eval(&obj, &minus).0) / (2.0 * h);
                    assert!(
                        (numeric - grad[i]).abs() < 1e-6,
                        "{k} classes, transpose {transpose}, parameter {i}: numeric {numeric} \
                         analytic {}",
                        grad[i]
                    );
                }
            }
        }
    }

    /// The two gradient paths compute the same sums in different orders: equal to rounding, on
    /// a problem with several row and feature blocks; and each is bit for bit the same with one
    /// thread as with three.
    #[test]
    fn both_gradient_paths_agree_and_ignore_the_thread_count() {
        let (x, y) = synthetic(3 * ROW_BLOCK + 5, 2 * FEATURE_BLOCK + 9, 3, 11);
        let p: Vec<f64> = (0..(x.ncols + 1) * 3)
            .map(|i| ((i * 7919 % 13) as f64 - 6.0) / 20.0)
            .collect();
        let run = |transpose: bool, threads: usize| {
            let obj = Objective::with_backward(&x, &y, 3, &[1.0, 1.3, 0.8], 3.0, transpose);
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| eval(&obj, &p))
        };
        let (columns, blocks) = (run(true, 1), run(false, 1));
        assert!((columns.0 - blocks.0).abs() < 1e-12 * columns.0.abs());
        for (a, b) in columns.1.iter().zip(&blocks.1) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
        for transpose in [true, false] {
            let (one, three) = (run(transpose, 1), run(transpose, 3));
            assert_eq!(one.0.to_bits(), three.0.to_bits());
            assert!(one
                .1
                .iter()
                .zip(&three.1)
                .all(|(a, b)| a.to_bits() == b.to_bits()));
        }
    }

    /// argmin's L-BFGS with More-Thuente line search (what linfa-logistic uses) on the very same
    /// objective, as the reference for the in-house optimiser.
    struct ArgminObjective<'a>(Objective<'a>);

    impl CostFunction for &ArgminObjective<'_> {
        type Param = Array1<f64>;
        type Output = f64;

        fn cost(&self, p: &Self::Param) -> std::result::Result<f64, argmin::core::Error> {
            let mut g = vec![0.0; p.len()];
            Ok(self.0.evaluate(p.as_slice().unwrap(), &mut g))
        }
    }

    impl Gradient for &ArgminObjective<'_> {
        type Param = Array1<f64>;
        type Gradient = Array1<f64>;

        fn gradient(
            &self,
            p: &Self::Param,
        ) -> std::result::Result<Array1<f64>, argmin::core::Error> {
            let mut g = vec![0.0; p.len()];
            self.0.evaluate(p.as_slice().unwrap(), &mut g);
            Ok(Array1::from(g))
        }
    }

    #[test]
    fn agrees_with_argmin_lbfgs() {
        let (x, y) = synthetic(500, 40, 3, 13);
        let weights = [1.0, 1.5, 0.8];
        let c = 3.0;
        let ours = Objective::new(&x, &y, 3, &weights, c);
        let settings = lbfgs::Settings {
            gradient_tolerance: 1e-9,
            relative_decrease: 0.0,
            max_iter: 3000,
            ..Default::default()
        };
        let n = 41 * 3;
        let out = lbfgs::minimize(|p, g| ours.evaluate(p, g), vec![0.0; n], &settings);
        assert_eq!(out.stop, lbfgs::Stop::Gradient, "{out:?}");
        let reference = ArgminObjective(Objective::new(&x, &y, 3, &weights, c));
        let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
            .with_tolerance_grad(1e-9)
            .unwrap()
            .with_tolerance_cost(0.0)
            .unwrap();
        let result = Executor::new(&reference, solver)
            .configure(|state| state.param(Array1::zeros(n)).max_iters(3000))
            .run()
            .unwrap();
        let best = result.state().get_best_param().unwrap();
        let max_diff = out
            .x
            .iter()
            .zip(best.iter())
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(max_diff < 1e-6, "max parameter difference {max_diff}");
        assert!((out.loss - result.state().get_best_cost()).abs() < 1e-12);
    }

    /// The reference test: linfa-logistic's dense trainer and ours minimise the same objective
    /// (`sum loss + alpha/2 ||W||^2` with `alpha = 1/C`), so they must agree.
    #[test]
    fn agrees_with_linfa_logistic() {
        let (x, y) = synthetic(300, 30, 3, 11);
        let labels = labels(3);
        let c = 2.0;
        let (ours, conv) = LogisticParams::default()
            .c(c)
            .gradient_tolerance(1e-9)
            .max_iter(2000)
            .fit_sparse(&x, &y, &labels)
            .unwrap();
        assert!(!conv.hit_iteration_cap, "{conv:?}");
        let dense = x.to_dense();
        let targets: Array1<usize> = y.iter().copied().collect();
        let reference = MultiLogisticRegression::default()
            .alpha(1.0 / c)
            .gradient_tolerance(1e-9)
            .max_iterations(2000)
            .fit(&Dataset::new(dense.clone(), targets))
            .unwrap();
        // linfa sorts its classes (0, 1, 2), the same order as ours.
        let ref_params = reference.params();
        let ref_intercept = reference.intercept();
        let mut max_diff: f64 = 0.0;
        for j in 0..30 {
            for c in 0..3 {
                max_diff = max_diff.max((ours.weight(j, c) - ref_params[[j, c]]).abs());
            }
        }
        // Softmax weights are identified only up to a per-feature shift across classes, and the
        // L2 penalty pins that shift to zero in both, so the weights themselves must agree.
        assert!(max_diff < 1e-3, "max weight difference {max_diff}");
        // Intercepts are unpenalised, so compare them after removing their mean.
        let mean_ours: f64 = (0..3).map(|c| ours.intercept(c)).sum::<f64>() / 3.0;
        let mean_ref: f64 = ref_intercept.iter().sum::<f64>() / 3.0;
        for c in 0..3 {
            let a = ours.intercept(c) - mean_ours;
            let b = ref_intercept[c] - mean_ref;
            assert!((a - b).abs() < 1e-3, "intercept {c}: {a} vs {b}");
        }
        let ref_pred = reference.predict(&dense);
        let our_pred: Vec<usize> = (0..x.nrows())
            .map(|i| {
                let (idx, val) = x.row(i);
                ours.predict_class(idx, val)
            })
            .collect();
        assert_eq!(our_pred, ref_pred.to_vec());
    }

    #[test]
    fn learns_a_separable_problem() {
        let (x, y) = synthetic(600, 60, 3, 3);
        let (model, conv) = LogisticParams::default()
            .fit_sparse(&x, &y, &labels(3))
            .unwrap();
        let correct = (0..x.nrows())
            .filter(|&i| {
                let (idx, val) = x.row(i);
                model.predict_class(idx, val) == y[i]
            })
            .count();
        assert!(correct as f64 / 600.0 > 0.9, "{correct}/600, {conv:?}");
        assert!(conv.gradient_norm < 1e-4);
    }

    #[test]
    fn reports_hitting_the_iteration_cap() {
        let (x, y) = synthetic(200, 30, 3, 5);
        let (_, conv) = LogisticParams::default()
            .max_iter(2)
            .fit_sparse(&x, &y, &labels(3))
            .unwrap();
        assert!(conv.hit_iteration_cap);
        assert_eq!(conv.iterations, 2);
    }

    #[test]
    fn balanced_weights_shift_towards_the_rare_class() {
        // 90% class 0; rows of class 1 share one weak feature with class 0.
        let mut x = SparseMatrix::new(2);
        let mut y = Vec::new();
        for i in 0..100 {
            let c = usize::from(i % 10 == 0);
            x.push(&SparseRow {
                indices: vec![0, 1],
                values: if c == 1 {
                    vec![0.6, 0.8]
                } else {
                    vec![0.8, 0.6]
                },
            });
            y.push(c);
        }
        let labels = labels(2);
        let (plain, _) = LogisticParams::default()
            .fit_sparse(&x, &y, &labels)
            .unwrap();
        let (balanced, _) = LogisticParams::default()
            .class_weight(ClassWeight::Balanced)
            .fit_sparse(&x, &y, &labels)
            .unwrap();
        let p_plain = plain.predict_proba(&[0, 1], &[0.6, 0.8])[1];
        let p_bal = balanced.predict_proba(&[0, 1], &[0.6, 0.8])[1];
        assert!(p_bal > p_plain + 0.1, "{p_plain} -> {p_bal}");
    }

    #[test]
    fn result_does_not_depend_on_thread_count() {
        let (x, y) = synthetic(3000, 80, 3, 9);
        let fit = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    LogisticParams::default()
                        .fit_sparse(&x, &y, &labels(3))
                        .unwrap()
                })
        };
        assert_eq!(fit(1), fit(3));
    }

    #[test]
    fn refuses_bad_parameters_and_shapes() {
        let (x, y) = synthetic(30, 6, 3, 1);
        assert!(LogisticParams::default()
            .c(0.0)
            .fit_sparse(&x, &y, &labels(3))
            .is_err());
        assert!(LogisticParams::default()
            .fit_sparse(&x, &y[..10], &labels(3))
            .is_err());
        assert!(LogisticParams::default()
            .fit_sparse(&x, &y, &labels(1))
            .is_err());
        let bad = ClassWeight::Explicit(vec![("nope".into(), 1.0)]);
        assert!(LogisticParams::default()
            .class_weight(bad)
            .fit_sparse(&x, &y, &labels(3))
            .is_err());
    }

    #[test]
    fn linfa_traits_fit_and_predict() {
        let (x, y) = synthetic(300, 30, 3, 2);
        let targets: Array1<String> = y.iter().map(|&c| format!("class{c}")).collect();
        let dataset = DatasetBase::new(x.clone(), targets.clone());
        let model = LogisticParams::default().fit(&dataset).unwrap();
        let predicted = model.predict(&x);
        let accuracy = predicted
            .iter()
            .zip(targets.iter())
            .filter(|(a, b)| a == b)
            .count() as f64
            / 300.0;
        assert!(accuracy > 0.85, "{accuracy}");
        assert_eq!(model.labels(), labels(3));
    }
}
