//! Limited-memory BFGS with a strong-Wolfe line search, working in place on flat `f64` slices.
//!
//! Why not argmin's `LBFGS`, which the first trainer used and which linfa-logistic wraps: on a
//! 100k-sentence corpus (555k parameters) about a third of each iteration went to argmin's vector
//! bookkeeping (it clones parameter and gradient vectors several times per iteration and keeps
//! the history in `f64`), and at 1M sentences (4.2M parameters) that bookkeeping alone was about
//! 0.5 s per iteration and its memory (history and clones) pushed training past 1.5 GiB. Here the
//! same algorithm (Nocedal & Wright, algorithms 7.4, 3.5 and 3.6) reuses five work vectors and
//! stores the history pairs in `f32`, which halves their memory; directions are still computed in
//! `f64`. argmin's solver remains the reference: a test runs both on the same objective and checks
//! that they reach the same minimum.
//!
//! Every reduction (dot products, norms) is summed over fixed-size blocks in a fixed order, so
//! results are identical with any number of threads.

use rayon::prelude::*;

/// Elements per block in parallel vector operations (fixed, so sums do not depend on threads).
const BLOCK: usize = 1 << 14;

/// Stopping rules and memory of the optimiser.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Number of correction pairs kept.
    pub memory: usize,
    /// Iteration cap.
    pub max_iter: u64,
    /// Stop when the largest gradient component (in absolute value) is below this: the rule
    /// scikit-learn's `LogisticRegression(solver="lbfgs")` uses with its `tol`.
    pub gradient_tolerance: f64,
    /// Stop when an iteration lowers the loss by less than this share of it.
    pub relative_decrease: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            memory: 10,
            max_iter: 500,
            gradient_tolerance: 1e-4,
            relative_decrease: 1e-10,
        }
    }
}

/// Why the optimiser stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The largest gradient component fell below the tolerance.
    Gradient,
    /// An iteration lowered the loss by less than the relative tolerance.
    Decrease,
    /// The iteration cap was reached.
    MaxIter,
    /// No step along the search direction satisfied the Wolfe conditions (the loss is flat to
    /// machine precision there); the best point found is returned.
    LineSearch,
}

impl Stop {
    /// A short description for reports.
    pub fn text(self) -> &'static str {
        match self {
            Stop::Gradient => "gradient below tolerance",
            Stop::Decrease => "loss stopped decreasing",
            Stop::MaxIter => "iteration cap reached",
            Stop::LineSearch => "line search made no progress",
        }
    }
}

/// The outcome of [`minimize`].
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The minimiser found.
    pub x: Vec<f64>,
    /// The loss there.
    pub loss: f64,
    /// The largest gradient component there, in absolute value.
    pub gradient_norm: f64,
    /// Iterations used.
    pub iterations: u64,
    /// Loss and gradient evaluations used.
    pub evaluations: u64,
    /// Why it stopped.
    pub stop: Stop,
}

/// Minimises `f` from `x0`. `f(x, grad)` returns the loss at `x` and writes its gradient into
/// `grad`.
///
/// ```
/// use stance::model::lbfgs::{minimize, Settings, Stop};
/// // A stretched quadratic with its minimum at (1, -2).
/// let f = |x: &[f64], g: &mut [f64]| {
///     g[0] = 2.0 * (x[0] - 1.0);
///     g[1] = 20.0 * (x[1] + 2.0);
///     (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 2.0).powi(2)
/// };
/// let settings = Settings { gradient_tolerance: 1e-9, relative_decrease: 0.0, ..Default::default() };
/// let out = minimize(f, vec![0.0, 0.0], &settings);
/// assert_eq!(out.stop, Stop::Gradient);
/// assert!((out.x[0] - 1.0).abs() < 1e-8 && (out.x[1] + 2.0).abs() < 1e-8);
/// ```
pub fn minimize(
    f: impl FnMut(&[f64], &mut [f64]) -> f64,
    x0: Vec<f64>,
    settings: &Settings,
) -> Outcome {
    minimize_with(f, x0, settings, |_| {})
}

/// [`minimize`], calling `after_iteration` with the number of iterations done after each one.
pub fn minimize_with(
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    x0: Vec<f64>,
    settings: &Settings,
    mut after_iteration: impl FnMut(u64),
) -> Outcome {
    let n = x0.len();
    let m = settings.memory.max(1);
    let mut x = x0;
    let mut g = vec![0.0; n];
    let mut loss = f(&x, &mut g);
    let mut evaluations = 1;
    let mut d = vec![0.0; n];
    let mut x_new = vec![0.0; n];
    let mut g_new = vec![0.0; n];
    let mut s_hist: Vec<Vec<f32>> = Vec::with_capacity(m);
    let mut y_hist: Vec<Vec<f32>> = Vec::with_capacity(m);
    // Per pair: 1 / (s . y) and (s . y) / (y . y), the latter scaling the initial Hessian.
    let mut rho: Vec<f64> = Vec::with_capacity(m);
    let mut gammas: Vec<f64> = Vec::with_capacity(m);
    let mut alpha = vec![0.0; m];
    let mut iterations = 0;
    let (mut gnorm, mut gmax) = norms(&g);
    let stop = loop {
        if gmax < settings.gradient_tolerance {
            break Stop::Gradient;
        }
        if iterations >= settings.max_iter {
            break Stop::MaxIter;
        }
        // Two-loop recursion, d = -H g, with each update of d fused with the dot product the
        // next step needs: one pass over d per history vector instead of two, because these
        // passes, not the arithmetic, are what the loop costs on large models.
        let h = s_hist.len();
        let mut slope = if h == 0 {
            // First step: a unit-length move along the steepest descent.
            let norm = gnorm.max(f64::MIN_POSITIVE);
            d.iter_mut().zip(&g).for_each(|(d, g)| *d = -g / norm);
            -gnorm
        } else {
            d.copy_from_slice(&g);
            let mut dotted = dot_mixed(&s_hist[h - 1], &d);
            for i in (0..h).rev() {
                alpha[i] = rho[i] * dotted;
                dotted = if i > 0 {
                    update_dot(&mut d, -alpha[i], &y_hist[i], 1.0, &s_hist[i - 1])
                } else {
                    update_dot(&mut d, -alpha[i], &y_hist[i], gammas[h - 1], &y_hist[0])
                };
            }
            for i in 0..h {
                let beta = rho[i] * dotted;
                dotted = if i + 1 < h {
                    update_dot(&mut d, alpha[i] - beta, &s_hist[i], 1.0, &y_hist[i + 1])
                } else {
                    update_dot(&mut d, alpha[i] - beta, &s_hist[i], -1.0, &g)
                };
            }
            dotted
        };
        if slope >= 0.0 {
            // Not a descent direction (the curvature pairs went stale): restart from steepest
            // descent.
            s_hist.clear();
            y_hist.clear();
            rho.clear();
            gammas.clear();
            d.iter_mut().zip(&g).for_each(|(d, g)| *d = -g / gnorm);
            slope = -gnorm;
        }
        let search = line_search(
            &mut f,
            &x,
            loss,
            slope,
            &d,
            &mut x_new,
            &mut g_new,
            &mut evaluations,
        );
        let Some(new_loss) = search else {
            break Stop::LineSearch;
        };
        iterations += 1;
        after_iteration(iterations);
        // Curvature pair from the accepted step.
        let (mut s, mut y) = if s_hist.len() == m {
            rho.remove(0);
            gammas.remove(0);
            (s_hist.remove(0), y_hist.remove(0))
        } else {
            (vec![0f32; n], vec![0f32; n])
        };
        let sums = new_pair(&x, &x_new, &g, &g_new, &mut s, &mut y);
        if sums.sy > 1e-12 * sums.yy.max(f64::MIN_POSITIVE) {
            rho.push(1.0 / sums.sy);
            gammas.push(sums.sy / sums.yy);
            s_hist.push(s);
            y_hist.push(y);
        }
        let decrease = loss - new_loss;
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        let old_loss = loss;
        loss = new_loss;
        (gnorm, gmax) = (sums.gg.sqrt(), sums.gmax);
        if decrease <= settings.relative_decrease * old_loss.abs().max(loss.abs()).max(1.0) {
            break if gmax < settings.gradient_tolerance {
                Stop::Gradient
            } else {
                Stop::Decrease
            };
        }
    };
    Outcome {
        x,
        loss,
        gradient_norm: gmax,
        iterations,
        evaluations,
        stop,
    }
}

const C1: f64 = 1e-4;
const C2: f64 = 0.9;
const MAX_EVALUATIONS: usize = 25;

/// Finds a step along `d` from `x` satisfying the strong Wolfe conditions (Nocedal & Wright,
/// algorithm 3.5, with algorithm 3.6's zoom using cubic interpolation). On success the new point
/// and its gradient are in `x_new`, `g_new`, and its loss is returned.
#[allow(clippy::too_many_arguments)]
fn line_search(
    f: &mut impl FnMut(&[f64], &mut [f64]) -> f64,
    x: &[f64],
    f0: f64,
    slope0: f64,
    d: &[f64],
    x_new: &mut [f64],
    g_new: &mut [f64],
    evaluations: &mut u64,
) -> Option<f64> {
    let mut eval = |t: f64, x_new: &mut [f64], g_new: &mut [f64]| -> (f64, f64) {
        x_new
            .par_chunks_mut(BLOCK)
            .enumerate()
            .for_each(|(b, chunk)| {
                let o = b * BLOCK;
                for (k, v) in chunk.iter_mut().enumerate() {
                    *v = x[o + k] + t * d[o + k];
                }
            });
        let value = f(x_new, g_new);
        *evaluations += 1;
        (value, dot(g_new, d))
    };
    let (mut t_prev, mut f_prev, mut slope_prev) = (0.0, f0, slope0);
    let mut t = 1.0;
    for i in 0..MAX_EVALUATIONS {
        let (ft, st) = eval(t, x_new, g_new);
        if !ft.is_finite() {
            // Overshot into overflow: shrink.
            t = 0.5 * (t_prev + t);
            continue;
        }
        if ft > f0 + C1 * t * slope0 || (i > 0 && ft >= f_prev) {
            return zoom(
                &mut eval,
                f0,
                slope0,
                (t_prev, f_prev, slope_prev),
                (t, ft, st),
                x_new,
                g_new,
            );
        }
        if st.abs() <= -C2 * slope0 {
            return Some(ft);
        }
        if st >= 0.0 {
            return zoom(
                &mut eval,
                f0,
                slope0,
                (t, ft, st),
                (t_prev, f_prev, slope_prev),
                x_new,
                g_new,
            );
        }
        t_prev = t;
        f_prev = ft;
        slope_prev = st;
        t *= 2.0;
    }
    None
}

/// Narrows the bracket `[lo, hi]` (each `(step, loss, slope)`, `lo` the lower loss) to a step
/// satisfying the strong Wolfe conditions.
#[allow(clippy::too_many_arguments)]
fn zoom(
    eval: &mut impl FnMut(f64, &mut [f64], &mut [f64]) -> (f64, f64),
    f0: f64,
    slope0: f64,
    mut lo: (f64, f64, f64),
    mut hi: (f64, f64, f64),
    x_new: &mut [f64],
    g_new: &mut [f64],
) -> Option<f64> {
    for _ in 0..MAX_EVALUATIONS {
        let t = cubic_min(lo, hi);
        let (ft, st) = eval(t, x_new, g_new);
        if !ft.is_finite() || ft > f0 + C1 * t * slope0 || ft >= lo.1 {
            hi = (t, ft, st);
        } else {
            if st.abs() <= -C2 * slope0 {
                return Some(ft);
            }
            if st * (hi.0 - lo.0) >= 0.0 {
                hi = lo;
            }
            lo = (t, ft, st);
        }
        if (hi.0 - lo.0).abs() < 1e-16 * lo.0.abs().max(1.0) {
            break;
        }
    }
    // The bracket collapsed: accept the best point found if it decreased the loss at all.
    if lo.0 > 0.0 && lo.1 < f0 {
        let (ft, _) = eval(lo.0, x_new, g_new);
        return Some(ft);
    }
    None
}

/// The minimiser of the cubic through two points with their slopes, kept safely inside the
/// interval (falls back to bisection when the cubic is degenerate).
fn cubic_min(a: (f64, f64, f64), b: (f64, f64, f64)) -> f64 {
    let (ta, fa, ga) = a;
    let (tb, fb, gb) = b;
    let d1 = ga + gb - 3.0 * (fa - fb) / (ta - tb);
    let disc = d1 * d1 - ga * gb;
    let (lo, hi) = if ta < tb { (ta, tb) } else { (tb, ta) };
    let mid = 0.5 * (ta + tb);
    if disc < 0.0 || !disc.is_finite() {
        return mid;
    }
    let d2 = (tb - ta).signum() * disc.sqrt();
    let t = tb - (tb - ta) * (gb + d2 - d1) / (gb - ga + 2.0 * d2);
    let margin = 0.1 * (hi - lo);
    if t.is_finite() && t > lo + margin && t < hi - margin {
        t
    } else {
        mid
    }
}

/// Sum of `f` over fixed blocks of `0..n`, added in block order.
fn block_sum(n: usize, f: impl Fn(std::ops::Range<usize>) -> f64 + Sync) -> f64 {
    let blocks = n.div_ceil(BLOCK);
    let parts: Vec<f64> = (0..blocks)
        .into_par_iter()
        .map(|b| f(b * BLOCK..((b + 1) * BLOCK).min(n)))
        .collect();
    parts.iter().sum()
}

/// Dot product of two equal-length slices, summed in eight lanes so that the compiler can keep
/// the additions in vector registers: a single running sum is a chain of dependent additions,
/// bound by their latency rather than by memory. The lanes are added in a fixed order, so the
/// result does not depend on the machine.
#[inline]
fn lane_dot<A: Copy + Into<f64>, B: Copy + Into<f64>>(a: &[A], b: &[B]) -> f64 {
    let mut lanes = [0.0f64; 8];
    let (ac, bc) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut tail = 0.0;
    for (&x, &y) in ac.remainder().iter().zip(bc.remainder()) {
        tail += x.into() * y.into();
    }
    for (x, y) in ac.zip(bc) {
        for l in 0..8 {
            lanes[l] += x[l].into() * y[l].into();
        }
    }
    sum_lanes(&lanes) + tail
}

#[inline]
fn sum_lanes(l: &[f64; 8]) -> f64 {
    ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    block_sum(a.len(), |r| lane_dot(&a[r.clone()], &b[r]))
}

fn dot_mixed(a: &[f32], b: &[f64]) -> f64 {
    block_sum(a.len(), |r| lane_dot(&a[r.clone()], &b[r]))
}

fn max_abs(a: &[f64]) -> f64 {
    a.par_chunks(BLOCK)
        .map(max_abs_block)
        .reduce(|| 0.0, f64::max)
}

fn max_abs_block(c: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 8];
    let chunks = c.chunks_exact(8);
    let tail = chunks
        .remainder()
        .iter()
        .fold(0.0f64, |m, v| m.max(v.abs()));
    for x in chunks {
        for l in 0..8 {
            lanes[l] = lanes[l].max(x[l].abs());
        }
    }
    lanes.iter().fold(tail, |m, &v| m.max(v))
}

/// `d = (d + a x) * post`, then the dot product of `z` with the new `d`, in one pass.
fn update_dot<Z: Copy + Into<f64> + Sync>(
    d: &mut [f64],
    a: f64,
    x: &[f32],
    post: f64,
    z: &[Z],
) -> f64 {
    let parts: Vec<f64> = d
        .par_chunks_mut(BLOCK)
        .enumerate()
        .map(|(b, chunk)| {
            let r = b * BLOCK..b * BLOCK + chunk.len();
            for (v, &xv) in chunk.iter_mut().zip(&x[r.clone()]) {
                *v = (*v + a * f64::from(xv)) * post;
            }
            lane_dot(chunk, &z[r])
        })
        .collect();
    parts.iter().sum()
}

/// Sums gathered while forming a curvature pair.
struct PairSums {
    sy: f64,
    yy: f64,
    /// Squared norm and largest absolute component of the new gradient.
    gg: f64,
    gmax: f64,
}

/// Writes `s = x_new - x` and `y = g_new - g` (rounded to `f32`) and gathers, in the same pass,
/// the dot products and gradient norms the next iteration needs. The dot products use the
/// rounded vectors, the ones the two-loop recursion will see.
fn new_pair(
    x: &[f64],
    x_new: &[f64],
    g: &[f64],
    g_new: &[f64],
    s: &mut [f32],
    y: &mut [f32],
) -> PairSums {
    let parts: Vec<[f64; 4]> = s
        .par_chunks_mut(BLOCK)
        .zip(y.par_chunks_mut(BLOCK))
        .enumerate()
        .map(|(b, (sc, yc))| {
            let r = b * BLOCK..b * BLOCK + sc.len();
            for (((sv, yv), (xa, xb)), (ga, gb)) in sc
                .iter_mut()
                .zip(yc.iter_mut())
                .zip(x[r.clone()].iter().zip(&x_new[r.clone()]))
                .zip(g[r.clone()].iter().zip(&g_new[r.clone()]))
            {
                *sv = (xb - xa) as f32;
                *yv = (gb - ga) as f32;
            }
            let gn = &g_new[r];
            [
                lane_dot(sc, yc),
                lane_dot(yc, yc),
                lane_dot(gn, gn),
                max_abs_block(gn),
            ]
        })
        .collect();
    let mut sums = PairSums {
        sy: 0.0,
        yy: 0.0,
        gg: 0.0,
        gmax: 0.0,
    };
    for p in &parts {
        sums.sy += p[0];
        sums.yy += p[1];
        sums.gg += p[2];
        sums.gmax = sums.gmax.max(p[3]);
    }
    sums
}

/// The Euclidean norm and the largest absolute component of `g`.
fn norms(g: &[f64]) -> (f64, f64) {
    (dot(g, g).sqrt(), max_abs(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Rosenbrock function in `n` dimensions: a curved valley that defeats naive methods.
    fn rosenbrock(x: &[f64], g: &mut [f64]) -> f64 {
        let mut f = 0.0;
        g.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..x.len() - 1 {
            let a = x[i + 1] - x[i] * x[i];
            let b = 1.0 - x[i];
            f += 100.0 * a * a + b * b;
            g[i] += -400.0 * x[i] * a - 2.0 * b;
            g[i + 1] += 200.0 * a;
        }
        f
    }

    #[test]
    fn solves_rosenbrock() {
        let settings = Settings {
            gradient_tolerance: 1e-8,
            max_iter: 2000,
            relative_decrease: 0.0,
            ..Default::default()
        };
        let out = minimize(rosenbrock, vec![-1.2, 1.0, -1.2, 1.0], &settings);
        assert_eq!(out.stop, Stop::Gradient, "{out:?}");
        for v in &out.x {
            assert!((v - 1.0).abs() < 1e-5, "{out:?}");
        }
    }

    #[test]
    fn reports_the_iteration_cap() {
        let settings = Settings {
            max_iter: 3,
            ..Default::default()
        };
        let out = minimize(rosenbrock, vec![-1.2, 1.0], &settings);
        assert_eq!(out.stop, Stop::MaxIter);
        assert_eq!(out.iterations, 3);
    }

    #[test]
    fn stops_at_once_at_a_minimum() {
        let out = minimize(rosenbrock, vec![1.0, 1.0, 1.0], &Settings::default());
        assert_eq!(out.stop, Stop::Gradient);
        assert_eq!(out.iterations, 0);
        assert_eq!(out.evaluations, 1);
    }

    #[test]
    fn block_sums_do_not_depend_on_threads() {
        let a: Vec<f64> = (0..100_000)
            .map(|i| ((i * 7919) % 1000) as f64 / 997.0)
            .collect();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| dot(&a, &a));
        let three = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap()
            .install(|| dot(&a, &a));
        assert_eq!(one.to_bits(), three.to_bits());
    }

    #[test]
    fn cubic_step_stays_inside_the_bracket() {
        let t = cubic_min((0.0, 1.0, -1.0), (1.0, 0.5, 0.5));
        assert!(t > 0.1 && t < 0.9, "{t}");
        // Degenerate data falls back to bisection.
        assert_eq!(cubic_min((0.0, 1.0, 0.0), (1.0, 1.0, 0.0)), 0.5);
    }
}
