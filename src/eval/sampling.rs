//! Seeded, stratified sampling: train/test splits and cross-validation folds, plain or keeping
//! groups together.
//!
//! Shuffles use ChaCha8, whose output for a given seed is fixed by its specification, so a split
//! made with seed 2026 today is the same split next year on another machine.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Splits indices `0..y.len()` into (train, test) so that every class keeps (within rounding) the
/// same share in both parts. Each class contributes `round(n_class * test_fraction)` sentences to
/// the test part. Both parts are returned in ascending order.
///
/// ```
/// use stance::eval::sampling::stratified_split;
/// let y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
/// let (train, test) = stratified_split(&y, 0.2, 7);
/// assert_eq!((train.len(), test.len()), (8, 2));
/// assert_eq!(test.iter().filter(|&&i| y[i] == 0).count(), 1);
/// ```
pub fn stratified_split(y: &[usize], test_fraction: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let classes = y.iter().copied().max().map_or(0, |m| m + 1);
    let mut train = Vec::new();
    let mut test = Vec::new();
    for c in 0..classes {
        let mut members: Vec<usize> = (0..y.len()).filter(|&i| y[i] == c).collect();
        members.shuffle(&mut rng);
        let n_test = ((members.len() as f64) * test_fraction).round() as usize;
        test.extend_from_slice(&members[..n_test]);
        train.extend_from_slice(&members[n_test..]);
    }
    train.sort_unstable();
    test.sort_unstable();
    (train, test)
}

/// Assigns every index to one of `k` folds, stratified by class: each class is shuffled and dealt
/// round-robin, so fold sizes per class differ by at most one.
///
/// ```
/// use stance::eval::sampling::stratified_folds;
/// let y = [0, 0, 0, 1, 1, 1];
/// let folds = stratified_folds(&y, 3, 1);
/// for f in 0..3 {
///     assert_eq!(folds.iter().filter(|&&x| x == f).count(), 2);
/// }
/// ```
pub fn stratified_folds(y: &[usize], k: usize, seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let classes = y.iter().copied().max().map_or(0, |m| m + 1);
    let mut fold = vec![0usize; y.len()];
    let mut next = 0usize;
    for c in 0..classes {
        let mut members: Vec<usize> = (0..y.len()).filter(|&i| y[i] == c).collect();
        members.shuffle(&mut rng);
        for i in members {
            fold[i] = next % k.max(1);
            next += 1;
        }
    }
    fold
}

/// The units [`grouped_folds`] deals: the indices of each non-empty group value (in the values'
/// order), then one unit per index whose value is empty.
pub(crate) fn group_units(groups: &[String]) -> Vec<Vec<usize>> {
    let mut members: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    let mut units: Vec<Vec<usize>> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        if g.is_empty() {
            units.push(vec![i]);
        } else {
            members.entry(g.as_str()).or_default().push(i);
        }
    }
    units.extend(members.into_values());
    units
}

/// Assigns every index to one of `k` folds so that the indices sharing a group (`groups[i]`, e.g.
/// a mission) land in the same fold, as when a model meets a mission it never trained on. An
/// empty group value is a group of its own. Groups are dealt largest first (equal sizes in a
/// seeded order), each to the fold holding the fewest indices so far, which keeps folds even
/// when no group dominates.
///
/// `None` when the groups cannot make `k` folds that each leave every class (`y`) to train on:
/// fewer than `k` groups, or a class held by one fold alone.
///
/// ```
/// use stance::eval::sampling::grouped_folds;
/// let y = [0, 1, 0, 1, 0, 1];
/// let groups = ["a", "a", "b", "b", "c", "c"].map(String::from);
/// let folds = grouped_folds(&y, &groups, 3, 1).unwrap();
/// assert_eq!(folds[0], folds[1]);
/// assert_eq!(folds[2], folds[3]);
/// assert_ne!(folds[0], folds[2]);
/// assert!(grouped_folds(&y, &groups, 4, 1).is_none()); // three groups cannot make four folds
/// ```
pub fn grouped_folds(y: &[usize], groups: &[String], k: usize, seed: u64) -> Option<Vec<usize>> {
    assert_eq!(y.len(), groups.len(), "one group per index");
    let mut units = group_units(groups);
    if k < 2 || units.len() < k {
        return None;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    units.shuffle(&mut rng);
    // A stable sort keeps the seeded order among groups of one size.
    units.sort_by_key(|u| std::cmp::Reverse(u.len()));
    let mut fold = vec![0usize; y.len()];
    let mut sizes = vec![0usize; k];
    for unit in &units {
        let f = (0..k).min_by_key(|&f| (sizes[f], f)).unwrap_or(0);
        sizes[f] += unit.len();
        for &i in unit {
            fold[i] = f;
        }
    }
    // A fold holding every sentence of a class would leave its model without that class.
    let classes = y.iter().copied().max().map_or(0, |m| m + 1);
    let mut per_fold = vec![vec![0usize; k]; classes];
    for (&c, &f) in y.iter().zip(&fold) {
        per_fold[c][f] += 1;
    }
    let confined = per_fold
        .iter()
        .any(|counts| counts.iter().filter(|&&n| n > 0).count() == 1);
    (!confined && !sizes.contains(&0)).then_some(fold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_stratified_disjoint_and_seeded() {
        let y: Vec<usize> = (0..1000)
            .map(|i| if i % 10 < 6 { 0 } else { i % 2 + 1 })
            .collect();
        let (train, test) = stratified_split(&y, 0.2, 42);
        assert_eq!(train.len() + test.len(), 1000);
        let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        for c in 0..3 {
            let total = y.iter().filter(|&&v| v == c).count() as f64;
            let in_test = test.iter().filter(|&&i| y[i] == c).count() as f64;
            assert!((in_test / total - 0.2).abs() < 0.01);
        }
        assert_eq!(stratified_split(&y, 0.2, 42), (train.clone(), test.clone()));
        assert_ne!(stratified_split(&y, 0.2, 43).1, test);
    }

    #[test]
    fn folds_cover_every_index_evenly() {
        let y: Vec<usize> = (0..103).map(|i| i % 3).collect();
        let folds = stratified_folds(&y, 5, 9);
        for f in 0..5 {
            let n = folds.iter().filter(|&&x| x == f).count();
            assert!((20..=21).contains(&n), "fold {f} has {n}");
        }
        assert_eq!(folds, stratified_folds(&y, 5, 9));
    }

    #[test]
    fn grouped_folds_keep_groups_whole_and_folds_even() {
        // 12 groups of 1 to 12 sentences, labels alternating within each.
        let mut y = Vec::new();
        let mut groups = Vec::new();
        for g in 1..=12usize {
            for j in 0..g {
                y.push(j % 3);
                groups.push(format!("g{g}"));
            }
        }
        let folds = grouped_folds(&y, &groups, 5, 7).unwrap();
        for g in 1..=12 {
            let name = format!("g{g}");
            let seen: std::collections::BTreeSet<usize> = (0..y.len())
                .filter(|&i| groups[i] == name)
                .map(|i| folds[i])
                .collect();
            assert_eq!(seen.len(), 1, "group {name} split over folds {seen:?}");
        }
        let sizes: Vec<usize> = (0..5)
            .map(|f| folds.iter().filter(|&&x| x == f).count())
            .collect();
        // 78 sentences: largest-first dealing keeps every fold within one largest group of even.
        assert!(sizes.iter().all(|&s| (12..=20).contains(&s)), "{sizes:?}");
        assert_eq!(grouped_folds(&y, &groups, 5, 7), Some(folds));
    }

    #[test]
    fn empty_groups_are_their_own_and_a_class_in_one_fold_refuses() {
        let y = [0, 0, 1, 1, 1, 1];
        let groups = ["", "", "x", "x", "y", "y"].map(String::from);
        let folds = grouped_folds(&y, &groups, 2, 3).unwrap();
        assert_eq!(folds[2], folds[3]);
        assert_eq!(folds[4], folds[5]);
        // Class 0 lives in one group only: every fold would lack it once.
        let groups = ["a", "a", "x", "x", "y", "y"].map(String::from);
        assert_eq!(grouped_folds(&y, &groups, 2, 3), None);
    }
}
