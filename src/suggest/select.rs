//! The bounded selection: at most `n` candidates are held however long the pool, each with a
//! key (higher is better), none a near-duplicate of another.
//!
//! **Near-duplicates.** Two sentences are near-duplicates when more than half of the shorter one's
//! word bigrams (lower-cased words, punctuation dropped; its single word when it has only one)
//! occur in the other: the overlap coefficient `|A ∩ B| / min(|A|, |B|) > 0.5`. Reworded copies of
//! one wire story share most of their bigrams and are caught; two sentences that share a phrase
//! such as "the Security Council" are not.
//!
//! A newcomer that is a near-duplicate of a held candidate with a key at least as high is dropped;
//! otherwise it replaces every held near-duplicate (all have lower keys) and, when the selection is
//! full, the candidate with the lowest key. So no two picks are near-duplicates, and of a group of
//! near-duplicates the one with the highest key met so far is kept.

use rustc_hash::FxHashSet;

/// Word bigrams of a sentence, hashed (its single word when it has only one).
pub fn shingles(text: &str) -> FxHashSet<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let hash = |parts: &[String]| {
        let mut h = rustc_hash::FxHasher::default();
        parts.hash(&mut h);
        h.finish()
    };
    if words.len() < 2 {
        return words.chunks(1).map(hash).collect();
    }
    words.windows(2).map(hash).collect()
}

/// True when `a` and `b` share more than half of the smaller set (see the module documentation).
pub fn near_duplicates(a: &FxHashSet<u64>, b: &FxHashSet<u64>) -> bool {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return large.is_empty();
    }
    let shared = small.iter().filter(|s| large.contains(s)).count();
    2 * shared > small.len()
}

/// The selection of at most `capacity` items of type `T` with the highest keys.
#[derive(Debug)]
pub struct Selection<T> {
    capacity: usize,
    held: Vec<(f64, FxHashSet<u64>, T)>,
}

impl<T> Selection<T> {
    /// An empty selection holding at most `capacity` items.
    pub fn new(capacity: usize) -> Self {
        Selection {
            capacity,
            held: Vec::with_capacity(capacity.min(1 << 16)),
        }
    }

    /// The lowest key a newcomer must beat to enter, when the selection is full.
    pub fn threshold(&self) -> Option<f64> {
        (self.held.len() >= self.capacity)
            .then(|| self.held.iter().map(|h| h.0).fold(f64::INFINITY, f64::min))
    }

    /// Offers an item with its key and text; `make` builds it only if it is taken.
    pub fn offer(&mut self, key: f64, text: &str, make: impl FnOnce() -> T) {
        if self.capacity == 0 || self.threshold().is_some_and(|t| key <= t) {
            return;
        }
        let mine = shingles(text);
        let dups: Vec<usize> = (0..self.held.len())
            .filter(|&i| near_duplicates(&mine, &self.held[i].1))
            .collect();
        if dups.iter().any(|&i| self.held[i].0 >= key) {
            return;
        }
        for &i in dups.iter().rev() {
            self.held.swap_remove(i);
        }
        if self.held.len() >= self.capacity {
            let lowest = (0..self.held.len())
                .min_by(|&a, &b| self.held[a].0.total_cmp(&self.held[b].0))
                .expect("a full selection is not empty");
            self.held.swap_remove(lowest);
        }
        self.held.push((key, mine, make()));
    }

    /// The items held, highest key first (ties keep no particular order beyond being stable for
    /// the same input).
    pub fn into_sorted(mut self) -> Vec<(f64, T)> {
        self.held.sort_by(|a, b| b.0.total_cmp(&a.0));
        self.held.into_iter().map(|(k, _, t)| (k, t)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_highest_keys_within_capacity() {
        let mut s = Selection::new(3);
        let texts = [
            "alpha beta",
            "gamma delta",
            "epsilon zeta",
            "eta theta",
            "iota kappa",
        ];
        for (i, (k, t)) in [0.5, 0.9, 0.1, 0.7, 0.3].iter().zip(texts).enumerate() {
            s.offer(*k, t, || i);
        }
        let picked: Vec<usize> = s.into_sorted().into_iter().map(|(_, i)| i).collect();
        assert_eq!(picked, [1, 3, 0]);
    }

    #[test]
    fn near_duplicates_keep_the_higher_key() {
        let mut s = Selection::new(5);
        s.offer(0.4, "The force will disarm Hamas in Gaza.", || "a");
        s.offer(
            0.6,
            "The force will disarm Hamas in Gaza, officials said.",
            || "b",
        );
        s.offer(0.5, "the FORCE will disarm hamas in gaza", || "c");
        s.offer(0.3, "Observers monitor the ceasefire.", || "d");
        let picked: Vec<&str> = s.into_sorted().into_iter().map(|(_, t)| t).collect();
        assert_eq!(picked, ["b", "d"]);
    }

    #[test]
    fn a_shared_phrase_is_not_a_duplicate() {
        let a = shingles("The Security Council extended the mandate of UNIFIL for a year.");
        let b = shingles("Diplomats at the Security Council argued over disarmament in Gaza.");
        assert!(!near_duplicates(&a, &b));
        assert!(near_duplicates(&shingles("Yes."), &shingles("yes")));
    }
}
