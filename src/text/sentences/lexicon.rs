//! The words and characters the splitting rules look for.

/// Words that are always followed by a name, so a full stop after them never ends a sentence.
pub(super) const TITLES: &str =
    "mr mrs ms messrs mme mlle dr prof gen lt col maj capt sgt cpl pvt adm cmdr \
                      cdr brig gov sen sens rep reps amb pres rev hon supt insp det fr mt";

/// Abbreviations that are followed by more of the same sentence whatever its case.
pub(super) const ALWAYS_JOINED: &str = "vs v e.g i.e cf viz";

/// Abbreviations that are joined to a following number ("No. 10", "Sept. 11", "approx. 300").
pub(super) const BEFORE_NUMBER: &str = "no nos art vol fig p pp ch para approx est ca c \
                             jan feb mar apr jun jul aug sep sept oct nov dec";

/// Abbreviations that may end a sentence as well as sit inside one: they end it only before a
/// sentence opener. Dotted capitals (U.S., U.N.) and initials are recognised by shape instead.
pub(super) const AMBIGUOUS: &str = "a.m p.m inc ltd co corp st jr sr bros";

/// Words that commonly start a sentence and hardly ever continue a name after "U.S." or an
/// initial, so an ambiguous abbreviation before them ends its sentence.
pub(super) const OPENERS: &str =
    "the a an it its he she they we i you this that these those there here \
                       but and or so yet in on at as by for from with after before when while if \
                       although though however meanwhile still also then now his her their our \
                       my some many most all both each last earlier later according despite \
                       during since what why how who where";

/// Words a clause cannot end on: a line ending in one of them continues on the next line.
/// Particles that can end a headline ("Fighting goes on", "War is over") are left out.
pub(super) const FUNCTION_WORDS: &str =
    "a an the of to at by for with from into onto upon between against \
                              during toward towards via among amid and or but nor than whose \
                              its their our your my";

/// More words that rarely end a clause. They can end a headline ("Troops move in"), so only a
/// bullet marker's line looks at them: a dash after "arrived in" is a dash, not a list item.
pub(super) const CONTINUING_WORDS: &str =
    "in on over under about after before through as that which who \
                                is are was were be been has have had will would could should \
                                can may might must not";

/// Verbs of speech that attribute a quoted question or exclamation to its speaker
/// (`"Why now?" the minister asked.`), in the forms news uses.
pub(super) const SPEECH_VERBS: &str = "asked asks said says shouted shouts added adds wrote \
    writes wondered wonders told tells replied replies demanded demands insisted insists \
    declared declares exclaimed exclaims cried cries yelled yells tweeted tweets posted posts";

/// Most words an attribution after a quote has (`Colonel Ana Ferreira of the Portuguese
/// contingent told reporters` is nine).
pub(super) const MAX_ATTRIBUTION_WORDS: usize = 10;

pub(super) fn in_list(list: &str, word: &str) -> bool {
    list.split_whitespace()
        .any(|entry| entry.eq_ignore_ascii_case(word))
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
