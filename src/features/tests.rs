//! Tests of the vectoriser: vocabulary, idf, transform, the parallel paths.

use super::intern::*;
use super::vocabulary::*;
use super::*;
use crate::error::ErrorKind;
use crate::text::tokens::Tokenizer;
use crate::text::WordTable;
use proptest::prelude::*;

mod reference;

fn doc(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

fn settings_min1() -> FeatureSettings {
    settings(1)
}

fn settings(min_df: usize) -> FeatureSettings {
    FeatureSettings {
        min_df,
        ..Default::default()
    }
}

#[test]
fn vocabulary_is_ordered_and_pruned_by_min_df() {
    let docs = vec![doc("a b c"), doc("a b"), doc("a d")];
    let v = Vectorizer::fit(&docs, settings(2)).unwrap();
    assert_eq!(v.terms(), ["a", "a b", "b"]);
}

#[test]
fn max_df_drops_terms_in_too_many_sentences() {
    let docs = vec![doc("a b"), doc("a c"), doc("a b")];
    let s = FeatureSettings {
        min_df: 1,
        max_df: 0.7,
        ngram_max: 1,
        ..Default::default()
    };
    let v = Vectorizer::fit(&docs, s).unwrap();
    assert_eq!(v.terms(), ["b", "c"]);
}

#[test]
fn max_features_keeps_most_frequent() {
    let docs = vec![doc("a a a b c"), doc("b c"), doc("c")];
    let s = FeatureSettings {
        min_df: 1,
        max_features: Some(2),
        ngram_max: 1,
        ..Default::default()
    };
    let v = Vectorizer::fit(&docs, s).unwrap();
    // c and a appear 3 times each, b twice: a and c kept, c first (in three sentences).
    assert_eq!(v.terms(), ["c", "a"]);
}

#[test]
fn idf_is_smoothed_and_frozen() {
    let docs = vec![doc("x y"), doc("x"), doc("x z")];
    let s = FeatureSettings {
        min_df: 1,
        ngram_max: 1,
        ..Default::default()
    };
    let v = Vectorizer::fit(&docs, s.clone()).unwrap();
    let idf_x = v.idf()[v.column("x").unwrap() as usize];
    let idf_y = v.idf()[v.column("y").unwrap() as usize];
    assert!((idf_x - 1.0).abs() < 1e-6);
    assert!((f64::from(idf_y) - ((4.0f64 / 2.0).ln() + 1.0)).abs() < 1e-6);
    // One sentence alone gets the vector it had in training, and scoring other sentences first
    // does not move the idf.
    let tokenizer = Tokenizer::new(&crate::text::tokens::TokenizerSettings {
        stem: false,
        negation: crate::text::tokens::Negation::Off,
        ..Default::default()
    });
    let texts: Vec<String> = ["x y", "x", "x z"].map(String::from).to_vec();
    let (fitted, matrix) =
        Vectorizer::fit_texts(&texts, &tokenizer, &s.clone().check().unwrap()).unwrap();
    let (idx, val) = matrix.row(0);
    for t in ["z z z", "y", "x x"] {
        fitted.transform_text(&tokenizer, t);
    }
    let alone = fitted.transform_text(&tokenizer, "x y");
    assert_eq!(
        (alone.indices.as_slice(), alone.values.as_slice()),
        (idx, val)
    );
    let alone = v.transform(&doc("x y"));
    let expected_ratio = idf_y / idf_x;
    assert!((alone.values[1] / alone.values[0] - expected_ratio).abs() < 1e-6);
}

#[test]
fn sublinear_tf() {
    let docs = vec![doc("a b"), doc("a")];
    let s = FeatureSettings {
        min_df: 1,
        ngram_max: 1,
        ..Default::default()
    };
    let v = Vectorizer::fit(&docs, s.clone()).unwrap();
    let row = v.transform(&doc("a a a a b"));
    let idf_a = f64::from(v.idf()[0]);
    let idf_b = f64::from(v.idf()[1]);
    let ratio = f64::from(row.values[0] / row.values[1]);
    assert!((ratio - (1.0 + 4f64.ln()) * idf_a / idf_b).abs() < 1e-5);
    let linear = Vectorizer::fit(
        &docs,
        FeatureSettings {
            sublinear_tf: false,
            ..s
        },
    )
    .unwrap();
    let row = linear.transform(&doc("a a a a b"));
    let ratio = f64::from(row.values[0] / row.values[1]);
    assert!((ratio - 4.0 * idf_a / idf_b).abs() < 1e-5);
}

#[test]
fn a_vocabulary_with_a_term_twice_is_refused() {
    let mut v = Vectorizer::fit(&[doc("a b"), doc("a b")], settings(1)).unwrap();
    assert!(v.rebuild_index().is_ok());
    v.terms[1] = v.terms[0].clone();
    let e = v.rebuild_index().unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::Inconsistent(m) if m.contains("twice")),
        "{e}"
    );
}

#[test]
fn unknown_terms_give_empty_row() {
    let v = Vectorizer::fit(&[doc("a b"), doc("a b")], settings(1)).unwrap();
    assert!(v.transform(&doc("zzz")).is_empty());
    assert!(v.transform(&[]).is_empty());
}

#[test]
fn surfaces_make_terms_readable() {
    let tokenizer = Tokenizer::new(&crate::text::tokens::TokenizerSettings::default());
    let texts: Vec<String> = [
        "Disarming Hamas",
        "disarming Hamas",
        "disarmed Hamas",
        "not disarm",
    ]
    .map(String::from)
    .to_vec();
    let (v, x) = Vectorizer::fit_texts(&texts, &tokenizer, &settings(1).check().unwrap()).unwrap();
    let col = v.column("disarm hama").unwrap() as usize;
    assert_eq!(v.display_term(col), "disarming hamas");
    let col = v.column("¬disarm").unwrap() as usize;
    assert_eq!(v.display_term(col), "not:disarming");
    // The training matrix equals transforming each text afterwards.
    for (i, t) in texts.iter().enumerate() {
        let row = v.transform_text(&tokenizer, t);
        assert_eq!(x.row(i), (row.indices.as_slice(), row.values.as_slice()));
    }
}

/// More sentences than one group of the sharded document-frequency count: the vocabulary
/// and its document frequencies are those of counting by brute force, with one thread or
/// three.
#[test]
fn sharded_counts_over_several_groups_equal_brute_force() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % m
    };
    let docs: Vec<Vec<String>> = (0..DF_GROUP + 3 * DF_BLOCK + 11)
        .map(|_| {
            (0..1 + next(8))
                .map(|_| format!("w{}", next(300)))
                .collect()
        })
        .collect();
    let fit = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| Vectorizer::fit(&docs, settings(3)).unwrap())
    };
    let (one, three) = (fit(1), fit(3));
    assert_eq!(one, three);
    let mut df: std::collections::HashMap<String, usize> = Default::default();
    for doc in &docs {
        let mut grams: std::collections::HashSet<String> = doc.iter().cloned().collect();
        grams.extend(doc.windows(2).map(|w| w.join(" ")));
        for g in grams {
            *df.entry(g).or_insert(0) += 1;
        }
    }
    let n = docs.len() as f64;
    let mut expected: Vec<(String, f32)> = df
        .into_iter()
        .filter(|(_, d)| *d >= 3)
        .map(|(t, d)| (t, (((1.0 + n) / (1.0 + d as f64)).ln() + 1.0) as f32))
        .collect();
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    let mut got: Vec<(String, f32)> = one
        .terms()
        .iter()
        .cloned()
        .zip(one.idf().iter().copied())
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got, expected);
}

proptest! {
    /// The byte splitter gives exactly `str::split(' ')`, empty pieces included.
    #[test]
    fn term_tokens_split_like_str_split(term in "[a ¬é]{0,12}") {
        let ours: Vec<&str> = term_tokens(&term).collect();
        let std: Vec<&str> = term.split(' ').collect();
        prop_assert_eq!(ours, std);
    }
}

#[test]
fn short_word_keys_hold_the_bytes_and_the_length() {
    for n in 0..16 {
        let word: String = "abcdefghijklmnop"[..n].to_string();
        let mut expected = [0u8; 16];
        expected[..n].copy_from_slice(word.as_bytes());
        expected[15] = n as u8;
        assert_eq!(
            WordTable::<()>::short_key(&word),
            Some(u128::from_le_bytes(expected)),
            "{word}"
        );
    }
    assert_eq!(WordTable::<()>::short_key("abcdefghijklmnop"), None);
}

/// Enough sentences to span several tokenising chunks, whose token tables and surface
/// counts are merged: the vocabulary, idf, rows and display forms must be those of one pass.
#[test]
fn chunked_tokenising_matches_the_token_path() {
    let tokenizer = Tokenizer::new(&crate::text::tokens::TokenizerSettings::default());
    let forms = ["disarming", "disarmed", "disarms", "patrolling", "patrols"];
    let texts: Vec<String> = (0..3 * LOCAL_CHUNK + 7)
        .map(|i| {
            format!(
                "Unit{} keeps {} the line and {} not {} convoys {}.",
                i % 97,
                forms[i % 5],
                if i % 3 == 0 { "will" } else { "does" },
                forms[(i / 5) % 5],
                i % 13
            )
        })
        .collect();
    let (v, x) = Vectorizer::fit_texts(&texts, &tokenizer, &settings(2).check().unwrap()).unwrap();
    let docs: Vec<Vec<String>> = texts.iter().map(|t| tokenizer.tokens(t)).collect();
    let a = Vectorizer::fit(&docs, settings(2)).unwrap();
    assert_eq!(a.terms(), v.terms());
    assert_eq!(a.idf(), v.idf());
    for (i, t) in texts.iter().enumerate() {
        let row = v.transform_text(&tokenizer, t);
        assert_eq!(x.row(i), (row.indices.as_slice(), row.values.as_slice()));
    }
    // Each stem reads as the word it came from most often, counted over all chunks (ties go
    // to the alphabetically first), negated occurrences included: counted here directly.
    let mut counts: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for t in &texts {
        tokenizer.for_each_token(t, |tok| {
            let stem = tok
                .token
                .trim_start_matches(crate::text::tokens::NEGATION_PREFIX);
            *counts
                .entry((stem.to_string(), tok.surface.to_string()))
                .or_insert(0) += 1;
        });
    }
    for (stem, term) in [("disarm", "disarm"), ("patrol", "¬patrol")] {
        let best = counts
            .iter()
            .filter(|((s, _), _)| s == stem)
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0 .1.cmp(&a.0 .1)))
            .map(|((_, surface), _)| surface.clone())
            .unwrap();
        let col = v.column(term).unwrap() as usize;
        let shown = v.display_term(col);
        assert_eq!(shown.trim_start_matches("not:"), best, "{term}");
    }
}

#[test]
fn token_and_text_paths_agree() {
    let tokenizer = Tokenizer::new(&crate::text::tokens::TokenizerSettings::default());
    let texts: Vec<String> = [
        "The force will not disarm Hamas.",
        "Troops escort convoys and monitor the line.",
        "The force must disarm the militias.",
    ]
    .map(String::from)
    .to_vec();
    let docs: Vec<Vec<String>> = texts.iter().map(|t| tokenizer.tokens(t)).collect();
    let a = Vectorizer::fit(&docs, settings(1)).unwrap();
    let (b, _) = Vectorizer::fit_texts(&texts, &tokenizer, &settings(1).check().unwrap()).unwrap();
    assert_eq!(a.terms(), b.terms());
    assert_eq!(a.idf(), b.idf());
    for (t, d) in texts.iter().zip(&docs) {
        assert_eq!(a.transform(d), b.transform_text(&tokenizer, t));
    }
}

#[test]
fn invalid_settings_are_refused() {
    for s in [
        FeatureSettings {
            min_df: 0,
            ..Default::default()
        },
        FeatureSettings {
            max_df: 2.0,
            ..Default::default()
        },
        FeatureSettings {
            ngram_min: 3,
            ngram_max: 1,
            ..Default::default()
        },
        FeatureSettings {
            max_features: Some(0),
            ..Default::default()
        },
    ] {
        assert!(matches!(
            Vectorizer::fit(&[], s),
            Err(e) if matches!(e.kind(), ErrorKind::InvalidSetting { .. })
        ));
    }
}

/// Equality compares what a model file saves: settings, terms, idf and surface forms, each on
/// its own.
#[test]
fn vectorizers_are_equal_only_when_their_saved_parts_are() {
    let docs = vec![doc("a b c"), doc("a b"), doc("a d")];
    let v = Vectorizer::fit(&docs, settings(1)).unwrap();
    assert_eq!(v, Vectorizer::fit(&docs, settings(1)).unwrap());
    let mut s = v.clone();
    s.settings.sublinear_tf = !s.settings.sublinear_tf;
    let mut t = v.clone();
    t.terms[0] = "z".into();
    let mut i = v.clone();
    i.idf[0] += 0.5;
    let mut f = v.clone();
    f.surfaces.push(("a".into(), "As".into()));
    for (what, other) in [("settings", s), ("terms", t), ("idf", i), ("surfaces", f)] {
        assert_ne!(v, other, "{what} differ");
    }
}

/// A loaded vectoriser is refused when any saved part is impossible, and accepted at the edges
/// fitting itself reaches (an idf of exactly 1 for a term in every sentence).
#[test]
fn check_refuses_each_impossible_part() {
    let docs = vec![doc("a b"), doc("a c"), doc("a b")];
    let v = Vectorizer::fit(&docs, settings(1)).unwrap();
    assert!(v.check().is_ok());
    assert!(v.idf.contains(&1.0), "{:?}", v.idf);
    let refused = |change: &dyn Fn(&mut Vectorizer)| {
        let mut w = v.clone();
        change(&mut w);
        w.check().is_err()
    };
    assert!(refused(&|w| {
        w.idf.pop();
    }));
    assert!(refused(&|w| w.terms[0] = String::new()));
    assert!(refused(&|w| w.terms[0] = "a b c".into()));
    assert!(refused(&|w| w.idf[0] = f32::NAN));
    assert!(refused(&|w| w.idf[0] = f32::INFINITY));
    assert!(refused(&|w| w.idf[0] = 0.5));
    assert!(refused(&|w| w.settings.min_df = 0));
    assert!(!refused(&|w| w.terms[0] = "x y".into()));
}

/// Sentences exactly as long as an n-gram still get it, in both transforms, and a term found
/// twice is shown once, in the words of its first occurrence.
#[test]
fn short_sentences_get_their_ngrams_and_repeated_terms_show_once() {
    let tokenizer = Tokenizer::new(&crate::text::tokens::TokenizerSettings {
        stem: false,
        force_mention: crate::text::tokens::ForceMention::Off,
        ..Default::default()
    });
    let texts: Vec<String> = ["aid convoys", "aid", "convoys aid"]
        .map(String::from)
        .to_vec();
    let (v, _) = Vectorizer::fit_texts(&texts, &tokenizer, &settings(1).check().unwrap()).unwrap();
    let one = v.column("aid").unwrap();
    let two = v.column("aid convoys").unwrap();
    assert_eq!(v.transform(&doc("aid")).indices, [one]);
    assert!(v.transform(&doc("aid convoys")).indices.contains(&two));
    assert_eq!(v.transform_text(&tokenizer, "aid").indices, [one]);
    let (row, words) = v.transform_text_with_words(&tokenizer, "Aid convoys");
    assert!(row.indices.contains(&two) && row.indices.contains(&one));
    assert_eq!(words.get(two), Some("aid convoys"));
    assert_eq!(words.get(one), Some("aid"));
    let (row, words) = v.transform_text_with_words(&tokenizer, "AID");
    assert_eq!(
        (row.indices.as_slice(), words.get(one)),
        ([one].as_slice(), Some("aid"))
    );
    let (_, words) = v.transform_text_with_words(&tokenizer, "Aid convoys aid");
    assert_eq!(words.0.iter().filter(|(c, _)| *c == one).count(), 1);
    assert_eq!(words.get(one), Some("aid"));
}

/// The bucket hash spreads keys evenly (the results do not depend on it, but the sharded count's
/// parallelism and the prefilter's selectivity do): 4,096 keys built like n-gram keys (small
/// ids in each half) fill every one of 16 buckets to within a third of the mean, and the bucket
/// uses the top bits asked for.
#[test]
fn key_buckets_spread_keys_evenly() {
    let mut counts = [0usize; 16];
    for a in 0..64u128 {
        for b in 0..64u128 {
            let bucket = key_bucket(a | (b << 64), 4);
            assert!(bucket < 16);
            counts[bucket] += 1;
        }
    }
    for c in counts {
        assert!(
            (4096 / 16 * 2 / 3..=4096 / 16 * 4 / 3).contains(&c),
            "{counts:?}"
        );
    }
    let shards: std::collections::HashSet<usize> = (0..256u128).map(df_shard).collect();
    assert_eq!(shards.len(), 16);
    let wide: std::collections::HashSet<usize> =
        (0..1000u128).map(|k| key_bucket(k << 3, 20)).collect();
    assert!(wide.len() > 950 && wide.iter().all(|&b| b < 1 << 20));
}

/// Terms longer than bigrams are found by the general key, and a token in no term breaks them.
#[test]
fn trigrams_are_found_and_broken_by_unknown_tokens() {
    let docs = vec![doc("a b c"), doc("a b c d")];
    let s = FeatureSettings {
        min_df: 1,
        ngram_max: 3,
        ..Default::default()
    };
    let v = Vectorizer::fit(&docs, s).unwrap();
    let tri = v.column("a b c").unwrap();
    assert!(v.transform(&doc("a b c")).indices.contains(&tri));
    assert!(!v.transform(&doc("a x b c")).indices.contains(&tri));
}

/// Additive negation puts side features (after a break marker) into the training sentences; with
/// min_df above 1, rare tokens and the marker both break n-grams, and fitting equals
/// transforming each text afterwards.
#[test]
fn additive_side_features_fit_with_min_df_above_one() {
    let tokenizer = Tokenizer::new(&crate::text::tokens::TokenizerSettings {
        stem: false,
        negation: crate::text::tokens::Negation::Additive,
        ..Default::default()
    });
    let texts: Vec<String> = [
        "the force will not disarm militias",
        "the force will not disarm anyone",
        "the force will escort convoys",
        "a rare word here",
    ]
    .map(String::from)
    .to_vec();
    let (v, x) = Vectorizer::fit_texts(&texts, &tokenizer, &settings(2).check().unwrap()).unwrap();
    assert!(v.column("¬disarm").is_some(), "{:?}", v.terms());
    assert!(v.column("not disarm").is_some());
    assert!(v.column("rare").is_none());
    for (i, t) in texts.iter().enumerate() {
        let row = v.transform_text(&tokenizer, t);
        assert_eq!(x.row(i), (row.indices.as_slice(), row.values.as_slice()));
    }
}

/// The prefilter's counters saturate at 255: with min_df above that, n-grams found in enough
/// sentences must still pass it (they were all dropped before).
#[test]
fn the_prefilter_keeps_ngrams_when_min_df_exceeds_its_counters() {
    let train: Vec<Vec<String>> = (0..300)
        .map(|i| doc(if i < 260 { "a b" } else { "c" }))
        .collect();
    let s = FeatureSettings {
        min_df: 256,
        ..Default::default()
    };
    let plain = Vectorizer::fit(&train, s.clone()).unwrap();
    assert_eq!(plain.terms(), ["a", "a b", "b"]);
    let forced = Vectorizer::fit_interned(&intern_tokens(&train).unwrap(), s, 0).0;
    assert_eq!(forced.terms(), plain.terms());
}

/// Keys of longer n-grams use both halves of the 128-bit key: two 5-grams that share their last
/// four tokens are counted apart, and their total frequencies (for max_features) are found.
#[test]
fn long_ngrams_sharing_a_tail_are_counted_apart() {
    let s = FeatureSettings {
        min_df: 2,
        ngram_min: 5,
        ngram_max: 5,
        ..Default::default()
    };
    let v = Vectorizer::fit(&[doc("p a b c d"), doc("q a b c d"), doc("p a b c d")], s).unwrap();
    assert_eq!(v.terms(), ["p a b c d"]);
    let s = FeatureSettings {
        min_df: 1,
        ngram_min: 5,
        ngram_max: 5,
        max_features: Some(1),
        ..Default::default()
    };
    let v = Vectorizer::fit(&[doc("a b c d e"), doc("f g h i j f g h i j")], s).unwrap();
    assert_eq!(v.terms(), ["f g h i j"]);
}

/// The n-gram range is set and shown as written, and a share of exactly 0 for max_df is refused.
#[test]
fn ngram_ranges_and_the_max_df_edge() {
    let mut s = FeatureSettings::default();
    s.set_ngrams(NgramRange { min: 2, max: 3 });
    assert_eq!((s.ngram_min, s.ngram_max), (2, 3));
    let r = NgramRange { min: 1, max: 3 };
    assert_eq!(r.to_string(), "1-3");
    assert_eq!("1-3".parse::<NgramRange>().unwrap(), r);
    for bad in [0.0, -0.5, 1.5] {
        let s = FeatureSettings {
            max_df: bad,
            ..Default::default()
        };
        assert!(s.check().is_err(), "{bad}");
    }
    assert!(FeatureSettings {
        max_df: 1.0,
        ..Default::default()
    }
    .check()
    .is_ok());
}

/// The token limit uses every id a key's bits can hold, and no more: the largest id, stored as
/// id + 1, stays below the all-ones pattern of its bits.
#[test]
fn the_token_limit_fills_the_key_bits() {
    let largest = (MAX_DISTINCT_TOKENS - 1) as u32;
    assert_eq!(push_key(0, largest), (1u128 << ID_BITS) - 2);
    assert_eq!(MAX_DISTINCT_TOKENS + 2, 1 << ID_BITS);
}

/// Both interning paths refuse one token past the limit, and not the limit itself.
#[test]
fn the_token_limit_refuses_one_past_it() {
    assert!(!too_many_tokens(0));
    assert!(!too_many_tokens(MAX_DISTINCT_TOKENS));
    assert!(too_many_tokens(MAX_DISTINCT_TOKENS + 1));
}

/// Interning reports how many sentences it has done, after each block, ending at all of them:
/// the training progress bar's count.
#[test]
fn interning_reports_the_sentences_done() {
    let texts: Vec<String> = (0..TOKENIZE_BLOCK + 3)
        .map(|i| format!("sentence number {i}"))
        .collect();
    let tokenizer = Tokenizer::new(&Default::default());
    let reports = std::cell::RefCell::new(Vec::new());
    intern_texts(&texts, &tokenizer, &|n| reports.borrow_mut().push(n)).unwrap();
    assert_eq!(
        reports.into_inner(),
        [TOKENIZE_BLOCK as u64, texts.len() as u64]
    );
}

/// The surfaces table holds, for each stem of a term, the word it came from most often (ties to
/// the alphabetically first), and nothing else: not a stem that is in no term ("zebra", seen
/// once and pruned), and not a word that is its own stem ("go", recorded because it was negated).
#[test]
fn surfaces_hold_each_terms_best_word_and_nothing_else() {
    let tokenizer = Tokenizer::new(&crate::text::tokens::TokenizerSettings::default());
    // Six stems, each seen once in each of two forms: six ties, so that a rule that broke ties
    // by the table's iteration order would almost surely get one wrong.
    let pairs = [
        ("forces", "forced"),
        ("patrols", "patrolled"),
        ("raids", "raided"),
        ("escorts", "escorted"),
        ("monitors", "monitored"),
        ("convoys", "convoyed"),
    ];
    let mut texts: Vec<String> = Vec::new();
    for (a, b) in pairs {
        texts.push(format!("{a} go"));
        texts.push(format!("{b} go"));
    }
    texts.push("we will not go".into());
    texts.push("zebras once".into());
    let (v, _) = Vectorizer::fit_texts(&texts, &tokenizer, &settings(2).check().unwrap()).unwrap();
    let mut expected: Vec<(String, String)> = pairs
        .iter()
        .map(|(a, b)| (tokenizer.tokens(a)[0].clone(), (*a.min(b)).to_string()))
        .collect();
    expected.sort();
    assert_eq!(v.surfaces, expected);
}
