//! Holding the clutter rules to a page whose clutter someone has listed: which listed lines are
//! still counted as prose, and which prose is set aside.

use super::find;
use crate::text::sentences::split_sentences;

/// How the clutter rules did on one page against the list of its clutter lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audit {
    /// Sentences made only of listed lines that the rules counted as prose.
    pub missed: Vec<String>,
    /// Sentences not made only of listed lines that the rules set aside.
    pub set_aside: Vec<String>,
    /// Sentences made only of listed lines that the rules set aside, as they should.
    pub caught: usize,
    /// Sentences of the page in all.
    pub sentences: usize,
}

/// Splits `page`, finds its clutter and compares it with `listed`, the page's clutter lines as
/// someone listed them by hand (one line of the page each; white space at either end ignored).
///
/// A sentence is listed clutter when every line of it lies inside a listed line: a listed line
/// may be cut into sentences ("© 2026 The Courier. All rights reserved.").
///
/// ```
/// use stance::text::boilerplate::audit;
///
/// let page = "By Jane Roe\nThe force will monitor the truce.\nRead the full story on our site.";
/// let found = audit(page, &["By Jane Roe", "Read the full story on our site."]);
/// assert_eq!(found.caught, 2);
/// assert!(found.missed.is_empty() && found.set_aside.is_empty());
/// ```
pub fn audit(page: &str, listed: &[&str]) -> Audit {
    let listed: Vec<&str> = listed
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let spans = split_sentences(page);
    let kinds = find(page, &spans);
    let mut out = Audit {
        sentences: spans.len(),
        ..Audit::default()
    };
    for (span, kind) in spans.iter().zip(kinds) {
        let sentence = &page[span.clone()];
        let clutter = sentence
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .all(|line| listed.iter().any(|l| l.contains(line)));
        match (clutter, kind.is_some()) {
            (true, true) => out.caught += 1,
            (true, false) => out.missed.push(sentence.trim().to_string()),
            (false, true) => out.set_aside.push(sentence.trim().to_string()),
            (false, false) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_and_prose_set_aside_are_told_apart() {
        let page = "Home | World | Opinion\n\
                    The force will monitor the truce.\n\
                    Subscribe to our newsletter\n\
                    It will not disarm anyone, officials said.";
        // The menu is listed and caught; the prompt is listed but treated here as if it were
        // prose by leaving it off the list; a listed prose line counts as missed.
        let found = audit(
            page,
            &[
                "Home | World | Opinion",
                "It will not disarm anyone, officials said.",
            ],
        );
        assert_eq!(found.sentences, 4);
        assert_eq!(found.caught, 1);
        assert_eq!(
            found.missed,
            vec!["It will not disarm anyone, officials said.".to_string()]
        );
        assert_eq!(
            found.set_aside,
            vec!["Subscribe to our newsletter".to_string()]
        );
    }

    #[test]
    fn an_empty_list_makes_every_caught_sentence_prose_set_aside() {
        let found = audit("By Jane Roe\nThe force will monitor the truce.", &[]);
        assert_eq!(found.set_aside, vec!["By Jane Roe".to_string()]);
        assert_eq!((found.caught, found.missed.len()), (0, 0));
    }
}
