//! The article verdict.
//!
//! Every sentence gets the label with the highest probability. A sentence is *framed* when its
//! label is not the neutral one (the label named `neutral`, if the model has it). Then:
//!
//! 1. no sentence at all: verdict `empty`;
//! 2. fewer than a fifth ([`MIN_FRAMED_SHARE`]) of the sentences are framed: verdict `neutral`
//!    (a background report with one stray framed sentence is not a framed article);
//! 3. one label holds at least two thirds ([`DOMINANCE`]) of the framed sentences: that label;
//! 4. otherwise: `mixed`.
//!
//! Counting labelled sentences rather than averaging probabilities keeps the verdict explainable
//! sentence by sentence; the mean probabilities are reported beside it for users who prefer a
//! soft measure.

/// The share of framed sentences one label needs for the article to take its label.
pub const DOMINANCE: f64 = 2.0 / 3.0;

/// The share of an article's sentences that must be framed for it to get a framed verdict.
pub const MIN_FRAMED_SHARE: f64 = 0.2;

/// The label that counts as framing neither role.
pub const NEUTRAL_LABEL: &str = "neutral";

/// The verdict rule (see the module documentation) applied to sentence counts per label.
///
/// ```
/// use stance::classify::verdict;
/// let labels = ["enforcement", "neutral", "peacekeeping"].map(String::from);
/// assert_eq!(verdict(&labels, &[1, 5, 2]), "peacekeeping");
/// assert_eq!(verdict(&labels, &[2, 5, 2]), "mixed");
/// assert_eq!(verdict(&labels, &[0, 5, 0]), "neutral");
/// assert_eq!(verdict(&labels, &[1, 9, 0]), "neutral"); // only 10% framed
/// assert_eq!(verdict(&labels, &[0, 0, 0]), "empty");
/// ```
pub fn verdict(labels: &[String], counts: &[usize]) -> String {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return "empty".into();
    }
    let framed: Vec<(usize, usize)> = counts
        .iter()
        .enumerate()
        .filter(|(c, _)| labels[*c] != NEUTRAL_LABEL)
        .map(|(c, &n)| (c, n))
        .collect();
    let framed_total: usize = framed.iter().map(|(_, n)| n).sum();
    if framed_total == 0 || (framed_total as f64) < MIN_FRAMED_SHARE * total as f64 {
        return NEUTRAL_LABEL.into();
    }
    let (best, best_n) = framed
        .iter()
        .copied()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .unwrap_or((0, 0));
    if best_n as f64 >= DOMINANCE * framed_total as f64 {
        labels[best].clone()
    } else {
        "mixed".into()
    }
}
