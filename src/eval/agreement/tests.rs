//! The agreement statistics against independent implementations on two fixed fixtures
//! (/work/refs/REFERENCES.md, "Agreement"): scikit-learn 1.9.1 `cohen_kappa_score`, statsmodels
//! 0.15.0 `fleiss_kappa` and `krippendorff` 0.9.0 `alpha`, each also recomputed by hand with exact
//! rationals. The fixtures, the calls and the numbers (exact fractions) are written here.
//!
//! ```python
//! from sklearn.metrics import cohen_kappa_score
//! from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
//! import krippendorff, numpy as np
//! # labels coded E=0, N=1, P=2; None = missing
//! cohen_kappa_score(x, y)                    # on the items both coders coded
//! table, cats = aggregate_raters(data)       # data: items x coders, COMPLETE only
//! fleiss_kappa(table, method='fleiss')
//! krippendorff.alpha(reliability_data=rel, level_of_measurement='nominal')  # coders x units, NaN
//! ```

use super::*;

/// 12 items × 3 coders, 3 codes missing (item 3 coder 1; item 8 coders 2 and 3).
const MISSING: [[Option<&str>; 3]; 12] = [
    [Some("E"), Some("E"), Some("E")],
    [Some("N"), Some("N"), Some("P")],
    [None, Some("P"), Some("P")],
    [Some("E"), Some("N"), Some("E")],
    [Some("P"), Some("P"), Some("P")],
    [Some("N"), Some("N"), Some("N")],
    [Some("E"), Some("E"), Some("N")],
    [Some("P"), None, None],
    [Some("N"), Some("P"), Some("N")],
    [Some("E"), Some("E"), Some("E")],
    [Some("P"), Some("P"), Some("N")],
    [Some("N"), Some("E"), Some("N")],
];

/// 10 items × 3 coders, complete.
const COMPLETE: [[&str; 3]; 10] = [
    ["E", "E", "E"],
    ["E", "E", "N"],
    ["N", "N", "N"],
    ["P", "P", "P"],
    ["P", "N", "P"],
    ["E", "P", "E"],
    ["N", "N", "E"],
    ["P", "P", "P"],
    ["N", "P", "N"],
    ["E", "E", "E"],
];

/// The fixture as three coders' files, joined on an id column.
fn codes(rows: &[[Option<&str>; 3]]) -> Codes {
    let coders = (0..3)
        .map(|c| {
            let coded = rows
                .iter()
                .enumerate()
                .map(|(i, r)| Coded {
                    id: Some(format!("item{}", i + 1)),
                    text: format!("sentence {}", i + 1),
                    label: r[c].map(str::to_lowercase),
                    line: i as u64 + 2,
                })
                .collect();
            (format!("coder{}.csv", c + 1), coded)
        })
        .collect();
    join(coders, true).unwrap()
}

fn complete() -> Codes {
    let rows: Vec<[Option<&str>; 3]> = COMPLETE.iter().map(|r| r.map(Some)).collect();
    codes(&rows)
}

fn close(got: Option<f64>, want: f64) {
    let got = got.expect("defined");
    assert!((got - want).abs() < 1e-12, "got {got}, want {want}");
}

#[test]
fn cohen_kappa_matches_scikit_learn() {
    let m = codes(&MISSING);
    let want = [(6.0 / 11.0, 10), (17.0 / 32.0, 10), (8.0 / 41.0, 11)];
    let a = agreement(&m);
    for (pair, (kappa, n)) in a.pairs.iter().zip(want) {
        close(pair.kappa, kappa);
        assert_eq!(pair.items, n);
    }
    // Raw agreement per pair: 7/10, 7/10, 5/11.
    close(a.pairs[0].agreement, 0.7);
    close(a.pairs[2].agreement, 5.0 / 11.0);
    // The table sklearn's kappa came from (rows coder 1, columns coder 2, order E, N, P).
    assert_eq!(a.pairs[0].confusion, [[3, 1, 0], [1, 2, 1], [0, 0, 2]]);
    let c = agreement(&complete());
    let want = [37.0 / 67.0, 23.0 / 33.0, 17.0 / 67.0];
    for (pair, kappa) in c.pairs.iter().zip(want) {
        close(pair.kappa, kappa);
    }
    // With two coders, cohen_kappa is that pair's.
    let two = Codes {
        coders: m.coders[..2].to_vec(),
        labels: m.labels.clone(),
        items: m
            .items
            .iter()
            .map(|i| Item {
                codes: i.codes[..2].to_vec(),
                ..i.clone()
            })
            .collect(),
    };
    close(agreement(&two).cohen_kappa, 6.0 / 11.0);
    assert_eq!(agreement(&m).cohen_kappa, None);
}

#[test]
fn fleiss_kappa_matches_statsmodels() {
    let c = agreement(&complete());
    close(c.fleiss_kappa, 149.0 / 299.0);
    assert_eq!(c.fleiss_items, 10);
    // With missing codes, Fleiss' kappa is taken on the 10 items all three coded (items 3 and 8
    // left out). Computed independently with Python's fractions (the statsmodels formula on
    // those 10 rows): category counts E 11, N 12, P 7 of 30, so P̄e = (121 + 144 + 49) / 900 =
    // 157/450; items 1, 5, 6 and 10 agree fully and the other six have one agreeing pair of
    // three, so P̄ = (4 + 6/3) / 10 = 3/5; kappa = (3/5 - 157/450) / (1 - 157/450) = 113/293.
    let m = agreement(&codes(&MISSING));
    assert_eq!(m.fleiss_items, 10);
    close(m.fleiss_kappa, 113.0 / 293.0);
}

#[test]
fn krippendorff_alpha_matches_the_krippendorff_package() {
    let m = codes(&MISSING);
    let o = coincidences(&m);
    let want = [[8.0, 3.0, 0.0], [3.0, 6.0, 3.0], [0.0, 3.0, 6.0]];
    for (row, w) in o.iter().zip(want) {
        for (x, y) in row.iter().zip(w) {
            assert!((x - y).abs() < 1e-12, "{o:?}");
        }
    }
    let a = agreement(&m);
    close(a.krippendorff_alpha, 51.0 / 113.0);
    close(agreement(&complete()).krippendorff_alpha, 154.0 / 299.0);
}

#[test]
fn raw_and_per_label_agreement_and_disagreements() {
    let m = agreement(&codes(&MISSING));
    // Pooled pairwise agreement 19/31 over the 11 items with at least two codes.
    close(m.agreement, 19.0 / 31.0);
    assert_eq!((m.items, m.pairable), (12, 11));
    // Per label o_cc / n_c from the coincidence matrix: E 8/11, N 6/12, P 6/9.
    close(m.per_label[0], 8.0 / 11.0);
    close(m.per_label[1], 0.5);
    close(m.per_label[2], 2.0 / 3.0);
    // Items 2, 4, 7, 9, 11, 12 are disagreements; item 8 has one code and is not.
    assert_eq!(m.disagreements, [1, 3, 6, 8, 10, 11]);
    let c = agreement(&complete());
    close(c.agreement, 2.0 / 3.0);
    close(c.per_label[1], 5.0 / 9.0);
}

#[test]
fn joining_on_text_folds_case_and_space_and_refuses_repeats() {
    let row = |text: &str, label: &str, line| Coded {
        id: None,
        text: text.into(),
        label: Some(label.into()),
        line,
    };
    let a = vec![
        row("The force  will disarm.", "enforcement", 2),
        row("Talks.", "neutral", 3),
    ];
    let b = vec![row("the force will DISARM.", "peacekeeping", 2)];
    let codes = join(vec![("a".into(), a.clone()), ("b".into(), b)], false).unwrap();
    assert_eq!(codes.items.len(), 2);
    assert_eq!(codes.items[0].codes, [Some(0), Some(2)]);
    assert_eq!(codes.items[1].codes, [Some(1), None]);
    let twice = vec![a[0].clone(), row("the force will disarm.", "neutral", 9)];
    let e = join(vec![("a".into(), twice), ("b".into(), a)], false).unwrap_err();
    assert!(
        e.to_string().contains("line 9") && e.to_string().contains("line 2"),
        "{e}"
    );
}

#[test]
fn statistics_with_no_variation_are_undefined() {
    let rows = [[Some("E"), Some("E"), Some("E")]; 3];
    let a = agreement(&codes(&rows));
    close(a.agreement, 1.0);
    assert_eq!(a.krippendorff_alpha, None);
    assert_eq!(a.pairs[0].kappa, None);
    assert_eq!(a.fleiss_kappa, None);
}
