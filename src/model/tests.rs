//! Tests of the logistic regression, against linfa-logistic and by finite differences.

use super::objective::*;
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

/// A per-feature penalty scale adds `(m_j - 1) w^2 / (2 C)` per weight to the loss (scaled by
/// the total sample weight, like the rest), and its derivative to the gradient, on both paths;
/// the features span several of the penalty's chunks, so a weight's feature is found across
/// chunk edges.
#[test]
fn a_penalty_scale_adds_exactly_its_share() {
    let (k, d, c) = (3, 6_000, 2.5);
    let (x, y) = synthetic(50, d, k, 5);
    let scale: Vec<f64> = (0..d).map(|j| [1.0, 4.0, 1.0, 9.0, 2.5][j % 5]).collect();
    let p: Vec<f64> = (0..(d + 1) * k)
        .map(|i| ((i * 7919 % 13) as f64 - 6.0) / 20.0)
        .collect();
    for transpose in [true, false] {
        let plain = Objective::with_backward(&x, &y, k, &[1.0; 3], c, transpose);
        let scaled = Objective::with_backward(&x, &y, k, &[1.0; 3], c, transpose)
            .with_penalty_scale(scale.clone());
        let ((f0, g0), (f1, g1)) = (eval(&plain, &p), eval(&scaled, &p));
        let n = y.len() as f64;
        let mut extra = 0.0;
        for (i, &w) in p[..d * k].iter().enumerate() {
            let m = scale[i / k];
            extra += 0.5 / c * (m - 1.0) * w * w / n;
            let want = g0[i] + (m - 1.0) * w / c / n;
            assert!(
                (g1[i] - want).abs() < 1e-12,
                "weight {i}: {} against {want}",
                g1[i]
            );
        }
        assert!((f1 - f0 - extra).abs() < 1e-9 * f1.abs());
        // Intercepts pay no penalty.
        assert_eq!(g1[d * k..], g0[d * k..]);
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

    fn gradient(&self, p: &Self::Param) -> std::result::Result<Array1<f64>, argmin::core::Error> {
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
