//! A hash map keyed by words, fast for the short words that make up most text.

use rustc_hash::FxHashMap;

/// A map keyed by normalised words. Words of up to 15 bytes are keyed by their bytes and length
/// packed into a `u128`: most words are short, and a key held in the table itself is compared
/// without following a pointer to a string, which was the most frequent cache miss of
/// tokenising and scoring.
#[derive(Debug, Clone)]
pub(crate) struct WordTable<V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<Box<str>, V>,
}

impl<V> Default for WordTable<V> {
    fn default() -> Self {
        WordTable {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

impl<V> WordTable<V> {
    /// `word`'s bytes (little-endian) and length (in the top byte) packed into a `u128`, for
    /// words of up to 15 bytes. Built from whole-word loads: copying the bytes into a zeroed
    /// buffer and reading it back stalled on store forwarding at every look-up.
    #[inline]
    pub(crate) fn short_key(word: &str) -> Option<u128> {
        let bytes = word.as_bytes();
        let n = bytes.len();
        if n >= 16 {
            return None;
        }
        let (lo, hi) = if n >= 8 {
            let mut first = [0u8; 8];
            first.copy_from_slice(&bytes[..8]);
            (u64::from_le_bytes(first), load_up_to_8(&bytes[8..]))
        } else {
            (load_up_to_8(bytes), 0)
        };
        Some(u128::from(lo) | u128::from(hi) << 64 | (n as u128) << 120)
    }

    /// The value of `word`, made by `make` if the word is new.
    #[inline]
    pub(crate) fn entry(&mut self, word: &str, make: impl FnOnce() -> V) -> &mut V {
        match Self::short_key(word) {
            Some(key) => self.short.entry(key).or_insert_with(make),
            None => self.long.entry(word.into()).or_insert_with(make),
        }
    }

    /// The value of `word`, if it has one.
    #[inline]
    pub(crate) fn get(&self, word: &str) -> Option<&V> {
        match Self::short_key(word) {
            Some(key) => self.short.get(&key),
            None => self.long.get(word),
        }
    }

    pub(crate) fn reserve(&mut self, additional: usize) {
        self.short.reserve(additional);
    }

    pub(crate) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub(crate) fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// Up to eight bytes as a little-endian integer (zero above them), from at most two loads that
/// may overlap: overlapping bytes are the same bytes in the same places, so or-ing is exact.
#[inline]
fn load_up_to_8(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]));
    match n {
        0 => 0,
        1..=3 => {
            u64::from(b[0])
                | u64::from(b[n / 2]) << (8 * (n / 2))
                | u64::from(b[n - 1]) << (8 * (n - 1))
        }
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        _ => {
            let mut all = [0u8; 8];
            all.copy_from_slice(&b[..8]);
            u64::from_le_bytes(all)
        }
    }
}
