//! Classifying whole articles: split into sentences, score each, aggregate.
//!
//! # The article verdict
//!
//! Every sentence gets the label with the highest probability. A sentence is *framed* when its
//! label is not the neutral one (the label named `neutral`, if the model has it). Then:
//!
//! 1. no sentence at all: verdict `empty`;
//! 2. fewer than a fifth ([`MIN_FRAMED_SHARE`]) of the sentences are framed: verdict `neutral`
//!    (a background report with one stray framed sentence is not a framed article);
//! 3. one label holds at least two thirds ([`DOMINANCE`]) of the framed sentences: that label;
//! 4. otherwise: `mixed`.
//!
//! Counting labelled sentences rather than averaging probabilities keeps the verdict explainable
//! sentence by sentence; the mean probabilities are reported beside it for users who prefer a
//! soft measure.

use std::ops::Range;

use rayon::prelude::*;

use crate::error::Error;
use crate::input::Article;
use crate::pipeline::Pipeline;
use crate::text::sentences::split_sentences;

/// The share of framed sentences one label needs for the article to take its label.
pub const DOMINANCE: f64 = 2.0 / 3.0;

/// The share of an article's sentences that must be framed for it to get a framed verdict.
pub const MIN_FRAMED_SHARE: f64 = 0.2;

/// The label that counts as framing neither role.
pub const NEUTRAL_LABEL: &str = "neutral";

/// One scored sentence of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceResult {
    /// 1-based position in the article.
    pub index: usize,
    /// Byte range in the article's text.
    pub span: Range<usize>,
    /// Index of the predicted label.
    pub label: usize,
    /// Probability of each label.
    pub probabilities: Vec<f64>,
}

/// The aggregate of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSummary {
    /// The article's identifier.
    pub id: String,
    /// Number of sentences.
    pub sentences: usize,
    /// Sentences per label, in label order.
    pub counts: Vec<usize>,
    /// `counts` divided by the number of sentences (all zero for an empty article).
    pub shares: Vec<f64>,
    /// Mean probability of each label over the sentences.
    pub mean_probabilities: Vec<f64>,
    /// The verdict (see the module documentation).
    pub verdict: String,
}

/// An article's summary and, on request, its sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleResult {
    /// The aggregate.
    pub summary: ArticleSummary,
    /// Every scored sentence, in order.
    pub sentences: Vec<SentenceResult>,
}

/// Splits, scores and aggregates one article.
///
/// ```no_run
/// let pipeline = stance::format::load("models/stance.model".as_ref())?;
/// let result = stance::article::classify_article(&pipeline, "a1", "The force will monitor the truce. It will not disarm anyone.");
/// println!("{}", result.summary.verdict);
/// # Ok::<(), stance::Error>(())
/// ```
pub fn classify_article(pipeline: &Pipeline, id: &str, text: &str) -> ArticleResult {
    let k = pipeline.labels().len();
    let mut sentences = Vec::new();
    for (i, span) in split_sentences(text).into_iter().enumerate() {
        let score = pipeline.score_sentence(&text[span.clone()]);
        sentences.push(SentenceResult {
            index: i + 1,
            span,
            label: score.label,
            probabilities: score.probabilities,
        });
    }
    let mut counts = vec![0usize; k];
    let mut mean = vec![0.0; k];
    for s in &sentences {
        counts[s.label] += 1;
        mean.iter_mut()
            .zip(&s.probabilities)
            .for_each(|(m, p)| *m += p);
    }
    let n = sentences.len();
    if n > 0 {
        mean.iter_mut().for_each(|m| *m /= n as f64);
    }
    let shares = counts
        .iter()
        .map(|&c| if n > 0 { c as f64 / n as f64 } else { 0.0 })
        .collect();
    let verdict = verdict(pipeline.labels(), &counts);
    ArticleResult {
        summary: ArticleSummary {
            id: id.to_string(),
            sentences: n,
            counts,
            shares,
            mean_probabilities: mean,
            verdict,
        },
        sentences,
    }
}

/// How [`classify_stream`] groups articles for parallel scoring: a batch closes when it holds
/// `articles` articles or `bytes` bytes of text, whichever comes first.
///
/// The byte limit is what keeps memory flat: 4096 articles of a megabyte each would otherwise sit in
/// memory together with their results. Results do not depend on the batching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batching {
    /// Most articles per batch (at least 1).
    pub articles: usize,
    /// Most text bytes per batch; a single larger article still makes a batch of its own.
    pub bytes: usize,
}

impl Default for Batching {
    /// 4096 articles or 8 MiB: enough work per batch to keep every core busy, small enough that
    /// memory does not depend on the size of the input (two batches are in memory at once: one
    /// being scored, the next being read).
    fn default() -> Self {
        Batching {
            articles: 4096,
            bytes: 8 << 20,
        }
    }
}

/// Classifies a stream of articles in parallel batches and hands each result to `sink`, in input
/// order, as soon as its batch is scored; returns the number of articles classified.
///
/// Memory is bounded by one batch (see [`Batching`]), whatever the length of the stream. When the
/// stream yields an error, the articles before it are still classified and handed over, and then
/// the error is returned; an error from `sink` (a closed pipe, say) stops the stream at once.
///
/// ```
/// # use stance::corpus::LabelledSet;
/// # use stance::pipeline::{Pipeline, TrainSettings};
/// use stance::article::{classify_stream, Batching};
/// use stance::input::Article;
/// # let data = LabelledSet {
/// #     texts: vec!["monitor the ceasefire".into(), "disarm the militias".into()],
/// #     labels: vec!["peacekeeping".into(), "enforcement".into()],
/// #     lines: vec![2, 3],
/// #     ..Default::default()
/// # };
/// # let mut settings = TrainSettings::default();
/// # settings.features.min_df = 1;
/// # let (pipeline, _) = Pipeline::train(&data, &settings)?;
///
/// let articles = ["Troops will disarm the militias.", "Observers monitor the ceasefire."]
///     .iter()
///     .enumerate()
///     .map(|(i, t)| Ok(Article { id: i.to_string(), text: t.to_string() }));
/// let mut verdicts = Vec::new();
/// classify_stream(&pipeline, articles, Batching::default(), |_, result| {
///     verdicts.push(result.summary.verdict);
///     Ok::<(), stance::Error>(())
/// })?;
/// assert_eq!(verdicts, ["enforcement", "peacekeeping"]);
/// # Ok::<(), stance::Error>(())
/// ```
pub fn classify_stream<E: From<Error> + Send>(
    pipeline: &Pipeline,
    articles: impl IntoIterator<Item = Result<Article, Error>, IntoIter: Send>,
    batching: Batching,
    mut sink: impl FnMut(&Article, ArticleResult) -> Result<(), E>,
) -> Result<u64, E> {
    classify_stream_with(
        pipeline,
        articles,
        batching,
        |_, result| Ok(result),
        |article, result| sink(article, result),
    )
}

/// [`classify_stream`] with a `render` step that runs on the worker threads, in parallel, for
/// each classified article (formatting it as output, say), before `sink` receives its result in
/// input order.
///
/// The calling thread reads and sinks; the worker threads score and render. While one batch is
/// scored, the calling thread hands the previous batch's results to `sink` and reads the next
/// batch, so reading, scoring and writing overlap and no core waits for the output. The first
/// batch is small, so that the workers start at once rather than after a full batch is read.
pub fn classify_stream_with<T: Send, E: From<Error> + Send>(
    pipeline: &Pipeline,
    articles: impl IntoIterator<Item = Result<Article, Error>>,
    batching: Batching,
    render: impl Fn(&Article, ArticleResult) -> Result<T, E> + Sync,
    mut sink: impl FnMut(&Article, T) -> Result<(), E>,
) -> Result<u64, E> {
    let mut articles = articles.into_iter();
    let mut read = |limit: usize| {
        let mut batch: Vec<Article> = Vec::new();
        let mut bytes = 0usize;
        // At least one article per batch, however large.
        while batch.len() < limit && (batch.is_empty() || bytes < batching.bytes) {
            match articles.next() {
                Some(Ok(article)) => {
                    bytes += article.text.len();
                    batch.push(article);
                }
                Some(Err(e)) => return (batch, Some(e), true),
                None => return (batch, None, true),
            }
        }
        (batch, None, false)
    };
    let full = batching.articles.max(1);
    let render = &render;
    rayon::in_place_scope(|scope| {
        // Each batch gets its own channel: if a worker panicked, its sender is dropped, the
        // receive below fails instead of waiting forever, and the scope re-raises the panic.
        let score = |batch: Vec<Article>| {
            let (done, receiver) = std::sync::mpsc::channel::<(Vec<Article>, Vec<Result<T, E>>)>();
            scope.spawn(move |_| {
                let rendered = batch
                    .par_iter()
                    .map(|a| render(a, classify_article(pipeline, &a.id, &a.text)))
                    .collect();
                // The receiver is dropped only after an error ended the stream.
                let _ = done.send((batch, rendered));
            });
            receiver
        };
        let mut classified = 0u64;
        let (batch, mut failure, mut exhausted) = read(full.div_ceil(8));
        let mut scoring = score(batch);
        loop {
            // Read the next batch while the current one is scored.
            let next = (!exhausted).then(|| read(full));
            let Some((batch, rendered)) = wait_for(&scoring) else {
                // Only if a worker panicked, which rayon re-raises when the scope ends.
                return Ok(classified);
            };
            // The workers go on with the next batch while this one is handed to the sink.
            let next = match next {
                Some((next, next_failure, next_exhausted)) if !next.is_empty() => {
                    scoring = score(next);
                    Some((next_failure, next_exhausted))
                }
                Some((_, next_failure, _)) => {
                    failure = failure.or(next_failure);
                    None
                }
                None => None,
            };
            for (article, item) in batch.iter().zip(rendered) {
                sink(article, item?)?;
                classified += 1;
            }
            if let Some(e) = failure {
                return Err(e.into());
            }
            match next {
                Some((next_failure, next_exhausted)) => {
                    (failure, exhausted) = (next_failure, next_exhausted);
                }
                None => return Ok(classified),
            }
        }
    })
}

/// Waits for a batch's results. On a thread of the pool itself (a caller inside
/// `ThreadPool::install`), the batch's work may be queued behind this very thread, so it runs
/// pending pool work while it waits; elsewhere, or with nothing queued, the work is running on
/// another thread and it simply blocks. `None` when the sender is gone (a worker panicked).
fn wait_for<T>(receiver: &std::sync::mpsc::Receiver<T>) -> Option<T> {
    loop {
        match receiver.try_recv() {
            Ok(value) => return Some(value),
            Err(std::sync::mpsc::TryRecvError::Disconnected) => return None,
            Err(std::sync::mpsc::TryRecvError::Empty) => match rayon::yield_now() {
                Some(rayon::Yield::Executed) => {}
                _ => return receiver.recv().ok(),
            },
        }
    }
}

/// The verdict rule (see the module documentation) applied to sentence counts per label.
///
/// ```
/// use stance::article::verdict;
/// let labels = ["enforcement", "neutral", "peacekeeping"].map(String::from);
/// assert_eq!(verdict(&labels, &[1, 5, 2]), "peacekeeping");
/// assert_eq!(verdict(&labels, &[2, 5, 2]), "mixed");
/// assert_eq!(verdict(&labels, &[0, 5, 0]), "neutral");
/// assert_eq!(verdict(&labels, &[1, 9, 0]), "neutral"); // only 10% framed
/// assert_eq!(verdict(&labels, &[0, 0, 0]), "empty");
/// ```
pub fn verdict(labels: &[String], counts: &[usize]) -> String {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return "empty".into();
    }
    let framed: Vec<(usize, usize)> = counts
        .iter()
        .enumerate()
        .filter(|(c, _)| labels[*c] != NEUTRAL_LABEL)
        .map(|(c, &n)| (c, n))
        .collect();
    let framed_total: usize = framed.iter().map(|(_, n)| n).sum();
    if framed_total == 0 || (framed_total as f64) < MIN_FRAMED_SHARE * total as f64 {
        return NEUTRAL_LABEL.into();
    }
    let (best, best_n) = framed
        .iter()
        .copied()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .unwrap_or((0, 0));
    if best_n as f64 >= DOMINANCE * framed_total as f64 {
        labels[best].clone()
    } else {
        "mixed".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::LabelledSet;
use crate::pipeline::TrainSettings;
    use proptest::prelude::*;

    fn pipeline() -> Pipeline {
        let rows = [
            ("The force will monitor the ceasefire line", "peacekeeping"),
            ("Peacekeepers escort aid convoys to Rafah", "peacekeeping"),
            (
                "The mission protects civilians with consent",
                "peacekeeping",
            ),
            ("The force must disarm Hamas by force", "enforcement"),
            (
                "Soldiers will disarm the militias and raid depots",
                "enforcement",
            ),
            ("A Chapter VII force will compel compliance", "enforcement"),
            ("Ministers met in Cairo on Tuesday", "neutral"),
            ("The budget is 1.2 billion dollars", "neutral"),
            ("Talks resume next week in Cairo", "neutral"),
        ];
        let data = LabelledSet {
            source: "a.csv".into(),
            texts: rows.iter().map(|r| r.0.to_string()).collect(),
            labels: rows.iter().map(|r| r.1.to_string()).collect(),
            lines: (2..11).collect(),
        };
        let mut settings = TrainSettings::default();
        settings.features.min_df = 1;
        Pipeline::train(&data, &settings).unwrap().0
    }

    fn article(id: usize, text: &str) -> Article {
        Article {
            id: format!("a{id}"),
            text: text.to_string(),
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
            Err(Error::input("r.jsonl", "line 3: ", "not valid JSON")),
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
                        items.push(Err(Error::input("r.jsonl", "line 9: ", "broken")));
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
    }

    #[test]
    fn without_a_neutral_label_every_label_is_framed() {
        let l = ["a", "b"].map(String::from).to_vec();
        assert_eq!(verdict(&l, &[3, 1]), "a");
        assert_eq!(verdict(&l, &[1, 1]), "mixed");
    }
}
