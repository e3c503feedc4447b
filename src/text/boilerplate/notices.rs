//! Notices: copyright lines, timestamps, dates alone on a line, reading times and print-edition
//! lines (rule 6 of the module documentation).

use super::lexicon::{is_date_word, MONTHS};

/// A copyright line, timestamp, date alone, reading time or "Published"/"Updated" line.
pub(super) fn is_notice(lower: &str) -> bool {
    const STARTS: &[&str] = &[
        "©",
        "(c) ",
        "copyright",
        "all rights reserved",
        "updated ",
        "updated:",
        "published ",
        "published:",
        "last updated",
        "first published",
        "posted on",
        "posted:",
        "reading time",
        "estimated reading time",
    ];
    if STARTS.iter().any(|p| lower.starts_with(p)) {
        // "Updated" and "Published" are notices only before a date or time.
        if lower.starts_with("updated ") || lower.starts_with("published ") {
            let next = lower.split(' ').nth(1).unwrap_or("");
            return next.starts_with(|c: char| c.is_ascii_digit())
                || matches!(next, "on" | "at")
                || MONTHS.iter().any(|m| next.starts_with(m))
                || lower.split_once(' ').is_some_and(|(_, date)| is_date(date));
        }
        return true;
    }
    // "Posted Tue 21 Jun 2026": "Posted" before a date (before anything else it may be prose).
    lower.strip_prefix("posted ").is_some_and(is_date)
        || lower.contains("all rights reserved")
        || (lower.ends_with("min read") || lower.ends_with("minute read"))
            && lower.split(' ').count() <= 4
        || is_reading_time(lower)
        || is_date(lower)
}

/// A reading time without "read": a number and "min" or "minutes" alone ("2 min", "4
/// minutes").
fn is_reading_time(lower: &str) -> bool {
    let mut words = lower.trim_end_matches('.').split(' ');
    matches!(
        (words.next(), words.next(), words.next()),
        (Some(n), Some("min" | "mins" | "minutes"), None)
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
    )
}

/// A date or time alone ("November 20, 2025", "Thu 20 Nov 2025 14.05 GMT", "20/11/2025"): every
/// word a number (with `/`, `-`, `.`, `:` or an ordinal suffix) or a word of a date
/// ([`is_date_word`]), with at least one number and one word or separator that makes it a date
/// rather than a figure.
pub(super) fn is_date(lower: &str) -> bool {
    let mut numbers = 0;
    let mut dated = false;
    for w in lower.split(' ') {
        let w = w.trim_matches([',', '.', '|', '(', ')']);
        if w.is_empty() || matches!(w, "|" | "-" | "—" | "/" | "●" | "·" | "•") {
            continue;
        }
        if is_date_word(w) {
            dated |= !matches!(w, "at" | "on");
            continue;
        }
        let digits = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suffix| w.strip_suffix(suffix))
            .unwrap_or(w);
        if !digits.is_empty()
            && digits.starts_with(|c: char| c.is_ascii_digit())
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || "/-.:".contains(c))
        {
            numbers += 1;
            dated |= digits.contains(['/', '-', ':']);
            continue;
        }
        return false;
    }
    numbers > 0 && dated
}

/// A print-edition line: "Published in" a title, ending with a date ("Published in Dawn,
/// November 28th, 2026"); "Published in March, the report found ..." is prose.
pub(super) fn is_print_edition(lower: &str) -> bool {
    lower.starts_with("published in ")
        && (lower.rsplit(' ').next().is_some_and(|last| {
            let last = last.trim_end_matches([',', '.']);
            MONTHS.iter().any(|m| last.starts_with(m))
                || (last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit()))
        })
            // "Published in Editorials on January 9, 2013 11:06 AM".
            || lower
                .rsplit_once(" on ")
                .is_some_and(|(_, date)| is_date(date)))
}
