//! Question scope: a sentence that ends in a question mark asks about a role rather than
//! ascribing one, so its tokens are marked as asked.
//!
//! "Will the force disarm Hamas?" holds the same task words as "The force will disarm Hamas.";
//! a bag of words reads both as enforcement, while the codebook makes an open question that takes
//! no side `neutral`. With the setting on, every token of a question carries [`QUESTION_PREFIX`],
//! so a question's words are features of their own, learnt from the corpus's questions (mostly
//! neutral; a rhetorical question that argues for a side teaches its side). The whole sentence is
//! the scope: a question mark closes it, and which words it governs cannot be told more finely
//! without parsing. Inside a question, negation scopes do not apply: "Will the force not disarm
//! Hamas?" is still a question.

/// The prefix that marks a token of a question.
pub const QUESTION_PREFIX: &str = "¿";

/// Whether `sentence` is a question: its last character other than white space, closing quotes
/// and closing brackets is a question mark (ASCII, fullwidth or the Arabic one).
///
/// ```
/// use stance::text::questions::is_question;
/// assert!(is_question("Will the force disarm Hamas?"));
/// assert!(is_question("He asked: \"Who will command it?\" "));
/// assert!(!is_question("Who will command it? Nobody knows."));
/// assert!(!is_question("The force will disarm Hamas."));
/// ```
pub fn is_question(sentence: &str) -> bool {
    let last = sentence
        .chars()
        .rev()
        .find(|c| !c.is_whitespace() && !is_closer(*c));
    matches!(last, Some('?' | '？' | '؟'))
}

/// Characters that may follow a sentence's final question mark.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』'
    )
}

/// Writes the token of a word in a question, given its unmarked token, into `out`.
pub(crate) fn mark(plain: &str, out: &mut String) {
    out.clear();
    out.push_str(QUESTION_PREFIX);
    out.push_str(plain);
}

/// A token's plain form and the mark it carried, if any: negation's or a question's.
///
/// ```
/// use stance::text::questions::{unmark, Mark};
/// assert_eq!(unmark("¿disarm"), (Mark::Asked, "disarm"));
/// assert_eq!(unmark("¬disarm"), (Mark::Negated, "disarm"));
/// assert_eq!(unmark("disarm"), (Mark::None, "disarm"));
/// ```
pub fn unmark(token: &str) -> (Mark, &str) {
    if let Some(rest) = token.strip_prefix(QUESTION_PREFIX) {
        return (Mark::Asked, rest);
    }
    match super::negation::unmark(token) {
        (true, rest) => (Mark::Negated, rest),
        (false, rest) => (Mark::None, rest),
    }
}

/// What marks a token carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mark {
    /// A plain token.
    #[default]
    None,
    /// Inside a negation scope.
    Negated,
    /// In a question.
    Asked,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_final_question_mark_makes_a_question() {
        for q in [
            "Will the force disarm Hamas?",
            "Will the force disarm Hamas ?",
            "“Will the force disarm Hamas?”",
            "(Will it?)",
            "Will it？",
            "Will it؟\n",
            "Will it?'] ",
        ] {
            assert!(is_question(q), "{q:?}");
        }
        for s in [
            "",
            "?!",
            "Will it? It will.",
            "Will the force disarm Hamas.",
            "Who knows?.",
            "The force will disarm Hamas",
            "¿Qué",
        ] {
            assert!(!is_question(s), "{s:?}");
        }
    }

    #[test]
    fn marks_round_trip() {
        let mut out = String::new();
        mark("disarm", &mut out);
        assert_eq!(out, "¿disarm");
        assert_eq!(unmark(&out), (Mark::Asked, "disarm"));
        assert_eq!(unmark("¿"), (Mark::Asked, ""));
    }
}
