//! The estimators against QuaPy 0.2.3 on the fixture of /work/refs/REFERENCES.md ("Quantification"),
//! labels 0 = enforcement, 1 = neutral, 2 = peacekeeping.
//!
//! QuaPy was called with a fixed-posterior classifier (`predict_proba(X) = X`) and
//! `fit_classifier=False, val_split=None`, so its adjustment matrices come from exactly these 30
//! calibration items:
//!
//! ```text
//! CC(clf, fit_classifier=False).fit(CAL_P, CAL_Y).predict(TEST_P)
//! PCC(clf, fit_classifier=False, val_split=None).fit(CAL_P, CAL_Y).predict(TEST_P)
//! ACC(clf, fit_classifier=False, val_split=None, solver='exact-cc', norm='clip').fit(...).predict(TEST_P)
//! PACC(clf, fit_classifier=False, val_split=None, solver='exact-cc', norm='clip').fit(...).predict(TEST_P)
//! EMQ(clf, fit_classifier=False).fit(CAL_P, CAL_Y).predict(TEST_P)    # EMQ.EM(tr_prev, TEST_P)
//! ```
//!
//! QuaPy's default solver (`'minimize'`, SLSQP) is only about 1e-6 accurate, so its digits are
//! compared with a 1e-5 tolerance; the exact solvers and EMQ (whose stopping rule is copied) are
//! compared to 1e-12.

use super::estimators::*;

const CAL_Y: [usize; 30] = [
    0, 0, 1, 1, 2, 1, 2, 1, 1, 1, 0, 0, 2, 0, 2, 2, 2, 1, 0, 2, 0, 0, 0, 0, 0, 2, 0, 1, 1, 1,
];
const CAL_P: [[f64; 3]; 30] = [
    [0.689, 0.132, 0.179],
    [0.716, 0.273, 0.011],
    [0.079, 0.813, 0.108],
    [0.213, 0.780, 0.007],
    [0.153, 0.042, 0.805],
    [0.076, 0.704, 0.220],
    [0.218, 0.552, 0.230],
    [0.012, 0.447, 0.541],
    [0.178, 0.816, 0.006],
    [0.115, 0.793, 0.092],
    [0.568, 0.377, 0.055],
    [0.840, 0.153, 0.007],
    [0.120, 0.409, 0.471],
    [0.873, 0.034, 0.093],
    [0.239, 0.137, 0.624],
    [0.438, 0.139, 0.423],
    [0.177, 0.130, 0.693],
    [0.096, 0.612, 0.292],
    [0.526, 0.046, 0.428],
    [0.113, 0.257, 0.630],
    [0.696, 0.022, 0.282],
    [0.545, 0.163, 0.292],
    [0.705, 0.104, 0.191],
    [0.679, 0.011, 0.310],
    [0.413, 0.159, 0.428],
    [0.182, 0.199, 0.619],
    [0.828, 0.049, 0.123],
    [0.179, 0.737, 0.084],
    [0.432, 0.368, 0.200],
    [0.180, 0.736, 0.084],
];
const TEST_P: [[f64; 3]; 20] = [
    [0.681, 0.276, 0.043],
    [0.051, 0.899, 0.050],
    [0.026, 0.504, 0.470],
    [0.742, 0.113, 0.145],
    [0.229, 0.260, 0.511],
    [0.323, 0.094, 0.583],
    [0.418, 0.233, 0.349],
    [0.122, 0.429, 0.449],
    [0.208, 0.779, 0.013],
    [0.649, 0.062, 0.289],
    [0.043, 0.110, 0.847],
    [0.373, 0.044, 0.583],
    [0.456, 0.266, 0.278],
    [0.112, 0.084, 0.804],
    [0.255, 0.118, 0.627],
    [0.106, 0.352, 0.542],
    [0.783, 0.004, 0.213],
    [0.134, 0.195, 0.671],
    [0.018, 0.333, 0.649],
    [0.084, 0.507, 0.409],
];
const TEST_OUT_P: [[f64; 3]; 8] = [
    [0.020, 0.060, 0.920],
    [0.010, 0.040, 0.950],
    [0.030, 0.070, 0.900],
    [0.020, 0.030, 0.950],
    [0.050, 0.100, 0.850],
    [0.040, 0.080, 0.880],
    [0.100, 0.700, 0.200],
    [0.050, 0.900, 0.050],
];
const SING_CAL_Y: [usize; 6] = [0, 0, 1, 1, 2, 2];
const SING_CAL_P: [[f64; 3]; 6] = [
    [0.700, 0.200, 0.100],
    [0.600, 0.100, 0.300],
    [0.500, 0.400, 0.100],
    [0.200, 0.300, 0.500],
    [0.100, 0.200, 0.700],
    [0.300, 0.100, 0.600],
];
const SING_TEST_P: [[f64; 3]; 4] = [
    [0.800, 0.100, 0.100],
    [0.600, 0.300, 0.100],
    [0.200, 0.300, 0.500],
    [0.100, 0.100, 0.800],
];

fn argmax(p: &[f64; 3]) -> usize {
    (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap()
}

struct Fitted {
    acc: Vec<Vec<f64>>,
    pacc: Vec<Vec<f64>>,
    prevalence: Vec<f64>,
}

fn fit(y: &[usize], p: &[[f64; 3]]) -> Fitted {
    let mut confusion = vec![vec![0.0; 3]; 3];
    let mut sums = vec![vec![0.0; 3]; 3];
    let mut n = [0.0; 3];
    for (&t, row) in y.iter().zip(p) {
        confusion[t][argmax(row)] += 1.0;
        n[t] += 1.0;
        for i in 0..3 {
            sums[t][i] += row[i];
        }
    }
    let means: Vec<Option<Vec<f64>>> = (0..3)
        .map(|j| (n[j] > 0.0).then(|| sums[j].iter().map(|s| s / n[j]).collect()))
        .collect();
    Fitted {
        acc: acc_matrix(&confusion),
        pacc: pacc_matrix(&means),
        prevalence: n.iter().map(|c| c / y.len() as f64).collect(),
    }
}

fn counts(p: &[[f64; 3]]) -> Vec<f64> {
    let mut c = vec![0.0; 3];
    p.iter().for_each(|r| c[argmax(r)] += 1.0);
    c
}

fn sums(p: &[[f64; 3]]) -> Vec<f64> {
    (0..3).map(|i| p.iter().map(|r| r[i]).sum()).collect()
}

fn flat(p: &[[f64; 3]]) -> Vec<f64> {
    p.iter().flatten().copied().collect()
}

fn close(got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert!(
            (g - w).abs() <= tol,
            "got {got:?}, want {want:?} (tolerance {tol})"
        );
    }
}

#[test]
fn matrices_match_quapy() {
    let f = fit(&CAL_Y, &CAL_P);
    let acc = [
        [11.0 / 12.0, 0.1, 0.125],
        [0.0, 0.8, 0.125],
        [1.0 / 12.0, 0.1, 0.75],
    ];
    let pacc = [
        [0.673166666667, 0.156, 0.205],
        [0.126916666667, 0.6806, 0.233125],
        [0.199916666667, 0.1634, 0.561875],
    ];
    for i in 0..3 {
        close(&f.acc[i], &acc[i], 1e-15);
        close(&f.pacc[i], &pacc[i], 1e-12);
    }
    close(&f.prevalence, &[0.4, 1.0 / 3.0, 4.0 / 15.0], 1e-15);
}

#[test]
fn main_sample_matches_quapy() {
    let f = fit(&CAL_Y, &CAL_P);
    let q = cc(&counts(&TEST_P));
    close(&q, &[0.3, 0.2, 0.5], 1e-15);
    let qp = pcc(&sums(&TEST_P));
    close(&qp, &[0.29065, 0.2831, 0.42625], 1e-12);
    // Exact solutions (QuaPy exact-raise / exact-cc, and by hand 96/425, 13/85, 264/425).
    let a = acc(&q, &f.acc);
    close(
        &a.shares,
        &[96.0 / 425.0, 13.0 / 85.0, 264.0 / 425.0],
        1e-12,
    );
    assert!(!a.clipped && !a.singular);
    // QuaPy's default SLSQP solver, good to about 1e-6.
    close(
        &a.shares,
        &[0.225883515759, 0.152940909389, 0.621175574852],
        1e-5,
    );
    let p = pacc(&qp, &f.pacc);
    close(
        &p.shares,
        &[0.199595056269, 0.159056166865, 0.641348776867],
        1e-12,
    );
    close(
        &p.shares,
        &[0.199593615384, 0.159056037944, 0.641350346672],
        1e-5,
    );
    // EMQ: EMQ.EM(tr_prev, TEST_P), 57 iterations.
    let em = emq(&f.prevalence, &flat(&TEST_P));
    close(
        &em.shares,
        &[0.0131527569358, 0.165821783216, 0.821025459848],
        1e-12,
    );
    assert_eq!(em.iterations, 57);
    assert!(em.converged);
}

#[test]
fn an_out_of_range_adjustment_is_clipped_and_renormalised_as_quapy() {
    let f = fit(&CAL_Y, &CAL_P);
    let q = cc(&counts(&TEST_OUT_P));
    close(&q, &[0.0, 0.25, 0.75], 1e-15);
    // Raw M^-1 q = [-13/85, 8/51, 254/255]; clip + L1 = [0, 20/147, 127/147].
    let raw = solve(&f.acc, &q).unwrap();
    close(&raw, &[-13.0 / 85.0, 8.0 / 51.0, 254.0 / 255.0], 1e-12);
    let a = acc(&q, &f.acc);
    close(&a.shares, &[0.0, 20.0 / 147.0, 127.0 / 147.0], 1e-12);
    assert!(a.clipped);
    let qp = pcc(&sums(&TEST_OUT_P));
    close(&qp, &[0.04, 0.2475, 0.7125], 1e-12);
    let p = pacc(&qp, &f.pacc);
    close(&p.shares, &[0.0, 0.0, 1.0], 1e-12);
    assert!(p.clipped);
    let em = emq(&f.prevalence, &flat(&TEST_OUT_P));
    close(
        &em.shares,
        &[3.50834350912e-14, 0.126897428595, 0.873102571405],
        1e-12,
    );
    assert_eq!(em.iterations, 12);
}

#[test]
fn a_singular_acc_matrix_falls_back_to_plain_counts() {
    let f = fit(&SING_CAL_Y, &SING_CAL_P);
    let q = cc(&counts(&SING_TEST_P));
    close(&q, &[0.5, 0.0, 0.5], 1e-15);
    // QuaPy exact-cc returns CC unchanged: [0.5, 0, 0.5].
    let a = acc(&q, &f.acc);
    assert!(a.singular);
    close(&a.shares, &[0.5, 0.0, 0.5], 0.0);
    let qp = pcc(&sums(&SING_TEST_P));
    close(&qp, &[0.425, 0.2, 0.375], 1e-12);
    // PACC is not singular here: exactly [5/12, 1/4, 1/3].
    let p = pacc(&qp, &f.pacc);
    assert!(!p.singular);
    close(&p.shares, &[5.0 / 12.0, 0.25, 1.0 / 3.0], 1e-12);
    let em = emq(&f.prevalence, &flat(&SING_TEST_P));
    close(
        &em.shares,
        &[0.575736687518, 0.00012668727123, 0.42413662521],
        1e-12,
    );
    assert_eq!(em.iterations, 13);
}

#[test]
fn an_absent_calibration_label_gets_a_unit_column_and_empty_input_is_uniform() {
    let m = acc_matrix(&[vec![3.0, 1.0], vec![0.0, 0.0]]);
    assert_eq!(m, vec![vec![0.75, 0.0], vec![0.25, 1.0]]);
    assert_eq!(cc(&[0.0, 0.0]), vec![0.5, 0.5]);
    assert_eq!(emq(&[0.5, 0.5], &[]).shares, vec![0.5, 0.5]);
}

/// Shares exactly at 0 or 1 are inside [0, 1], not clipped: the tolerance runs both ways.
#[test]
fn exact_edge_shares_are_not_clipped() {
    let identity = vec![
        vec![1.0, 0.0, 0.0],
        vec![0.0, 1.0, 0.0],
        vec![0.0, 0.0, 1.0],
    ];
    for q in [[0.0, 0.5, 0.5], [1.0, 0.0, 0.0], [0.25, 0.75, 0.0]] {
        let e = acc(&q, &identity);
        assert!(!e.clipped && !e.singular, "{q:?}: {e:?}");
        assert_eq!(e.shares, q);
    }
    let e = acc(
        &[0.9, 0.1, 0.0],
        &[
            vec![0.5, 0.0, 0.0],
            vec![0.5, 1.0, 0.0],
            vec![0.0, 0.0, 1.0],
        ],
    );
    assert!(e.clipped, "{e:?}");
}

/// A pivot exactly at the singularity threshold is still used; only one below it is refused.
#[test]
fn a_pivot_at_the_threshold_is_solved() {
    let x = solve(&[vec![SINGULAR_PIVOT]], &[SINGULAR_PIVOT * 3.0]).unwrap();
    assert!((x[0] - 3.0).abs() < 1e-9, "{x:?}");
    assert!(solve(&[vec![SINGULAR_PIVOT / 2.0]], &[1.0]).is_none());
}

/// A label absent from training is smoothed into the prior rather than divided by: EM then moves
/// all the mass to it on these items (an independent NumPy run of the same rule gives
/// [7.2253e-41, 1.8567e-44, 1.0] after 12 iterations).
#[test]
fn emq_smooths_a_label_missing_from_training() {
    let p = [0.2, 0.3, 0.5, 0.6, 0.2, 0.2, 0.1, 0.1, 0.8];
    let e = emq(&[0.5, 0.5, 0.0], &p);
    assert!(e.shares.iter().all(|x| x.is_finite() && *x >= 0.0), "{e:?}");
    assert!((e.shares[2] - 1.0).abs() < 1e-12, "{e:?}");
    assert!(
        (e.shares[0] / 7.22529971351791e-41 - 1.0).abs() < 1e-6,
        "{e:?}"
    );
    assert!(
        (e.shares[1] / 1.8566756439004526e-44 - 1.0).abs() < 1e-6,
        "{e:?}"
    );
    assert_eq!(e.iterations, 12);
}

/// A label with no calibration items gets the unit column in the PACC matrix.
#[test]
fn pacc_matrix_gives_an_uncalibrated_label_the_unit_column() {
    let m = pacc_matrix(&[Some(vec![0.7, 0.2, 0.1]), None, Some(vec![0.1, 0.3, 0.6])]);
    assert_eq!(m, [[0.7, 0.0, 0.1], [0.2, 1.0, 0.3], [0.1, 0.0, 0.6]]);
}

/// A model whose posteriors, on a new kind of reporting, lean towards label 1 by 0.8 logits:
/// label-0 sentences get the first list as their label-0 posterior, label-1 sentences the
/// second (two labels). The error rates measured on such sentences at a 50/50 mix give
/// `emq_prior` [0.3605, 0.6395]. Expected shares from numpy, running QuaPy's EM loop
/// (`EMQ.EM(tr_prev, P)`) on the same posteriors with `tr_prev` the plain and the calibrated
/// prior:
///
/// ```text
/// mix 70/30: plain [0.2751, 0.7249], calibrated prior [0.6717, 0.3283]
/// mix 50/50: plain [0.0690, 0.9310], calibrated prior [0.3605, 0.6395]
/// mix 20/80: plain [0.0001, 0.9999], calibrated prior [0.0149, 0.9851]
/// ```
#[test]
fn the_calibrated_prior_undoes_a_lean_the_plain_one_amplifies() {
    const LABEL0: [f64; 10] = [
        0.895148, 0.801743, 0.718008, 0.642514, 0.574103, 0.511822, 0.454883, 0.402626, 0.354497,
        0.26881,
    ];
    const LABEL1: [f64; 10] = [
        0.023103, 0.047551, 0.073468, 0.100988, 0.130266, 0.161474, 0.194812, 0.230504, 0.26881,
        0.354497,
    ];
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let m = pacc_matrix(&[
        Some(vec![mean(&LABEL0), 1.0 - mean(&LABEL0)]),
        Some(vec![mean(&LABEL1), 1.0 - mean(&LABEL1)]),
    ]);
    let train = [0.5, 0.5];
    let prior = emq_prior(&train, &m);
    close(&prior, &[0.360481, 0.639519], 1e-6);
    for (copies, plain, calibrated) in [
        ((7, 3), 0.2751, 0.6717),
        ((5, 5), 0.0690, 0.3605),
        ((2, 8), 0.0001, 0.0149),
    ] {
        let mut posteriors = Vec::new();
        for (n, list) in [(copies.0, &LABEL0), (copies.1, &LABEL1)] {
            for _ in 0..n {
                for &p in list.iter() {
                    posteriors.extend([p, 1.0 - p]);
                }
            }
        }
        let truth = copies.0 as f64 / 10.0;
        let got_plain = emq(&train, &posteriors).shares[0];
        let got = emq(&prior, &posteriors).shares[0];
        assert!(
            (got_plain - plain).abs() < 2e-4,
            "{copies:?}: plain {got_plain}"
        );
        assert!(
            (got - calibrated).abs() < 2e-4,
            "{copies:?}: calibrated {got}"
        );
        assert!((got - truth).abs() < (got_plain - truth).abs());
    }
}
