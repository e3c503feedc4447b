//! The tokenizer against references: the ASCII scanner against the UAX #29 path, and the cached
//! stream against a plain tokenizer written from the module documentation.

use super::*;

/// The pieces of `text` from the ASCII scanner and from the UAX #29 path.
fn both_word_paths(text: &str) -> (Vec<String>, Vec<String>) {
    let piece = |p: Piece<'_>| match p {
        Piece::Word(w) => w.to_string(),
        Piece::ClauseEnd => "|".to_string(),
        Piece::CloseQuote => "\"".to_string(),
        Piece::Hyphen => "-".to_string(),
    };
    let mut fast = Vec::new();
    words::scan_ascii(text, |p| fast.push(piece(p)));
    let mut general = Vec::new();
    words::scan_unicode(text, |p| general.push(piece(p)));
    (fast, general)
}

/// A straightforward tokenizer written from the module documentation, without caches, to
/// hold [`Tokenizer::stream`] to.
fn reference_tokens(text: &str, settings: &TokenizerSettings) -> Vec<String> {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut out = Vec::new();
    let mut side = Vec::new();
    let mut open = false;
    let mut after_join = false;
    let new_rules = !matches!(settings.negation, Negation::Off | Negation::Marked);
    let compounds = matches!(settings.negation, Negation::Clauses | Negation::Additive);
    // The scope was opened by the word just before, and a hyphen came after it.
    let mut opened_by_last = false;
    let mut hyphenated = false;
    let asked = settings.questions
        && text
            .trim_end_matches(|c: char| c.is_whitespace() || "\"'”’»›)]}」』".contains(c))
            .ends_with(['?', '？', '؟']);
    let mut mentions = Mentions::default();
    let rule = settings.force_mention;
    words::scan_unicode(text, |p| match p {
        Piece::ClauseEnd => {
            open = false;
            opened_by_last = false;
            hyphenated = false;
            mentions.gap();
        }
        Piece::CloseQuote => {
            if new_rules {
                open = false;
                opened_by_last = false;
                hyphenated = false;
            }
        }
        Piece::Hyphen => {
            hyphenated = compounds && opened_by_last;
            opened_by_last = false;
        }
        Piece::Word(w) => {
            mentions.step(WordKind::of(w, rule));
            let on = settings.negation != Negation::Off;
            let negator = on
                && (w.ends_with("n't")
                    || [
                        "not", "no", "never", "nor", "neither", "without", "cannot", "none",
                        "nobody", "nothing",
                    ]
                    .contains(&w)
                    || ["refus", "reject", "oppos"].iter().any(|p| {
                        w.starts_with(p)
                            && ["e", "es", "ed", "ing", "s", ""]
                                .iter()
                                .any(|end| w.len() == p.len() + end.len() && w.ends_with(end))
                    }));
            let mut ends = on
                && [
                    "but", "however", "instead", "rather", "yet", "although", "though", "whereas",
                ]
                .contains(&w);
            if new_rules {
                ends |= w == "while" || w == "whilst";
                ends |= after_join
                    && ["it", "they", "he", "she", "we", "i", "you", "there", "who"].contains(&w);
            }
            // "no-fly" is a compound, "no-one" a negator.
            ends |= hyphenated && w != "one";
            hyphenated = false;
            if ends {
                open = false;
            }
            after_join = new_rules && open && (w == "and" || w == "or");
            let token = if settings.stem && w != NUMBER_TOKEN {
                stemmer.stem(w).into_owned()
            } else {
                w.to_string()
            };
            if asked {
                out.push(format!("¿{token}"));
            } else if open && settings.negation.is_additive() {
                side.push(SIDE_BREAK.to_string());
                side.push(format!("{NEGATION_PREFIX}{token}"));
                out.push(token);
            } else if open {
                out.push(format!("{NEGATION_PREFIX}{token}"));
            } else {
                out.push(token);
            }
            opened_by_last = negator && !open;
            if negator {
                open = true;
            }
        }
    });
    out.extend(side);
    if settings.force_mention.is_on() && !out.is_empty() && !mentions.found() {
        out.push(SIDE_BREAK.to_string());
        out.push(NO_FORCE_TOKEN.to_string());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_never_yields_empty_tokens(text in any::<String>()) {
        let t = Tokenizer::new(&defaults());
        for token in t.tokens(&text) {
            prop_assert!(!token.is_empty());
            prop_assert!(token != NEGATION_PREFIX);
            prop_assert!(!token.chars().any(char::is_whitespace));
        }
    }

    #[test]
    fn plain_settings_never_yield_empty_tokens(text in "\\PC{0,200}") {
        for token in toks(&text, plain()) {
            prop_assert!(!token.is_empty());
            prop_assert_eq!(token.to_lowercase(), token.clone());
        }
    }

    #[test]
    fn ascii_words_match_the_unicode_rules(text in "[ -~\t\n]{0,120}") {
        let (fast, general) = both_word_paths(&text);
        prop_assert_eq!(fast, general);
    }

    #[test]
    fn ascii_words_match_on_news_like_text(
        words in prop::collection::vec(prop::sample::select(vec![
            "U.N.", "don't", "1,500", "3.5", "a:b", "x_y", "_", "not", "but", "Hamas's", "'quoted'",
            ",", ";", ".", "--", "(", ")", "1.a", "a.1", "9;9", "e.g.", "no", "1990s", "'", ":",
        ]), 0..30),
    ) {
        let text = words.join(" ");
        let (fast, general) = both_word_paths(&text);
        prop_assert_eq!(fast, general);
    }

    #[test]
    fn tokens_match_a_reference_whatever_the_cache_holds(
        warm in "[a-zA-Z ,.;'’-]{0,80}",
        text in "[a-zA-Z ,.;?'’\"”-]{0,120}",
        stem in any::<bool>(),
        questions in any::<bool>(),
        force_mention in prop::sample::select(vec![
            ForceMention::Off, ForceMention::Exact, ForceMention::Possessive,
        ]),
        negation in prop::sample::select(vec![
            Negation::Off, Negation::Marked, Negation::Clauses, Negation::Additive,
            Negation::ClausesV5, Negation::AdditiveV5,
        ]),
    ) {
        let settings = TokenizerSettings {
            stem, negation, stop_words: StopWords::None, questions, force_mention,
        };
        let t = Tokenizer::new(&settings);
        let mut strings: Vec<String> = Vec::new();
        let mut cache = TokenCache::new(usize::MAX, true, false);
        let mut resolve = |tok: &str| { strings.push(tok.to_string()); strings.len() - 1 };
        let mut seen = Vec::new();
        let mut side = Vec::new();
        // A cache warmed on another text must not change what this one gives.
        t.stream(&warm, &mut cache, &mut resolve, |_| {});
        t.stream(&text, &mut cache, &mut resolve, |tok| {
            if tok.side { side.push(tok.value) } else { seen.push(tok.value) }
        });
        let mut tokens: Vec<String> = seen.into_iter().map(|i| strings[i].clone()).collect();
        for i in side {
            tokens.push(SIDE_BREAK.to_string());
            tokens.push(strings[i].clone());
        }
        prop_assert_eq!(&tokens, &reference_tokens(&text, &settings));
        prop_assert_eq!(t.tokens(&text), tokens);
    }
}
