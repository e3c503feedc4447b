//! Tests of the sentence splitter.

use super::*;
use proptest::prelude::*;

mod pages;

fn split(text: &str) -> Vec<&str> {
    sentences(text).collect()
}

/// `text` without its white space.
fn solid(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn check_invariants(text: &str) {
    let ranges = split_sentences(text);
    let mut last_end = 0;
    for range in &ranges {
        assert!(range.start < range.end, "empty range {range:?} in {text:?}");
        assert!(range.start >= last_end, "overlap at {range:?} in {text:?}");
        let slice = text
            .get(range.clone())
            .unwrap_or_else(|| panic!("range {range:?} not on char boundaries in {text:?}"));
        assert_eq!(slice, slice.trim(), "untrimmed range {range:?} in {text:?}");
        last_end = range.end;
    }
    let joined: String = ranges.iter().map(|r| solid(&text[r.clone()])).collect();
    assert_eq!(joined, solid(text), "characters lost in {text:?}");
}

// --- basics -------------------------------------------------------------------------------

#[test]
fn empty_and_blank_inputs_give_no_sentences() {
    assert!(split_sentences("").is_empty());
    assert!(split_sentences("   \n\t \r\n  \u{a0}").is_empty());
}

#[test]
fn plain_sentences_split_and_ranges_are_trimmed() {
    let text = "  Troops arrived.  Talks began!   Will they last?  ";
    assert_eq!(
        split(text),
        ["Troops arrived.", "Talks began!", "Will they last?"]
    );
    assert_eq!(split_sentences(text)[0], 2..17);
}

#[test]
fn text_without_terminator_is_one_sentence() {
    assert_eq!(
        split("no full stop here at all"),
        ["no full stop here at all"]
    );
}

// --- abbreviations ------------------------------------------------------------------------

#[test]
fn titles_and_ranks_do_not_split() {
    let text = "Mr. Smith met Dr. Jones and Lt. Gen. Ali. Prof. Chan and Sgt. Lee waited.";
    assert_eq!(
        split(text),
        [
            "Mr. Smith met Dr. Jones and Lt. Gen. Ali.",
            "Prof. Chan and Sgt. Lee waited."
        ]
    );
}

#[test]
fn political_titles_do_not_split() {
    let text = "U.S. Sen. Mary Doe and Gov. Tom Roe met Amb. Sara Poe and Rep. Ed Coe.";
    assert_eq!(split(text), [text]);
}

#[test]
fn us_before_a_name_does_not_split() {
    assert_eq!(
        split("The U.S. Army and the U.N. Security Council agreed. Talks ended."),
        [
            "The U.S. Army and the U.N. Security Council agreed.",
            "Talks ended."
        ]
    );
    assert_eq!(
        split("Britain, the U.K. Foreign Office said, and the E.U. Commission agreed."),
        ["Britain, the U.K. Foreign Office said, and the E.U. Commission agreed."]
    );
}

#[test]
fn us_before_a_sentence_opener_splits() {
    assert_eq!(
        split("Aid came from the U.S. The convoy left. It went to the U.N. However, it stopped."),
        [
            "Aid came from the U.S.",
            "The convoy left.",
            "It went to the U.N.",
            "However, it stopped."
        ]
    );
}

#[test]
fn us_before_lower_case_does_not_split() {
    assert_eq!(
        split("The U.S. officials said so."),
        ["The U.S. officials said so."]
    );
}

#[test]
fn times_split_only_before_an_opener() {
    assert_eq!(
        split("It began at 9 a.m. Tuesday and ended at 5 p.m. The streets emptied."),
        [
            "It began at 9 a.m. Tuesday and ended at 5 p.m.",
            "The streets emptied."
        ]
    );
}

#[test]
fn eg_ie_and_vs_do_not_split() {
    let text = "Some units, e.g. The Rifles, left, i.e. Most did. Rovers vs. United was off.";
    assert_eq!(
        split(text),
        [
            "Some units, e.g. The Rifles, left, i.e. Most did.",
            "Rovers vs. United was off."
        ]
    );
}

#[test]
fn etc_splits_only_before_a_capital() {
    assert_eq!(
        split("They sent food, water, etc. and more. They sent tents, etc. Nothing else."),
        [
            "They sent food, water, etc. and more.",
            "They sent tents, etc.",
            "Nothing else."
        ]
    );
}

#[test]
fn numbers_after_no_and_months_do_not_split() {
    assert_eq!(
        split("Resolution No. 1701 passed on Aug. 11 and Sept. 12, 2006. Jan. 5 is next."),
        [
            "Resolution No. 1701 passed on Aug. 11 and Sept. 12, 2006.",
            "Jan. 5 is next."
        ]
    );
    assert_eq!(
        split("He said no. 10 Downing St. agreed."),
        ["He said no. 10 Downing St. agreed."]
    );
}

#[test]
fn company_suffixes_split_only_before_an_opener() {
    assert_eq!(
        split("Acme Corp. Chief Jo Lee and Foo Inc. Staff left. Bar Ltd. The firm grew."),
        [
            "Acme Corp. Chief Jo Lee and Foo Inc. Staff left.",
            "Bar Ltd.",
            "The firm grew."
        ]
    );
}

#[test]
fn initials_do_not_split() {
    assert_eq!(
        split("J. R. Smith met George W. Bush and J.R.R. Tolkien. They talked."),
        [
            "J. R. Smith met George W. Bush and J.R.R. Tolkien.",
            "They talked."
        ]
    );
}

#[test]
fn a_capital_letter_before_an_opener_splits() {
    assert_eq!(
        split("They chose Plan B. The others agreed. He met J. A. Smith."),
        [
            "They chose Plan B.",
            "The others agreed.",
            "He met J. A. Smith."
        ]
    );
}

#[test]
fn ellipsis_before_a_capital_splits() {
    assert_eq!(
        split("We waited... Nothing came."),
        ["We waited...", "Nothing came."]
    );
}

// --- numbers ------------------------------------------------------------------------------

#[test]
fn decimals_and_amounts_do_not_split() {
    let text = "The force of 3.5 million cost $1.2bn, or 1,500 per head. It grew 0.7%.";
    assert_eq!(
        split(text),
        [
            "The force of 3.5 million cost $1.2bn, or 1,500 per head.",
            "It grew 0.7%."
        ]
    );
}

// --- quotations ---------------------------------------------------------------------------

#[test]
fn full_stop_inside_straight_quote_splits_after_the_quote() {
    assert_eq!(
        split("He said, \"We will stay.\" The crowd cheered. She said 'no.' Then left."),
        [
            "He said, \"We will stay.\"",
            "The crowd cheered.",
            "She said 'no.'",
            "Then left."
        ]
    );
}

#[test]
fn full_stop_inside_curly_quote_splits_after_the_quote() {
    assert_eq!(
        split("“We will stay.” The crowd cheered. ‘Go home.’ Nobody moved."),
        [
            "“We will stay.”",
            "The crowd cheered.",
            "‘Go home.’",
            "Nobody moved."
        ]
    );
}

#[test]
fn question_or_exclamation_before_attribution_does_not_split() {
    assert_eq!(
        split("“Why now?” she asked. \"Stop!\" he shouted. “Really?” — said the aide."),
        [
            "“Why now?” she asked.",
            "\"Stop!\" he shouted.",
            "“Really?” — said the aide."
        ]
    );
}

#[test]
fn question_in_quote_before_a_capital_splits() {
    assert_eq!(
        split("“Why now?” Nobody answered."),
        ["“Why now?”", "Nobody answered."]
    );
}

#[test]
fn a_short_attribution_after_a_quoted_question_stays_with_it() {
    assert_eq!(
        split(
            "\"Who pays for the convoys?\" Kenya's deputy finance minister asked. Talks went on."
        ),
        [
            "\"Who pays for the convoys?\" Kenya's deputy finance minister asked.",
            "Talks went on."
        ]
    );
    assert_eq!(
        split(
            "“Enough!” Colonel Ana Ferreira of the Portuguese contingent told reporters. He left."
        ),
        [
            "“Enough!” Colonel Ana Ferreira of the Portuguese contingent told reporters.",
            "He left."
        ]
    );
    // No verb of speech, a long clause, or a clause running into another quote: the break stays.
    assert_eq!(
        split("“Why now?” The force stayed in its bases for the rest of the long and hot week, officials said."),
        [
            "“Why now?”",
            "The force stayed in its bases for the rest of the long and hot week, officials said."
        ]
    );
    assert_eq!(
        split("“Why now?” Officials asked “who pays?” and left."),
        ["“Why now?”", "Officials asked “who pays?” and left."]
    );
}

// --- dashes -------------------------------------------------------------------------------

#[test]
fn dashes_never_end_a_sentence() {
    let text = "The force — some 10,000 troops – stayed — and The Hague watched.";
    assert_eq!(split(text), [text]);
    assert_eq!(
        split("The force, which had grown —\nThe Hague said — stayed."),
        ["The force, which had grown —\nThe Hague said — stayed."]
    );
}

// --- line structure -----------------------------------------------------------------------

#[test]
fn blank_line_always_ends_a_sentence() {
    assert_eq!(
        split("The talks went on\n\nthe troops waited\n \t\nEnd"),
        ["The talks went on", "the troops waited", "End"]
    );
}

#[test]
fn headline_then_blank_line_is_its_own_sentence() {
    let text = "UN extends Lebanon mission by a year\n\nThe Security Council voted on Friday.";
    assert_eq!(
        split(text),
        [
            "UN extends Lebanon mission by a year",
            "The Security Council voted on Friday."
        ]
    );
}

#[test]
fn heading_without_blank_line_is_its_own_sentence() {
    let text = "Peacekeepers deployed\nThe Security Council voted on Friday to send a force of \
                5,000 troops to the border region, officials said.\nBackground\nThe mission began in 2006.";
    assert_eq!(
        split(text),
        [
            "Peacekeepers deployed",
            "The Security Council voted on Friday to send a force of 5,000 troops to the \
             border region, officials said.",
            "Background",
            "The mission began in 2006."
        ]
    );
}

#[test]
fn bullets_start_sentences_and_keep_their_marker() {
    let text = "Key points:\n- Troops arrive\n* Aid flows\n• Talks resume\n– Ceasefire holds\n\
                1. First item\n2) Second item\n10. Tenth item";
    assert_eq!(
        split(text),
        [
            "Key points:",
            "- Troops arrive",
            "* Aid flows",
            "• Talks resume",
            "– Ceasefire holds",
            "1. First item",
            "2) Second item",
            "10. Tenth item"
        ]
    );
}

#[test]
fn bullet_item_may_wrap_and_hold_sentences() {
    let text = "- Troops will deploy to the\n  southern region. Aid follows.\n- Talks resume";
    assert_eq!(
        split(text),
        [
            "- Troops will deploy to the\n  southern region.",
            "Aid follows.",
            "- Talks resume"
        ]
    );
}

#[test]
fn list_item_ends_before_an_ordinary_line() {
    let text = "* Phase two: Israeli troops withdraw to the\n  agreed line, according to a map\n\
                The force will be led by a U.S. general, officials said on Thursday night.\n\
                - A long item that runs on for well over twelve words before it stops\n\
                Then the text goes on, as ordinary paragraphs do, for many more words.";
    assert_eq!(
        split(text),
        [
            "* Phase two: Israeli troops withdraw to the\n  agreed line, according to a map",
            "The force will be led by a U.S. general, officials said on Thursday night.",
            "- A long item that runs on for well over twelve words before it stops",
            "Then the text goes on, as ordinary paragraphs do, for many more words."
        ]
    );
}

#[test]
fn dash_after_a_mid_clause_line_is_not_a_bullet() {
    let text = "The force, which arrived in\n– by most accounts – good order, stayed.";
    assert_eq!(split(text), [text]);
}

#[test]
fn four_digit_number_at_line_start_is_not_a_bullet() {
    let text = "The mission, which now has 10,000 troops, was founded in\n1978. It grew.";
    assert_eq!(
        split(text),
        [
            "The mission, which now has 10,000 troops, was founded in\n1978.",
            "It grew."
        ]
    );
}

#[test]
fn hard_wrapped_lines_do_not_split() {
    let text = "The Security Council voted on Friday to extend the mandate of the\n\
                peacekeeping force for another year, diplomats said after a long\n\
                meeting in New York that ran late into the night. The vote was\n\
                unanimous.";
    assert_eq!(
        split(text),
        [
            "The Security Council voted on Friday to extend the mandate of the\n\
             peacekeeping force for another year, diplomats said after a long\n\
             meeting in New York that ran late into the night.",
            "The vote was\nunanimous."
        ]
    );
}

#[test]
fn wrapped_line_ending_in_a_name_continues() {
    // Short enough to be a heading by word count, but long and followed by a word that
    // would not have fitted, so it is a wrap.
    let text = "Officials said. The mission would last six months and cost\n\
                Washington roughly two billion dollars in total, they added.";
    assert_eq!(
        split(text),
        [
            "Officials said.",
            "The mission would last six months and cost\nWashington roughly two billion \
             dollars in total, they added."
        ]
    );
}

#[test]
fn line_ending_in_a_function_word_or_followed_by_lower_case_continues() {
    assert_eq!(
        split("Troops of the\nUnited Nations left."),
        ["Troops of the\nUnited Nations left."]
    );
    assert_eq!(
        split("Troops moved\nsouth today."),
        ["Troops moved\nsouth today."]
    );
}

#[test]
fn sentence_ending_at_a_line_end_splits() {
    assert_eq!(
        split("The troops left.\nThe talks began.\nMr.\nSmith spoke."),
        ["The troops left.", "The talks began.", "Mr.\nSmith spoke."]
    );
}

#[test]
fn crlf_behaves_like_lf() {
    let lf = "Peacekeepers deployed\nThe force arrived on Friday after a long delay, \
              officials said on Saturday morning.\n\n- Aid flows\n- Talks resume\nIt was\nlate.";
    let expected = split(lf);
    assert_eq!(expected.len(), 5);
    let crlf = lf.replace('\n', "\r\n");
    let found: Vec<String> = sentences(&crlf).map(|s| s.replace("\r\n", "\n")).collect();
    assert_eq!(found, expected);
    let lone_cr = lf.replace('\n', "\r");
    let found: Vec<String> = sentences(&lone_cr).map(|s| s.replace('\r', "\n")).collect();
    assert_eq!(found, expected);
}

#[test]
fn paragraph_separator_ends_a_sentence() {
    assert_eq!(
        split("One part\u{2029}another part"),
        ["One part", "another part"]
    );
}

// --- robustness ---------------------------------------------------------------------------

#[test]
fn other_scripts_and_marks_are_handled() {
    assert_eq!(
        split("部隊が到着した。交渉が始まった。"),
        ["部隊が到着した。", "交渉が始まった。"]
    );
    assert_eq!(split("वे आए। वे गए।"), ["वे आए।", "वे गए।"]);
    check_invariants("قال الجنود. وصلت القوات؟ نعم");
    check_invariants("e\u{301}\u{301}. \u{301}\u{301} A\u{200f}. \u{202e}x.\u{fe0f}");
    check_invariants("....!!!???…“”’‘\"'()[]—–-*•");
}

/// Megabyte inputs of the shapes that make naive UAX #29 use quadratic (no full stop, long
/// runs of spaces, closers or newlines). Speed is measured by the benchmarks, not here; this
/// checks the answers on inputs that large.
#[test]
fn long_inputs_are_split_correctly() {
    let no_stop = "peacekeepers patrol the border region ".repeat(30_000); // ~1.1 MB
    assert_eq!(split_sentences(&no_stop).len(), 1);
    let spaces = format!("End. {}The end.", " ".repeat(1_000_000));
    assert_eq!(split(&spaces), ["End.", "The end."]);
    let closers = format!("End.{} The end.", ")".repeat(1_000_000));
    check_invariants(&closers);
    let newlines = format!("End.{}The end.", "\n".repeat(1_000_000));
    assert_eq!(split(&newlines), ["End.", "The end."]);
    let sentences_only = "It ended. ".repeat(100_000);
    assert_eq!(split_sentences(&sentences_only).len(), 100_000);
}

// --- properties ---------------------------------------------------------------------------

/// News-like text: words, abbreviations, numbers, quotes, dashes, bullets and line breaks.
fn newsy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "the", "The", "troops", "U.S.", "U.N.", "Mr.", "Dr.", "J.", "W.", "a.m.", "No.", "Sept.",
        "10", "3.5", "$1.2bn", "1,500", "etc.", "e.g.", ".", "!", "?", "…", ",", ";", ":", "\"",
        "“", "”", "’", "'", "(", ")", "—", "–", "-", "*", "•", "1.", "2)", " ", " ", " ", "  ",
        "\n", "\n", "\r\n", "\n\n", "\t", "\u{a0}", "\u{2029}", "she", "asked", "It", "However",
        "é", "\u{301}", "部隊", "。", "قال", "\u{200f}",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|parts| parts.concat())
}

#[test]
fn a_cited_source_is_split_from_the_sentence_it_runs_into() {
    assert_eq!(
        split("The talks stalled. (Dawn) Several capitals will not send troops."),
        [
            "The talks stalled.",
            "(Dawn)",
            "Several capitals will not send troops."
        ]
    );
    assert_eq!(
        split(
            "Troops should escort convoys (South China Morning Post) The force must stay neutral."
        ),
        [
            "Troops should escort convoys",
            "(South China Morning Post)",
            "The force must stay neutral."
        ]
    );
    // Two in a row, and one at a sentence's end, which is already alone.
    assert_eq!(
        split("(Reuters) (Al Jazeera) Observers counted the violations. (AFP)"),
        [
            "(Reuters)",
            "(Al Jazeera)",
            "Observers counted the violations.",
            "(AFP)"
        ]
    );
}

#[test]
fn brackets_that_are_no_citation_stay_in_their_sentence() {
    for text in [
        // An acronym defined inside a running sentence.
        "The Multinational Force and Observers (MFO) Director General visited Cairo.",
        // Lower case after the bracket: the sentence goes on.
        "The force (Brazilian and Indonesian units) will deploy in March.",
        "Contributors (Indonesia and Pakistan) would decide later.",
        // Clause punctuation inside: an aside, not a source.
        "The envoy (who spoke on condition of anonymity, as usual) Said nothing.",
        // Not after white space.
        "The budget(Annex) Was approved.",
        // Nothing follows.
        "Observers counted the violations (UNTSO)",
    ] {
        assert_eq!(split(text), [text], "{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The one-sentence shortcut agrees with the full rules wherever it answers.
    #[test]
    fn plain_shortcut_matches_the_full_rules(text in "[ -~\t]{0,80}") {
        if let Some(fast) = single_plain_sentence(&text) {
            prop_assert_eq!(fast, split_sentences_full(&text));
        }
    }

    /// The same on word-like text full of numbers, decimal points and abbreviations, where
    /// the shortcut answers far more often than on random characters.
    #[test]
    fn plain_shortcut_matches_the_full_rules_on_numbers(
        text in "(([A-Za-z]{1,5}|[0-9]{1,3}|[0-9]\\.[0-9]{1,2}|\\.[0-9A-Za-z]|[A-Z]\\.|,|'|\\)) ?){0,16}[.!?]?"
    ) {
        if let Some(fast) = single_plain_sentence(&text) {
            prop_assert_eq!(fast, split_sentences_full(&text));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_any_string(text in any::<String>()) {
        let _ = split_sentences(&text);
        let _ = sentences(&text).count();
    }

    #[test]
    fn ranges_are_valid_ordered_trimmed_and_non_empty(text in newsy_text()) {
        let ranges = split_sentences(&text);
        let mut last_end = 0;
        for range in &ranges {
            prop_assert!(range.start < range.end);
            prop_assert!(range.start >= last_end);
            let slice = text.get(range.clone());
            prop_assert!(slice.is_some(), "not on char boundaries: {:?}", range);
            let slice = slice.unwrap_or_default();
            prop_assert_eq!(slice, slice.trim());
            last_end = range.end;
        }
    }

    #[test]
    fn ranges_are_valid_for_arbitrary_unicode(text in any::<String>()) {
        check_invariants(&text);
    }

    #[test]
    fn no_solid_character_is_lost(text in newsy_text()) {
        let joined: String = sentences(&text).map(solid).collect();
        prop_assert_eq!(joined, solid(&text));
    }

    #[test]
    fn no_solid_character_is_lost_in_dense_punctuation(
        text in "[a-zA-Z0-9 .,!?\"'“”’—–*•()\\-\n\r\t]{0,300}"
    ) {
        check_invariants(&text);
    }
}
