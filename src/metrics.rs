//! Classification metrics: accuracy, per-class precision, recall and F1, macro and weighted
//! averages, the confusion matrix, and the majority-class baseline to read them against.
//!
//! Conventions follow scikit-learn's `classification_report`: a class never predicted has
//! precision 0, a class absent from the truth has recall 0 (and is flagged), macro averages weigh
//! every class equally, weighted averages weigh classes by support.

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
/// use stance::metrics::evaluate;
/// let labels = vec!["a".to_string(), "b".to_string()];
/// let e = evaluate(&labels, &[0, 0, 1, 1], &[0, 1, 1, 1]);
/// assert_eq!(e.accuracy, 0.75);
/// assert_eq!(e.confusion, vec![vec![1, 1], vec![0, 2]]);
/// ```
pub fn evaluate(labels: &[String], truth: &[usize], predicted: &[usize]) -> Evaluation {
    let k = labels.len();
    let n = truth.len();
    let mut confusion = vec![vec![0usize; k]; k];
    for (&t, &p) in truth.iter().zip(predicted) {
        confusion[t][p] += 1;
    }
    let correct: usize = (0..k).map(|c| confusion[c][c]).sum();
    let per_class: Vec<(String, ClassMetrics)> = (0..k)
        .map(|c| {
            let tp = confusion[c][c] as f64;
            let predicted_c: usize = (0..k).map(|t| confusion[t][c]).sum();
            let support: usize = confusion[c].iter().sum();
            let precision = ratio(tp, predicted_c as f64);
            let recall = ratio(tp, support as f64);
            let f1 = ratio(2.0 * precision * recall, precision + recall);
            (
                labels[c].clone(),
                ClassMetrics {
                    precision,
                    recall,
                    f1,
                    support,
                },
            )
        })
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
        per_class,
        macro_avg,
        weighted_avg,
        confusion,
        baseline,
        zero_support,
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["enforcement", "neutral", "peacekeeping"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// Expected figures worked out by hand from the confusion matrix; scikit-learn's
    /// `classification_report(y_true, y_pred, digits=6)` gives the same on this fixture.
    #[test]
    fn matches_scikit_learn_on_a_fixture() {
        let truth = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2];
        let pred = [0, 0, 1, 2, 1, 1, 0, 2, 2, 2, 1, 2];
        let e = evaluate(&labels(), &truth, &pred);
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        close(e.accuracy, 8.0 / 12.0);
        // enforcement: tp 2, predicted 3, support 4
        close(e.per_class[0].1.precision, 0.666667);
        close(e.per_class[0].1.recall, 0.5);
        close(e.per_class[0].1.f1, 0.571429);
        // neutral: tp 2, predicted 4, support 3
        close(e.per_class[1].1.precision, 0.5);
        close(e.per_class[1].1.recall, 0.666667);
        close(e.per_class[1].1.f1, 0.571429);
        // peacekeeping: tp 4, predicted 5, support 5
        close(e.per_class[2].1.precision, 0.8);
        close(e.per_class[2].1.recall, 0.8);
        close(e.per_class[2].1.f1, 0.8);
        close(e.macro_f1, 0.647619);
        close(e.weighted_avg.f1, 0.666667);
        close(e.macro_avg.precision, 0.655556);
        assert_eq!(
            e.confusion,
            vec![vec![2, 1, 1], vec![1, 2, 0], vec![0, 1, 4]]
        );
        assert_eq!(e.baseline.label, "peacekeeping");
        close(e.baseline.accuracy, 5.0 / 12.0);
        // F1 of the majority class when always predicted: 2 * (5/12) / (5/12 + 1) = 0.588235
        close(e.baseline.macro_f1, 0.588235 / 3.0);
        assert!(e.zero_support.is_empty());
    }

    #[test]
    fn never_predicted_and_absent_classes_score_zero() {
        let e = evaluate(&labels(), &[0, 0, 1], &[0, 0, 0]);
        assert_eq!(e.per_class[1].1.precision, 0.0);
        assert_eq!(e.per_class[1].1.f1, 0.0);
        assert_eq!(e.zero_support, ["peacekeeping"]);
        assert!(e.macro_f1.is_finite());
    }

    #[test]
    fn empty_input_is_all_zero() {
        let e = evaluate(&labels(), &[], &[]);
        assert_eq!(e.n, 0);
        assert_eq!(e.accuracy, 0.0);
    }
}
