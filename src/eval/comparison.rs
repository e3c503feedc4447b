//! Two models on the same labelled sentences: which is better, and whether the difference is more
//! than the luck of which sentences were drawn.
//!
//! Two separate bootstrap intervals overlap far more often than the models are alike, because
//! both models meet the same easy and hard sentences. A *paired* bootstrap resamples the
//! sentences once per replicate and scores both models on that same resample, so the interval of
//! the difference carries only the sentences on which the models disagree. McNemar's exact test
//! asks the same question of accuracy alone: of the sentences exactly one model gets right, is
//! the split further from even than chance would make it?

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::corpus::LabelledSet;
use crate::eval::metrics::{
    accuracy_and_macro_f1, confusion_matrix, percentile_interval, Interval, BOOTSTRAP_RESAMPLES,
};
use crate::pipeline::Pipeline;

/// The outcome of [`compare`]: model B measured against model A on the same sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The labels the figures are over: the data's and both models', sorted.
    pub labels: Vec<String>,
    /// The number of sentences.
    pub n: usize,
    /// Model A's accuracy and macro-F1 over [`Comparison::labels`].
    pub a: Scores,
    /// Model B's.
    pub b: Scores,
    /// B's accuracy minus A's, with its 95% paired-bootstrap interval.
    pub accuracy_difference: Interval,
    /// B's macro-F1 minus A's, with its 95% paired-bootstrap interval.
    pub macro_f1_difference: Interval,
    /// The share of bootstrap resamples in which B's macro-F1 is above A's.
    pub b_better_share: f64,
    /// How the sentences split by which model got them right.
    pub agreement: Agreement,
    /// McNemar's exact two-sided p-value for the accuracies being equal (the sentences only one
    /// model gets right, tested against an even split).
    pub mcnemar_p: f64,
    /// Bootstrap resamples.
    pub resamples: usize,
    /// Seed of the resampling.
    pub seed: u64,
}

/// One model's figures in a [`Comparison`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Share of sentences labelled right.
    pub accuracy: f64,
    /// Mean F1 over the comparison's labels.
    pub macro_f1: f64,
}

/// The sentences by which of two models labelled them right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// Right by both.
    pub both_right: usize,
    /// Right by model A only.
    pub only_a_right: usize,
    /// Right by model B only.
    pub only_b_right: usize,
    /// Wrong by both.
    pub both_wrong: usize,
}

/// Scores every sentence of `data` with both models and compares them: each model's accuracy and
/// macro-F1, the paired bootstrap of the differences (B minus A; [`BOOTSTRAP_RESAMPLES`]
/// resamples drawn with `seed`), and McNemar's exact test. A label one model does not know
/// counts as wrong for it, as [`crate::eval::validation::holdout`] counts it.
///
/// ```
/// use stance::corpus::LabelledSet;
/// use stance::eval::comparison::compare;
/// use stance::pipeline::{Pipeline, TrainSettings};
///
/// let rows = [
///     ("The force will monitor the ceasefire", "peacekeeping"),
///     ("Peacekeepers escort aid convoys", "peacekeeping"),
///     ("The force must disarm Hamas", "enforcement"),
///     ("Troops will disarm the militias", "enforcement"),
/// ];
/// let data = LabelledSet {
///     texts: rows.iter().map(|r| r.0.to_string()).collect(),
///     labels: rows.iter().map(|r| r.1.to_string()).collect(),
///     lines: (2..6).collect(),
///     ..Default::default()
/// };
/// let mut settings = TrainSettings::default();
/// settings.features.min_df = 1;
/// let (model, _) = Pipeline::train(&data, &settings.check()?)?;
/// let same = compare(&model, &model, &data, 42);
/// assert_eq!(same.macro_f1_difference.estimate, 0.0);
/// assert_eq!(same.mcnemar_p, 1.0);
/// # Ok::<(), stance::Error>(())
/// ```
pub fn compare(a: &Pipeline, b: &Pipeline, data: &LabelledSet, seed: u64) -> Comparison {
    let mut labels: Vec<String> = data.labels.clone();
    labels.extend(a.labels().iter().cloned());
    labels.extend(b.labels().iter().cloned());
    labels.sort();
    labels.dedup();
    let index = |name: &str| {
        labels
            .binary_search_by(|l| l.as_str().cmp(name))
            .unwrap_or(0)
    };
    let truth: Vec<usize> = data.labels.iter().map(|l| index(l)).collect();
    let predict = |model: &Pipeline| -> Vec<usize> {
        data.texts
            .par_iter()
            .map(|t| index(&model.labels()[model.score_sentence(t).label]))
            .collect()
    };
    let (pa, pb) = (predict(a), predict(b));
    let k = labels.len();
    let scores = |predicted: &[usize]| {
        let (accuracy, macro_f1) = accuracy_and_macro_f1(&confusion_matrix(k, &truth, predicted));
        Scores { accuracy, macro_f1 }
    };
    let (sa, sb) = (scores(&pa), scores(&pb));
    let diffs = paired_resamples(k, &truth, (&pa, &pb), BOOTSTRAP_RESAMPLES, seed);
    let b_better_share = if diffs.is_empty() {
        0.0
    } else {
        diffs.iter().filter(|d| d.1 > 0.0).count() as f64 / diffs.len() as f64
    };
    let mut agreement = Agreement {
        both_right: 0,
        only_a_right: 0,
        only_b_right: 0,
        both_wrong: 0,
    };
    for ((&t, &x), &y) in truth.iter().zip(&pa).zip(&pb) {
        match (x == t, y == t) {
            (true, true) => agreement.both_right += 1,
            (true, false) => agreement.only_a_right += 1,
            (false, true) => agreement.only_b_right += 1,
            (false, false) => agreement.both_wrong += 1,
        }
    }
    let discordant = agreement.only_a_right + agreement.only_b_right;
    let fewer = agreement.only_a_right.min(agreement.only_b_right);
    Comparison {
        n: truth.len(),
        a: sa,
        b: sb,
        accuracy_difference: percentile_interval(
            sb.accuracy - sa.accuracy,
            &mut diffs.iter().map(|d| d.0).collect::<Vec<_>>(),
        ),
        macro_f1_difference: percentile_interval(
            sb.macro_f1 - sa.macro_f1,
            &mut diffs.iter().map(|d| d.1).collect::<Vec<_>>(),
        ),
        b_better_share,
        agreement,
        mcnemar_p: mcnemar_exact(fewer, discordant),
        resamples: BOOTSTRAP_RESAMPLES,
        seed,
        labels,
    }
}

/// The differences (B minus A) in accuracy and macro-F1 on each of `resamples` bootstrap
/// resamples of the sentences, both models scored on the same resample (drawn as
/// [`crate::eval::metrics::bootstrap_intervals`] draws its own).
fn paired_resamples(
    k: usize,
    truth: &[usize],
    (a, b): (&[usize], &[usize]),
    resamples: usize,
    seed: u64,
) -> Vec<(f64, f64)> {
    let n = truth.len();
    if n == 0 {
        return Vec::new();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut ca, mut cb) = (vec![vec![0usize; k]; k], vec![vec![0usize; k]; k]);
    (0..resamples)
        .map(|_| {
            ca.iter_mut()
                .chain(cb.iter_mut())
                .for_each(|row| row.fill(0));
            for _ in 0..n {
                let i = rng.gen_range(0..n);
                ca[truth[i]][a[i]] += 1;
                cb[truth[i]][b[i]] += 1;
            }
            let ((acc_a, f1_a), (acc_b, f1_b)) =
                (accuracy_and_macro_f1(&ca), accuracy_and_macro_f1(&cb));
            (acc_b - acc_a, f1_b - f1_a)
        })
        .collect()
}

/// McNemar's exact test: the two-sided p-value of seeing `fewer` or fewer (or as many or more
/// the other way) of `discordant` sentences go to one model under an even split, the binomial
/// tail doubled and capped at 1. Summed in log space, since `0.5^n` underflows past n = 1074.
pub fn mcnemar_exact(fewer: usize, discordant: usize) -> f64 {
    if discordant == 0 {
        return 1.0;
    }
    let n = discordant as f64;
    let half = -n * std::f64::consts::LN_2;
    // ln P(X = j) for j = 0..=fewer, built up from ln C(n, 0) = 0.
    let mut log_terms = Vec::with_capacity(fewer + 1);
    let mut log_choose = 0.0;
    for j in 0..=fewer {
        if j > 0 {
            log_choose += ((discordant - j + 1) as f64).ln() - (j as f64).ln();
        }
        log_terms.push(log_choose + half);
    }
    let top = log_terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let tail = top.exp() * log_terms.iter().map(|t| (t - top).exp()).sum::<f64>();
    (2.0 * tail).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::metrics::evaluate;
    use crate::pipeline::tests::tiny;
    use crate::pipeline::TrainSettings;

    /// Two-sided exact binomial p-values at p = 0.5 from scipy 1.x
    /// (`scipy.stats.binomtest(k, n, 0.5).pvalue`), for (k, n).
    const SCIPY: [(usize, usize, f64); 7] = [
        (3, 15, 0.03515625),
        (0, 4, 0.125),
        (0, 7, 0.015625),
        (10, 30, 0.09873714670538905),
        (120, 300, 0.0006342200069283566),
        (0, 1, 1.0),
        (600, 1300, 0.0060157938610449395),
    ];

    #[test]
    fn mcnemar_matches_scipy_binomtest() {
        for (k, n, p) in SCIPY {
            let ours = mcnemar_exact(k, n);
            assert!(
                (ours - p).abs() <= 1e-12 * p.max(1e-300),
                "{k} of {n}: {ours} vs {p}"
            );
        }
        assert_eq!(mcnemar_exact(0, 0), 1.0);
        // Far past where 0.5^n underflows, the tail is still a number.
        let p = mcnemar_exact(2000, 5000);
        assert!(p > 0.0 && p < 1e-40, "{p}");
    }

    fn trained(c: f64) -> Pipeline {
        let mut s = TrainSettings::default();
        s.features.min_df = 1;
        s.model.c = c;
        Pipeline::train(&tiny(), &s.check().unwrap()).unwrap().0
    }

    #[test]
    fn a_model_against_itself_differs_by_nothing() {
        let m = trained(10.0);
        let c = compare(&m, &m, &tiny(), 7);
        assert_eq!(c.a, c.b);
        for i in [c.accuracy_difference, c.macro_f1_difference] {
            assert_eq!((i.estimate, i.lower, i.upper), (0.0, 0.0, 0.0));
        }
        assert_eq!((c.b_better_share, c.mcnemar_p), (0.0, 1.0));
        assert_eq!(c.agreement.only_a_right + c.agreement.only_b_right, 0);
    }

    #[test]
    fn the_figures_are_each_models_own_and_the_resampling_is_seeded() {
        let (a, b) = (trained(0.01), trained(10.0));
        let mut data = tiny();
        // A label neither model knows counts as wrong for both.
        data.labels[0] = "other".into();
        let c = compare(&a, &b, &data, 3);
        assert_eq!(
            c.labels,
            ["enforcement", "neutral", "other", "peacekeeping"]
        );
        assert_eq!(c.n, 12);
        let names = |m: &Pipeline| -> Vec<usize> {
            data.texts
                .iter()
                .map(|t| {
                    let l = &m.labels()[m.score_sentence(t).label];
                    c.labels.iter().position(|x| x == l).unwrap()
                })
                .collect()
        };
        let truth: Vec<usize> = data
            .labels
            .iter()
            .map(|l| c.labels.iter().position(|x| x == l).unwrap())
            .collect();
        let ea = evaluate(&c.labels, &truth, &names(&a));
        let eb = evaluate(&c.labels, &truth, &names(&b));
        assert!((c.a.macro_f1 - ea.macro_f1).abs() < 1e-12);
        assert!((c.b.accuracy - eb.accuracy).abs() < 1e-12);
        let d = c.macro_f1_difference;
        assert!((d.estimate - (eb.macro_f1 - ea.macro_f1)).abs() < 1e-12);
        assert!(d.lower <= d.upper);
        let g = c.agreement;
        assert_eq!(
            g.both_right + g.only_a_right + g.only_b_right + g.both_wrong,
            12
        );
        assert!(
            (c.b.accuracy - c.a.accuracy - (g.only_b_right as f64 - g.only_a_right as f64) / 12.0)
                .abs()
                < 1e-12
        );
        assert_eq!(compare(&a, &b, &data, 3), c);
    }
}
