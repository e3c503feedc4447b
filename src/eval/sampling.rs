//! Seeded, stratified sampling: train/test splits and cross-validation folds.
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
}
