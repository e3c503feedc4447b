//! Negation scope: which words open a scope, which close it, and how a token inside one is marked.
//!
//! A negator ("not", "no", "never", "nor", "neither", "without", "cannot", any word ending in
//! "n't", and forms of "refuse", "reject", "oppose") opens a scope that runs to the next clause
//! punctuation (see [`super::words`]) or contrastive word ("but", "however", "instead", "rather",
//! "yet", "although", "though", "whereas"). Tokens inside the scope carry [`NEGATION_PREFIX`], so
//! "will not disarm Hamas" and "will disarm Hamas" give different features. The negator itself is
//! kept unmarked.

/// The prefix that marks a token inside a negation scope.
pub const NEGATION_PREFIX: &str = "¬";

/// What a word does to a negation scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordRole {
    /// The word opens a negation scope ("not", "never", "refused", ...).
    pub negator: bool,
    /// The word closes one ("but", "however", ...).
    pub ends_scope: bool,
}

impl WordRole {
    /// The role of a normalised `word`; no role at all when negation marking is off.
    ///
    /// ```
    /// use stance::text::negation::WordRole;
    /// assert!(WordRole::of("never", true).negator);
    /// assert!(WordRole::of("but", true).ends_scope);
    /// assert_eq!(WordRole::of("never", false), WordRole::default());
    /// ```
    pub fn of(word: &str, marking: bool) -> Self {
        WordRole {
            negator: marking && is_negator(word),
            ends_scope: marking && ends_scope(word),
        }
    }
}

/// The state of the scope while a sentence's words go by.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Scope {
    open: bool,
}

impl Scope {
    /// Takes the next word's role and says whether that word is inside a scope: a scope-ending
    /// word closes the scope before it, a negator opens one after it.
    #[inline]
    pub(crate) fn word(&mut self, role: WordRole) -> bool {
        if role.ends_scope {
            self.open = false;
        }
        let inside = self.open;
        if role.negator {
            self.open = true;
        }
        inside
    }

    /// Clause punctuation closes the scope.
    #[inline]
    pub(crate) fn clause_end(&mut self) {
        self.open = false;
    }
}

/// Writes the token of a word inside a scope, given its token outside one, into `out`.
pub(crate) fn mark(plain: &str, out: &mut String) {
    out.clear();
    out.push_str(NEGATION_PREFIX);
    out.push_str(plain);
}

/// A marked token's plain form and whether it was marked.
///
/// ```
/// use stance::text::negation::unmark;
/// assert_eq!(unmark("¬disarm"), (true, "disarm"));
/// assert_eq!(unmark("disarm"), (false, "disarm"));
/// ```
pub fn unmark(token: &str) -> (bool, &str) {
    match token.strip_prefix(NEGATION_PREFIX) {
        Some(rest) => (true, rest),
        None => (false, token),
    }
}

fn is_negator(word: &str) -> bool {
    matches!(
        word,
        "not"
            | "no"
            | "never"
            | "nor"
            | "neither"
            | "without"
            | "cannot"
            | "none"
            | "nobody"
            | "nothing"
            | "refuse"
            | "refuses"
            | "refused"
            | "refusing"
            | "reject"
            | "rejects"
            | "rejected"
            | "rejecting"
            | "oppose"
            | "opposes"
            | "opposed"
            | "opposing"
    ) || word.ends_with("n't")
}

fn ends_scope(word: &str) -> bool {
    matches!(
        word,
        "but" | "however" | "instead" | "rather" | "yet" | "although" | "though" | "whereas"
    )
}
