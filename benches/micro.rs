//! Micro-benchmarks for the hot paths, so that regressions show: `cargo bench --bench micro`.
//!
//! Inputs are the bundled corpus and articles, and the model is trained on the bundled corpus,
//! so figures are comparable from one commit to the next on the same machine.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use stance::classify::classify_article;
use stance::input::{read_labelled, Columns, Utf8Policy};
use stance::pipeline::{Pipeline, ValidTrainSettings};
use stance::text::sentences::split_sentences;
use stance::text::tokens::{Tokenizer, TokenizerSettings};

fn corpus() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/train.csv");
    read_labelled(path.as_ref(), &Columns::default(), Utf8Policy::Strict)
        .expect("bundled corpus")
        .texts
}

fn articles() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/articles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("bundled articles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("article"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let sentences = corpus();
    let bytes: usize = sentences.iter().map(String::len).sum();
    let articles = articles();
    let article_bytes: usize = articles.iter().map(String::len).sum();
    let tokenizer = Tokenizer::new(&TokenizerSettings::default());
    let data = read_labelled(
        concat!(env!("CARGO_MANIFEST_DIR"), "/data/train.csv").as_ref(),
        &Columns::default(),
        Utf8Policy::Strict,
    )
    .expect("bundled corpus");
    let (pipeline, _) = Pipeline::train(&data, &ValidTrainSettings::default()).expect("trains");

    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(article_bytes as u64));
    g.bench_function("split_sentences/articles", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| split_sentences(a).len())
                .sum::<usize>()
        })
    });
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("tokenize/corpus", |b| {
        b.iter(|| {
            let mut n = 0;
            for s in &sentences {
                tokenizer.for_each_token(s, |_| n += 1);
            }
            n
        })
    });
    g.finish();

    let mut g = c.benchmark_group("features");
    g.throughput(Throughput::Elements(sentences.len() as u64));
    g.bench_function("transform/corpus", |b| {
        b.iter(|| {
            sentences
                .iter()
                .map(|s| pipeline.vectorize(s).indices.len())
                .sum::<usize>()
        })
    });
    g.sample_size(10);
    g.bench_function("fit/corpus", |b| {
        b.iter_batched(
            || sentences.clone(),
            |texts| {
                stance::features::Vectorizer::fit_texts(&texts, &tokenizer, &Default::default())
                    .expect("fits")
                    .0
                    .len()
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("model");
    g.throughput(Throughput::Elements(sentences.len() as u64));
    g.bench_function("score_sentence/corpus", |b| {
        b.iter(|| {
            sentences
                .iter()
                .map(|s| pipeline.score_sentence(s).label)
                .sum::<usize>()
        })
    });
    g.throughput(Throughput::Bytes(article_bytes as u64));
    g.bench_function("classify_article/articles", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| classify_article(&pipeline, "a", a).summary.sentences)
                .sum::<usize>()
        })
    });
    g.sample_size(10);
    g.bench_function("train/corpus", |b| {
        b.iter(|| {
            Pipeline::train(&data, &ValidTrainSettings::default())
                .expect("trains")
                .0
                .labels()
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
