//! Rules for the lines of a page that are too short, or too plainly about the page itself, to be
//! prose: fragments (a lone word, a title-cased name or label), tags, a page's own controls
//! named whole ("Sign in", "Accept all"), author biographies, comment headers and dated lines
//! with a place before the date.

use super::lexicon::{is_date_word, PAGE_CONTROLS, TEASER_MARKERS};

/// Words that may sit between the capitalised words of a name or label ("Code of Ethics",
/// "Terms and Conditions", "Sahil 24 | Live").
const CONNECTORS: &[&str] = &[
    "of", "and", "the", "for", "in", "on", "at", "to", "a", "by", "with", "de", "al", "el", "|",
    "&", "-", "–", "—", "·", "●", "•", "/",
];

/// Words that make "Name Name is a ..." a note about the author rather than a sentence of the
/// article (whole words: "authorised" is not "author").
pub(super) const OCCUPATIONS: &[&str] = &[
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
    "senator",
    "officer",
    "commentator",
    "contributor",
    "reporter",
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
    // A menu item printed as a list item ("• Sport") is judged without its bullet.
    let words = match words.split_first() {
        Some((first, rest)) if !rest.is_empty() && matches!(*first, "•" | "-" | "–" | "·") => {
            rest
        }
        _ => words,
    };
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
    let named = |label: &str| PAGE_CONTROLS.contains(&label) || TEASER_MARKERS.contains(&label);
    // The site's name before it: "The Courier - Letters to the Editor".
    named(bare)
        || bare.len() <= 80
            && bare
                .rsplit_once(" - ")
                .is_some_and(|(site, label)| site.split(' ').count() <= 5 && named(label))
}

/// A note about the author in the third person without "The writer": two to four title-cased
/// words (a person's name, not an acronym such as "UNOSOM II"), "is" or "was", "a", "an" or
/// "the", and a word of [`OCCUPATIONS`] or "based in", in at most 35 words ("Harriet Wexcombe
/// is a former aid worker who writes about the Caribbean").
pub(super) fn is_author_bio(words: &[&str], lower: &str) -> bool {
    // A note set as a list item ("- Tom Clonan is ...") is judged without its marker.
    let words = match words.split_first() {
        Some((first, rest)) if matches!(*first, "-" | "–" | "—" | "•") => rest,
        _ => words,
    };
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
        // "is a senior fellow", "is the editor", or "is EUobserver's foreign editor".
        && words.get(verb + 1).is_some_and(|w| {
            matches!(*w, "a" | "an" | "the") || w.ends_with("'s") || w.ends_with("’s")
        })
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
        && !place.split_whitespace().any(is_date_word)
        && !date.is_empty()
        && is_date(date)
}

/// A photo credit alone, an agency and a photographer without brackets: two to four parts
/// between slashes, each of one to four capitalised words, at least three words in all, no
/// sentence end ("REUTERS/Mohamed Azakir/File Photo", "Jane Doe / The Courier").
pub(super) fn is_credit_line(s: &str, n: usize) -> bool {
    if !(3..=12).contains(&n) || !s.contains('/') || s.ends_with(['.', '!', '?', ':']) {
        return false;
    }
    let parts: Vec<&str> = s.split('/').map(str::trim).collect();
    (2..=4).contains(&parts.len())
        && parts.iter().all(|part| {
            let words = part.split_whitespace().count();
            (1..=4).contains(&words)
                && part
                    .split_whitespace()
                    .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
        })
}

/// A name or place and a date, after a comma or a spaced dash, and nothing else: "Simon Chege
/// Ndiritu, January 08, 2025", "Washington DC, Dec. 12, 2022", "The Daily Courier - Tuesday,
/// May 5, 2009" (a list item's dash before it is ignored), when `is_date` accepts the rest.
pub(super) fn is_named_date(s: &str, is_date: impl Fn(&str) -> bool) -> bool {
    // A reprinted editorial's header ends with a colon: "The Coastal Journal (R.I.), Aug. 18:".
    let s = s
        .trim_start_matches(['-', '–', '—', ' '])
        .trim_end_matches(':');
    // At the first separator: the date may have commas of its own.
    let Some((name, date)) = [", ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| s.split_once(sep))
        .min_by_key(|(name, _)| name.len())
    else {
        return false;
    };
    // A person's, place's or outlet's name: one to three capitalised words, and perhaps a
    // bracketed state ("(R.I.)"); a headline with a date after it has more words.
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !w.starts_with('('))
        .collect();
    (1..=3).contains(&words.len())
        && words.iter().all(|w| w.starts_with(char::is_uppercase))
        && !words.iter().any(|w| {
            let lower = w.to_lowercase();
            is_date_word(lower.trim_end_matches([',', '.']))
        })
        && is_date(&date.to_lowercase())
}

/// A font-size or similar control printed as text: only "A", "+" and "-" marks ("+ A A -",
/// "A- A+", "AA").
pub(super) fn is_text_control(lower: &str) -> bool {
    // Every sentence passes here: only a short line of such marks is split.
    if lower.len() > 16 || !lower.starts_with(['+', '-', 'a', '−', '–']) {
        return false;
    }
    let marks: Vec<&str> = lower.split(' ').collect();
    (marks.len() >= 2 || lower == "aa")
        && marks
            .iter()
            .all(|w| matches!(*w, "+" | "-" | "−" | "–" | "a" | "a+" | "a-" | "aa" | "a−"))
}

/// A sentence that goes on from an author's note about the same person ("He has also written
/// for ...", "She lives in Nairobi."): it starts with the pronoun and says where they write,
/// live or studied, in at most 30 words.
pub(super) fn continues_author_note(lower: &str, n: usize) -> bool {
    const PARTS: &[&str] = &[
        "written for",
        "writes for",
        "lives in",
        "grew up",
        "author of",
        "writes about",
        "is based in",
        "holds a",
        "graduated",
        "tweets",
    ];
    n <= 30
        && ["he ", "she ", "they "]
            .iter()
            .any(|p| lower.starts_with(p))
        && PARTS.iter().any(|p| lower.contains(p))
}

/// A letter's sign-off ("– Yours, etc,", "Yours sincerely,"), after which the writer's name,
/// title and town follow on short lines.
pub(super) fn is_sign_off(lower: &str) -> bool {
    let bare = lower.trim_start_matches(['-', '–', '—', ' ']);
    SIGN_OFFS.iter().any(|p| bare.starts_with(p)) && bare.split_whitespace().count() <= 3
}

/// Whether a letter's last sentence carries its sign-off at its end ("... to keep. – Yours,
/// etc,"); `tail` is the sentence's last few dozen bytes, lower-cased.
pub(super) fn ends_with_sign_off(tail: &str) -> bool {
    let bare = tail.trim_end_matches([',', '.', ' ']);
    SIGN_OFFS.iter().any(|p| {
        bare.ends_with(p)
            && bare[..bare.len() - p.len()]
                .trim_end()
                .ends_with(['–', '—', '-', '.'])
    })
}

const SIGN_OFFS: &[&str] = &[
    "yours, etc",
    "yours sincerely",
    "yours faithfully",
    "yours truly",
];

/// A line of a letter's signature: at most five words ending with a comma or full stop, or
/// none ("EDWARD MURRAY,", "Former UN peacekeeper,", "Castletroy,", "Limerick.").
pub(super) fn is_signature_line(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=5).contains(&words)
        && s.starts_with(|c: char| c.is_uppercase())
        && !s.ends_with(['?', '!', ':'])
}

/// A list of people's names alone, as a page prints its authors ("Jack Ross, Lena Cole, Lena
/// Cole"): two to five items between commas (or a final "and"), each of two or three
/// capitalised words of letters, and no sentence end.
pub(super) fn is_name_list(s: &str) -> bool {
    if s.ends_with(['.', '!', '?', ':']) || !s.contains(", ") {
        return false;
    }
    let items: Vec<&str> = s
        .split(", ")
        .flat_map(|item| item.split(" and "))
        .map(str::trim)
        .collect();
    (2..=5).contains(&items.len())
        && items.iter().all(|item| {
            let words: Vec<&str> = item.split(' ').collect();
            (2..=3).contains(&words.len()) && words.iter().all(|w| is_name_word(w))
        })
}

/// A photo credit without a slash: at most six words ending with "photo" or "photograph", every
/// other word capitalised ("U.S. Air Force photo", "UN Photo", "AFP Photo"); or a caption whose
/// last word carries a file or copyright mark ("... to join AMISOM/file", "... in Mogadishu©").
pub(super) fn is_plain_credit(s: &str, lower: &str, n: usize) -> bool {
    let bare = lower.trim_end_matches(['.', ' ']);
    let marked = (bare.ends_with("/file") || bare.ends_with('©')) && n <= 40;
    let named = n <= 6
        && (bare.ends_with(" photo") || bare.ends_with(" photograph"))
        && s.split(' ')
            .rev()
            .skip(1)
            .all(|w| w.starts_with(|c: char| c.is_uppercase()));
    marked || named
}

/// A label and a web address alone ("Original Link: https://...", "Source: www.example.org"):
/// at most three words before the colon.
pub(super) fn is_labelled_address(lower: &str, is_address: impl Fn(&str) -> bool) -> bool {
    lower.split_once(": ").is_some_and(|(label, rest)| {
        label.split(' ').count() <= 3 && !rest.contains(' ') && is_address(rest)
    })
}

/// A list of tags or topics of any length: a label ("Tags:", "Topics:", "Filed under") and
/// items of at most four words between commas, with no sentence end.
pub(super) fn is_tag_list(lower: &str) -> bool {
    let Some(rest) = [
        "tags:",
        "tag:",
        "topics:",
        "research topics:",
        "keywords:",
        "filed under:",
        "filed under",
    ]
    .iter()
    .find_map(|label| lower.strip_prefix(label)) else {
        return false;
    };
    !rest.trim_end().ends_with(['.', '!', '?'])
        && rest
            .split(',')
            .all(|item| (1..=4).contains(&item.split_whitespace().count()))
}

/// A word of a person's name: capitalised, with a lower-case letter (not an acronym), of letters
/// and the `.`, `'`, `-` or `’` of names such as "O'Neill" and "J.".
pub(super) fn is_name_word(w: &str) -> bool {
    w.starts_with(char::is_uppercase)
        && w.chars().any(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-' | '’'))
}
