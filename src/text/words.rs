//! The first stages of tokenising: Unicode word boundaries and word normalisation.
//!
//! Words follow UAX #29. Punctuation is not a word, but clause punctuation
//! (`. , ; : ! ? ( ) [ ] … — –`) is reported, because it ends a negation scope
//! ([`super::negation`]). Normalising lower-cases a word, folds curly, modifier and prime
//! apostrophes to `'`, drops a leading or trailing apostrophe and invisible characters, and turns
//! any word that starts with a digit ("2803", "1,500", "3.5", "1990s") into [`NUMBER_TOKEN`]: the
//! model should learn that a number is there, not which one. Hyphens of every kind split words,
//! so "peace-keeping", "peace‑keeping" and "peace keeping" give the same words; a hyphen right
//! after a word is reported, since "no-fly" is a compound and not a negator.

use unicode_segmentation::UnicodeSegmentation;

/// The token every number becomes.
pub const NUMBER_TOKEN: &str = "<num>";

thread_local! {
    static WORD: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// What [`scan`] finds in a text, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A normalised word.
    Word(&'a str),
    /// Clause punctuation between words.
    ClauseEnd,
    /// A closing quotation mark: `”`, `»`, or `"` right after a word.
    CloseQuote,
    /// A hyphen (`-`, U+2010 or U+2011) right after a word, as in "no-fly": the word is the
    /// first part of a compound.
    Hyphen,
}

/// Calls `f` with every normalised word of `text`, in order, and with [`Piece::ClauseEnd`] at
/// clause punctuation between words.
///
/// ```
/// use stance::text::words::{scan, Piece};
///
/// let mut seen = Vec::new();
/// scan("Troops won't fire; they patrol a no-go zone.", |p| match p {
///     Piece::Word(w) => seen.push(w.to_string()),
///     Piece::ClauseEnd => seen.push("|".into()),
///     Piece::CloseQuote => seen.push("\"".into()),
///     Piece::Hyphen => seen.push("-".into()),
/// });
/// assert_eq!(
///     seen,
///     ["troops", "won't", "fire", "|", "they", "patrol", "a", "no", "-", "go", "zone", "|"]
/// );
/// ```
///
/// A closing quotation mark is reported too, since it can end what a negator governs:
///
/// ```
/// use stance::text::words::{scan, Piece};
///
/// let mut quotes = 0;
/// scan("He said \"we will not fight\" and left", |p| quotes += (p == Piece::CloseQuote) as u32);
/// assert_eq!(quotes, 1);
/// ```
pub fn scan(text: &str, f: impl FnMut(Piece<'_>)) {
    if text.is_ascii() {
        scan_ascii(text, f)
    } else {
        scan_unicode(text, f)
    }
}

/// [`scan`] for ASCII text, without the general UAX #29 machinery: for ASCII the word-boundary
/// rules reduce to letters, digits and `_` running together, and `: . '` joining two letters or
/// `, ; . '` joining two digits (rules WB5-WB13b). A property test holds this to the general path
/// on random ASCII.
pub(crate) fn scan_ascii(text: &str, mut f: impl FnMut(Piece<'_>)) {
    let bytes = text.as_bytes();
    let core = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut word = String::new();
    // The last thing seen was a word, with nothing after it yet.
    let mut after_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !core(b) {
            if is_clause_punctuation(char::from(b)) {
                f(Piece::ClauseEnd);
            } else if b == b'"' && i > 0 && !char::from(bytes[i - 1]).is_whitespace() {
                f(Piece::CloseQuote);
            } else if b == b'-' && after_word {
                f(Piece::Hyphen);
            }
            after_word = false;
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < bytes.len() {
            let x = bytes[i];
            if core(x) {
                i += 1;
                continue;
            }
            let (prev, next) = (bytes[i - 1], bytes.get(i + 1).copied());
            let joins = match next {
                Some(y) if prev.is_ascii_alphabetic() && y.is_ascii_alphabetic() => {
                    matches!(x, b':' | b'.' | b'\'')
                }
                Some(y) if prev.is_ascii_digit() && y.is_ascii_digit() => {
                    matches!(x, b',' | b';' | b'.' | b'\'')
                }
                _ => false,
            };
            if !joins {
                break;
            }
            i += 2;
        }
        let segment = &bytes[start..i];
        after_word = segment.iter().any(u8::is_ascii_alphanumeric);
        if !after_word {
            continue;
        }
        word.clear();
        if segment[0].is_ascii_digit() {
            word.push_str(NUMBER_TOKEN);
        } else {
            // The text is ASCII, so every slice of it is valid UTF-8.
            word.push_str(&text[start..i]);
            word.make_ascii_lowercase();
        }
        f(Piece::Word(&word));
    }
}

/// The general path of [`scan`], for any Unicode text.
pub(crate) fn scan_unicode(text: &str, mut f: impl FnMut(Piece<'_>)) {
    WORD.with(|cell| {
        let mut word = cell.borrow_mut();
        let mut after_space = true;
        let mut after_word = false;
        for segment in text.split_word_bounds() {
            if !normalise(segment, &mut word) {
                if segment.chars().any(is_clause_punctuation) {
                    f(Piece::ClauseEnd);
                } else if segment.chars().any(|c| matches!(c, '”' | '»' | '›'))
                    || (segment.starts_with('"') && !after_space)
                {
                    f(Piece::CloseQuote);
                } else if after_word && segment.starts_with(['-', '\u{2010}', '\u{2011}']) {
                    f(Piece::Hyphen);
                }
                after_space = segment.chars().all(char::is_whitespace);
                after_word = false;
                continue;
            }
            after_space = false;
            after_word = true;
            f(Piece::Word(&word));
        }
    })
}

/// Normalises one UAX #29 segment into `out`; returns false when the segment is not a word.
pub(crate) fn normalise(segment: &str, out: &mut String) -> bool {
    out.clear();
    let mut chars = segment.chars();
    let first = match chars.next() {
        Some(c) => c,
        None => return false,
    };
    if !segment.chars().any(char::is_alphanumeric) {
        return false;
    }
    if first.is_numeric() {
        out.push_str(NUMBER_TOKEN);
        return true;
    }
    for c in segment.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}' => out.push('\''),
            // Soft hyphens and zero-width characters are invisible in the text, so they must not
            // change the token.
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            // UAX #29 glues combining marks onto a preceding space; the space is not part of
            // the word.
            c if c.is_whitespace() => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    let trimmed = out.trim_matches('\'');
    if trimmed.len() != out.len() {
        *out = trimmed.to_string();
    }
    !out.is_empty() && out.chars().any(char::is_alphanumeric)
}

/// Punctuation that ends a clause, and so a negation scope.
pub(crate) fn is_clause_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '…' | '—' | '–' | '¡' | '¿'
    )
}
