//! The vectoriser against references: a plain count of n-grams (property tests) and
//! scikit-learn's `TfidfVectorizer` on a fixed fixture.

use super::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The unigram pruning and the hashed prefilter must leave exactly the n-grams that a
    /// plain count finds in at least min_df sentences.
    #[test]
    fn vocabulary_equals_brute_force_counting(
        train in prop::collection::vec(prop::collection::vec("[a-f]{1}", 0..9), 1..30),
        min_df in 1usize..4,
    ) {
        let s = FeatureSettings { min_df, ..Default::default() };
        let v = Vectorizer::fit(&train, s.clone()).unwrap();
        // The same with the prefilter forced on (small inputs normally skip it).
        let forced = Vectorizer::fit_interned(&intern_tokens(&train).unwrap(), s, 0).0;
        prop_assert_eq!(forced.terms(), v.terms());
        let mut df: std::collections::HashMap<String, usize> = Default::default();
        for doc in &train {
            let mut grams: std::collections::HashSet<String> = doc.iter().cloned().collect();
            grams.extend(doc.windows(2).map(|w| w.join(" ")));
            for g in grams {
                *df.entry(g).or_insert(0) += 1;
            }
        }
        let mut expected: Vec<String> =
            df.into_iter().filter(|(_, d)| *d >= min_df).map(|(t, _)| t).collect();
        expected.sort();
        let mut got = v.terms().to_vec();
        got.sort();
        prop_assert_eq!(got, expected);
    }

    /// The memoised scoring path (words -> cached ids and roles) gives exactly the vector of
    /// the plain path (tokens -> vectoriser), negation, stop words and unknown words included.
    #[test]
    fn memoised_text_path_equals_token_path(
        texts in prop::collection::vec("[a-dA-D ,.;]{0,3}( ?(not|but|never|no|the|a|b|c|d|,|;|\\.|é|don't)){0,12}", 1..12),
        probe in "( ?(not|but|never|no|the|a|b|c|d|x|,|;|é|don't)){0,15}",
        stop in any::<bool>(),
    ) {
        let settings = crate::text::tokens::TokenizerSettings {
            stop_words: if stop {
                crate::text::tokens::StopWords::English
            } else {
                crate::text::tokens::StopWords::None
            },
            ..Default::default()
        };
        let tokenizer = Tokenizer::new(&settings);
        let (v, _) = Vectorizer::fit_texts(&texts, &tokenizer, &settings_min1().check().unwrap()).unwrap();
        // Training from the text learns what training from the tokens learns.
        let docs: Vec<Vec<String>> = texts.iter().map(|t| tokenizer.tokens(t)).collect();
        let from_tokens = Vectorizer::fit(&docs, settings_min1()).unwrap();
        prop_assert_eq!(from_tokens.terms(), v.terms());
        prop_assert_eq!(from_tokens.idf(), v.idf());
        for t in texts.iter().chain(std::iter::once(&probe)) {
            // Twice: the second time every word comes from the memo.
            for _ in 0..2 {
                prop_assert_eq!(v.transform_text(&tokenizer, t), v.transform(&tokenizer.tokens(t)));
            }
        }
    }

    #[test]
    fn rows_are_finite_and_unit_norm_or_empty(
        train in prop::collection::vec(prop::collection::vec("[a-e]{1,2}", 0..8), 1..12),
        probe in prop::collection::vec("[a-f]{1,2}", 0..10),
    ) {
        let v = Vectorizer::fit(&train, settings(1)).unwrap();
        let row = v.transform(&probe);
        prop_assert!(row.values.iter().all(|x| x.is_finite() && *x > 0.0));
        prop_assert!(row.indices.windows(2).all(|w| w[0] < w[1]));
        if !row.is_empty() {
            prop_assert!((row.norm() - 1.0).abs() < 1e-5);
        }
    }
}

/// The vectoriser against scikit-learn's `TfidfVectorizer(tokenizer=str.split, lowercase=False,
/// token_pattern=None, ngram_range=(1, 2), min_df=1, sublinear_tf=True, smooth_idf=True,
/// norm='l2')` fitted on these six documents with scikit-learn 1.9.1: the idf of every term and
/// the rows of two training documents and of an unseen one, as scikit-learn printed them
/// (`fit_transform`, `transform`, `get_feature_names_out`). Column order differs (scikit-learn's
/// is alphabetical, ours by falling document frequency), so terms are compared by name.
#[test]
fn matches_scikit_learn_on_a_fixed_fixture() {
    let docs: Vec<Vec<String>> = [
        "troop patrol border",
        "ceasefire monitor border patrol",
        "peacekeeping mission monitor ceasefire",
        "troop troop deploy border",
        "mission deploy peacekeeping troop",
        "sanction enforcement border",
    ]
    .iter()
    .map(|d| doc(d))
    .collect();
    let v = Vectorizer::fit(&docs, settings_min1()).unwrap();
    let idf_of = |df: u32| match df {
        1 => 2.2527629685,
        2 => 1.84729786039,
        3 => 1.55961578794,
        _ => 1.33647223662,
    };
    let sklearn_df: &[(&str, u32)] = &[
        ("border", 4),
        ("border patrol", 1),
        ("ceasefire", 2),
        ("ceasefire monitor", 1),
        ("deploy", 2),
        ("deploy border", 1),
        ("deploy peacekeeping", 1),
        ("enforcement", 1),
        ("enforcement border", 1),
        ("mission", 2),
        ("mission deploy", 1),
        ("mission monitor", 1),
        ("monitor", 2),
        ("monitor border", 1),
        ("monitor ceasefire", 1),
        ("patrol", 2),
        ("patrol border", 1),
        ("peacekeeping", 2),
        ("peacekeeping mission", 1),
        ("peacekeeping troop", 1),
        ("sanction", 1),
        ("sanction enforcement", 1),
        ("troop", 3),
        ("troop deploy", 1),
        ("troop patrol", 1),
        ("troop troop", 1),
    ];
    assert_eq!(v.len(), sklearn_df.len());
    for &(term, df) in sklearn_df {
        let col = v.column(term).unwrap_or_else(|| panic!("{term} missing")) as usize;
        assert!(
            (f64::from(v.idf()[col]) - idf_of(df)).abs() < 1e-6,
            "{term}"
        );
    }
    let check = |row: SparseRow, expected: &[(&str, f64)]| {
        assert_eq!(row.indices.len(), expected.len());
        for &(term, value) in expected {
            let col = v.column(term).unwrap();
            let at = row.indices.iter().position(|&c| c == col).unwrap();
            assert!((f64::from(row.values[at]) - value).abs() < 1e-6, "{term}");
        }
    };
    check(
        v.transform(&docs[0]),
        &[
            ("border", 0.316943938956),
            ("patrol", 0.438086062884),
            ("patrol border", 0.534241976154),
            ("troop", 0.369862356689),
            ("troop patrol", 0.534241976154),
        ],
    );
    check(
        v.transform(&docs[3]),
        &[
            ("border", 0.255335875427),
            ("deploy", 0.352930201939),
            ("deploy border", 0.43039517689),
            ("troop", 0.504503556388),
            ("troop deploy", 0.43039517689),
            ("troop troop", 0.43039517689),
        ],
    );
    check(
        v.transform(&doc("troop patrol unknownword")),
        &[
            ("patrol", 0.559021556877),
            ("troop", 0.471964410611),
            ("troop patrol", 0.681721713064),
        ],
    );
}
