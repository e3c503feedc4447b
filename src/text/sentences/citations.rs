//! Source citations in parentheses that a scraped page runs into the next sentence.
//!
//! Aggregator pages credit each paragraph to its source: `... in the wrong terms. (Dawn) Several
//! capitals ...`. UAX #29 ends the first sentence after its full stop, but the citation has no
//! terminator of its own, so it would open the next sentence and lend it the source's name. A
//! citation that runs on without a full stop (`... protect convoys (South China Morning Post)
//! The force ...`) glues two sentences together. Either way, the citation is split off as a
//! sentence of its own, which the clutter rules then set aside.

use std::ops::Range;

use super::*;

/// Most words a source's name has in a citation ("South China Morning Post" is four).
const MAX_CITATION_WORDS: usize = 6;

/// Splits each parenthesised source citation out of `range` and pushes the pieces to `out`,
/// trimmed, in order.
pub(super) fn push_split_at_citations(
    text: &str,
    range: Range<usize>,
    out: &mut Vec<Range<usize>>,
) {
    let mut start = range.start;
    let mut search = range.start;
    while let Some(open) = text
        .get(search..range.end)
        .and_then(|s| s.find('('))
        .map(|at| search + at)
    {
        search = open + 1;
        let Some((close, next)) = citation_at(text, open, start, range.end) else {
            continue;
        };
        push_trimmed(text, start..open, out);
        push_trimmed(text, open..close, out);
        start = next;
        search = next;
    }
    push_trimmed(text, start..range.end, out);
}

/// If a citation opens at `open` and a new sentence follows it, the end of the citation (after
/// its `)`) and the start of that sentence.
fn citation_at(text: &str, open: usize, start: usize, end: usize) -> Option<(usize, usize)> {
    let before = text.get(start..open)?;
    let leading = before.trim().is_empty();
    if !leading && !before.ends_with(char::is_whitespace) {
        return None;
    }
    let rest = text.get(open + 1..end)?;
    let inner_len = rest.find(')')?;
    let inner = &rest[..inner_len];
    let words = citation_words(inner)?;
    let close = open + 1 + inner_len + 1;
    let after = text.get(close..end)?;
    let next = close + (after.len() - after.trim_start().len());
    // Something must follow on the same range, after white space, and start with a capital.
    if next == close || next >= end {
        return None;
    }
    let first = text[next..].chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    if !leading {
        // Inside a running sentence a lone acronym in brackets is usually the name it defines
        // ("the Multinational Force and Observers (MFO) Director General said"): split only a
        // longer name, or one before a word that opens sentences.
        let opener = next_word(text, next);
        if words < 2 && !opener.is_opener() {
            return None;
        }
    }
    Some((close, next))
}

/// The number of words of `inner` when it reads as a source's name: title-cased words and
/// connectors, no clause punctuation, at most [`MAX_CITATION_WORDS`] words.
fn citation_words(inner: &str) -> Option<usize> {
    if inner.contains(['(', ',', ';', '.', '!', '?', ':', '"']) {
        return None;
    }
    let mut n = 0;
    for w in inner.split_whitespace() {
        n += 1;
        let named = w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            || matches!(
                w,
                "of" | "the" | "and" | "for" | "on" | "de" | "al" | "el" | "la" | "le"
            );
        if !named || n > MAX_CITATION_WORDS {
            return None;
        }
    }
    (n > 0 && inner.chars().any(char::is_alphabetic)).then_some(n)
}
