//! The clutter rules that look for phrases: captions and credits, prompts, cookie banners,
//! author notes and disclaimers (rules 4, 5 and 7 of the module documentation).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::lexicon::*;

/// One automaton per phrase list searched inside sentences: each list is then read in one pass
/// over the sentence instead of one pass per phrase, which showed as the largest part of the
/// clutter rules' cost on articles of many short sentences.
fn automaton(phrases: &[&str]) -> AhoCorasick {
    // A full DFA: the lists are short, so its tables are small, and it reads a byte per step.
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .build(phrases)
        .expect("the phrase lists are small and fixed")
}

pub(super) static PROMPT_SEARCH: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(PROMPT_PARTS));
pub(super) static CAPTION_SEARCH: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(CAPTION_ENDS));
pub(super) static AUTHOR_SEARCH: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(AUTHOR_PARTS));
pub(super) static APPEAL_SEARCH: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(APPEAL_PARTS));
pub(super) static POSITION_SEARCH: LazyLock<AhoCorasick> =
    LazyLock::new(|| automaton(PICTURE_POSITIONS));

/// A disclaimer that the article's views are not the publisher's ("The views expressed ... do
/// not necessarily reflect the editorial policy of ..."), or a wire service's note that its
/// site prints only part of its news: longer than the author notes of [`is_author_note`], and
/// as plainly no prose about a force.
pub(super) fn is_disclaimer(lower: &str) -> bool {
    ["necessarily reflect", "necessarily represent"]
        .iter()
        .any(|p| lower.contains(p))
        && (lower.contains("views") || lower.contains("opinions"))
        // A wire service's note on what its site prints.
        || lower.contains("distributed to subscribers")
        || lower.contains("published on this website")
}

/// Whether `lower` opens as a caption or credit does ("Photo: ...", "Source: ...").
pub(super) fn is_caption(lower: &str) -> bool {
    CAPTION_STARTS.iter().any(|p| lower.starts_with(p))
}

/// Whether `lower` ends with a photo credit: the last few words hold "Photo: AFP" or
/// "(Reuters/Name)", or a photographer's name and outlet ("Photograph: Jean-Marc Dorvil/The
/// Northgate Herald"). A caption may be long, so this is looked for in sentences of as many
/// words as a caption's line may hold.
pub(super) fn ends_with_credit(lower: &str) -> bool {
    let tail_start = lower
        .char_indices()
        .rev()
        .nth(64)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let tail = &lower[tail_start..];
    CAPTION_SEARCH.is_match(tail) || ends_with_slashed_credit(tail)
}

/// Whether `tail` ends with a photo credit in brackets, an outlet and a photographer joined by
/// a slash: "(ND Post/Bagus Hadiwijaya)", "[Sahil 24/Karim Aoun]".
pub(super) fn ends_with_slashed_credit(tail: &str) -> bool {
    let Some(body) = tail.strip_suffix(')').or_else(|| tail.strip_suffix(']')) else {
        return false;
    };
    body.rfind(['(', '['])
        .map(|open| &body[open + 1..])
        .is_some_and(|inner| {
            inner.contains('/') && !inner.contains(['.', ',']) && inner.split(' ').count() <= 6
        })
}

/// A cookie banner: a sentence of at most 50 words about the site's cookies ("We use cookies to
/// improve your experience ...").
pub(super) fn is_cookie_banner(lower: &str, n: usize) -> bool {
    n <= 50
        && lower.contains("cookies")
        && [
            "use cookies",
            "uses cookies",
            "our website",
            "our site",
            "consent",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

pub(super) fn is_prompt(lower: &str) -> bool {
    PROMPT_STARTS.iter().any(|p| lower.starts_with(p)) || PROMPT_SEARCH.is_match(lower)
}

pub(super) fn is_author_note(lower: &str, words: usize) -> bool {
    const WHO: &[&str] = &[
        "the writer ",
        "the writers ",
        "the author ",
        "the authors ",
        "the columnist ",
        "the contributor ",
    ];
    const VERBS: &[&str] = &[
        "is ",
        "are ",
        "was ",
        "were ",
        "teaches ",
        "served ",
        "serves ",
        "works ",
        "worked ",
        "holds ",
        "has been ",
        "have been ",
        "heads ",
        "directs ",
        "lectures ",
    ];
    lower.starts_with("about the author")
        || WHO.iter().any(|who| {
            lower
                .strip_prefix(who)
                .is_some_and(|rest| VERBS.iter().any(|v| rest.starts_with(v)))
        })
        // A disclaimer or contact line is short; a sentence that goes on to argue is prose.
        || (words <= 20 && AUTHOR_SEARCH.is_match(lower))
}

/// Phrases of a short author's note or contact line, anywhere in it.
const AUTHOR_PARTS: &[&str] = &[
    " is a freelance",
    " is a columnist",
    " is a contributing",
    " is a regular contributor",
    "can be reached at",
    "follow him on",
    "follow her on",
    "follow them on",
    "views expressed",
    "are the author's own",
    "are her own",
    "are his own",
];
