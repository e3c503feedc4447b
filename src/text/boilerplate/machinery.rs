//! Rules for the text a site's software prints around an article rather than its editors write:
//! a server's error messages, a mailing-list archive's headers and navigation, a paywall's
//! price offers, an author's card without a verb, and a weekday alone (rule 17 of the module
//! documentation). None of them reads as a sentence about anything, and each has a shape prose
//! does not take.

use super::fragments::{is_name_word, OCCUPATIONS};
use super::lexicon::{SHARE_BUTTONS, WEEKDAYS};

/// A server's message printed into the page: "Warning: strtotime() ... on line 130". The label
/// and the line number together are what a scripting language's error report looks like; prose
/// that starts "Warning:" names no line of a file.
pub(super) fn is_software_message(lower: &str) -> bool {
    const LABELS: [&str; 6] = [
        "warning:",
        "notice:",
        "deprecated:",
        "fatal error:",
        "parse error:",
        "strict standards:",
    ];
    LABELS.iter().any(|label| lower.starts_with(label))
        && lower.rsplit_once(" on line ").is_some_and(|(_, after)| {
            after
                .trim_end_matches(['.', ' '])
                .bytes()
                .all(|b| b.is_ascii_digit())
                && !after.is_empty()
        })
}

/// A mail header of an archived message: "From: Jane Roe <jane@example.org>", in at most 12
/// words. The address is what sets it apart from a sentence that starts "From: ..." as a
/// heading.
pub(super) fn is_mail_header(lower: &str, n: usize) -> bool {
    const FIELDS: [&str; 5] = ["from:", "to:", "cc:", "reply-to:", "sender:"];
    n <= 12 && FIELDS.iter().any(|f| lower.starts_with(f)) && lower.contains('@')
}

/// A row of bracketed links and nothing else, as a mailing-list archive prints its navigation:
/// "[Date Prev][Date Next][Thread Index]". Two or more items, each of at most four words.
pub(super) fn is_bracketed_menu(s: &str) -> bool {
    let s = s.trim();
    if !s.starts_with('[') || !s.ends_with(']') {
        return false;
    }
    let mut items = 0;
    let mut rest = s;
    while let Some(open) = rest.strip_prefix('[') {
        let Some(close) = open.find(']') else {
            return false;
        };
        let item = &open[..close];
        let words = item.split_whitespace().count();
        if !(1..=4).contains(&words) || item.contains('[') {
            return false;
        }
        items += 1;
        rest = open[close + 1..].trim_start();
    }
    rest.is_empty() && items >= 2
}

/// A paywall's price offer: at most eight words, no sentence end, an amount in a currency, and
/// a billing period ("Annual €130 €65", "Monthly €12€6 / month", "$4.99/month"). A sentence
/// about a mission's cost ends with a full stop and names no billing period.
pub(super) fn is_price_offer(lower: &str, n: usize) -> bool {
    if n > 8 || lower.ends_with(['.', '!', '?']) {
        return false;
    }
    let priced = lower.char_indices().any(|(i, c)| {
        matches!(c, '€' | '$' | '£')
            && (lower[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
                || lower[..i].ends_with(|d: char| d.is_ascii_digit()))
    });
    let first = lower.split(' ').next().unwrap_or_default();
    priced
        && (matches!(
            first,
            "annual" | "annually" | "monthly" | "yearly" | "weekly" | "quarterly"
        ) || [
            "/ month",
            "/month",
            "/ year",
            "/year",
            "/mo",
            "per month",
            "per year",
        ]
        .iter()
        .any(|p| lower.contains(p)))
}

/// An author's card without a verb: a name of two to four capitalised words, then a
/// capitalised occupation, perhaps after a rank ("Senior Fellow"), and after it a comma that
/// opens an affiliation of capitalised words ("Gloria Vinolas Journalist and Guest Lecturer, Ramon Llull
/// University"), in at most 20 words and without a sentence end. Prose never puts a capitalised
/// job title right after a bare name; a headline that names an office ("Army Director met the
/// envoy") has no comma after it.
pub(super) fn is_titled_name(words: &[&str]) -> bool {
    const RANKS: [&str; 8] = [
        "senior",
        "associate",
        "assistant",
        "visiting",
        "deputy",
        "guest",
        "former",
        "executive",
    ];
    if words.len() > 20
        || words
            .last()
            .is_some_and(|w| w.ends_with(['.', '!', '?']) && w.len() > 2)
    {
        return false;
    }
    let lower = |w: &str| w.trim_end_matches(',').to_lowercase();
    let occupation = |w: &str| {
        let w = lower(w);
        OCCUPATIONS.contains(&w.as_str()) && !matches!(w.as_str(), "former" | "writes")
    };
    (2..=4).any(|at| {
        let Some(title) = words.get(at).filter(|w| w.starts_with(char::is_uppercase)) else {
            return false;
        };
        let titled = occupation(title)
            || RANKS.contains(&lower(title).as_str())
                && words
                    .get(at + 1)
                    .is_some_and(|w| w.starts_with(char::is_uppercase) && occupation(w));
        // The affiliation after the comma is a name too: capitalised words and connectors.
        let affiliation = words[at..]
            .iter()
            .position(|w| w.ends_with(','))
            .map(|comma| &words[at + comma + 1..]);
        titled
            && words[..at].iter().all(|w| is_name_word(w))
            && affiliation.is_some_and(|rest| {
                !rest.is_empty()
                    && rest.iter().all(|w| {
                        w.trim_start_matches('(').starts_with(char::is_uppercase)
                            || matches!(
                                *w,
                                "of" | "for" | "the" | "and" | "at" | "in" | "on" | "de"
                            )
                    })
            })
    })
}

/// A row of share buttons, as scraped text keeps it on a line of its own: two to twelve words,
/// each a network's or a share control's name ([`SHARE_BUTTONS`], or "more") ("Facebook Twitter WhatsApp Linkedin Email").
pub(super) fn is_share_row(lower: &str, n: usize) -> bool {
    (2..=12).contains(&n)
        && lower.split(' ').all(|w| {
            let w = w.trim_matches([',', '|', '·', ':']);
            SHARE_BUTTONS.contains(&w) || w == "more"
        })
}

/// A link to the article before or after, with its headline glued on as a scraped theme prints
/// it: "Previous articleWhy the force needs consent", "Next postTroops arrive". Prose never runs
/// a capital straight on from "article".
pub(super) fn is_glued_article_link(s: &str) -> bool {
    [
        "Previous article",
        "Next article",
        "Previous post",
        "Next post",
    ]
    .iter()
    .any(|link| {
        s.get(..link.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(link))
            && s[link.len()..].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    })
}

/// A weekday alone, as a date bar prints it on a line of its own ("Mon.", "Tuesday,").
pub(super) fn is_weekday_alone(lower: &str) -> bool {
    WEEKDAYS.contains(&lower.trim_end_matches(['.', ',']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn software_messages_need_a_line_number() {
        assert!(is_software_message(
            "warning: strtotime(): called with an empty time parameter. in /var/www/site/x.php on line 130"
        ));
        assert!(is_software_message(
            "notice: undefined index: id in /srv/page.php on line 7."
        ));
        assert!(!is_software_message(
            "warning: the force may be drawn into the fighting."
        ));
        assert!(!is_software_message(
            "warning: the force will hold the line on line 4 of the border"
        ));
    }

    #[test]
    fn mail_headers_carry_an_address() {
        assert!(is_mail_header("from: jane roe <jroe@example.org>", 4));
        assert!(!is_mail_header(
            "from: the mission's own account of the day",
            8
        ));
        assert!(!is_mail_header("from: jane roe <jroe@example.org>", 13));
    }

    #[test]
    fn bracketed_menus_hold_only_short_items() {
        assert!(is_bracketed_menu(
            "[Date Prev][Date Next][Thread Prev][Thread Index]"
        ));
        assert!(is_bracketed_menu("[Home] [Archive]"));
        assert!(!is_bracketed_menu("[Home]"));
        assert!(!is_bracketed_menu(
            "[The force] will not disarm anyone [he said]"
        ));
        assert!(!is_bracketed_menu(
            "[This item names far too many words for a link]"
        ));
    }

    #[test]
    fn price_offers_name_a_period_and_no_sentence_ends() {
        assert!(is_price_offer("annual €130 €65", 3));
        assert!(is_price_offer("monthly €12€6 / month", 4));
        assert!(is_price_offer("just $4.99/month", 2));
        assert!(!is_price_offer("the mission costs $6 billion a year.", 7));
        assert!(!is_price_offer("monthly payments to troops rose", 5));
        assert!(!is_price_offer(
            "troops cost $1,000 per month each to deploy in the south",
            11
        ));
    }

    #[test]
    fn titled_names_are_cards_not_sentences() {
        let card = "Gloria P.Vinolas Journalist and Guest Lecturer, Ramon Llull University (Spain)";
        assert!(is_titled_name(&card.split(' ').collect::<Vec<_>>()));
        let card = "Amir Haddad Senior Fellow, Centre for Peace Studies";
        assert!(is_titled_name(&card.split(' ').collect::<Vec<_>>()));
        let card = "Amir Haddad Fellow, Centre for Peace Studies";
        assert!(is_titled_name(&card.split(' ').collect::<Vec<_>>()));
        let card = "Amir Haddad Senior Fellow at the Centre for Peace Studies";
        assert!(!is_titled_name(&card.split(' ').collect::<Vec<_>>()));
        for prose in [
            "UN Secretary-General Director of Operations said the force would stay.",
            "Lebanese Army Director general met the mission",
            "Lebanese Army Director, in Tyre, met the mission",
            "The force Director said it would stay.",
        ] {
            assert!(
                !is_titled_name(&prose.split(' ').collect::<Vec<_>>()),
                "{prose}"
            );
        }
    }

    #[test]
    fn share_rows_are_only_buttons() {
        assert!(is_share_row("facebook twitter whatsapp linkedin email", 5));
        assert!(is_share_row("share: facebook, x, email", 4));
        assert!(!is_share_row("facebook", 1));
        assert!(!is_share_row("twitter and facebook banned the group", 6));
    }

    #[test]
    fn article_links_with_a_headline_glued_on() {
        assert!(is_glued_article_link(
            "Previous articleWhy the force needs consent"
        ));
        assert!(is_glued_article_link("NEXT POSTTroops arrive in Rafah"));
        assert!(!is_glued_article_link(
            "Previous articles on the force said little."
        ));
        assert!(!is_glued_article_link("Next article"));
        assert!(!is_glued_article_link("Next"));
    }

    #[test]
    fn weekdays_alone() {
        assert!(is_weekday_alone("mon."));
        assert!(is_weekday_alone("tuesday,"));
        assert!(!is_weekday_alone("monday's vote"));
    }
}
