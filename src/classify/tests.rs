//! Tests of article classification, the stream and the verdict.

use super::*;
use crate::error::{Error, Position};
use crate::input::Article;
use proptest::prelude::*;

fn pipeline() -> Pipeline {
    crate::pipeline::tests::nine_sentences()
}

fn article(id: usize, text: &str) -> Article {
    Article {
        id: format!("a{id}"),
        text: text.to_string(),
        ..Default::default()
    }
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// Every article's result, in the order the stream handed them over.
fn run(p: &Pipeline, articles: &[Article], batching: Batching) -> Vec<ArticleResult> {
    let mut out = Vec::new();
    classify_stream(p, articles.iter().cloned().map(Ok), batching, |_, r| {
        out.push(r);
        Ok::<(), Error>(())
    })
    .unwrap();
    out
}

#[test]
fn the_stream_keeps_input_order_and_stops_at_a_reader_error() {
    let p = pipeline();
    let items = vec![
        Ok(article(1, "The force must disarm the militias.")),
        Ok(article(2, "")),
        Err(Error::input(
            "r.jsonl",
            Some(Position::line(3)),
            "not valid JSON",
        )),
        Ok(article(4, "Never reached.")),
    ];
    let mut seen = Vec::new();
    let e = classify_stream(&p, items, Batching::default(), |a, r| {
        seen.push((a.id.clone(), r.summary.verdict));
        Ok::<(), Error>(())
    })
    .unwrap_err();
    assert!(e.to_string().contains("line 3"), "{e}");
    assert_eq!(
        seen,
        [
            ("a1".to_string(), "enforcement".to_string()),
            ("a2".to_string(), "empty".to_string())
        ]
    );
}

/// Every split of the stream into batches, with and without a reader error at the end (at a
/// batch boundary or inside a batch): everything before the error is handed over, in order.
#[test]
fn every_batch_boundary_hands_over_everything_before_an_error() {
    let p = pipeline();
    for n in 0..8 {
        for articles in 1..6 {
            for fail in [false, true] {
                let mut items: Vec<Result<Article, Error>> =
                    (0..n).map(|i| Ok(article(i, "Troops disarm."))).collect();
                if fail {
                    items.push(Err(Error::input(
                        "r.jsonl",
                        Some(Position::line(9)),
                        "broken",
                    )));
                }
                let batching = Batching {
                    articles,
                    bytes: 1 << 20,
                };
                let mut seen = Vec::new();
                let out = classify_stream(&p, items, batching, |a, _| {
                    seen.push(a.id.clone());
                    Ok::<(), Error>(())
                });
                let expected: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
                assert_eq!(seen, expected, "n {n}, batches of {articles}, fail {fail}");
                match out {
                    Ok(count) => assert!(!fail && count == n as u64),
                    Err(e) => assert!(fail && e.to_string().contains("line 9"), "{e}"),
                }
            }
        }
    }
}

/// Called from inside a pool of one thread, the only worker is the caller: the stream must
/// do the scoring itself while it waits, not wait for a worker that never comes. Inside
/// larger pools too, the results are those of a call from outside any pool.
#[test]
fn the_stream_runs_inside_a_one_thread_pool() {
    let p = pipeline();
    let articles: Vec<Article> = (0..9).map(|i| article(i, "Troops disarm.")).collect();
    let batching = Batching {
        articles: 2,
        bytes: 1 << 20,
    };
    let outside = run(&p, &articles, batching);
    assert_eq!(outside.len(), 9);
    for threads in [1, 2, 3] {
        assert_eq!(
            pool(threads).install(|| run(&p, &articles, batching)),
            outside
        );
    }
}

#[test]
fn a_zero_byte_limit_still_makes_progress() {
    let articles: Vec<Article> = (0..3).map(|i| article(i, "Talks resume.")).collect();
    let batching = Batching {
        articles: 4,
        bytes: 0,
    };
    assert_eq!(run(&pipeline(), &articles, batching).len(), 3);
}

#[test]
fn a_panicking_worker_is_re_raised_not_waited_for() {
    let p = pipeline();
    let attempt = || {
        let items = (0..5).map(|i| Ok(article(i, "Ministers met.")));
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            classify_stream_with(
                &p,
                items,
                Batching::default(),
                &ClassifyOptions::default(),
                |_, _| -> Result<(), Error> { panic!("render failed") },
                |_, _| Ok(()),
            )
        }))
    };
    assert!(attempt().is_err());
    // The same from inside a one-thread pool, where the caller runs the work itself.
    assert!(pool(1).install(attempt).is_err());
}

#[test]
fn a_sink_error_stops_the_stream_at_once() {
    let p = pipeline();
    let items = (0..10).map(|i| Ok(article(i, "Ministers met.")));
    let mut calls = 0;
    let batching = Batching {
        articles: 3,
        bytes: 1 << 20,
    };
    let e = classify_stream(&p, items, batching, |_, _| {
        calls += 1;
        Err(Error::io(
            "-",
            "writing",
            std::io::ErrorKind::BrokenPipe.into(),
        ))
    })
    .unwrap_err();
    assert!(e.is_broken_pipe());
    assert_eq!(calls, 1);
}

#[test]
fn a_batch_closes_at_its_byte_limit() {
    let p = pipeline();
    let articles: Vec<Article> = (0..5)
        .map(|i| article(i, "Talks resume in Cairo."))
        .collect();
    // One byte per batch still makes progress: each article is a batch of its own.
    let one_byte = Batching {
        articles: 100,
        bytes: 1,
    };
    assert_eq!(
        run(&p, &articles, one_byte),
        run(&p, &articles, Batching::default())
    );
}

/// Articles of one to four sentences drawn from framed and neutral phrases, some empty.
fn articles() -> impl Strategy<Value = Vec<Article>> {
    let sentence = prop::sample::select(vec![
        "The force must disarm Hamas.",
        "Peacekeepers escort the aid convoys.",
        "Ministers met in Cairo on Tuesday.",
        "Troops will not disarm anyone, they monitor the ceasefire.",
        "Soldiers raid depots!",
        "   ",
        "",
    ]);
    let text = prop::collection::vec(sentence, 0..5).prop_map(|s| s.join(" "));
    prop::collection::vec(text, 1..40).prop_map(|texts| {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| article(i, t))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn results_do_not_depend_on_batch_size_or_input_order(
        articles in articles(),
        batch in 1usize..8,
        seed in any::<u64>(),
    ) {
        let p = pipeline();
        let all_at_once = run(&p, &articles, Batching { articles: articles.len(), bytes: usize::MAX });
        let one_at_a_time = run(&p, &articles, Batching { articles: 1, bytes: usize::MAX });
        let in_batches = run(&p, &articles, Batching { articles: batch, bytes: usize::MAX });
        prop_assert_eq!(&one_at_a_time, &all_at_once);
        prop_assert_eq!(&in_batches, &all_at_once);
        // Shuffled: each article gets the same result as before, found by its id.
        let mut shuffled = articles.clone();
        let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed);
        rand::seq::SliceRandom::shuffle(&mut shuffled[..], &mut rng);
        for r in run(&p, &shuffled, Batching { articles: batch, bytes: usize::MAX }) {
            let i: usize = r.summary.id[1..].parse().unwrap();
            prop_assert_eq!(&r, &all_at_once[i]);
        }
    }
}

fn labels() -> Vec<String> {
    ["enforcement", "neutral", "peacekeeping"]
        .map(String::from)
        .to_vec()
}

#[test]
fn verdict_thresholds() {
    let l = labels();
    assert_eq!(verdict(&l, &[2, 0, 1]), "enforcement");
    assert_eq!(verdict(&l, &[3, 9, 2]), "mixed");
    // 2 framed of 11 is under a fifth: neutral; 3 of 12 is a quarter: framed.
    assert_eq!(verdict(&l, &[2, 9, 0]), "neutral");
    assert_eq!(verdict(&l, &[3, 9, 0]), "enforcement");
    assert_eq!(verdict(&l, &[0, 1, 0]), "neutral");
    assert_eq!(verdict(&l, &[0, 0, 1]), "peacekeeping");
    // exactly two thirds is enough
    assert_eq!(verdict(&l, &[1, 0, 2]), "peacekeeping");
    // exactly a fifth framed is enough to be framed; just under it is not
    assert_eq!(verdict(&l, &[1, 4, 0]), "enforcement");
    assert_eq!(verdict(&l, &[2, 8, 0]), "enforcement");
    assert_eq!(verdict(&l, &[1, 5, 0]), "neutral");
    // just under two thirds of the framed sentences is mixed
    assert_eq!(verdict(&l, &[3, 0, 2]), "mixed");
}

#[test]
fn without_a_neutral_label_every_label_is_framed() {
    let l = ["a", "b"].map(String::from).to_vec();
    assert_eq!(verdict(&l, &[3, 1]), "a");
    assert_eq!(verdict(&l, &[1, 1]), "mixed");
}

#[test]
fn the_stream_carries_the_kept_columns_into_each_summary() {
    let p = pipeline();
    let mut a = article(1, "Ministers met.");
    a.meta = vec![
        ("date".into(), "2026-01-02".into()),
        ("outlet".into(), "Ledger".into()),
    ];
    let options = ClassifyOptions {
        keep_columns: vec!["outlet".into(), "url".into(), "date".into()],
        ..Default::default()
    };
    let mut metas = Vec::new();
    classify_stream_with(
        &p,
        [Ok(a.clone())],
        Batching::default(),
        &options,
        |_, r| Ok::<_, Error>(r),
        |_, r| {
            metas.push(r.summary.meta);
            Ok(())
        },
    )
    .unwrap();
    let pair = |c: &str, v: &str| (c.to_string(), v.to_string());
    // In the order asked for; a column the article lacks is empty.
    assert_eq!(
        metas,
        [vec![
            pair("outlet", "Ledger"),
            pair("url", ""),
            pair("date", "2026-01-02")
        ]]
    );
    // Nothing is kept unless asked for.
    assert!(run(&p, &[a], Batching::default())[0]
        .summary
        .meta
        .is_empty());
}
