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

/// The probability fixture: 16 sentences, three labels, each with the model's probabilities;
/// the predicted label is the most probable one. Includes confidences on bin edges (0.5, 0.7,
/// 0.8, 0.9) and a tie in the scores.
fn probability_fixture() -> (Vec<usize>, Vec<Vec<f64>>) {
    let truth = vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1];
    let p = [
        [0.70, 0.20, 0.10],
        [0.55, 0.15, 0.30],
        [0.40, 0.45, 0.15],
        [0.20, 0.30, 0.50],
        [0.90, 0.05, 0.05],
        [0.10, 0.80, 0.10],
        [0.35, 0.40, 0.25],
        [0.20, 0.30, 0.50],
        [0.25, 0.50, 0.25],
        [0.05, 0.15, 0.80],
        [0.30, 0.20, 0.50],
        [0.15, 0.70, 0.15],
        [0.20, 0.10, 0.70],
        [0.33, 0.33, 0.34],
        [0.10, 0.25, 0.65],
        [0.45, 0.35, 0.20],
    ];
    (truth, p.iter().map(|r| r.to_vec()).collect())
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} vs {b}");
}

/// Every expected number below was computed by scikit-learn 1.9.1 on this fixture, with the
/// function named beside it (`y` = truth, `P` = probabilities, `pred = P.argmax(1)`).
#[test]
fn label_and_probability_metrics_match_scikit_learn() {
    let (truth, probs) = probability_fixture();
    let predicted: Vec<usize> = probs.iter().map(|p| crate::model::argmax(p)).collect();
    assert_eq!(predicted, [0, 0, 1, 2, 0, 1, 1, 2, 1, 2, 2, 1, 2, 2, 2, 0]);
    let e = evaluate(&labels(), &truth, &predicted);
    close(e.accuracy, 0.6875); // accuracy_score(y, pred)
    close(e.macro_f1, 0.6786324786324786); // f1_score(y, pred, average="macro")
    close(e.kappa, 0.5266272189349113); // cohen_kappa_score(y, pred)
    close(e.mcc, 0.5297994485700921); // matthews_corrcoef(y, pred)

    let m = probability_metrics(&truth, &probs);
    // roc_auc_score(y == c, P[:, c]) for c = 0, 1, 2
    let auc = [0.8727272727272728, 0.8454545454545455, 0.8416666666666667];
    // average_precision_score(y == c, P[:, c])
    let ap = [0.8433333333333333, 0.6977777777777778, 0.8070818070818071];
    for c in 0..3 {
        close(m.roc_auc[c].unwrap(), auc[c]);
        close(m.average_precision[c].unwrap(), ap[c]);
    }
    // roc_auc_score(y, P, multi_class="ovr", average="macro")
    close(m.macro_roc_auc.unwrap(), 0.8532828282828283);
    close(m.log_loss, 0.771978483462282); // log_loss(y, P, labels=[0, 1, 2])
                                          // ECE from calibration_curve(pred == y, P.max(1), n_bins=10, strategy="uniform"):
                                          // sum over non-empty bins of count/16 * |prob_true - prob_pred|.
    close(m.ece, 0.21000000000000005);
    let counts: Vec<usize> = m.reliability.iter().map(|b| b.count).collect();
    // np.bincount(np.searchsorted(np.linspace(0, 1, 11)[1:-1], P.max(1)), minlength=10)
    assert_eq!(counts, [0, 0, 0, 2, 6, 1, 4, 2, 1, 0]);
    let non_empty: Vec<&ReliabilityBin> = m.reliability.iter().filter(|b| b.count > 0).collect();
    // calibration_curve's prob_true and prob_pred
    let prob_true = [1.0, 1.0 / 3.0, 1.0, 0.75, 1.0, 1.0];
    let prob_pred = [0.37, 0.4833333333333334, 0.55, 0.6874999999999999, 0.8, 0.9];
    for (b, (t, p)) in non_empty.iter().zip(prob_true.iter().zip(prob_pred)) {
        close(b.accuracy, *t);
        assert!((b.mean_confidence - p).abs() < 1e-12, "{b:?}");
    }
}

/// `precision_recall_curve(y == 2, P[:, 2])` gives, from its lowest threshold up, these
/// thresholds, precisions and recalls (the final (1, 0) point has no threshold).
#[test]
fn precision_recall_curve_matches_scikit_learn() {
    let (truth, probs) = probability_fixture();
    let (positive, scores) = one_vs_rest(&truth, &probs, 2);
    let curve = precision_recall_curve(&positive, &scores);
    let thresholds = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.34, 0.5, 0.65, 0.7, 0.8];
    let precision = [
        0.375,
        0.4,
        0.46153846153846156,
        0.45454545454545453,
        0.5,
        0.625,
        0.7142857142857143,
        0.6666666666666666,
        1.0,
        1.0,
        1.0,
    ];
    let recall = [
        1.0,
        1.0,
        1.0,
        0.8333333333333334,
        0.8333333333333334,
        0.8333333333333334,
        0.8333333333333334,
        0.6666666666666666,
        0.5,
        0.3333333333333333,
        0.16666666666666666,
    ];
    assert_eq!(curve.len(), thresholds.len());
    for (i, point) in curve.iter().rev().enumerate() {
        close(point.threshold, thresholds[i]);
        close(point.precision, precision[i]);
        close(point.recall, recall[i]);
    }
}

#[test]
fn ties_clipping_and_undefined_cases() {
    // roc_auc_score and average_precision_score([1, 0, 1, 0, 1], [.5, .5, .9, .1, .5])
    let positive = [true, false, true, false, true];
    let scores = [0.5, 0.5, 0.9, 0.1, 0.5];
    close(roc_auc(&positive, &scores).unwrap(), 0.8333333333333333);
    close(
        average_precision(&positive, &scores).unwrap(),
        0.8333333333333333,
    );
    // log_loss([0, 1], [[0, 1], [.2, .8]], labels=[0, 1]): the 0 is clipped to float eps.
    close(
        log_loss(&[0, 1], &[vec![0.0, 1.0], vec![0.2, 0.8]]),
        18.13339847021568,
    );
    let m = probability_metrics(&[0, 0], &[vec![0.9, 0.1], vec![0.6, 0.4]]);
    assert_eq!(m.roc_auc, vec![None, None]);
    assert_eq!(m.macro_roc_auc, None);
    assert_eq!(m.average_precision[1], None);
    let e = evaluate(&labels(), &[1, 1, 1], &[1, 1, 1]);
    assert_eq!((e.kappa, e.mcc), (0.0, 0.0));
}

/// The bootstrap's resampled statistic is checked against scikit-learn on the first resample
/// its generator draws; the percentiles against numpy; the interval against its definition.
#[test]
fn bootstrap_is_seeded_and_brackets_the_estimate() {
    let (truth, probs) = probability_fixture();
    let predicted: Vec<usize> = probs.iter().map(|p| crate::model::argmax(p)).collect();
    let ci = bootstrap_intervals(3, &truth, &predicted, BOOTSTRAP_RESAMPLES, 42);
    assert_eq!(ci.resamples, 1000);
    close(ci.accuracy.estimate, 0.6875);
    close(ci.macro_f1.estimate, 0.6786324786324786);
    for i in [ci.accuracy, ci.macro_f1] {
        assert!(i.lower < i.estimate && i.estimate < i.upper, "{i:?}");
        assert!(i.lower >= 0.0 && i.upper <= 1.0);
    }
    // With 16 sentences the 95% interval of accuracy spans roughly +-1.96 * sqrt(p(1-p)/n)
    // = +-0.23 around 0.69.
    let width = ci.accuracy.upper - ci.accuracy.lower;
    assert!((0.3..0.6).contains(&width), "{width}");
    assert_eq!(
        ci,
        bootstrap_intervals(3, &truth, &predicted, BOOTSTRAP_RESAMPLES, 42)
    );
    assert_ne!(
        ci,
        bootstrap_intervals(3, &truth, &predicted, BOOTSTRAP_RESAMPLES, 43)
    );
    // Seed 42's first resample draws indices [15, 10, 2, 12, 8, 14, 15, 9, 9, 7, 1, 2, 5,
    // 11, 1, 4]; on them accuracy_score(y[idx], pred[idx]) = 0.625 and
    // f1_score(y[idx], pred[idx], average="macro", labels=[0, 1, 2]) = 0.6111111111111112.
    let (acc, f1) = resampled_statistics(3, &truth, &predicted, 1, 42);
    close(acc[0], 0.625);
    close(f1[0], 0.6111111111111112);
    // numpy.percentile([3, 1, 4, 1, 5, 9, 2, 6], [2.5, 97.5])
    let mut v = vec![3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
    v.sort_by(f64::total_cmp);
    close(percentile(&v, 0.025).unwrap(), 1.0);
    close(percentile(&v, 0.975).unwrap(), 8.475);
    assert_eq!(percentile(&[], 0.5), None);
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
