//! Classification metrics.
//!
//! From labels alone ([`evaluate`]): accuracy, per-class precision, recall and F1, macro and
//! weighted averages, Cohen's kappa, Matthews correlation, the confusion matrix, and the
//! majority-class baseline to read them against. From probabilities ([`probability_metrics`]):
//! one-vs-rest ROC-AUC and average precision per class, log-loss, and calibration (a reliability
//! table and the expected calibration error). From resampling ([`bootstrap_intervals`]): seeded
//! 95% percentile-bootstrap intervals for accuracy and macro-F1.
//!
//! Conventions follow scikit-learn, and the unit tests hold every figure to the number
//! scikit-learn gives on the same fixture: a class never predicted has precision 0, a class absent
//! from the truth has recall 0 (and is flagged), macro averages weigh every class equally,
//! weighted averages weigh classes by support.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// Precision, recall, F1 and support of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassMetrics {
    /// Share of sentences predicted as this class that truly are.
    pub precision: f64,
    /// Share of sentences of this class that were predicted as it.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Number of sentences of this class in the truth.
    pub support: usize,
}

/// Averages of precision, recall and F1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Averages {
    /// Mean precision.
    pub precision: f64,
    /// Mean recall.
    pub recall: f64,
    /// Mean F1.
    pub f1: f64,
}

/// The always-predict-the-most-frequent-class baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// The most frequent true label.
    pub label: String,
    /// Its accuracy.
    pub accuracy: f64,
    /// Its macro-F1.
    pub macro_f1: f64,
}

/// Everything `evaluate` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Number of sentences.
    pub n: usize,
    /// Label names, in the order of `confusion`'s rows and columns.
    pub labels: Vec<String>,
    /// Share of sentences labelled correctly.
    pub accuracy: f64,
    /// Unweighted mean of the per-class F1.
    pub macro_f1: f64,
    /// Cohen's kappa: agreement with the truth beyond what the two label distributions would give
    /// by chance (1 = perfect, 0 = chance level).
    pub kappa: f64,
    /// Matthews correlation coefficient, multiclass form (1 = perfect, 0 = no better than chance);
    /// 0 when undefined (one side holds a single label).
    pub mcc: f64,
    /// Per-class figures, in label order.
    pub per_class: Vec<(String, ClassMetrics)>,
    /// Unweighted means over classes.
    pub macro_avg: Averages,
    /// Means weighted by support.
    pub weighted_avg: Averages,
    /// `confusion[t][p]`: sentences of true label `t` predicted as `p`.
    pub confusion: Vec<Vec<usize>>,
    /// The majority-class baseline.
    pub baseline: Baseline,
    /// Labels with no sentence in the truth (their recall is undefined and reported as 0).
    pub zero_support: Vec<String>,
}

/// Computes every metric from true and predicted label indices into `labels`.
///
/// ```
/// use stance::eval::metrics::evaluate;
/// let labels = vec!["a".to_string(), "b".to_string()];
/// let e = evaluate(&labels, &[0, 0, 1, 1], &[0, 1, 1, 1]);
/// assert_eq!(e.accuracy, 0.75);
/// assert_eq!(e.confusion, vec![vec![1, 1], vec![0, 2]]);
/// ```
pub fn evaluate(labels: &[String], truth: &[usize], predicted: &[usize]) -> Evaluation {
    let k = labels.len();
    let n = truth.len();
    let confusion = confusion_matrix(k, truth, predicted);
    let correct: usize = (0..k).map(|c| confusion[c][c]).sum();
    let per_class: Vec<(String, ClassMetrics)> = (0..k)
        .map(|c| (labels[c].clone(), class_metrics(&confusion, c)))
        .collect();
    let mean = |f: &dyn Fn(&ClassMetrics) -> f64| {
        per_class.iter().map(|(_, m)| f(m)).sum::<f64>() / k.max(1) as f64
    };
    let weighted = |f: &dyn Fn(&ClassMetrics) -> f64| {
        ratio(
            per_class
                .iter()
                .map(|(_, m)| f(m) * m.support as f64)
                .sum::<f64>(),
            n as f64,
        )
    };
    let macro_avg = Averages {
        precision: mean(&|m| m.precision),
        recall: mean(&|m| m.recall),
        f1: mean(&|m| m.f1),
    };
    let weighted_avg = Averages {
        precision: weighted(&|m| m.precision),
        recall: weighted(&|m| m.recall),
        f1: weighted(&|m| m.f1),
    };
    let majority = (0..k)
        .max_by(|&a, &b| {
            per_class[a]
                .1
                .support
                .cmp(&per_class[b].1.support)
                .then(b.cmp(&a))
        })
        .unwrap_or(0);
    let baseline = if k == 0 {
        Baseline {
            label: String::new(),
            accuracy: 0.0,
            macro_f1: 0.0,
        }
    } else {
        let acc = ratio(per_class[majority].1.support as f64, n as f64);
        // The baseline's only non-zero F1 is the majority class's: precision = acc, recall = 1.
        let f1 = ratio(2.0 * acc, acc + 1.0);
        Baseline {
            label: labels[majority].clone(),
            accuracy: acc,
            macro_f1: f1 / k as f64,
        }
    };
    let zero_support = per_class
        .iter()
        .filter(|(_, m)| m.support == 0)
        .map(|(l, _)| l.clone())
        .collect();
    Evaluation {
        n,
        labels: labels.to_vec(),
        accuracy: ratio(correct as f64, n as f64),
        macro_f1: macro_avg.f1,
        kappa: cohen_kappa(&confusion),
        mcc: matthews(&confusion),
        per_class,
        macro_avg,
        weighted_avg,
        confusion,
        baseline,
        zero_support,
    }
}

/// `confusion[t][p]`: how many sentences of true label `t` were predicted as `p`.
pub(crate) fn confusion_matrix(k: usize, truth: &[usize], predicted: &[usize]) -> Vec<Vec<usize>> {
    let mut confusion = vec![vec![0usize; k]; k];
    for (&t, &p) in truth.iter().zip(predicted) {
        confusion[t][p] += 1;
    }
    confusion
}

/// Precision, recall, F1 and support of class `c` from a confusion matrix (rows: truth).
fn class_metrics(confusion: &[Vec<usize>], c: usize) -> ClassMetrics {
    let tp = confusion[c][c] as f64;
    let predicted_c: usize = confusion.iter().map(|row| row[c]).sum();
    let support: usize = confusion[c].iter().sum();
    let precision = ratio(tp, predicted_c as f64);
    let recall = ratio(tp, support as f64);
    ClassMetrics {
        precision,
        recall,
        f1: ratio(2.0 * precision * recall, precision + recall),
        support,
    }
}

/// Row sums (true counts), column sums (predicted counts), the diagonal sum and the total of a
/// confusion matrix, as floats.
fn margins(confusion: &[Vec<usize>]) -> (Vec<f64>, Vec<f64>, f64, f64) {
    let k = confusion.len();
    let truth: Vec<f64> = confusion
        .iter()
        .map(|row| row.iter().sum::<usize>() as f64)
        .collect();
    let predicted: Vec<f64> = (0..k)
        .map(|c| confusion.iter().map(|row| row[c]).sum::<usize>() as f64)
        .collect();
    let correct = (0..k).map(|c| confusion[c][c] as f64).sum();
    let n = truth.iter().sum();
    (truth, predicted, correct, n)
}

/// Cohen's kappa `(p_o - p_e) / (1 - p_e)` from a confusion matrix, where `p_o` is the observed
/// agreement and `p_e` the agreement expected from the two marginal distributions; 0 when `p_e` is
/// 1 (both sides constant), as a perfect score there would claim skill that was not shown.
///
/// ```
/// use stance::eval::metrics::cohen_kappa;
/// assert_eq!(cohen_kappa(&[vec![5, 0], vec![0, 5]]), 1.0);
/// assert_eq!(cohen_kappa(&[vec![5, 5], vec![5, 5]]), 0.0);
/// ```
pub fn cohen_kappa(confusion: &[Vec<usize>]) -> f64 {
    let (truth, predicted, correct, n) = margins(confusion);
    if n == 0.0 {
        return 0.0;
    }
    let observed = correct / n;
    let expected: f64 = truth
        .iter()
        .zip(&predicted)
        .map(|(t, p)| t * p)
        .sum::<f64>()
        / (n * n);
    ratio(observed - expected, 1.0 - expected)
}

/// Matthews correlation coefficient in its multiclass form (Gorodkin's R_K):
/// `(c*s - sum p_k t_k) / sqrt((s^2 - sum p_k^2) (s^2 - sum t_k^2))` with `c` correct, `s` total,
/// `t_k` true and `p_k` predicted counts of class `k`; 0 when the denominator is 0.
///
/// ```
/// use stance::eval::metrics::matthews;
/// assert_eq!(matthews(&[vec![3, 0], vec![0, 2]]), 1.0);
/// assert_eq!(matthews(&[vec![0, 3], vec![2, 0]]), -1.0);
/// ```
pub fn matthews(confusion: &[Vec<usize>]) -> f64 {
    let (truth, predicted, correct, n) = margins(confusion);
    let dot: f64 = truth.iter().zip(&predicted).map(|(t, p)| t * p).sum();
    let sq = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>();
    let denominator = ((n * n - sq(&predicted)) * (n * n - sq(&truth))).sqrt();
    ratio(correct * n - dot, denominator)
}

/// Number of equal-width bins, over the top-class probability, of the reliability table and the
/// expected calibration error.
pub const CALIBRATION_BINS: usize = 10;

/// One bin of the reliability table: the sentences whose top-class probability (the model's
/// confidence in its own prediction) falls in `(lower, upper]` (the first bin also takes 0).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReliabilityBin {
    /// Lower edge (exclusive, except for the first bin).
    pub lower: f64,
    /// Upper edge (inclusive).
    pub upper: f64,
    /// Sentences in the bin.
    pub count: usize,
    /// Their mean top-class probability (0 when the bin is empty).
    pub mean_confidence: f64,
    /// The share of them predicted correctly (0 when the bin is empty).
    pub accuracy: f64,
}

/// One point of a precision-recall curve: predicting the class for every sentence whose
/// probability of it is at least `threshold` gives this precision and recall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrPoint {
    /// The probability threshold.
    pub threshold: f64,
    /// Precision at the threshold.
    pub precision: f64,
    /// Recall at the threshold.
    pub recall: f64,
}

/// Metrics that need the predicted probabilities, not only the predicted labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbabilityMetrics {
    /// One-vs-rest ROC-AUC of each class (its probability ranking its sentences above the rest),
    /// in label order; `None` when the class has no sentence or every sentence has it.
    pub roc_auc: Vec<Option<f64>>,
    /// Unweighted mean of the defined per-class ROC-AUCs.
    pub macro_roc_auc: Option<f64>,
    /// One-vs-rest average precision of each class (the area under its precision-recall curve,
    /// as a step function), in label order; `None` when the class has no sentence.
    pub average_precision: Vec<Option<f64>>,
    /// Mean negative natural log of the probability given to the true label, each probability
    /// clipped to `[eps, 1 - eps]` with `eps` = `f64::EPSILON` so that a confident mistake costs
    /// about 36 rather than infinity.
    pub log_loss: f64,
    /// Expected calibration error: over [`CALIBRATION_BINS`] equal-width bins of the top-class
    /// probability, the mean of `|accuracy - mean confidence|` weighted by the bin's share of
    /// sentences.
    pub ece: f64,
    /// The bins behind `ece`, for a reliability diagram.
    pub reliability: Vec<ReliabilityBin>,
}

/// Computes every probability metric from true label indices and one probability vector per
/// sentence (indexed by label; the predicted label is the most probable one).
///
/// ```
/// use stance::eval::metrics::probability_metrics;
/// let m = probability_metrics(&[0, 1], &[vec![0.8, 0.2], vec![0.3, 0.7]]);
/// assert_eq!(m.roc_auc, vec![Some(1.0), Some(1.0)]);
/// assert!((m.log_loss - (-(0.8f64.ln() + 0.7f64.ln()) / 2.0)).abs() < 1e-12);
/// ```
pub fn probability_metrics(truth: &[usize], probabilities: &[Vec<f64>]) -> ProbabilityMetrics {
    let k = probabilities.first().map_or(0, Vec::len);
    let mut roc_auc = Vec::with_capacity(k);
    let mut average_precision_ = Vec::with_capacity(k);
    for c in 0..k {
        let (positive, scores) = one_vs_rest(truth, probabilities, c);
        roc_auc.push(self::roc_auc(&positive, &scores));
        average_precision_.push(average_precision(&positive, &scores));
    }
    let defined: Vec<f64> = roc_auc.iter().flatten().copied().collect();
    let macro_roc_auc =
        (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64);
    let (reliability, ece) = calibration(truth, probabilities);
    ProbabilityMetrics {
        roc_auc,
        macro_roc_auc,
        average_precision: average_precision_,
        log_loss: log_loss(truth, probabilities),
        ece,
        reliability,
    }
}

/// Which sentences have class `c`, and each sentence's probability of it.
pub fn one_vs_rest(truth: &[usize], probabilities: &[Vec<f64>], c: usize) -> (Vec<bool>, Vec<f64>) {
    (
        truth.iter().map(|&t| t == c).collect(),
        probabilities.iter().map(|p| p[c]).collect(),
    )
}

/// Area under the ROC curve of `scores` for the `positive` sentences: the probability that a
/// random positive scores above a random negative, ties counting half (the Mann-Whitney
/// statistic, which equals the trapezoidal area scikit-learn computes). `None` without both a
/// positive and a negative.
///
/// ```
/// use stance::eval::metrics::roc_auc;
/// assert_eq!(roc_auc(&[true, false, true], &[0.9, 0.2, 0.2]), Some(0.75));
/// assert_eq!(roc_auc(&[true, true], &[0.9, 0.2]), None);
/// ```
pub fn roc_auc(positive: &[bool], scores: &[f64]) -> Option<f64> {
    let n_pos = positive.iter().filter(|&&p| p).count() as f64;
    let n_neg = positive.len() as f64 - n_pos;
    if n_pos == 0.0 || n_neg == 0.0 {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    // Sum of the positives' 1-based ranks, tied scores sharing their mean rank.
    let mut rank_sum = 0.0;
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && scores[order[end]] == scores[order[start]] {
            end += 1;
        }
        let mean_rank = (start + end + 1) as f64 / 2.0;
        let positives = order[start..end].iter().filter(|&&i| positive[i]).count();
        rank_sum += mean_rank * positives as f64;
        start = end;
    }
    Some((rank_sum - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg))
}

/// The precision-recall curve of `scores` for the `positive` sentences, one point per distinct
/// score from the highest down (as scikit-learn's `precision_recall_curve`, read backwards), so
/// recall rises along the returned points. Empty without a positive.
pub fn precision_recall_curve(positive: &[bool], scores: &[f64]) -> Vec<PrPoint> {
    let n_pos = positive.iter().filter(|&&p| p).count();
    if n_pos == 0 {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut points = Vec::new();
    let (mut tp, mut seen) = (0usize, 0usize);
    for (i, &j) in order.iter().enumerate() {
        seen += 1;
        tp += usize::from(positive[j]);
        // A threshold only exists between distinct scores: emit after the last of a tie.
        if order
            .get(i + 1)
            .is_none_or(|&next| scores[next] != scores[j])
        {
            points.push(PrPoint {
                threshold: scores[j],
                precision: tp as f64 / seen as f64,
                recall: tp as f64 / n_pos as f64,
            });
        }
    }
    points
}

/// Average precision: `sum_n (R_n - R_{n-1}) P_n` over the precision-recall curve's points (no
/// interpolation, as scikit-learn's `average_precision_score`). `None` without a positive.
///
/// ```
/// use stance::eval::metrics::average_precision;
/// assert_eq!(average_precision(&[true, false, true], &[0.9, 0.5, 0.1]), Some((1.0 + 2.0 / 3.0) / 2.0));
/// ```
pub fn average_precision(positive: &[bool], scores: &[f64]) -> Option<f64> {
    let curve = precision_recall_curve(positive, scores);
    if curve.is_empty() {
        return None;
    }
    let mut previous_recall = 0.0;
    let mut sum = 0.0;
    for p in &curve {
        sum += (p.recall - previous_recall) * p.precision;
        previous_recall = p.recall;
    }
    Some(sum)
}

/// Mean negative log-probability of the true label; see [`ProbabilityMetrics::log_loss`] for the
/// clipping. 0 for no sentences.
pub fn log_loss(truth: &[usize], probabilities: &[Vec<f64>]) -> f64 {
    let eps = f64::EPSILON;
    let total: f64 = truth
        .iter()
        .zip(probabilities)
        .map(|(&t, p)| -p[t].clamp(eps, 1.0 - eps).ln())
        .sum();
    ratio(total, truth.len() as f64)
}

/// The reliability table and the expected calibration error (see [`ProbabilityMetrics::ece`]).
///
/// Bin `b` holds top-class probabilities in `(b/10, (b+1)/10]`, the edges computed as `b * 0.1`
/// so that a probability on an edge falls where scikit-learn's `calibration_curve` puts it.
pub fn calibration(truth: &[usize], probabilities: &[Vec<f64>]) -> (Vec<ReliabilityBin>, f64) {
    let width = 1.0 / CALIBRATION_BINS as f64;
    let edge = |b: usize| b as f64 * width;
    let mut count = [0usize; CALIBRATION_BINS];
    let mut confidence = [0f64; CALIBRATION_BINS];
    let mut correct = [0usize; CALIBRATION_BINS];
    for (&t, p) in truth.iter().zip(probabilities) {
        let predicted = crate::model::argmax(p);
        let top = p[predicted];
        let b = (1..CALIBRATION_BINS).filter(|&e| edge(e) < top).count();
        count[b] += 1;
        confidence[b] += top;
        correct[b] += usize::from(predicted == t);
    }
    let n = truth.len() as f64;
    let mut ece = 0.0;
    let bins = (0..CALIBRATION_BINS)
        .map(|b| {
            let mean_confidence = ratio(confidence[b], count[b] as f64);
            let accuracy = ratio(correct[b] as f64, count[b] as f64);
            ece += ratio(count[b] as f64, n) * (accuracy - mean_confidence).abs();
            ReliabilityBin {
                lower: edge(b),
                upper: if b + 1 == CALIBRATION_BINS {
                    1.0
                } else {
                    edge(b + 1)
                },
                count: count[b],
                mean_confidence,
                accuracy,
            }
        })
        .collect();
    (bins, ece)
}

/// A point estimate with a confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// The figure on the data itself.
    pub estimate: f64,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// Percentile-bootstrap confidence intervals for accuracy and macro-F1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BootstrapIntervals {
    /// Coverage, e.g. 0.95.
    pub level: f64,
    /// Number of resamples.
    pub resamples: usize,
    /// Seed of the ChaCha8 generator that drew them.
    pub seed: u64,
    /// Accuracy.
    pub accuracy: Interval,
    /// Macro-F1.
    pub macro_f1: Interval,
}

/// Resamples used for bootstrap intervals unless told otherwise: enough for stable 2.5% and 97.5%
/// percentiles (25 resamples lie beyond each), few enough to take milliseconds.
pub const BOOTSTRAP_RESAMPLES: usize = 1000;

/// 95% percentile-bootstrap intervals for accuracy and macro-F1: `resamples` times, draw
/// `truth.len()` sentences with replacement (ChaCha8 seeded with `seed`, so the interval is
/// reproducible), compute both metrics on the draw, and take the 2.5th and 97.5th percentiles
/// (linear interpolation between order statistics, as numpy's default). `k` is the number of
/// labels.
///
/// ```
/// use stance::eval::metrics::bootstrap_intervals;
/// let truth = [0, 0, 1, 1, 0, 1, 0, 1];
/// let predicted = [0, 1, 1, 1, 0, 1, 0, 0];
/// let ci = bootstrap_intervals(2, &truth, &predicted, 500, 7);
/// assert!(ci.accuracy.lower <= 0.75 && 0.75 <= ci.accuracy.upper);
/// assert_eq!(ci, bootstrap_intervals(2, &truth, &predicted, 500, 7));
/// ```
pub fn bootstrap_intervals(
    k: usize,
    truth: &[usize],
    predicted: &[usize],
    resamples: usize,
    seed: u64,
) -> BootstrapIntervals {
    let (mut accuracy, mut macro_f1) = resampled_statistics(k, truth, predicted, resamples, seed);
    let (acc, f1) = accuracy_and_macro_f1(&confusion_matrix(k, truth, predicted));
    BootstrapIntervals {
        level: 0.95,
        resamples,
        seed,
        accuracy: percentile_interval(acc, &mut accuracy),
        macro_f1: percentile_interval(f1, &mut macro_f1),
    }
}

/// `estimate` with the 2.5th and 97.5th percentiles of its bootstrap `values` (sorted here) as
/// the 95% interval; the estimate alone when there are no values.
pub(crate) fn percentile_interval(estimate: f64, values: &mut [f64]) -> Interval {
    values.sort_by(f64::total_cmp);
    Interval {
        estimate,
        lower: percentile(values, 0.025).unwrap_or(estimate),
        upper: percentile(values, 0.975).unwrap_or(estimate),
    }
}

/// Accuracy and macro-F1 of each bootstrap resample, in the order drawn.
fn resampled_statistics(
    k: usize,
    truth: &[usize],
    predicted: &[usize],
    resamples: usize,
    seed: u64,
) -> (Vec<f64>, Vec<f64>) {
    let n = truth.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut accuracy = Vec::with_capacity(resamples);
    let mut macro_f1 = Vec::with_capacity(resamples);
    let mut confusion = vec![vec![0usize; k]; k];
    if n == 0 {
        return (accuracy, macro_f1);
    }
    for _ in 0..resamples {
        confusion.iter_mut().for_each(|row| row.fill(0));
        for _ in 0..n {
            let i = rng.gen_range(0..n);
            confusion[truth[i]][predicted[i]] += 1;
        }
        let (acc, f1) = accuracy_and_macro_f1(&confusion);
        accuracy.push(acc);
        macro_f1.push(f1);
    }
    (accuracy, macro_f1)
}

/// Accuracy and macro-F1 of a confusion matrix.
pub(crate) fn accuracy_and_macro_f1(confusion: &[Vec<usize>]) -> (f64, f64) {
    let k = confusion.len();
    let (_, _, correct, n) = margins(confusion);
    let f1: f64 = (0..k).map(|c| class_metrics(confusion, c).f1).sum();
    (ratio(correct, n), ratio(f1, k as f64))
}

/// The `q`-quantile (0..=1) of sorted values, interpolating linearly between the two nearest
/// order statistics (numpy's default). `None` for no values.
///
/// ```
/// use stance::eval::metrics::percentile;
/// assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
/// ```
pub fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let position = q.clamp(0.0, 1.0) * last as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(last);
    let fraction = position - below as f64;
    Some(sorted[below] + (sorted[above] - sorted[below]) * fraction)
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests;
