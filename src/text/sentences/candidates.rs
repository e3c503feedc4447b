//! Punctuation rules: candidate boundaries from UAX #29, fed in short pieces, accepted or
//! rejected by the words around them.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::*;

/// A possible sentence boundary: the previous sentence would end at `end` and the next start at
/// `next`, with only white space between them.
pub(super) struct Candidate {
    pub(super) end: usize,
    pub(super) next: usize,
    /// UAX #29 put a boundary here (rather than only the piece cutting in `pieces`).
    pub(super) from_uax: bool,
    /// The white space between the two contains a line break.
    pub(super) line_break: bool,
}

/// Pieces are cut at a word start once they are this long (bytes) ...
pub(super) const PIECE_TARGET: usize = 64;
/// ... and anywhere once they are this long ...
pub(super) const PIECE_MAX: usize = 128;
/// ... or once this many chars in a row give SB8's lookahead no reason to stop (no letter,
/// terminator or line break). SB8 rescans such a run once per space or closing mark after a
/// full stop, so its length bounds the cost per byte.
pub(super) const MAX_RUN_WITHOUT_STOP: usize = 32;

/// A piece of the text that UAX #29 is run on by itself.
pub(super) struct Piece {
    pub(super) range: Range<usize>,
    /// The piece was cut at a place where UAX #29 might have wanted a boundary, so one is
    /// proposed at its end for the rules to judge.
    pub(super) propose_end: bool,
}

/// Cuts `text` into short pieces.
///
/// A cut just before a word that follows white space after a letter is exact: no UAX #29 rule
/// breaks there (unless a line break comes in between, which gives a candidate the rules reject
/// anyway), none looks back past the letter, and SB8's lookahead stops at that letter. Only the
/// forced cuts of long runs without such a place (long numbers, tables, runs of spaces or
/// brackets) can change what UAX #29 sees, and those next to white space propose a boundary that
/// the rules then judge from the full text.
pub(super) fn pieces(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut prev_space = false;
    let mut after_letter = false;
    let mut run_without_stop = 0;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        let len = i - start;
        if len > 0 {
            let exact = len >= PIECE_TARGET && prev_space && !space && after_letter;
            if exact || len >= PIECE_MAX || run_without_stop >= MAX_RUN_WITHOUT_STOP {
                pieces.push(Piece {
                    range: start..i,
                    propose_end: !exact && (prev_space || space),
                });
                start = i;
                run_without_stop = 0;
            }
        }
        if !space {
            after_letter = c.is_alphabetic();
        }
        if c.is_alphabetic() || is_terminator(c) || is_line_break(c) {
            run_without_stop = 0;
        } else {
            run_without_stop += 1;
        }
        prev_space = space;
    }
    if start < text.len() {
        pieces.push(Piece {
            range: start..text.len(),
            propose_end: false,
        });
    }
    pieces
}

/// All candidate boundaries of `text`, in increasing order, one per gap between two words.
pub(super) fn candidates(text: &str) -> Vec<Candidate> {
    let mut raw: Vec<(usize, bool)> = Vec::new();
    for piece in pieces(text) {
        let Some(slice) = text.get(piece.range.clone()) else {
            continue;
        };
        // Offset 0 is the start of the piece, not a boundary UAX #29 found.
        raw.extend(
            slice
                .split_sentence_bound_indices()
                .map(|(offset, _)| offset)
                .filter(|&offset| offset > 0)
                .map(|offset| (piece.range.start + offset, true)),
        );
        if piece.propose_end {
            raw.push((piece.range.end, false));
        }
    }

    let mut out: Vec<Candidate> = Vec::new();
    // Every scan below moves over white space that no other candidate scans again.
    let mut scanned_to = 0;
    for (at, from_uax) in raw {
        let next = skip_space_forward(text, scanned_to.max(at));
        scanned_to = next;
        if next >= text.len() {
            break;
        }
        if let Some(last) = out.last_mut() {
            if last.next == next {
                last.from_uax |= from_uax;
                continue;
            }
        }
        let floor = out.last().map_or(0, |c| c.next);
        let end = skip_space_backward(text, at, floor);
        let line_break = text
            .get(end..next)
            .is_some_and(|gap| gap.chars().any(is_line_break));
        out.push(Candidate {
            end,
            next,
            from_uax,
            line_break,
        });
    }
    out
}

/// The first position at or after `from` that is not white space (or the end of the text).
pub(super) fn skip_space_forward(text: &str, from: usize) -> usize {
    text.get(from..)
        .and_then(|rest| rest.char_indices().find(|(_, c)| !c.is_whitespace()))
        .map_or(text.len(), |(offset, _)| from + offset)
}

/// The position just past the last character before `from` that is not white space, but not
/// below `floor`.
pub(super) fn skip_space_backward(text: &str, from: usize, floor: usize) -> usize {
    text.get(floor..from)
        .and_then(|span| span.char_indices().rev().find(|(_, c)| !c.is_whitespace()))
        .map_or(floor, |(offset, c)| floor + offset + c.len_utf8())
}

// ---------------------------------------------------------------------------------------------
// Judging a candidate.

/// Longest word looked at around a candidate; longer ones are no abbreviation or opener.
pub(super) const MAX_WORD_CHARS: usize = 24;

/// Whether `candidate` really ends a sentence (see the module doc for the rules).
pub(super) fn keeps_break(text: &str, candidate: &Candidate) -> bool {
    let before = text.get(..candidate.end).unwrap_or_default();
    let body = strip_closers(before);
    let quoted = body.len() < before.len();
    let Some(terminator) = body.chars().next_back() else {
        return false;
    };
    if !is_terminator(terminator) {
        // A line break alone is a hard wrap. Otherwise trust UAX #29, which knows terminators of
        // scripts this module does not list.
        return candidate.from_uax && !candidate.line_break;
    }
    if next_letter_is_lowercase(text, candidate.next)
        || photo_credit_ends_line(text, candidate.next)
    {
        return false;
    }
    if quoted && matches!(terminator, '?' | '!') && attribution_follows(text, candidate.next) {
        return false;
    }
    if terminator != '.' || quoted {
        return true;
    }
    let Some(word) = body.strip_suffix('.').and_then(word_before) else {
        return true;
    };
    abbreviation_allows_break(word, &next_word(text, candidate.next))
}

/// Longest photo credit looked at, in bytes ("Photograph: Jean-Marc Dorvil/The Northgate
/// Herald" is 51).
const MAX_CREDIT_BYTES: usize = 96;

/// Whether the text at `from` is a photo credit that ends its line, after a caption's full
/// stop: in brackets, an outlet and a photographer joined by a slash (`(ND Post/Bagus
/// Hadiwijaya)`), at most 60 bytes; or a label and a name (`Photo: Handout`, `Credit: Eliran
/// Vaknin-Mor`), at most six words. It belongs to the caption before it, which the clutter
/// rules then recognise by it.
pub(super) fn photo_credit_ends_line(text: &str, from: usize) -> bool {
    let Some(rest) = text.get(from..) else {
        return false;
    };
    let labelled = [
        "Photo: ",
        "Photograph: ",
        "Picture: ",
        "Image: ",
        "Credit: ",
    ]
    .iter()
    .any(|label| rest.starts_with(label));
    if labelled {
        // Look no further than a credit's length, so that a long line costs nothing per
        // candidate.
        let mut cut = rest.len().min(MAX_CREDIT_BYTES);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &rest[..cut];
        let line = match window.find(['\n', '\r']) {
            Some(end) => &window[..end],
            None if cut == rest.len() => window,
            None => return false,
        };
        return line.split_whitespace().count() <= 6 && !line.trim_end().ends_with(['.', '!', '?']);
    }
    let close = match rest.chars().next() {
        Some('(') => ')',
        Some('[') => ']',
        _ => return false,
    };
    let Some(end) = rest.get(..rest.len().min(64)).and_then(|r| r.find(close)) else {
        return false;
    };
    let inner = &rest[1..end];
    let after = rest[end + 1..].trim_start_matches([' ', '\t']);
    inner.contains('/')
        && !inner.contains(['.', '!', '?', '(', '[', '\n'])
        && (after.is_empty() || after.starts_with(['\n', '\r']))
}

/// Whether the text at `from` is a short attribution ending its own sentence, such as `Kenya's
/// finance minister asked.` after a quoted question: at most [`MAX_ATTRIBUTION_WORDS`] words up
/// to the next terminator, no quote among them, and a verb of speech ([`SPEECH_VERBS`]). Such a
/// clause belongs to the quote it attributes, as it does when it starts in lower case.
pub(super) fn attribution_follows(text: &str, from: usize) -> bool {
    let rest = text.get(from..).unwrap_or_default();
    // Attributions are short: looking no further keeps the check cheap on any text.
    let mut previous = ' ';
    let mut window = None;
    for (i, c) in rest.char_indices().take_while(|&(i, _)| i < 160) {
        // An apostrophe after a letter is a possessive or an elision, not a quote.
        let apostrophe = matches!(c, '\'' | '’') && previous.is_alphanumeric();
        if is_terminator(c) || c == '\n' || (!apostrophe && (is_closer(c) || is_opening_mark(c))) {
            window = Some((i, c));
            break;
        }
        previous = c;
    }
    let Some((end, c)) = window else {
        return false;
    };
    if !is_terminator(c) {
        return false;
    }
    let words: Vec<&str> = rest[..end].split_whitespace().collect();
    words.len() <= MAX_ATTRIBUTION_WORDS
        && words.iter().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            SPEECH_VERBS.contains(w)
        })
}

/// Whether a full stop after `word` ends the sentence, given the word after it.
pub(super) fn abbreviation_allows_break(word: &str, next: &NextWord) -> bool {
    // An empty word is a stray full stop; a dotted one ("wait..") is an ellipsis.
    if word.is_empty() || word.ends_with('.') {
        return true;
    }
    if is_dotted_capitals(word) {
        return next.is_opener() && !next.is_initial;
    }
    if TITLES.contains(word) || ALWAYS_JOINED.contains(word) {
        return false;
    }
    if BEFORE_NUMBER.contains(word) && next.starts_with_digit() {
        return false;
    }
    if AMBIGUOUS.contains(word) {
        return next.is_opener();
    }
    true
}

/// "J", "W", "U.S", "U.N", "D.C", "J.R": capital letters, each alone between full stops.
pub(super) fn is_dotted_capitals(word: &str) -> bool {
    word.split('.').all(|part| {
        let mut chars = part.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
    })
}

/// The word (letters, digits and inner full stops) that ends `s`, or `None` if it is too long
/// to be an abbreviation.
pub(super) fn word_before(s: &str) -> Option<&str> {
    let mut start = s.len();
    for (count, (i, c)) in s.char_indices().rev().enumerate() {
        if !(c.is_alphanumeric() || c == '.') {
            break;
        }
        if count >= MAX_WORD_CHARS {
            return None;
        }
        start = i;
    }
    s.get(start..)
}

/// The first word of the next sentence, as far as the rules need it.
pub(super) struct NextWord<'t> {
    pub(super) word: &'t str,
    /// A single capital followed by a full stop: another initial.
    pub(super) is_initial: bool,
}

impl NextWord<'_> {
    pub(super) fn is_opener(&self) -> bool {
        OPENERS.contains(self.word)
    }

    pub(super) fn starts_with_digit(&self) -> bool {
        self.word.chars().next().is_some_and(char::is_numeric)
    }
}

pub(super) fn next_word(text: &str, from: usize) -> NextWord<'_> {
    let rest = text.get(from..).unwrap_or_default();
    let start = rest
        .char_indices()
        .take(4)
        .find(|&(_, c)| !is_opening_mark(c))
        .map_or(0, |(i, _)| i);
    let rest = rest.get(start..).unwrap_or_default();
    // The word stops at the first char that is not a letter or digit, so "It’s" gives "It".
    let len = match rest
        .char_indices()
        .take(MAX_WORD_CHARS + 1)
        .find(|&(_, c)| !c.is_alphanumeric())
    {
        Some((i, _)) => i,
        None if rest.chars().nth(MAX_WORD_CHARS).is_none() => rest.len(),
        // Too long to be a listed word.
        None => 0,
    };
    let word = rest.get(..len).unwrap_or_default();
    let mut chars = word.chars();
    let single_capital =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    NextWord {
        word,
        is_initial: single_capital && rest.get(len..).is_some_and(|r| r.starts_with('.')),
    }
}

/// UAX #29's SB8 for every terminator: the first letter after `from`, skipping digits, spaces
/// and punctuation but not another terminator or line break, is lower case.
pub(super) fn next_letter_is_lowercase(text: &str, from: usize) -> bool {
    let rest = text.get(from..).unwrap_or_default();
    for c in rest.chars().take(32) {
        if c.is_alphabetic() {
            return c.is_lowercase();
        }
        if is_terminator(c) || is_line_break(c) {
            return false;
        }
    }
    false
}
