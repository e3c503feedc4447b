//! The words and characters the splitting rules look for.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// Words that are always followed by a name, so a full stop after them never ends a sentence.
pub(super) static TITLES: WordList = WordList::new(
    "mr mrs ms messrs mme mlle dr prof gen lt col maj capt sgt cpl pvt adm cmdr \
                      cdr brig gov sen sens rep reps amb pres rev hon supt insp det fr mt",
);

/// Abbreviations that are followed by more of the same sentence whatever its case.
pub(super) static ALWAYS_JOINED: WordList = WordList::new("vs v e.g i.e cf viz");

/// Abbreviations that are joined to a following number ("No. 10", "Sept. 11", "approx. 300").
pub(super) static BEFORE_NUMBER: WordList = WordList::new(
    "no nos art vol fig p pp ch para approx est ca c \
                             jan feb mar apr jun jul aug sep sept oct nov dec",
);

/// Abbreviations that may end a sentence as well as sit inside one: they end it only before a
/// sentence opener. Dotted capitals (U.S., U.N.) and initials are recognised by shape instead.
pub(super) static AMBIGUOUS: WordList = WordList::new("a.m p.m inc ltd co corp st jr sr bros");

/// Words that commonly start a sentence and hardly ever continue a name after "U.S." or an
/// initial, so an ambiguous abbreviation before them ends its sentence.
pub(super) static OPENERS: WordList = WordList::new(
    "the a an it its he she they we i you this that these those there here \
                       but and or so yet in on at as by for from with after before when while if \
                       although though however meanwhile still also then now his her their our \
                       my some many most all both each last earlier later according despite \
                       during since what why how who where",
);

/// Words a clause cannot end on: a line ending in one of them continues on the next line.
/// Particles that can end a headline ("Fighting goes on", "War is over") are left out.
pub(super) static FUNCTION_WORDS: WordList = WordList::new(
    "a an the of to at by for with from into onto upon between against \
                              during toward towards via among amid and or but nor than whose \
                              its their our your my",
);

/// More words that rarely end a clause. They can end a headline ("Troops move in"), so only a
/// bullet marker's line looks at them: a dash after "arrived in" is a dash, not a list item.
pub(super) static CONTINUING_WORDS: WordList = WordList::new(
    "in on over under about after before through as that which who \
                                is are was were be been has have had will would could should \
                                can may might must not",
);

/// Verbs of speech that attribute a quoted question or exclamation to its speaker
/// (`"Why now?" the minister asked.`), in the forms news uses.
pub(super) static SPEECH_VERBS: WordList = WordList::new(
    "asked asks said says shouted shouts added adds wrote \
    writes wondered wonders told tells replied replies demanded demands insisted insists \
    declared declares exclaimed exclaims cried cries yelled yells tweeted tweets posted posts",
);

/// Most words an attribution after a quote has (`Colonel Ana Ferreira of the Portuguese
/// contingent told reporters` is nine).
pub(super) const MAX_ATTRIBUTION_WORDS: usize = 10;

/// A list of words written as one space-separated string, looked up case-insensitively
/// (ASCII) through a set built on first use: the splitter asks these lists about most words of
/// every text.
pub(super) struct WordList {
    words: &'static str,
    /// The entries, and the length of the longest: a longer word is looked up no further.
    index: OnceLock<(FxHashSet<&'static str>, usize)>,
}

/// The longest entry a [`WordList`] may hold, in bytes: a word is folded on the stack.
const MAX_ENTRY: usize = 32;

impl WordList {
    pub(super) const fn new(words: &'static str) -> Self {
        WordList {
            words,
            index: OnceLock::new(),
        }
    }

    /// Whether `word` is in the list, ignoring ASCII case.
    pub(super) fn contains(&self, word: &str) -> bool {
        let (set, longest) = self.index.get_or_init(|| {
            let set: FxHashSet<&'static str> = self.words.split_whitespace().collect();
            let longest = set.iter().map(|w| w.len()).max().unwrap_or(0);
            assert!(
                longest <= MAX_ENTRY,
                "a word list entry is over {MAX_ENTRY} bytes"
            );
            (set, longest)
        });
        // No entry has a non-ASCII letter, and ASCII folding leaves the others as they are.
        if word.is_empty() || word.len() > *longest || !word.is_ascii() {
            return false;
        }
        let mut buffer = [0u8; MAX_ENTRY];
        let folded = &mut buffer[..word.len()];
        folded.copy_from_slice(word.as_bytes());
        folded.make_ascii_lowercase();
        set.contains(std::str::from_utf8(folded).expect("ASCII stays UTF-8"))
    }
}

// ---------------------------------------------------------------------------------------------
// Character classes.

/// Sentence terminators: the Latin ones plus those of the scripts news feeds commonly carry.
pub(super) fn is_terminator(c: char) -> bool {
    // Checked for most chars of the text, so ASCII takes the short way.
    matches!(c, '.' | '!' | '?') || (!c.is_ascii() && "…‼‽⁇⁈⁉。｡．！？؟۔।॥։።፧፨".contains(c))
}

/// Characters that may follow a terminator and still belong to its sentence.
pub(super) fn is_closer(c: char) -> bool {
    "\"'”’“‘»«›‹)]}」』）］》〉".contains(c)
}

/// Characters that may stand before the first word of a sentence.
pub(super) fn is_opening_mark(c: char) -> bool {
    "\"'“‘„«»‹([{¿¡「『（".contains(c)
}

/// Punctuation after which a clause obviously goes on.
pub(super) fn is_clause_punct(c: char) -> bool {
    ",;-‐‑‒–—―/\\&+=([{“„‘".contains(c)
}

pub(super) fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Characters that open a bulleted line when followed by white space.
pub(super) const BULLET_CHARS: &[char] = &['-', '*', '•', '–', '‣', '◦', '▪'];

// ---------------------------------------------------------------------------------------------
// Line structure.

/// Headings longer than this are taken for ordinary text.
pub(super) const MAX_HEADING_WORDS: usize = 12;

/// Lines shorter than this (in chars) are never taken for hard-wrapped text: wrapping programs
/// use wider columns, so a short line without a full stop is a heading or a list item.
pub(super) const MIN_WRAP_WIDTH: usize = 40;

/// Lines longer than this are not the product of a program wrapping prose (which wraps at 72 to
/// 100 characters): they are whole paragraphs, one per line, as scraped pages hold them.
pub(super) const MAX_WRAP_WIDTH: usize = 110;

/// How many line breaks after lines of [`MIN_WRAP_WIDTH`] characters or more a text needs before
/// the words around them decide whether it holds a paragraph per line: with fewer, a wrapped
/// paragraph whose breaks all fall before capitalised words is too likely.
pub(super) const MIN_LAYOUT_BREAKS: usize = 4;

#[cfg(test)]
mod word_list_tests {
    use super::*;

    #[test]
    fn lookups_ignore_ascii_case_and_match_whole_entries() {
        assert!(TITLES.contains("Dr"));
        assert!(TITLES.contains("GEN"));
        assert!(ALWAYS_JOINED.contains("e.g"));
        assert!(!TITLES.contains("d"));
        assert!(!TITLES.contains(""));
        assert!(!OPENERS.contains("thee"));
        // Longer than any entry, longer than the folding buffer, and not ASCII: none match.
        assert!(!SPEECH_VERBS.contains("saidsaidsaidsaidsaidsaidsaidsaidsaid"));
        assert!(!OPENERS.contains("thé"));
    }

    #[test]
    fn every_entry_is_found_as_written_and_in_capitals() {
        for list in [
            &TITLES,
            &ALWAYS_JOINED,
            &BEFORE_NUMBER,
            &AMBIGUOUS,
            &OPENERS,
        ] {
            for entry in list.words.split_whitespace() {
                assert!(list.contains(entry), "{entry}");
                assert!(list.contains(&entry.to_ascii_uppercase()), "{entry}");
            }
        }
    }
}
