//! Rules for the lines of a page that are too short, or too plainly about the page itself, to be
//! prose: fragments (a lone word, a title-cased name or label), tags, a page's own controls
//! named whole ("Sign in", "Accept all"), author biographies, comment headers and dated lines
//! with a place before the date.

use super::lexicon::{DATE_WORDS, PAGE_CONTROLS, TEASER_MARKERS};

/// Words that may sit between the capitalised words of a name or label ("Code of Ethics",
/// "Terms and Conditions", "Sahil 24 | Live").
const CONNECTORS: &[&str] = &[
    "of", "and", "the", "for", "in", "on", "at", "to", "a", "by", "with", "de", "al", "el", "|",
    "&", "-", "–", "—", "·", "●", "•", "/",
];

/// Words that make "Name Name is a ..." a note about the author rather than a sentence of the
/// article (whole words: "authorised" is not "author").
const OCCUPATIONS: &[&str] = &[
    "researcher",
    "fellow",
    "professor",
    "lecturer",
    "journalist",
    "correspondent",
    "columnist",
    "writer",
    "author",
    "editor",
    "analyst",
    "scholar",
    "director",
    "former",
    "writes",
];

/// Whether `s` (single-spaced) ends a sentence: a full stop, question or exclamation mark,
/// possibly inside closing quotes or brackets.
fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '”', '’', '\'', ')', ']'])
        .ends_with(['.', '!', '?', '…'])
}

/// A fragment: a single word without a sentence end ("Culture", "PREMIUM", "ANKARA", "1x"), or
/// two to four words, all capitalised or [`CONNECTORS`], without one ("The Ravi Courier",
/// "Code of Ethics", "Harriet Wexcombe", "Login | Register"). A sentence of prose has a verb and
/// lower-case words; a headline that is all capitals and at most four words is lost with them,
/// which is why the rule is applied only inside an article of several sentences.
pub(super) fn is_fragment(words: &[&str]) -> bool {
    let Some(last) = words.last() else {
        return false;
    };
    if ends_sentence(last) || words.len() > 4 {
        return false;
    }
    if words.len() == 1 {
        return true;
    }
    let capitalised = |w: &&str| {
        w.trim_start_matches(['(', '"', '“', '‘', '\''])
            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    };
    words.iter().any(capitalised)
        && words
            .iter()
            .all(|w| capitalised(w) || CONNECTORS.contains(&w.to_lowercase().as_str()))
}

/// A prompt to install the site's app: at most five words, starting with "get" or "download"
/// and ending with "app" ("Get the VHP app", "Download BSNA app").
pub(super) fn is_app_prompt(lower: &str, n: usize) -> bool {
    n <= 5
        && (lower.starts_with("get ") || lower.starts_with("download "))
        && lower.ends_with(" app")
}

/// An author's name and, in brackets, the outlet ("Ratna Siregar (The Nusantara Daily Post)").
pub(super) fn is_name_and_outlet(s: &str) -> bool {
    let Some((name, outlet)) = s.split_once(" (") else {
        return false;
    };
    let name: Vec<&str> = name.split(' ').collect();
    (2..=4).contains(&name.len())
        && name
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) && w.chars().any(char::is_lowercase))
        && outlet.strip_suffix(')').is_some_and(|o| {
            !o.contains(['(', ')'])
                && o.split(' ').count() <= 6
                && o.starts_with(char::is_uppercase)
        })
}

/// A line of tags: it starts with `#` and has at most five words ("#Gaza", "#UN Security
/// Council").
pub(super) fn is_tag_line(s: &str, n: usize) -> bool {
    s.starts_with('#') && n <= 5
}

/// A page control or teaser-list marker named whole, as [`PAGE_CONTROLS`] and
/// [`TEASER_MARKERS`] list them ("Sign in", "Accept all", "Most viewed", "Comment *").
pub(super) fn is_page_control(lower: &str) -> bool {
    let bare = lower.trim_end_matches([':', '*', '.', ' ']).trim();
    PAGE_CONTROLS.contains(&bare) || TEASER_MARKERS.contains(&bare)
}

/// A note about the author in the third person without "The writer": two to four title-cased
/// words (a person's name, not an acronym such as "UNOSOM II"), "is" or "was", "a", "an" or
/// "the", and a word of [`OCCUPATIONS`] or "based in", in at most 35 words ("Harriet Wexcombe
/// is a former aid worker who writes about the Caribbean").
pub(super) fn is_author_bio(words: &[&str], lower: &str) -> bool {
    if words.len() > 35 {
        return false;
    }
    let Some(verb) = words.iter().position(|w| matches!(*w, "is" | "was")) else {
        return false;
    };
    (2..=4).contains(&verb)
        && words[..verb]
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) && w.chars().any(char::is_lowercase))
        && matches!(words.get(verb + 1), Some(&("a" | "an" | "the")))
        && (lower.contains("based in")
            || lower
                .split(|c: char| !c.is_alphabetic())
                .any(|w| OCCUPATIONS.contains(&w)))
}

/// A comment's header ("Amara O. says:") or a related post's category (`In "Commentary"`).
pub(super) fn is_comment_header(lower: &str, n: usize) -> bool {
    (n <= 6 && lower.ends_with(" says:"))
        || lower
            .strip_prefix("in \"")
            .or_else(|| lower.strip_prefix("in “"))
            .is_some_and(|rest| rest.ends_with(['"', '”']) && rest.split(' ').count() <= 3)
}

/// A place and then a date after a separator ("Jakarta ● Mon, November 3, 2025", "GAZA | 12
/// March 2026"), when `is_date` accepts what follows the separator.
pub(super) fn is_placed_date(lower: &str, is_date: impl Fn(&str) -> bool) -> bool {
    let Some(at) = lower.find(['●', '·', '•', '|', '—', '–']) else {
        return false;
    };
    let (place, rest) = lower.split_at(at);
    let date = rest
        .trim_start_matches(['●', '·', '•', '|', '—', '–'])
        .trim();
    let place_words = place.split_whitespace().count();
    (1..=3).contains(&place_words)
        && !place.split_whitespace().any(|w| DATE_WORDS.contains(&w))
        && !date.is_empty()
        && is_date(date)
}
