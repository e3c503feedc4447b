//! Rules that look at the lines sentences stand on (rule 16 of the module documentation): a
//! photo caption of several sentences is recognised by the credit that ends its line, or by a
//! credit alone on the line right after it.

use std::ops::Range;

use super::Clutter;

/// Most sentences of a caption, not counting a credit that stands as a sentence of its own, and
/// most words of the whole caption: a longer line ending in a credit is a paragraph with an
/// image's credit glued on, and is left as prose.
const MAX_CAPTION_SENTENCES: usize = 2;
pub(super) const MAX_CAPTION_WORDS: usize = 70;

/// Marks as captions the sentences of a short line that ends in a photo credit, and the one or
/// two sentences of a line followed at once by a line that is only a credit; gives back to prose
/// the last sentence of a paragraph that an image's credit was glued to.
pub(super) fn captions_by_line(text: &str, spans: &[Range<usize>], found: &mut [Option<Clutter>]) {
    for i in 0..spans.len() {
        if found[i] != Some(Clutter::Caption) || !ends_line(text, spans[i].end) {
            continue;
        }
        let (first, whole_line) = line_start(text, spans, found, i);
        let words: usize = spans[first..=i]
            .iter()
            .map(|span| text[span.clone()].split_whitespace().count())
            .sum();
        let bare = is_bare_credit(&text[spans[i].clone()]);
        let sentences = i - first + usize::from(!bare);
        if first < i
            && whole_line
            && sentences <= MAX_CAPTION_SENTENCES
            && words <= MAX_CAPTION_WORDS
        {
            found[first..i].fill(Some(Clutter::Caption));
        }
        // A paragraph with an image's credit glued to its last sentence: that sentence is prose
        // like the others, unless it opens as a caption does ("Photo: ...").
        if whole_line && sentences > MAX_CAPTION_SENTENCES && !bare {
            let last = text[spans[i].clone()].trim_start().to_lowercase();
            if !super::phrases::is_caption(&last) {
                found[i] = None;
            }
        }
        // A credit alone on its line, right under the caption it belongs to.
        let alone = first == i && whole_line && bare;
        if alone && i > 0 && next_line(text, spans[i - 1].end, spans[i].start) {
            let (start, line_starts) = line_start(text, spans, found, i - 1);
            if line_starts && i - start <= 2 && found[start..i].iter().all(Option::is_none) {
                found[start..i].fill(Some(Clutter::Caption));
            }
        }
    }
}

/// The first of the sentences not taken for clutter that stand before sentence `i` on its line
/// (or `i` itself), and whether that sentence starts the line rather than following clutter.
fn line_start(
    text: &str,
    spans: &[Range<usize>],
    found: &[Option<Clutter>],
    i: usize,
) -> (usize, bool) {
    let mut first = i;
    while first > 0
        && found[first - 1].is_none()
        && same_line(text, spans[first - 1].end, spans[first].start)
    {
        first -= 1;
    }
    let starts = first == 0 || !same_line(text, spans[first - 1].end, spans[first].start);
    (first, starts)
}

/// A credit and nothing else: bracketed with a slash ("(Photo: Jane Roe/The Courier)") or a
/// slashed credit alone ("AGENCY/Jane Roe"), in at most eight words; a caption that ends with
/// its credit is a caption of its own.
fn is_bare_credit(sentence: &str) -> bool {
    let s = sentence.trim();
    s.split_whitespace().count() <= 8
        && s.contains('/')
        && (s.starts_with(['(', '[']) && s.ends_with([')', ']']) || !s.contains(['.', ',', ':']))
}

/// Whether nothing but spaces and tabs lies between `end` and the next line break or the end
/// of the text.
fn ends_line(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with(['\n', '\r'])
}

/// Whether no line break lies between two sentences.
fn same_line(text: &str, end: usize, start: usize) -> bool {
    !text[end..start].contains(['\n', '\r'])
}

/// Whether exactly one line break, and no blank line, lies between two sentences.
fn next_line(text: &str, end: usize, start: usize) -> bool {
    let gap = &text[end..start];
    gap.trim().is_empty() && gap.matches('\n').count() == 1
}
