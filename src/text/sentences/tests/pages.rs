//! Pages that hold a paragraph per line, told from prose wrapped at a fixed width.

use super::split;

#[test]
fn a_page_with_a_paragraph_per_line_ends_a_sentence_at_every_line() {
    let para =
        "The force has a mandate from the Security Council, but it still lacks a purpose that \
                the people of Gaza can trust, and that is what the debate is about.";
    let text = format!(
        "Home | World | Opinion | Business | Sport | Subscribe\nTrending: Budget 2026 | Floods | \
         Cricket\nBy Farah Nadeem\n{para}\nA caption that runs on without a full stop at its end \
         and is longer than a heading\n{para}\n"
    );
    assert_eq!(
        split(&text),
        [
            "Home | World | Opinion | Business | Sport | Subscribe",
            "Trending: Budget 2026 | Floods | Cricket",
            "By Farah Nadeem",
            para,
            "A caption that runs on without a full stop at its end and is longer than a heading",
            para,
        ]
    );
    // Prose wrapped at 72 columns is still joined across its line ends.
    let wrapped = "The force has a mandate from the Security Council, but it still lacks a\n\
                   purpose that the people of Gaza can trust.\nIt will deploy in March.";
    assert_eq!(
        split(wrapped),
        [
            "The force has a mandate from the Security Council, but it still lacks a\npurpose \
             that the people of Gaza can trust.",
            "It will deploy in March."
        ]
    );
}

#[test]
fn a_page_of_short_paragraphs_one_per_line_ends_a_sentence_at_every_line() {
    // No line reaches 110 characters, so only the words around the breaks tell this page from
    // wrapped prose: every break falls before a capital, after a full line.
    let text = "Home | World | Opinion | Business | Sport\n\
                OPINION\n\
                A peace force for Gaza must earn consent, not impose it\n\
                By Omar Siddiqui | Published: November 28, 2026 | Last updated: 2 hours ago\n\
                Omar Siddiqui\n\
                The proposed stabilisation force will only work if both sides accept it.\n\
                Its soldiers should monitor the ceasefire and escort aid convoys, not hunt fighters\n\
                Contributing states should insist on a mandate built on consent.\n";
    assert_eq!(
        split(text),
        [
            "Home | World | Opinion | Business | Sport",
            "OPINION",
            "A peace force for Gaza must earn consent, not impose it",
            "By Omar Siddiqui | Published: November 28, 2026 | Last updated: 2 hours ago",
            "Omar Siddiqui",
            "The proposed stabilisation force will only work if both sides accept it.",
            "Its soldiers should monitor the ceasefire and escort aid convoys, not hunt fighters",
            "Contributing states should insist on a mandate built on consent.",
        ]
    );
}

#[test]
fn wrapped_prose_with_some_breaks_before_capitals_stays_wrapped() {
    // Five breaks after long lines: two before a capital ("Hamas", "Egypt"), one after a comma,
    // two before lower-case words. Wrapping programs break so; a page of paragraphs does not.
    let text = "The Security Council voted on Friday to extend the mandate of the force and\n\
                Hamas said it would not stand in the way of the troops that are to monitor the\n\
                ceasefire lines, while officials in Cairo said that the police trained in\n\
                Egypt would deploy first, in the south,\n\
                and that the rest would follow within weeks of the vote in New York.\n\
                It was unanimous.";
    assert_eq!(split(text).len(), 2, "{:?}", split(text));
}

#[test]
fn a_photo_credit_that_ends_its_line_stays_with_the_caption_before_it() {
    let text = "Peacekeepers board a plane in Jakarta. (ND Post/Bagus Hadiwijaya)\n\n\
                The force will deploy in March. (Reuters) Officials said so.";
    assert_eq!(
        split(text),
        [
            "Peacekeepers board a plane in Jakarta. (ND Post/Bagus Hadiwijaya)",
            "The force will deploy in March.",
            "(Reuters)",
            "Officials said so."
        ]
    );
    assert_eq!(
        split("Troops board a plane. Photo: Handout\n\nThe force left."),
        ["Troops board a plane. Photo: Handout", "The force left."]
    );
    // A bracket without a slash, or with words after it on the line, is not a credit, nor is
    // a sentence about a photo.
    assert_eq!(
        split("Troops left. Photo: the convoy was hit near Rafah on Monday."),
        [
            "Troops left.",
            "Photo: the convoy was hit near Rafah on Monday."
        ]
    );
    assert_eq!(
        split("The force left. (It had stayed a year.)"),
        ["The force left.", "(It had stayed a year.)"]
    );
    assert_eq!(
        split("Troops left. [Gaza/Rafah] crossings reopened later."),
        ["Troops left.", "[Gaza/Rafah] crossings reopened later."]
    );
}

#[test]
fn a_line_that_ends_in_a_photo_credit_ends_its_sentence() {
    let text = "Troops unload supplies at the port on Monday. Photo: Agency/Jane Roe\n\
                The force will monitor the truce.\n\
                The envoy called for sanctions. (photo: Jane Roe/Agency)\n\
                Aid trucks wait at the crossing. Image: Agency/Jane Roe\n\
                The force will escort convoys.";
    assert_eq!(
        split(text),
        [
            "Troops unload supplies at the port on Monday. Photo: Agency/Jane Roe",
            "The force will monitor the truce.",
            "The envoy called for sanctions. (photo: Jane Roe/Agency)",
            "Aid trucks wait at the crossing. Image: Agency/Jane Roe",
            "The force will escort convoys.",
        ]
    );
    // A bracket that is no credit, or a label with a sentence after it, is no such end: wrapped
    // prose stays one sentence.
    for text in [
        "The envoy called for more (and tougher) sanctions (see above)\nthat the council weighs.",
        "Photo: the force's own pictures show\nthe convoy at the crossing.",
    ] {
        assert_eq!(split(text), [text], "{text}");
    }
}
