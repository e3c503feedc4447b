//! The training objective on sparse rows: loss and gradient, computed in fixed blocks so that the
//! result does not depend on the thread count.

use std::sync::Mutex;

use rayon::prelude::*;

use crate::features::SparseMatrix;

/// Row blocks whose partial gradients are summed (in block order) into the full gradient, when
/// the gradient is scattered row by row (see [`Backward`]). Fixed, not derived from the thread
/// count, so results are identical with any number of threads. This path is taken only for the
/// largest corpora (see [`TRANSPOSE_UP_TO`]), where memory is what runs out first: each block
/// past the first costs a parameter vector (40 MiB at 1M sentences), and two blocks, which keep
/// two cores busy, brought training on 1M sentences back under 1.5 GiB where four did not.
pub(super) const GRADIENT_BLOCKS: usize = 2;

/// Training matrices with at most this many non-zeros get a column-major copy for the gradient
/// (128 MiB of copy at the limit); larger ones scatter into per-block partial gradients, which
/// cost less memory. Chosen from the data alone, so that the same data always takes the same
/// path whatever the machine.
pub(super) const TRANSPOSE_UP_TO: usize = 1 << 24;

/// Whether training on a matrix with `nonzeros` non-zeros makes a column-major copy of it (for
/// the memory budget).
pub(crate) fn transposes(nonzeros: u64) -> bool {
    nonzeros <= TRANSPOSE_UP_TO as u64
}

/// Rows per block of the forward pass and features per block of the gradient (fixed, so that
/// sums do not depend on the thread count).
pub(super) const ROW_BLOCK: usize = 2048;
pub(super) const FEATURE_BLOCK: usize = 4096;

/// How the gradient `X^T R` is formed from the per-row residuals `R`.
pub(super) enum Backward {
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
pub(super) struct Transposed {
    indptr: Vec<usize>,
    rows: Vec<u32>,
    values: Vec<f32>,
}

impl Transposed {
    pub(super) fn of(x: &SparseMatrix) -> Self {
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
pub(super) struct Objective<'a> {
    x: &'a SparseMatrix,
    y: &'a [usize],
    sample_weight: Vec<f64>,
    k: usize,
    inv_total_weight: f64,
    inv_c: f64,
    /// Per feature, how many times the ordinary L2 penalty its weights pay (empty: once each).
    penalty_scale: Vec<f64>,
    backward: Backward,
}

/// `acc += sum of v table[j]` over the pairs `(j, v)` of a sparse vector, where `table[j]` is
/// the `j`-th run of `acc.len()` numbers: a row's class scores (the table holds the weights) or
/// a feature's gradient (its column against the residuals).
#[inline(always)]
pub(super) fn accumulate_rows_of(acc: &mut [f64], table: &[f64], idx: &[u32], val: &[f32]) {
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
pub(super) fn sparse_dot_table<const K: usize>(
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
pub(super) fn row_loss<const K: usize>(
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
    pub(super) fn new(
        x: &'a SparseMatrix,
        y: &'a [usize],
        k: usize,
        class_weights: &[f64],
        c: f64,
    ) -> Self {
        let transpose = transposes(x.indices.len() as u64);
        Self::with_backward(x, y, k, class_weights, c, transpose)
    }

    /// [`Objective::new`] with the gradient path chosen by the caller (tests run both).
    pub(super) fn with_backward(
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
            penalty_scale: Vec::new(),
            backward,
        }
    }

    /// Makes feature `j`'s weights pay `scale[j]` times the ordinary L2 penalty (a scale for
    /// every column, each finite and positive; checked by the caller).
    pub(super) fn with_penalty_scale(mut self, scale: Vec<f64>) -> Self {
        debug_assert!(scale.is_empty() || scale.len() == self.x.ncols);
        self.penalty_scale = scale;
        self
    }

    /// The loss at `p`, with its gradient written into `grad` (layout: feature-major weights,
    /// then the `k` intercepts).
    pub(super) fn evaluate(&self, p: &[f64], grad: &mut [f64]) -> f64 {
        // Specialised for the usual class counts, so that the per-class loops have a length
        // known at compile time and unroll.
        match self.k {
            2 => self.evaluate_k::<2>(p, grad),
            3 => self.evaluate_k::<3>(p, grad),
            _ => self.evaluate_k::<0>(p, grad),
        }
    }

    pub(super) fn evaluate_k<const K: usize>(&self, p: &[f64], grad: &mut [f64]) -> f64 {
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
        const CHUNK: usize = 1 << 14;
        let penalty_scale = &self.penalty_scale;
        let squares: Vec<f64> = grad[..d * k]
            .par_chunks_mut(CHUNK)
            .zip(w.par_chunks(CHUNK))
            .enumerate()
            .map(|(chunk, (g, w))| {
                let mut squares = 0.0;
                if penalty_scale.is_empty() {
                    for (g, &w) in g.iter_mut().zip(w) {
                        squares += w * w;
                        *g = (*g + inv_c * w) * scale;
                    }
                } else {
                    // Weights are feature-major, `k` to a feature: walk the feature index along
                    // rather than divide for every weight.
                    let first = chunk * CHUNK;
                    let (mut feature, mut class) = (first / k, first % k);
                    for (g, &w) in g.iter_mut().zip(w) {
                        let m = penalty_scale[feature];
                        squares += m * w * w;
                        *g = (*g + inv_c * m * w) * scale;
                        class += 1;
                        if class == k {
                            class = 0;
                            feature += 1;
                        }
                    }
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
    pub(super) fn columns_pass<const K: usize>(
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
    pub(super) fn blocks_pass<const K: usize>(
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
