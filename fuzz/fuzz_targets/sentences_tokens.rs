//! The sentence splitter and the tokenizer on any text: no panic, no hang, and their guarantees
//! hold (ranges valid, ordered, trimmed, and together holding every character that is not white
//! space; no empty token).

#![no_main]

use libfuzzer_sys::fuzz_target;
use stance::text::sentences::split_sentences;
use stance::text::tokens::{StopWords, Tokenizer, TokenizerSettings, NEGATION_PREFIX};

fn solid(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fuzz_target!(|data: &[u8]| {
    // Invalid UTF-8 reaches the splitter only through --lossy, so that is the text to test.
    let text = String::from_utf8_lossy(data);
    let ranges = split_sentences(&text);
    let mut last_end = 0;
    let mut joined = String::new();
    for range in &ranges {
        assert!(range.start < range.end, "empty range {range:?}");
        assert!(range.start >= last_end, "overlapping range {range:?}");
        let slice = text.get(range.clone()).expect("range on char boundaries");
        assert_eq!(slice, slice.trim(), "untrimmed range {range:?}");
        joined.push_str(&solid(slice));
        last_end = range.end;
    }
    assert_eq!(
        joined,
        solid(&text),
        "a character that is not white space was lost"
    );

    for settings in [
        TokenizerSettings::default(),
        TokenizerSettings {
            stem: false,
            negation: false,
            stop_words: StopWords::English,
        },
    ] {
        let tokenizer = Tokenizer::new(&settings);
        for range in &ranges {
            tokenizer.for_each_token(&text[range.clone()], |t| {
                assert!(
                    !t.token.is_empty() && t.token != NEGATION_PREFIX,
                    "empty token"
                );
                assert!(
                    !t.token.chars().any(char::is_whitespace),
                    "space in a token"
                );
            });
        }
    }
});
