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
//! - A line that ends in a photo credit (`Photo: Agency/Jane Roe`, `(Agency/Jane Roe)`) ends its
//!   sentence: the credit closes a caption, and the next line is not the caption's.
//! - Any other line break is a hard wrap inside a paragraph and counts as a space (so a full stop
//!   at the end of a line still ends its sentence by the punctuation rules). A line counts as
//!   wrapped when it is long (40 characters or more) and the first word of the next line would not
//!   have fitted after it within the width of the neighbouring lines: that is what a wrapping
//!   program produces, and a headline does not.
//! - A text that holds a paragraph per line is not wrapped at all: there every line ends a
//!   sentence. Scraped pages look so, with menus, bylines and teasers on lines of their own, and
//!   a short menu line must not be read as a wrapped one. Such a text either has long lines (at
//!   least a quarter of its lines of 40 characters or more are longer than 110, which no
//!   wrapping program makes), or, when its paragraphs are short, breaks only where something
//!   ends: of at least four breaks after lines of 40 characters or more, at most one in eight
//!   follows a line that stops mid-clause or comes before a lower-case word.
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
//! - No split after a `?` or `!` inside a closing quote when a short attribution follows: at most
//!   ten words up to the next terminator, no quote among them, and a verb of speech (asked, said,
//!   told, shouted, ...), as in `"Who pays?" Kenya's finance minister asked.` Alone, the attribution
//!   would be a sentence that says nothing.
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
//! - A photo credit that ends its line stays with the caption before it, so that the clutter
//!   rules see the caption by its credit: in brackets, an outlet and a photographer joined by a
//!   slash (`... before departing for Congo. (ND Post/Bagus Hadiwijaya)`), or a label and a
//!   name of at most six words in all (`... in Kyiv. Photo: Handout`).
//! - Em and en dashes (— –) are never terminators, and a line ending in one continues.
//! - A source cited in brackets is a sentence of its own when a capitalised word follows it:
//!   `... the wrong terms. (Dawn) Several capitals ...` gives three sentences, and so does `...
//!   protect convoys (South China Morning Post) The force ...`. A citation is one to six
//!   title-cased words (connectors such as "of" and "al" allowed) without clause punctuation;
//!   inside a running sentence, a one-word one splits only before a sentence opener, since "the
//!   Multinational Force and Observers (MFO) Director General" defines a name.
//!
//! # Guarantees
//!
//! Every range is non-empty, starts and ends on a character that is not white space, lies on
//! char boundaries, and the ranges are increasing and disjoint. Every character of the input that
//! is not white space lies in exactly one range. The splitter never panics and runs in linear time:
//! UAX #29 is fed in short pieces, because the lookahead of its rule SB8 rescans the text after
//! every space that follows a full stop and would be quadratic on long runs of spaces.

mod candidates;
mod citations;
mod lexicon;
mod lines;
#[cfg(test)]
mod tests;

use candidates::*;
use citations::*;
use lexicon::*;
use lines::*;

use std::ops::Range;

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
/// bracket that could hold a citation and no sentence terminator (other than a decimal point) before its final run of terminators,
/// closers and spaces: UAX #29 breaks
/// only after a terminator (in ASCII `.`, `!`, `?`) or a line break, and the layout rules need a
/// line break, so such a text is one sentence (or none). Classifying one sentence per record is
/// common enough for this to matter; a test holds it to the full path.
fn single_plain_sentence(text: &str) -> Option<Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    if bytes
        .iter()
        .any(|&b| !b.is_ascii() || matches!(b, b'\n' | b'\r' | 0x0B | 0x0C | b'('))
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
                push_split_at_citations(text, start..candidate.end, &mut sentences);
                start = candidate.next;
            }
        }
        push_split_at_citations(text, start..block.range.end, &mut sentences);
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
