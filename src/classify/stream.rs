//! Classifying a stream of articles in parallel batches, with memory bounded by one batch.

use rayon::prelude::*;

use super::{classify_article_with, ArticleResult, ClassifyOptions};
use crate::error::Error;
use crate::input::Article;
use crate::pipeline::Pipeline;

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
/// use stance::classify::{classify_stream, Batching};
/// use stance::input::Article;
/// # let data = LabelledSet {
/// #     texts: vec!["monitor the ceasefire".into(), "disarm the militias".into()],
/// #     labels: vec!["peacekeeping".into(), "enforcement".into()],
/// #     lines: vec![2, 3],
/// #     ..Default::default()
/// # };
/// # let mut settings = TrainSettings::default();
/// # settings.features.min_df = 1;
/// # let (pipeline, _) = Pipeline::train(&data, &settings.check()?)?;
///
/// let articles = ["Troops will disarm the militias.", "Observers monitor the ceasefire."]
///     .iter()
///     .enumerate()
///     .map(|(i, t)| Ok(Article { id: i.to_string(), text: t.to_string(), ..Default::default() }));
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
        &ClassifyOptions::default(),
        |_, result| Ok(result),
        |article, result| sink(article, result),
    )
}

/// [`classify_stream`] with options and a `render` step that runs on the worker threads, in parallel, for
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
    options: &ClassifyOptions,
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
                    .map(|a| {
                        let mut result = classify_article_with(pipeline, &a.id, &a.text, options);
                        result.summary.meta = kept(a, &options.keep_columns);
                        render(a, result)
                    })
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

/// The article's values of `columns`, in that order (empty for a column it lacks).
fn kept(article: &Article, columns: &[String]) -> Vec<(String, String)> {
    columns
        .iter()
        .map(|c| (c.clone(), article.meta(c).unwrap_or_default().to_string()))
        .collect()
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
