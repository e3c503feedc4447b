use super::*;
use proptest::prelude::*;

mod reference;

/// The defaults without the no-force feature, which would end most token lists below.
fn defaults() -> TokenizerSettings {
    TokenizerSettings {
        force_mention: ForceMention::Off,
        ..TokenizerSettings::default()
    }
}

#[test]
fn a_sentence_naming_no_international_force_ends_with_the_feature() {
    let t = Tokenizer::new(&TokenizerSettings::default());
    assert_eq!(
        t.tokens("Somali special forces raided a hideout."),
        [
            "somali",
            "special",
            "forc",
            "raid",
            "a",
            "hideout",
            SIDE_BREAK,
            NO_FORCE_TOKEN
        ]
    );
    assert_eq!(
        t.tokens("UNIFIL raided a hideout."),
        ["unifil", "raid", "a", "hideout"]
    );
    // Not marked in a question or a negation scope, and not for a sentence without words.
    assert_eq!(
        t.tokens("Will Somali troops not raid it?"),
        [
            "¿will",
            "¿somali",
            "¿troop",
            "¿not",
            "¿raid",
            "¿it",
            SIDE_BREAK,
            NO_FORCE_TOKEN
        ]
    );
    assert_eq!(
        t.tokens("Troops did not raid it."),
        [
            "troop",
            "did",
            "not",
            "¬raid",
            "¬it",
            SIDE_BREAK,
            NO_FORCE_TOKEN
        ]
    );
    assert!(t.tokens("...").is_empty());
    assert_eq!(t.tokens("4,000"), ["<num>", SIDE_BREAK, NO_FORCE_TOKEN]);
    // Off, nothing is added.
    let off = Tokenizer::new(&defaults());
    assert_eq!(off.tokens("Troops raided it."), ["troop", "raid", "it"]);
    // The feature is its own token, whatever the stemmer or a stop list would do to it.
    let stop = Tokenizer::new(&TokenizerSettings {
        stop_words: StopWords::Custom(vec![NO_FORCE_TOKEN.into(), "it".into()]),
        ..TokenizerSettings::default()
    });
    assert_eq!(
        stop.tokens("Troops raided it."),
        ["troop", "raid", SIDE_BREAK, NO_FORCE_TOKEN]
    );
}

fn toks(text: &str, settings: TokenizerSettings) -> Vec<String> {
    Tokenizer::new(&settings).tokens(text)
}

fn plain() -> TokenizerSettings {
    TokenizerSettings {
        stem: false,
        negation: Negation::Off,
        stop_words: StopWords::None,
        questions: false,
        force_mention: ForceMention::Off,
    }
}

#[test]
fn lowercases_and_drops_punctuation() {
    assert_eq!(
        toks("The U.N. Force, in Gaza!", plain()),
        ["the", "u.n", "force", "in", "gaza"]
    );
}

#[test]
fn apostrophes_are_folded() {
    assert_eq!(
        toks("Hamas’s weapons and Hamas's weapons", plain()),
        ["hamas's", "weapons", "and", "hamas's", "weapons"]
    );
    assert_eq!(toks("don’t", plain()), toks("don't", plain()));
    assert_eq!(toks("'quoted'", plain()), ["quoted"]);
    // The modifier letter apostrophe (U+02BC) is a letter to UAX #29, so it stays inside a
    // word's segment even at its edges; folded to "'", it is trimmed there like a quote, and
    // a word of nothing else is no word.
    assert_eq!(
        toks("\u{2BC}quoted\u{2BC} don\u{2BC}t", plain()),
        ["quoted", "don't"]
    );
    assert!(toks("\u{2BC}\u{2BC} \u{2BC}", plain()).is_empty());
    // Nor is what is left between two of them ("ʼ.ʼ" is one segment: "." joins letters).
    assert!(toks("\u{2BC}.\u{2BC} \u{2BC}:\u{2BC}", plain()).is_empty());
}

#[test]
fn hyphens_of_every_kind_split_alike() {
    let ascii = toks("peace-keeping self-defence", plain());
    assert_eq!(ascii, ["peace", "keeping", "self", "defence"]);
    assert_eq!(
        toks("peace\u{2010}keeping self\u{2011}defence", plain()),
        ascii
    );
    assert_eq!(toks("peace keeping self defence", plain()), ascii);
}

#[test]
fn numbers_are_one_class() {
    assert_eq!(
        toks(
            "Resolution 2803 sent 1,500 troops, 3.5 million dollars in the 1990s",
            plain()
        ),
        [
            "resolution",
            "<num>",
            "sent",
            "<num>",
            "troops",
            "<num>",
            "million",
            "dollars",
            "in",
            "the",
            "<num>"
        ]
    );
}

#[test]
fn stemming_is_english_snowball() {
    let settings = TokenizerSettings {
        negation: Negation::Off,
        ..defaults()
    };
    assert_eq!(
        toks("Disarming protected civilians monitoring", settings),
        ["disarm", "protect", "civilian", "monitor"]
    );
}

#[test]
fn negation_marks_until_clause_punctuation() {
    let settings = TokenizerSettings {
        stem: false,
        negation: Negation::Marked,
        ..defaults()
    };
    assert_eq!(
        toks(
            "They will not disarm Hamas; they protect aid.",
            settings.clone()
        ),
        ["they", "will", "not", "¬disarm", "¬hamas", "they", "protect", "aid"]
    );
    assert_eq!(
        toks("It won't fight but will patrol", settings.clone()),
        ["it", "won't", "¬fight", "but", "will", "patrol"]
    );
    assert_eq!(
        toks("It will not disarm anyone, it monitors", settings.clone()),
        ["it", "will", "not", "¬disarm", "¬anyone", "it", "monitors"]
    );
    assert_eq!(
        // An opening bracket is clause punctuation too.
        toks("It will not (ever) disarm: it monitors", settings.clone()),
        ["it", "will", "not", "ever", "disarm", "it", "monitors"]
    );
    assert_eq!(
        toks("Egypt refused to disarm anyone — it monitors", settings),
        ["egypt", "refused", "¬to", "¬disarm", "¬anyone", "it", "monitors"]
    );
}

#[test]
fn clause_scopes_end_at_closing_quotes_and_new_clauses() {
    let settings = TokenizerSettings {
        stem: false,
        negation: Negation::Clauses,
        ..defaults()
    };
    assert_eq!(
        toks("He said \"we will not fight\" and left", settings.clone()),
        ["he", "said", "we", "will", "not", "¬fight", "and", "left"]
    );
    assert_eq!(
        toks(
            "They will not disarm Hamas and they will patrol",
            settings.clone()
        ),
        ["they", "will", "not", "¬disarm", "¬hamas", "¬and", "they", "will", "patrol"]
    );
    // "and" before anything but a subject pronoun stays inside the scope.
    assert_eq!(
        toks(
            "It will not disarm Hamas and Islamic Jihad",
            settings.clone()
        ),
        [
            "it",
            "will",
            "not",
            "¬disarm",
            "¬hamas",
            "¬and",
            "¬islamic",
            "¬jihad"
        ]
    );
    assert_eq!(
        toks(
            "Troops will not fire while observers watch",
            settings.clone()
        ),
        [
            "troops",
            "will",
            "not",
            "¬fire",
            "while",
            "observers",
            "watch"
        ]
    );
    // The old rules keep the scope going in all three places.
    let marked = TokenizerSettings {
        negation: Negation::Marked,
        ..settings
    };
    assert_eq!(
        toks("He said \"we will not fight\" and left", marked),
        ["he", "said", "we", "will", "not", "¬fight", "¬and", "¬left"]
    );
}

#[test]
fn a_negator_joined_by_a_hyphen_is_a_compound_and_opens_no_scope() {
    let settings = TokenizerSettings {
        stem: false,
        ..defaults()
    };
    assert_eq!(settings.negation, Negation::Clauses);
    // Only the scopes matter here, not whether a force is named.
    let toks = |text: &str, settings: TokenizerSettings| {
        let mut out = toks(text, settings);
        out.retain(|t| t != NO_FORCE_TOKEN);
        out
    };
    // Every hyphen that splits words marks a compound.
    for hyphen in ["-", "\u{2010}", "\u{2011}"] {
        assert_eq!(
            toks(
                &format!("NATO jets enforced a no{hyphen}fly zone over Bosnia."),
                settings.clone()
            ),
            ["nato", "jets", "enforced", "a", "no", "fly", "zone", "over", "bosnia"],
            "{hyphen:?}"
        );
    }
    assert_eq!(
        toks(
            "The force patrols a never-ending no-go area",
            settings.clone()
        ),
        ["the", "force", "patrols", "a", "never", "ending", "no", "go", "area"]
    );
    // "no-one" is a negator, as "no one" is.
    assert_eq!(
        toks("No-one will disarm Hamas", settings.clone()),
        ["no", "¬one", "¬will", "¬disarm", "¬hamas"]
    );
    // A spaced dash is not a hyphen: the negator before it opens its scope.
    assert_eq!(
        toks("It will not - ever - disarm Hamas", settings.clone()),
        ["it", "will", "not", "¬ever", "¬disarm", "¬hamas"]
    );
    // A compound inside an open scope leaves that scope as it was.
    assert_eq!(
        toks("The force will not enforce a no-fly zone", settings.clone()),
        [
            "the",
            "force",
            "will",
            "not",
            "¬enforce",
            "¬a",
            "¬no",
            "¬fly",
            "¬zone"
        ]
    );
    // The rule of models of format 5 and before read the compound as a negator.
    let v5 = TokenizerSettings {
        negation: Negation::ClausesV5,
        ..settings
    };
    assert_eq!(
        toks("The force patrols a no-go area", v5),
        ["the", "force", "patrols", "a", "no", "¬go", "¬area"]
    );
}

#[test]
fn additive_negation_keeps_plain_tokens_and_adds_marked_ones_after_a_break() {
    let settings = TokenizerSettings {
        stem: false,
        negation: Negation::Additive,
        ..defaults()
    };
    assert_eq!(
        toks("The force will not disarm Hamas.", settings.clone()),
        [
            "the", "force", "will", "not", "disarm", "hamas", SIDE_BREAK, "¬disarm", SIDE_BREAK,
            "¬hamas"
        ]
    );
    // With the closed-class stop list "not" itself is dropped, but it still opens the scope.
    let closed = TokenizerSettings {
        stop_words: StopWords::ClosedClass,
        ..settings
    };
    assert_eq!(
        toks("The force will not disarm Hamas.", closed),
        ["force", "disarm", "hamas", SIDE_BREAK, "¬disarm", SIDE_BREAK, "¬hamas"]
    );
}

#[test]
fn negated_and_plain_sentences_differ() {
    let t = Tokenizer::new(&defaults());
    assert_ne!(
        t.tokens("will not disarm Hamas"),
        t.tokens("will disarm Hamas")
    );
    assert!(t
        .tokens("will not disarm Hamas")
        .contains(&"¬disarm".to_string()));
}

#[test]
fn negation_can_be_turned_off() {
    let settings = TokenizerSettings {
        negation: Negation::Off,
        ..defaults()
    };
    assert_eq!(toks("not disarm", settings), ["not", "disarm"]);
}

#[test]
fn stop_list_is_stemmed_like_the_text() {
    let settings = TokenizerSettings {
        negation: Negation::Off,
        stop_words: StopWords::Custom(vec!["Troops".into(), "monitoring".into()]),
        ..defaults()
    };
    // "troop" (stem of the list's "Troops") removes "troops" and "troop" alike.
    assert_eq!(
        toks("troop troops monitored monitors force", settings),
        ["forc"]
    );
}

#[test]
fn english_stop_list_keeps_negators() {
    let settings = TokenizerSettings {
        stem: false,
        negation: Negation::Marked,
        stop_words: StopWords::English,
        questions: true,
        force_mention: ForceMention::Off,
    };
    assert_eq!(
        toks("the force will not disarm the militia", settings),
        ["force", "not", "¬disarm", "¬militia"]
    );
}

#[test]
fn surface_forms_are_reported() {
    let t = Tokenizer::new(&defaults());
    let mut pairs = Vec::new();
    t.for_each_token("Monitoring ceasefires", |r| {
        pairs.push((r.token.to_string(), r.surface.to_string()))
    });
    assert_eq!(
        pairs,
        [
            ("monitor".to_string(), "monitoring".to_string()),
            ("ceasefir".to_string(), "ceasefires".to_string())
        ]
    );
}

#[test]
fn empty_and_symbol_only_text_has_no_tokens() {
    let t = Tokenizer::new(&defaults());
    assert!(t.tokens("").is_empty());
    assert!(t.tokens("  \n\t ").is_empty());
    assert!(t.tokens("—!?… ' ’ -- ...").is_empty());
}

/// Every token of `text` as (word, value, negated, differs, side).
fn flags(text: &str, settings: TokenizerSettings) -> Vec<(String, String, bool, bool, bool)> {
    let t = Tokenizer::new(&settings);
    let mut cache = TokenCache::new(1 << 10, false, true);
    cache.serve(&t, 0);
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    t.stream(
        text,
        &mut cache,
        |s| {
            seen.push(s.to_string());
            seen.len() - 1
        },
        |tok| {
            out.push((
                tok.word.to_string(),
                tok.value,
                tok.negated,
                tok.differs,
                tok.side,
            ))
        },
    );
    out.into_iter()
        .map(|(w, v, n, d, s)| (w, seen[v].clone(), n, d, s))
        .collect()
}

#[test]
fn token_flags_say_which_words_are_negated_and_stemmed() {
    let clauses = TokenizerSettings {
        stem: true,
        negation: Negation::Clauses,
        stop_words: StopWords::None,
        questions: true,
        force_mention: ForceMention::Off,
    };
    let got = flags("aid will not reach forces", clauses.clone());
    let negated: Vec<bool> = got.iter().map(|t| t.2).collect();
    assert_eq!(negated, [false, false, false, true, true]);
    // "aid" stems to itself; "forces" does not.
    assert!(!got[0].3 && got[4].3, "{got:?}");
    assert!(got.iter().all(|t| !t.4));
    // Additive: the plain token in a scope is not negated; its marked side feature is.
    let additive = TokenizerSettings {
        negation: Negation::Additive,
        ..clauses
    };
    let got = flags("not reach", additive);
    let summary: Vec<(bool, bool)> = got.iter().map(|t| (t.2, t.4)).collect();
    assert_eq!(summary, [(false, false), (false, false), (true, true)]);
}

#[test]
fn every_token_of_a_question_is_marked_as_asked_and_negation_does_not_apply() {
    let on = defaults();
    assert!(on.questions);
    assert_eq!(
        toks("Will the force not disarm Hamas?", on.clone()),
        ["¿will", "¿the", "¿forc", "¿not", "¿disarm", "¿hama"]
    );
    // A closing quote after the question mark still ends a question; a question followed by
    // an answer does not make one.
    assert_eq!(toks("“Who commands?”", on.clone()), ["¿who", "¿command"]);
    assert_eq!(
        toks("Who commands? Nobody.", on.clone()),
        ["who", "command", "nobodi"]
    );
    // Questions unmarked: the words as if asserted, negation as usual.
    let off = TokenizerSettings {
        questions: false,
        ..on.clone()
    };
    assert_eq!(
        toks("Will the force not disarm Hamas?", off),
        ["will", "the", "forc", "not", "¬disarm", "¬hama"]
    );
    // The asked flag is set on every token, the negated flag on none, and the same cache
    // serves a question and a statement with the same words.
    let t = Tokenizer::new(&on);
    let mut cache = TokenCache::new(usize::MAX, false, false);
    let mut strings: Vec<String> = Vec::new();
    let mut resolve = |tok: &str| {
        strings.push(tok.to_string());
        strings.len() - 1
    };
    let mut asked = Vec::new();
    t.stream("not disarm?", &mut cache, &mut resolve, |tok| {
        asked.push((tok.asked, tok.negated))
    });
    let mut told = Vec::new();
    t.stream("not disarm.", &mut cache, &mut resolve, |tok| {
        told.push((tok.value, tok.asked, tok.negated))
    });
    assert_eq!(asked, [(true, false), (true, false)]);
    assert_eq!(
        told.iter().map(|t| (t.1, t.2)).collect::<Vec<_>>(),
        [(false, false), (false, true)]
    );
    // A word's plain token is resolved when the word is first seen, its marked forms when
    // first needed.
    assert_eq!(strings, ["not", "¿not", "disarm", "¿disarm", "¬disarm"]);
}

#[test]
fn the_cache_keeps_its_words_between_calls_until_full_or_reused() {
    let t = Tokenizer::new(&plain());
    let mut cache: TokenCache<u32> = TokenCache::new(3, false, false);
    assert!(cache.is_empty());
    cache.serve(&t, 7);
    t.stream("a b a", &mut cache, |_| 0, |_| {});
    assert_eq!(cache.len(), 2);
    assert!(!cache.is_empty());
    // Same tokenizer, same values, not full: kept.
    cache.serve(&t, 7);
    assert_eq!(cache.len(), 2);
    t.stream("c d", &mut cache, |_| 0, |_| {});
    assert_eq!(cache.len(), 4);
    // Full (4 >= 3): cleared.
    cache.serve(&t, 7);
    assert!(cache.is_empty());
    t.stream("a", &mut cache, |_| 0, |_| {});
    // Other values, or another tokenizer: cleared.
    cache.serve(&t, 8);
    assert_eq!(cache.len(), 0);
    t.stream("a", &mut cache, |_| 0, |_| {});
    cache.serve(&Tokenizer::new(&plain()), 8);
    assert_eq!(cache.len(), 0);
}

#[test]
fn a_tokenizer_knows_its_settings_and_instance() {
    let settings = TokenizerSettings {
        stem: true,
        negation: Negation::Additive,
        stop_words: StopWords::Custom(vec!["the".into(), "of".into()]),
        questions: true,
        force_mention: ForceMention::Off,
    };
    let a = Tokenizer::new(&settings);
    let b = Tokenizer::new(&settings);
    assert_eq!(a.settings(), &settings);
    assert_ne!(a.instance(), b.instance());
    let shown = format!("{a:?}");
    assert!(
        shown.contains("Tokenizer") && shown.contains("stop_words: 2"),
        "{shown}"
    );
}
