//! Splitting a whole news article into sentences.
//!
//! This module owns the first step of the text pipeline: it turns raw article text into the byte
//! ranges of its sentences. It never copies or rewrites the text, so every range points back into
//! the caller's string and later stages can report exactly where a feature came from.
//!
//! # How a sentence is found
//!
//! The base is Unicode sentence segmentation (UAX #29, from `unicode-segmentation`). UAX #29 is
//! written for generic prose, and news text trips it up in predictable ways, so its boundaries are
//! only *candidates* that the rules below accept or reject, and the layout of the lines adds
//! boundaries of its own.
//!
//! **Line structure** (decided first, and never overridden by the punctuation rules):
//!
//! - A blank line (a paragraph break), or U+2029 PARAGRAPH SEPARATOR, always ends a sentence.
//! - A line that starts with a bullet marker (`- `, `* `, `• `, `– `, `1. `, `2) `, up to three
//!   digits) starts a new sentence, unless the line before it stops mid-clause (a comma, a dash, a
//!   word like "the" or "of"), in which case the "marker" is a dash or a number inside a wrapped
//!   sentence. The marker stays **inside** the sentence's range: that keeps the guarantee that no
//!   character other than white space is ever dropped, and the tokenizer ignores punctuation
//!   anyway. A numbered marker (`1.`) is never mistaken for a sentence end. A list item may wrap
//!   onto further lines; it ends at the end of a line that ends like a heading (below, but with no
//!   word limit), so an item without a full stop does not swallow the paragraph after the list.
//! - A heading ends its own sentence even without a full stop. A heading is a line that starts a
//!   sentence, has at most 12 words, does not end in sentence-final or clause punctuation (`,`
//!   `;` `:` dashes, an opening bracket), does not end in a word that cannot close a clause ("the",
//!   "of", "and", ...), is followed by a line that does not start with a lower-case letter, and
//!   is not a hard wrap.
//! - Any other line break is a hard wrap inside a paragraph and counts as a space (so a full stop
//!   at the end of a line still ends its sentence by the punctuation rules). A line counts as
//!   wrapped when it is long (40 characters or more) and the first word of the next line would not
//!   have fitted after it within the width of the neighbouring lines: that is what a wrapping
//!   program produces, and a headline does not.
//! - `\r\n`, a lone `\r`, U+0085 and U+2028 are line breaks just like `\n`.
//!
//! **Punctuation rules** (applied to each UAX #29 candidate inside a paragraph):
//!
//! - A candidate counts only after a sentence terminator (`.` `!` `?` `…` and the terminators of
//!   other scripts), possibly followed by closing quotes or brackets. A full stop inside a closing
//!   quote (`."` `.”` `.'` `.’`) therefore ends the sentence after the quote.
//! - No split when the next letter is lower case, whatever the terminator: this keeps
//!   `"…?” she asked.`, `"Stop!" he shouted` and `etc. and more` together, as UAX #29 already does
//!   for a plain full stop.
//! - After a full stop that is not inside a quote, the word before it decides:
//!   - titles and ranks (Mr., Mrs., Ms., Dr., Prof., Gen., Lt., Col., Maj., Capt., Sgt., Adm.,
//!     Cmdr., Gov., Sen., Rep., Amb., Pres., Rev., Hon., and a few more) and vs., v., e.g., i.e.
//!     never end a sentence: a name or an example always follows them;
//!   - No., Nos., Art., Vol. and the month abbreviations (Jan., Feb., Aug., Sept., Oct., Nov.,
//!     Dec., ...) do not end a sentence before a number ("No. 10", "Sept. 11");
//!   - *ambiguous* abbreviations end a sentence only when the next word is a typical sentence
//!     opener (The, A, It, He, She, They, We, This, But, In, However, ...). They are dotted
//!     capitals such as U.S., U.N., U.K., E.U., D.C., and single-letter initials ("J. R. Smith",
//!     "George W. Bush"), plus a.m., p.m., Inc., Ltd., Co., Corp., St., Jr., Sr. The rule exists
//!     because "U.S. Army" and "U.N. Security Council" are far more common in news than a sentence
//!     ending in "U.S." followed by a capitalised word that is not an opener; an initial followed
//!     by another initial never splits;
//!   - "etc." splits before a capitalised word like any other word;
//!   - a full stop between digits ("3.5 million", "$1.2bn") is never a candidate in UAX #29.
//! - Em and en dashes (— –) are never terminators, and a line ending in one continues.
//!
//! # Guarantees
//!
//! Every range is non-empty, starts and ends on a character that is not white space, lies on
//! char boundaries, and the ranges are increasing and disjoint. Every character of the input that
//! is not white space lies in exactly one range. The splitter never panics and runs in linear time:
//! UAX #29 is fed in short pieces, because the lookahead of its rule SB8 rescans the text after
//! every space that follows a full stop and would be quadratic on long runs of spaces.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Splits `text` into sentences and returns the byte range of each one, in order.
///
/// Each range is trimmed of surrounding white space and is never empty; together the ranges hold
/// every character of `text` that is not white space (bullet markers included).
///
/// ```
/// use stance::text::sentences::{sentences, split_sentences};
///
/// let article = "Peacekeepers extend mission\n\n\
///                Gen. J. R. Smith said the U.S. Army would stay. \"We are here to help.\" \
///                The U.N. mission costs $1.2bn a year.";
/// let ranges = split_sentences(article);
/// assert_eq!(ranges.len(), 4);
/// assert_eq!(&article[ranges[0].clone()], "Peacekeepers extend mission");
/// assert_eq!(
///     sentences(article).nth(1),
///     Some("Gen. J. R. Smith said the U.S. Army would stay.")
/// );
/// ```
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    if let Some(single) = single_plain_sentence(text) {
        return single;
    }
    split_sentences_full(text)
}

/// The answer without any segmentation work when `text` is plain ASCII on one line with no
/// sentence terminator (other than a decimal point) before its final run of terminators,
/// closers and spaces: UAX #29 breaks
/// only after a terminator (in ASCII `.`, `!`, `?`) or a line break, and the layout rules need a
/// line break, so such a text is one sentence (or none). Classifying one sentence per record is
/// common enough for this to matter; a test holds it to the full path.
fn single_plain_sentence(text: &str) -> Option<Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    if bytes
        .iter()
        .any(|&b| !b.is_ascii() || matches!(b, b'\n' | b'\r' | 0x0B | 0x0C))
    {
        return None;
    }
    // The final run must read terminators, then closing quotes or brackets, then spaces, in that
    // order (in UAX #29 a closer after a space already belongs to a new sentence).
    let mut end = bytes.len();
    let mut skip = |class: fn(u8) -> bool| {
        while end > 0 && class(bytes[end - 1]) {
            end -= 1;
        }
    };
    skip(|b| b == b' ' || b == b'\t');
    skip(|b| matches!(b, b'"' | b'\'' | b')' | b']'));
    skip(|b| matches!(b, b'.' | b'!' | b'?'));
    // A full stop right before a digit, as in "67.5", is no sentence end (UAX #29 rule SB6).
    let body = &bytes[..end];
    if body.iter().enumerate().any(|(i, &b)| {
        matches!(b, b'!' | b'?') || (b == b'.' && !body.get(i + 1).is_some_and(u8::is_ascii_digit))
    }) {
        return None;
    }
    let is_space = |b: &u8| *b == b' ' || *b == b'\t';
    let start = bytes.iter().position(|b| !is_space(b))?;
    let stop = bytes.len() - bytes.iter().rev().position(|b| !is_space(b))?;
    Some(std::iter::once(start..stop).collect())
}

fn split_sentences_full(text: &str) -> Vec<Range<usize>> {
    let lines = scan_lines(text);
    let blocks = blocks(text, &lines);
    let candidates = candidates(text);

    let mut sentences = Vec::new();
    let mut next_candidate = 0;
    for block in &blocks {
        let mut start = block.range.start;
        while let Some(candidate) = candidates.get(next_candidate) {
            // A candidate at or past the block's end belongs to the layout, which already split.
            if candidate.next >= block.range.end {
                break;
            }
            next_candidate += 1;
            // Candidates before the block, or right after a numbered marker like "1.", are not
            // sentence ends.
            if candidate.next <= start || candidate.end <= block.marker_end {
                continue;
            }
            if keeps_break(text, candidate) {
                push_trimmed(text, start..candidate.end, &mut sentences);
                start = candidate.next;
            }
        }
        push_trimmed(text, start..block.range.end, &mut sentences);
    }
    sentences
}

/// The sentences of `text` as string slices, in order: [`split_sentences`] applied to the text.
///
/// ```
/// use stance::text::sentences::sentences;
///
/// let text = "Troops arrived at 9 a.m. on Monday.\r\n\r\n- Convoys resumed\r\n- Talks stalled";
/// let found: Vec<&str> = sentences(text).collect();
/// assert_eq!(
///     found,
///     ["Troops arrived at 9 a.m. on Monday.", "- Convoys resumed", "- Talks stalled"]
/// );
/// ```
pub fn sentences(text: &str) -> impl Iterator<Item = &str> + '_ {
    split_sentences(text)
        .into_iter()
        .filter_map(move |range| text.get(range))
}

/// Pushes `range` trimmed of white space, if anything is left.
fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(slice) = text.get(range.clone()) else {
        return;
    };
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    if start < end {
        out.push(start..end);
    }
}

// ---------------------------------------------------------------------------------------------
// Word lists, one word per space. Comparisons ignore ASCII case, so "MR." and "Mr." behave alike.

/// Words that are always followed by a name, so a full stop after them never ends a sentence.
const TITLES: &str = "mr mrs ms messrs mme mlle dr prof gen lt col maj capt sgt cpl pvt adm cmdr \
                      cdr brig gov sen sens rep reps amb pres rev hon supt insp det fr mt";

/// Abbreviations that are followed by more of the same sentence whatever its case.
const ALWAYS_JOINED: &str = "vs v e.g i.e cf viz";

/// Abbreviations that are joined to a following number ("No. 10", "Sept. 11", "approx. 300").
const BEFORE_NUMBER: &str = "no nos art vol fig p pp ch para approx est ca c \
                             jan feb mar apr jun jul aug sep sept oct nov dec";

/// Abbreviations that may end a sentence as well as sit inside one: they end it only before a
/// sentence opener. Dotted capitals (U.S., U.N.) and initials are recognised by shape instead.
const AMBIGUOUS: &str = "a.m p.m inc ltd co corp st jr sr bros";

/// Words that commonly start a sentence and hardly ever continue a name after "U.S." or an
/// initial, so an ambiguous abbreviation before them ends its sentence.
const OPENERS: &str = "the a an it its he she they we i you this that these those there here \
                       but and or so yet in on at as by for from with after before when while if \
                       although though however meanwhile still also then now his her their our \
                       my some many most all both each last earlier later according despite \
                       during since what why how who where";

/// Words a clause cannot end on: a line ending in one of them continues on the next line.
/// Particles that can end a headline ("Fighting goes on", "War is over") are left out.
const FUNCTION_WORDS: &str = "a an the of to at by for with from into onto upon between against \
                              during toward towards via among amid and or but nor than whose \
                              its their our your my";

/// More words that rarely end a clause. They can end a headline ("Troops move in"), so only a
/// bullet marker's line looks at them: a dash after "arrived in" is a dash, not a list item.
const CONTINUING_WORDS: &str = "in on over under about after before through as that which who \
                                is are was were be been has have had will would could should \
                                can may might must not";

fn in_list(list: &str, word: &str) -> bool {
    list.split_whitespace()
        .any(|entry| entry.eq_ignore_ascii_case(word))
}

// ---------------------------------------------------------------------------------------------
// Character classes.

/// Sentence terminators: the Latin ones plus those of the scripts news feeds commonly carry.
fn is_terminator(c: char) -> bool {
    // Checked for most chars of the text, so ASCII takes the short way.
    matches!(c, '.' | '!' | '?') || (!c.is_ascii() && "…‼‽⁇⁈⁉。｡．！？؟۔।॥։።፧፨".contains(c))
}

/// Characters that may follow a terminator and still belong to its sentence.
fn is_closer(c: char) -> bool {
    "\"'”’“‘»«›‹)]}」』）］》〉".contains(c)
}

/// Characters that may stand before the first word of a sentence.
fn is_opening_mark(c: char) -> bool {
    "\"'“‘„«»‹([{¿¡「『（".contains(c)
}

/// Punctuation after which a clause obviously goes on.
fn is_clause_punct(c: char) -> bool {
    ",;-‐‑‒–—―/\\&+=([{“„‘".contains(c)
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Characters that open a bulleted line when followed by white space.
const BULLET_CHARS: &[char] = &['-', '*', '•', '–', '‣', '◦', '▪'];

// ---------------------------------------------------------------------------------------------
// Line structure.

/// Headings longer than this are taken for ordinary text.
const MAX_HEADING_WORDS: usize = 12;

/// Lines shorter than this (in chars) are never taken for hard-wrapped text: wrapping programs
/// use wider columns, so a short line without a full stop is a heading or a list item.
const MIN_WRAP_WIDTH: usize = 40;

/// One line of the input, trimmed of white space.
struct Line {
    /// Byte offset of the first character that is not white space (`== end` for a blank line).
    start: usize,
    /// Byte offset just past the last character that is not white space.
    end: usize,
    /// Length of the trimmed line in chars, to compare line widths.
    chars: usize,
    /// Byte offset just past the bullet marker, if the line starts with one.
    marker: Option<usize>,
    /// The line was ended by U+2029 PARAGRAPH SEPARATOR.
    paragraph_end: bool,
}

impl Line {
    fn is_blank(&self) -> bool {
        self.start == self.end
    }
}

fn line_text<'t>(text: &'t str, line: &Line) -> &'t str {
    text.get(line.start..line.end).unwrap_or_default()
}

/// Cuts `text` into lines in a single pass.
fn scan_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut first: Option<(usize, usize)> = None; // (byte, char count) of the first solid char
    let mut last = (0, 0); // (byte end, char count) after the last solid char
    let mut count = 0;
    let bytes = text.as_bytes();

    let mut finish = |first: &mut Option<(usize, usize)>, last: (usize, usize), at: usize, para| {
        let line = match first.take() {
            Some((start, start_chars)) => Line {
                start,
                end: last.0,
                chars: last.1.saturating_sub(start_chars),
                marker: None,
                paragraph_end: para,
            },
            None => Line {
                start: at,
                end: at,
                chars: 0,
                marker: None,
                paragraph_end: para,
            },
        };
        lines.push(line);
    };

    for (i, c) in text.char_indices() {
        // "\r\n" ends the line at the "\n"; the "\r" is just white space.
        let ends_line = match c {
            '\r' => bytes.get(i + 1) != Some(&b'\n'),
            _ => is_line_break(c),
        };
        if ends_line {
            finish(&mut first, last, i, c == '\u{2029}');
            count = 0;
            continue;
        }
        count += 1;
        if !c.is_whitespace() {
            if first.is_none() {
                first = Some((i, count - 1));
            }
            last = (i + c.len_utf8(), count);
        }
    }
    finish(&mut first, last, text.len(), false);

    for line in &mut lines {
        if let Some(content) = text.get(line.start..line.end) {
            line.marker = bullet_marker(content).map(|len| line.start + len);
        }
    }
    lines
}

/// The byte length of the bullet marker that `content` (a trimmed line) starts with, if any.
fn bullet_marker(content: &str) -> Option<usize> {
    let first = content.chars().next()?;
    let len = if BULLET_CHARS.contains(&first) {
        first.len_utf8()
    } else if first.is_ascii_digit() {
        // Up to three digits: a four-digit number at the start of a line is a year, not an item.
        let digits = content
            .bytes()
            .take(4)
            .take_while(u8::is_ascii_digit)
            .count();
        match content.as_bytes().get(digits) {
            Some(b'.' | b')') if digits <= 3 => digits + 1,
            _ => return None,
        }
    } else {
        return None;
    };
    // The line is trimmed, so white space after the marker means text follows it.
    content
        .get(len..)
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .map(|_| len)
}

/// A run of lines that sentences cannot cross: a paragraph, a list item or a heading.
struct Block {
    range: Range<usize>,
    /// End of the block's bullet marker (the block's start if it has none).
    marker_end: usize,
}

/// Groups lines into blocks according to the line-structure rules.
fn blocks(text: &str, lines: &[Line]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            blocks.extend(open.take());
            continue;
        }
        let prev = previous_in_paragraph(lines, i);
        let bullet_end = line
            .marker
            .filter(|_| prev.is_none_or(|p| !ends_mid_clause(line_text(text, p))));
        if bullet_end.is_some() {
            blocks.extend(open.take());
        }
        let starts_sentence =
            open.is_none() || prev.is_some_and(|p| ends_with_terminator(line_text(text, p)));
        match open.as_mut() {
            Some(block) => block.range.end = line.end,
            None => {
                open = Some(Block {
                    range: line.start..line.end,
                    marker_end: bullet_end.unwrap_or(line.start),
                })
            }
        }
        let content_start = bullet_end.unwrap_or(line.start);
        let in_list_item = open
            .as_ref()
            .is_some_and(|block| block.marker_end > block.range.start);
        let ends_here = if in_list_item {
            ends_list_item(text, lines, i)
        } else {
            starts_sentence && is_heading(text, lines, i, content_start)
        };
        if line.paragraph_end || ends_here {
            blocks.extend(open.take());
        }
    }
    blocks.extend(open.take());
    blocks
}

/// The line before line `i`, if it belongs to the same paragraph.
fn previous_in_paragraph(lines: &[Line], i: usize) -> Option<&Line> {
    let prev = lines.get(i.checked_sub(1)?)?;
    (!prev.is_blank() && !prev.paragraph_end).then_some(prev)
}

/// Whether line `i`, which starts a sentence, is a heading (see the module doc).
fn is_heading(text: &str, lines: &[Line], i: usize, content_start: usize) -> bool {
    let Some(content) = text.get(content_start..lines.get(i).map_or(0, |line| line.end)) else {
        return false;
    };
    content
        .split_whitespace()
        .take(MAX_HEADING_WORDS + 1)
        .count()
        <= MAX_HEADING_WORDS
        && !first_alphanumeric(content).is_some_and(char::is_lowercase)
        && ends_list_item(text, lines, i)
}

/// Whether the text stops at the end of line `i` although no terminator says so: the line ends
/// on a finished phrase, the next line does not start in lower case, and the break is not a
/// hard wrap. This ends a heading (with the checks in `is_heading`) and a list item, whose lines
/// are fragments of any length.
fn ends_list_item(text: &str, lines: &[Line], i: usize) -> bool {
    let (Some(line), Some(next)) = (lines.get(i), lines.get(i + 1)) else {
        return false;
    };
    if next.is_blank() || line.paragraph_end {
        // The paragraph ends here anyway.
        return false;
    }
    let content = line_text(text, line);
    match strip_closers(content).chars().next_back() {
        Some(c) if !is_terminator(c) && !is_clause_punct(c) && c != ':' => {}
        // A terminator is left to the punctuation rules ("Gen." may go on with a name).
        _ => return false,
    }
    !ends_with_function_word(content)
        && !first_alphanumeric(line_text(text, next)).is_some_and(char::is_lowercase)
        && !looks_wrapped(text, lines, i)
}

/// Whether line `i` looks hard-wrapped: long, and the next line's first word would not have
/// fitted after it within the width of its neighbours.
fn looks_wrapped(text: &str, lines: &[Line], i: usize) -> bool {
    let (Some(line), Some(next)) = (lines.get(i), lines.get(i + 1)) else {
        return false;
    };
    if line.chars < MIN_WRAP_WIDTH {
        return false;
    }
    let prev_chars = previous_in_paragraph(lines, i).map_or(0, |p| p.chars);
    let width = prev_chars.max(next.chars);
    let next_word = line_text(text, next)
        .chars()
        .take(64)
        .take_while(|c| !c.is_whitespace())
        .count();
    line.chars + 1 + next_word > width
}

/// Whether a line stops in the middle of a clause (so a dash or number after it is not a bullet).
fn ends_mid_clause(line: &str) -> bool {
    line.chars().next_back().is_some_and(is_clause_punct)
        || last_word(line)
            .is_some_and(|word| in_list(FUNCTION_WORDS, word) || in_list(CONTINUING_WORDS, word))
}

fn ends_with_terminator(line: &str) -> bool {
    strip_closers(line)
        .chars()
        .next_back()
        .is_some_and(is_terminator)
}

fn ends_with_function_word(line: &str) -> bool {
    last_word(line).is_some_and(|word| in_list(FUNCTION_WORDS, word))
}

/// The run of letters that ends `line`, if it is short enough to be one of the listed words.
fn last_word(line: &str) -> Option<&str> {
    let mut start = line.len();
    for (count, (i, c)) in line.char_indices().rev().enumerate() {
        if !c.is_alphabetic() {
            break;
        }
        if count >= 12 {
            return None;
        }
        start = i;
    }
    line.get(start..).filter(|word| !word.is_empty())
}

/// The first letter or digit of `s`, looking no further than its first few characters.
fn first_alphanumeric(s: &str) -> Option<char> {
    s.chars().take(8).find(|c| c.is_alphanumeric())
}

/// `s` without the closing quotes and brackets at its end (at most a few, to stay linear).
fn strip_closers(s: &str) -> &str {
    let mut end = s.len();
    for (count, (i, c)) in s.char_indices().rev().enumerate() {
        if count >= 8 || !is_closer(c) {
            break;
        }
        end = i;
    }
    s.get(..end).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Candidate boundaries from UAX #29.

/// A possible sentence boundary: the previous sentence would end at `end` and the next start at
/// `next`, with only white space between them.
struct Candidate {
    end: usize,
    next: usize,
    /// UAX #29 put a boundary here (rather than only the piece cutting in `pieces`).
    from_uax: bool,
    /// The white space between the two contains a line break.
    line_break: bool,
}

/// Pieces are cut at a word start once they are this long (bytes) ...
const PIECE_TARGET: usize = 64;
/// ... and anywhere once they are this long ...
const PIECE_MAX: usize = 128;
/// ... or once this many chars in a row give SB8's lookahead no reason to stop (no letter,
/// terminator or line break). SB8 rescans such a run once per space or closing mark after a
/// full stop, so its length bounds the cost per byte.
const MAX_RUN_WITHOUT_STOP: usize = 32;

/// A piece of the text that UAX #29 is run on by itself.
struct Piece {
    range: Range<usize>,
    /// The piece was cut at a place where UAX #29 might have wanted a boundary, so one is
    /// proposed at its end for the rules to judge.
    propose_end: bool,
}

/// Cuts `text` into short pieces.
///
/// A cut just before a word that follows white space after a letter is exact: no UAX #29 rule
/// breaks there (unless a line break comes in between, which gives a candidate the rules reject
/// anyway), none looks back past the letter, and SB8's lookahead stops at that letter. Only the
/// forced cuts of long runs without such a place (long numbers, tables, runs of spaces or
/// brackets) can change what UAX #29 sees, and those next to white space propose a boundary that
/// the rules then judge from the full text.
fn pieces(text: &str) -> Vec<Piece> {
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
fn candidates(text: &str) -> Vec<Candidate> {
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
fn skip_space_forward(text: &str, from: usize) -> usize {
    text.get(from..)
        .and_then(|rest| rest.char_indices().find(|(_, c)| !c.is_whitespace()))
        .map_or(text.len(), |(offset, _)| from + offset)
}

/// The position just past the last character before `from` that is not white space, but not
/// below `floor`.
fn skip_space_backward(text: &str, from: usize, floor: usize) -> usize {
    text.get(floor..from)
        .and_then(|span| span.char_indices().rev().find(|(_, c)| !c.is_whitespace()))
        .map_or(floor, |(offset, c)| floor + offset + c.len_utf8())
}

// ---------------------------------------------------------------------------------------------
// Judging a candidate.

/// Longest word looked at around a candidate; longer ones are no abbreviation or opener.
const MAX_WORD_CHARS: usize = 24;

/// Whether `candidate` really ends a sentence (see the module doc for the rules).
fn keeps_break(text: &str, candidate: &Candidate) -> bool {
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
    if next_letter_is_lowercase(text, candidate.next) {
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

/// Whether a full stop after `word` ends the sentence, given the word after it.
fn abbreviation_allows_break(word: &str, next: &NextWord) -> bool {
    // An empty word is a stray full stop; a dotted one ("wait..") is an ellipsis.
    if word.is_empty() || word.ends_with('.') {
        return true;
    }
    if is_dotted_capitals(word) {
        return next.is_opener() && !next.is_initial;
    }
    if in_list(TITLES, word) || in_list(ALWAYS_JOINED, word) {
        return false;
    }
    if in_list(BEFORE_NUMBER, word) && next.starts_with_digit() {
        return false;
    }
    if in_list(AMBIGUOUS, word) {
        return next.is_opener();
    }
    true
}

/// "J", "W", "U.S", "U.N", "D.C", "J.R": capital letters, each alone between full stops.
fn is_dotted_capitals(word: &str) -> bool {
    word.split('.').all(|part| {
        let mut chars = part.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
    })
}

/// The word (letters, digits and inner full stops) that ends `s`, or `None` if it is too long
/// to be an abbreviation.
fn word_before(s: &str) -> Option<&str> {
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
struct NextWord<'t> {
    word: &'t str,
    /// A single capital followed by a full stop: another initial.
    is_initial: bool,
}

impl NextWord<'_> {
    fn is_opener(&self) -> bool {
        in_list(OPENERS, self.word)
    }

    fn starts_with_digit(&self) -> bool {
        self.word.chars().next().is_some_and(char::is_numeric)
    }
}

fn next_word(text: &str, from: usize) -> NextWord<'_> {
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
fn next_letter_is_lowercase(text: &str, from: usize) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).collect()
    }

    /// `text` without its white space.
    fn solid(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn check_invariants(text: &str) {
        let ranges = split_sentences(text);
        let mut last_end = 0;
        for range in &ranges {
            assert!(range.start < range.end, "empty range {range:?} in {text:?}");
            assert!(range.start >= last_end, "overlap at {range:?} in {text:?}");
            let slice = text
                .get(range.clone())
                .unwrap_or_else(|| panic!("range {range:?} not on char boundaries in {text:?}"));
            assert_eq!(slice, slice.trim(), "untrimmed range {range:?} in {text:?}");
            last_end = range.end;
        }
        let joined: String = ranges.iter().map(|r| solid(&text[r.clone()])).collect();
        assert_eq!(joined, solid(text), "characters lost in {text:?}");
    }

    // --- basics -------------------------------------------------------------------------------

    #[test]
    fn empty_and_blank_inputs_give_no_sentences() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences("   \n\t \r\n  \u{a0}").is_empty());
    }

    #[test]
    fn plain_sentences_split_and_ranges_are_trimmed() {
        let text = "  Troops arrived.  Talks began!   Will they last?  ";
        assert_eq!(
            split(text),
            ["Troops arrived.", "Talks began!", "Will they last?"]
        );
        assert_eq!(split_sentences(text)[0], 2..17);
    }

    #[test]
    fn text_without_terminator_is_one_sentence() {
        assert_eq!(
            split("no full stop here at all"),
            ["no full stop here at all"]
        );
    }

    // --- abbreviations ------------------------------------------------------------------------

    #[test]
    fn titles_and_ranks_do_not_split() {
        let text = "Mr. Smith met Dr. Jones and Lt. Gen. Ali. Prof. Chan and Sgt. Lee waited.";
        assert_eq!(
            split(text),
            [
                "Mr. Smith met Dr. Jones and Lt. Gen. Ali.",
                "Prof. Chan and Sgt. Lee waited."
            ]
        );
    }

    #[test]
    fn political_titles_do_not_split() {
        let text = "U.S. Sen. Mary Doe and Gov. Tom Roe met Amb. Sara Poe and Rep. Ed Coe.";
        assert_eq!(split(text), [text]);
    }

    #[test]
    fn us_before_a_name_does_not_split() {
        assert_eq!(
            split("The U.S. Army and the U.N. Security Council agreed. Talks ended."),
            [
                "The U.S. Army and the U.N. Security Council agreed.",
                "Talks ended."
            ]
        );
        assert_eq!(
            split("Britain, the U.K. Foreign Office said, and the E.U. Commission agreed."),
            ["Britain, the U.K. Foreign Office said, and the E.U. Commission agreed."]
        );
    }

    #[test]
    fn us_before_a_sentence_opener_splits() {
        assert_eq!(
            split(
                "Aid came from the U.S. The convoy left. It went to the U.N. However, it stopped."
            ),
            [
                "Aid came from the U.S.",
                "The convoy left.",
                "It went to the U.N.",
                "However, it stopped."
            ]
        );
    }

    #[test]
    fn us_before_lower_case_does_not_split() {
        assert_eq!(
            split("The U.S. officials said so."),
            ["The U.S. officials said so."]
        );
    }

    #[test]
    fn times_split_only_before_an_opener() {
        assert_eq!(
            split("It began at 9 a.m. Tuesday and ended at 5 p.m. The streets emptied."),
            [
                "It began at 9 a.m. Tuesday and ended at 5 p.m.",
                "The streets emptied."
            ]
        );
    }

    #[test]
    fn eg_ie_and_vs_do_not_split() {
        let text = "Some units, e.g. The Rifles, left, i.e. Most did. Rovers vs. United was off.";
        assert_eq!(
            split(text),
            [
                "Some units, e.g. The Rifles, left, i.e. Most did.",
                "Rovers vs. United was off."
            ]
        );
    }

    #[test]
    fn etc_splits_only_before_a_capital() {
        assert_eq!(
            split("They sent food, water, etc. and more. They sent tents, etc. Nothing else."),
            [
                "They sent food, water, etc. and more.",
                "They sent tents, etc.",
                "Nothing else."
            ]
        );
    }

    #[test]
    fn numbers_after_no_and_months_do_not_split() {
        assert_eq!(
            split("Resolution No. 1701 passed on Aug. 11 and Sept. 12, 2006. Jan. 5 is next."),
            [
                "Resolution No. 1701 passed on Aug. 11 and Sept. 12, 2006.",
                "Jan. 5 is next."
            ]
        );
        assert_eq!(
            split("He said no. 10 Downing St. agreed."),
            ["He said no. 10 Downing St. agreed."]
        );
    }

    #[test]
    fn company_suffixes_split_only_before_an_opener() {
        assert_eq!(
            split("Acme Corp. Chief Jo Lee and Foo Inc. Staff left. Bar Ltd. The firm grew."),
            [
                "Acme Corp. Chief Jo Lee and Foo Inc. Staff left.",
                "Bar Ltd.",
                "The firm grew."
            ]
        );
    }

    #[test]
    fn initials_do_not_split() {
        assert_eq!(
            split("J. R. Smith met George W. Bush and J.R.R. Tolkien. They talked."),
            [
                "J. R. Smith met George W. Bush and J.R.R. Tolkien.",
                "They talked."
            ]
        );
    }

    #[test]
    fn a_capital_letter_before_an_opener_splits() {
        assert_eq!(
            split("They chose Plan B. The others agreed. He met J. A. Smith."),
            [
                "They chose Plan B.",
                "The others agreed.",
                "He met J. A. Smith."
            ]
        );
    }

    #[test]
    fn ellipsis_before_a_capital_splits() {
        assert_eq!(
            split("We waited... Nothing came."),
            ["We waited...", "Nothing came."]
        );
    }

    // --- numbers ------------------------------------------------------------------------------

    #[test]
    fn decimals_and_amounts_do_not_split() {
        let text = "The force of 3.5 million cost $1.2bn, or 1,500 per head. It grew 0.7%.";
        assert_eq!(
            split(text),
            [
                "The force of 3.5 million cost $1.2bn, or 1,500 per head.",
                "It grew 0.7%."
            ]
        );
    }

    // --- quotations ---------------------------------------------------------------------------

    #[test]
    fn full_stop_inside_straight_quote_splits_after_the_quote() {
        assert_eq!(
            split("He said, \"We will stay.\" The crowd cheered. She said 'no.' Then left."),
            [
                "He said, \"We will stay.\"",
                "The crowd cheered.",
                "She said 'no.'",
                "Then left."
            ]
        );
    }

    #[test]
    fn full_stop_inside_curly_quote_splits_after_the_quote() {
        assert_eq!(
            split("“We will stay.” The crowd cheered. ‘Go home.’ Nobody moved."),
            [
                "“We will stay.”",
                "The crowd cheered.",
                "‘Go home.’",
                "Nobody moved."
            ]
        );
    }

    #[test]
    fn question_or_exclamation_before_attribution_does_not_split() {
        assert_eq!(
            split("“Why now?” she asked. \"Stop!\" he shouted. “Really?” — said the aide."),
            [
                "“Why now?” she asked.",
                "\"Stop!\" he shouted.",
                "“Really?” — said the aide."
            ]
        );
    }

    #[test]
    fn question_in_quote_before_a_capital_splits() {
        assert_eq!(
            split("“Why now?” Nobody answered."),
            ["“Why now?”", "Nobody answered."]
        );
    }

    // --- dashes -------------------------------------------------------------------------------

    #[test]
    fn dashes_never_end_a_sentence() {
        let text = "The force — some 10,000 troops – stayed — and The Hague watched.";
        assert_eq!(split(text), [text]);
        assert_eq!(
            split("The force, which had grown —\nThe Hague said — stayed."),
            ["The force, which had grown —\nThe Hague said — stayed."]
        );
    }

    // --- line structure -----------------------------------------------------------------------

    #[test]
    fn blank_line_always_ends_a_sentence() {
        assert_eq!(
            split("The talks went on\n\nthe troops waited\n \t\nEnd"),
            ["The talks went on", "the troops waited", "End"]
        );
    }

    #[test]
    fn headline_then_blank_line_is_its_own_sentence() {
        let text = "UN extends Lebanon mission by a year\n\nThe Security Council voted on Friday.";
        assert_eq!(
            split(text),
            [
                "UN extends Lebanon mission by a year",
                "The Security Council voted on Friday."
            ]
        );
    }

    #[test]
    fn heading_without_blank_line_is_its_own_sentence() {
        let text = "Peacekeepers deployed\nThe Security Council voted on Friday to send a force of \
                    5,000 troops to the border region, officials said.\nBackground\nThe mission began in 2006.";
        assert_eq!(
            split(text),
            [
                "Peacekeepers deployed",
                "The Security Council voted on Friday to send a force of 5,000 troops to the \
                 border region, officials said.",
                "Background",
                "The mission began in 2006."
            ]
        );
    }

    #[test]
    fn bullets_start_sentences_and_keep_their_marker() {
        let text = "Key points:\n- Troops arrive\n* Aid flows\n• Talks resume\n– Ceasefire holds\n\
                    1. First item\n2) Second item\n10. Tenth item";
        assert_eq!(
            split(text),
            [
                "Key points:",
                "- Troops arrive",
                "* Aid flows",
                "• Talks resume",
                "– Ceasefire holds",
                "1. First item",
                "2) Second item",
                "10. Tenth item"
            ]
        );
    }

    #[test]
    fn bullet_item_may_wrap_and_hold_sentences() {
        let text = "- Troops will deploy to the\n  southern region. Aid follows.\n- Talks resume";
        assert_eq!(
            split(text),
            [
                "- Troops will deploy to the\n  southern region.",
                "Aid follows.",
                "- Talks resume"
            ]
        );
    }

    #[test]
    fn list_item_ends_before_an_ordinary_line() {
        let text =
            "* Phase two: Israeli troops withdraw to the\n  agreed line, according to a map\n\
                    The force will be led by a U.S. general, officials said on Thursday night.\n\
                    - A long item that runs on for well over twelve words before it stops\n\
                    Then the text goes on, as ordinary paragraphs do, for many more words.";
        assert_eq!(
            split(text),
            [
                "* Phase two: Israeli troops withdraw to the\n  agreed line, according to a map",
                "The force will be led by a U.S. general, officials said on Thursday night.",
                "- A long item that runs on for well over twelve words before it stops",
                "Then the text goes on, as ordinary paragraphs do, for many more words."
            ]
        );
    }

    #[test]
    fn dash_after_a_mid_clause_line_is_not_a_bullet() {
        let text = "The force, which arrived in\n– by most accounts – good order, stayed.";
        assert_eq!(split(text), [text]);
    }

    #[test]
    fn four_digit_number_at_line_start_is_not_a_bullet() {
        let text = "The mission, which now has 10,000 troops, was founded in\n1978. It grew.";
        assert_eq!(
            split(text),
            [
                "The mission, which now has 10,000 troops, was founded in\n1978.",
                "It grew."
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_do_not_split() {
        let text = "The Security Council voted on Friday to extend the mandate of the\n\
                    peacekeeping force for another year, diplomats said after a long\n\
                    meeting in New York that ran late into the night. The vote was\n\
                    unanimous.";
        assert_eq!(
            split(text),
            [
                "The Security Council voted on Friday to extend the mandate of the\n\
                 peacekeeping force for another year, diplomats said after a long\n\
                 meeting in New York that ran late into the night.",
                "The vote was\nunanimous."
            ]
        );
    }

    #[test]
    fn wrapped_line_ending_in_a_name_continues() {
        // Short enough to be a heading by word count, but long and followed by a word that
        // would not have fitted, so it is a wrap.
        let text = "Officials said. The mission would last six months and cost\n\
                    Washington roughly two billion dollars in total, they added.";
        assert_eq!(
            split(text),
            [
                "Officials said.",
                "The mission would last six months and cost\nWashington roughly two billion \
                 dollars in total, they added."
            ]
        );
    }

    #[test]
    fn line_ending_in_a_function_word_or_followed_by_lower_case_continues() {
        assert_eq!(
            split("Troops of the\nUnited Nations left."),
            ["Troops of the\nUnited Nations left."]
        );
        assert_eq!(
            split("Troops moved\nsouth today."),
            ["Troops moved\nsouth today."]
        );
    }

    #[test]
    fn sentence_ending_at_a_line_end_splits() {
        assert_eq!(
            split("The troops left.\nThe talks began.\nMr.\nSmith spoke."),
            ["The troops left.", "The talks began.", "Mr.\nSmith spoke."]
        );
    }

    #[test]
    fn crlf_behaves_like_lf() {
        let lf = "Peacekeepers deployed\nThe force arrived on Friday after a long delay, \
                  officials said on Saturday morning.\n\n- Aid flows\n- Talks resume\nIt was\nlate.";
        let expected = split(lf);
        assert_eq!(expected.len(), 5);
        let crlf = lf.replace('\n', "\r\n");
        let found: Vec<String> = sentences(&crlf).map(|s| s.replace("\r\n", "\n")).collect();
        assert_eq!(found, expected);
        let lone_cr = lf.replace('\n', "\r");
        let found: Vec<String> = sentences(&lone_cr).map(|s| s.replace('\r', "\n")).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn paragraph_separator_ends_a_sentence() {
        assert_eq!(
            split("One part\u{2029}another part"),
            ["One part", "another part"]
        );
    }

    // --- robustness ---------------------------------------------------------------------------

    #[test]
    fn other_scripts_and_marks_are_handled() {
        assert_eq!(
            split("部隊が到着した。交渉が始まった。"),
            ["部隊が到着した。", "交渉が始まった。"]
        );
        assert_eq!(split("वे आए। वे गए।"), ["वे आए।", "वे गए।"]);
        check_invariants("قال الجنود. وصلت القوات؟ نعم");
        check_invariants("e\u{301}\u{301}. \u{301}\u{301} A\u{200f}. \u{202e}x.\u{fe0f}");
        check_invariants("....!!!???…“”’‘\"'()[]—–-*•");
    }

    /// Megabyte inputs of the shapes that make naive UAX #29 use quadratic (no full stop, long
    /// runs of spaces, closers or newlines). Speed is measured by the benchmarks, not here; this
    /// checks the answers on inputs that large.
    #[test]
    fn long_inputs_are_split_correctly() {
        let no_stop = "peacekeepers patrol the border region ".repeat(30_000); // ~1.1 MB
        assert_eq!(split_sentences(&no_stop).len(), 1);
        let spaces = format!("End. {}The end.", " ".repeat(1_000_000));
        assert_eq!(split(&spaces), ["End.", "The end."]);
        let closers = format!("End.{} The end.", ")".repeat(1_000_000));
        check_invariants(&closers);
        let newlines = format!("End.{}The end.", "\n".repeat(1_000_000));
        assert_eq!(split(&newlines), ["End.", "The end."]);
        let sentences_only = "It ended. ".repeat(100_000);
        assert_eq!(split_sentences(&sentences_only).len(), 100_000);
    }

    // --- properties ---------------------------------------------------------------------------

    /// News-like text: words, abbreviations, numbers, quotes, dashes, bullets and line breaks.
    fn newsy_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "the", "The", "troops", "U.S.", "U.N.", "Mr.", "Dr.", "J.", "W.", "a.m.", "No.",
            "Sept.", "10", "3.5", "$1.2bn", "1,500", "etc.", "e.g.", ".", "!", "?", "…", ",", ";",
            ":", "\"", "“", "”", "’", "'", "(", ")", "—", "–", "-", "*", "•", "1.", "2)", " ", " ",
            " ", "  ", "\n", "\n", "\r\n", "\n\n", "\t", "\u{a0}", "\u{2029}", "she", "asked",
            "It", "However", "é", "\u{301}", "部隊", "。", "قال", "\u{200f}",
        ]);
        prop::collection::vec(pieces, 0..80).prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The one-sentence shortcut agrees with the full rules wherever it answers.
        #[test]
        fn plain_shortcut_matches_the_full_rules(text in "[ -~\t]{0,80}") {
            if let Some(fast) = single_plain_sentence(&text) {
                prop_assert_eq!(fast, split_sentences_full(&text));
            }
        }

        /// The same on word-like text full of numbers, decimal points and abbreviations, where
        /// the shortcut answers far more often than on random characters.
        #[test]
        fn plain_shortcut_matches_the_full_rules_on_numbers(
            text in "(([A-Za-z]{1,5}|[0-9]{1,3}|[0-9]\\.[0-9]{1,2}|\\.[0-9A-Za-z]|[A-Z]\\.|,|'|\\)) ?){0,16}[.!?]?"
        ) {
            if let Some(fast) = single_plain_sentence(&text) {
                prop_assert_eq!(fast, split_sentences_full(&text));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn never_panics_on_any_string(text in any::<String>()) {
            let _ = split_sentences(&text);
            let _ = sentences(&text).count();
        }

        #[test]
        fn ranges_are_valid_ordered_trimmed_and_non_empty(text in newsy_text()) {
            let ranges = split_sentences(&text);
            let mut last_end = 0;
            for range in &ranges {
                prop_assert!(range.start < range.end);
                prop_assert!(range.start >= last_end);
                let slice = text.get(range.clone());
                prop_assert!(slice.is_some(), "not on char boundaries: {:?}", range);
                let slice = slice.unwrap_or_default();
                prop_assert_eq!(slice, slice.trim());
                last_end = range.end;
            }
        }

        #[test]
        fn ranges_are_valid_for_arbitrary_unicode(text in any::<String>()) {
            check_invariants(&text);
        }

        #[test]
        fn no_solid_character_is_lost(text in newsy_text()) {
            let joined: String = sentences(&text).map(solid).collect();
            prop_assert_eq!(joined, solid(&text));
        }

        #[test]
        fn no_solid_character_is_lost_in_dense_punctuation(
            text in "[a-zA-Z0-9 .,!?\"'“”’—–*•()\\-\n\r\t]{0,300}"
        ) {
            check_invariants(&text);
        }
    }
}
