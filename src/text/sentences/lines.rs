//! Line structure: lines, bullets, headings, hard wraps and the blocks sentences cannot cross.

use std::ops::Range;

use super::*;

/// One line of the input, trimmed of white space.
pub(super) struct Line {
    /// Byte offset of the first character that is not white space (`== end` for a blank line).
    pub(super) start: usize,
    /// Byte offset just past the last character that is not white space.
    pub(super) end: usize,
    /// Length of the trimmed line in chars, to compare line widths.
    pub(super) chars: usize,
    /// Byte offset just past the bullet marker, if the line starts with one.
    pub(super) marker: Option<usize>,
    /// The line was ended by U+2029 PARAGRAPH SEPARATOR.
    pub(super) paragraph_end: bool,
}

impl Line {
    pub(super) fn is_blank(&self) -> bool {
        self.start == self.end
    }
}

pub(super) fn line_text<'t>(text: &'t str, line: &Line) -> &'t str {
    text.get(line.start..line.end).unwrap_or_default()
}

/// Cuts `text` into lines in a single pass.
pub(super) fn scan_lines(text: &str) -> Vec<Line> {
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
pub(super) fn bullet_marker(content: &str) -> Option<usize> {
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
pub(super) struct Block {
    pub(super) range: Range<usize>,
    /// End of the block's bullet marker (the block's start if it has none).
    pub(super) marker_end: usize,
}

/// Groups lines into blocks according to the line-structure rules.
pub(super) fn blocks(text: &str, lines: &[Line]) -> Vec<Block> {
    let one_per_line = paragraph_per_line(text, lines);
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
        // With a paragraph per line every line ends its block, and the heading and list-item
        // rules have nothing to decide.
        let ends_here = one_per_line
            || ends_in_credit(text, line)
            || if in_list_item {
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

/// Whether the text holds a paragraph per line rather than prose wrapped at a fixed width.
/// Scraped pages are laid out so, with menus, bylines and teasers on lines of their own between
/// the paragraphs; there every line ends a sentence, and a short menu line is not taken for a
/// wrapped one. Either of two signs decides:
///
/// - at least a quarter of the lines of [`MIN_WRAP_WIDTH`] characters or more are longer than
///   any wrapping program makes them ([`MAX_WRAP_WIDTH`]);
/// - the words around its line breaks never read on: of the breaks after a line of
///   [`MIN_WRAP_WIDTH`] characters or more (at least [`MIN_LAYOUT_BREAKS`] of them), at most one
///   in eight ends the line mid-clause or is followed by a lower-case word. A wrapping program
///   breaks wherever the width runs out, so most of its breaks fall before a lower-case word;
///   a page of short paragraphs (news paragraphs are often a single sentence shorter than
///   [`MAX_WRAP_WIDTH`]) breaks only where a sentence, a headline or a byline ends.
pub(super) fn paragraph_per_line(text: &str, lines: &[Line]) -> bool {
    let long = lines.iter().filter(|l| l.chars > MAX_WRAP_WIDTH).count();
    let wide = lines.iter().filter(|l| l.chars >= MIN_WRAP_WIDTH).count();
    if long > 0 && long * 4 >= wide {
        return true;
    }
    let (mut breaks, mut reading_on) = (0, 0);
    for pair in lines.windows(2) {
        let [line, next] = pair else { continue };
        if line.chars < MIN_WRAP_WIDTH || line.paragraph_end || next.is_blank() {
            continue;
        }
        breaks += 1;
        if ends_mid_clause(line_text(text, line))
            || first_alphanumeric(line_text(text, next)).is_some_and(char::is_lowercase)
        {
            reading_on += 1;
        }
    }
    breaks >= MIN_LAYOUT_BREAKS && reading_on * 8 <= breaks
}

/// Whether the line ends in a photo credit ("... on Monday. Photo: Agency/Jane Roe", "...
/// (Agency/Jane Roe)"): a credit closes its caption, and whatever the next line holds is not
/// that caption's wrapped text.
pub(super) fn ends_in_credit(text: &str, line: &Line) -> bool {
    let content = line_text(text, line);
    // Every line passes here: most have neither a closing bracket at the end nor a label.
    if !content.ends_with([')', ']']) && !content.contains(": ") {
        return false;
    }
    // A credit is short: look for its start among the line's last few words only.
    let tail_start = content.char_indices().rev().nth(64).map_or(0, |(i, _)| i);
    // A label that starts the line ("Photo: ...") may start a sentence that wraps; after a
    // caption it is a credit.
    content[tail_start..]
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '(' | '[') || matches!(c, 'P' | 'C' | 'I') && tail_start + i > 0
        })
        .any(|(i, _)| photo_credit_ends_line(text, line.start + tail_start + i))
}

/// The line before line `i`, if it belongs to the same paragraph.
pub(super) fn previous_in_paragraph(lines: &[Line], i: usize) -> Option<&Line> {
    let prev = lines.get(i.checked_sub(1)?)?;
    (!prev.is_blank() && !prev.paragraph_end).then_some(prev)
}

/// Whether line `i`, which starts a sentence, is a heading (see the module doc).
pub(super) fn is_heading(text: &str, lines: &[Line], i: usize, content_start: usize) -> bool {
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
pub(super) fn ends_list_item(text: &str, lines: &[Line], i: usize) -> bool {
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
pub(super) fn looks_wrapped(text: &str, lines: &[Line], i: usize) -> bool {
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
pub(super) fn ends_mid_clause(line: &str) -> bool {
    line.chars().next_back().is_some_and(is_clause_punct)
        || last_word(line)
            .is_some_and(|word| FUNCTION_WORDS.contains(word) || CONTINUING_WORDS.contains(word))
}

pub(super) fn ends_with_terminator(line: &str) -> bool {
    strip_closers(line)
        .chars()
        .next_back()
        .is_some_and(is_terminator)
}

pub(super) fn ends_with_function_word(line: &str) -> bool {
    last_word(line).is_some_and(|word| FUNCTION_WORDS.contains(word))
}

/// The run of letters that ends `line`, if it is short enough to be one of the listed words.
pub(super) fn last_word(line: &str) -> Option<&str> {
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
pub(super) fn first_alphanumeric(s: &str) -> Option<char> {
    s.chars().take(8).find(|c| c.is_alphanumeric())
}

/// `s` without the closing quotes and brackets at its end (at most a few, to stay linear).
pub(super) fn strip_closers(s: &str) -> &str {
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
