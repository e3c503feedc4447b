//! The `stance` command line: parses arguments, calls the library, prints.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use stance::article::classify_article;
use stance::features::FeatureSettings;
use stance::input::{
    read_labelled, Article, ArticleReader, Columns, InputFormat, ReaderOptions, Utf8Policy,
};
use stance::metrics;
use stance::model::{ClassWeight, LogisticParams};
use stance::output::{self, ClassifyWriter, Format};
use stance::persistence;
use stance::pipeline::{Pipeline, TrainSettings};
use stance::text::tokens::{StopWords, TokenizerSettings};

/// Tells how a text frames the role of an international force in a conflict zone:
/// peacekeeping, enforcement or neutral.
///
/// Train a model on labelled sentences, classify articles sentence by sentence, evaluate a model
/// on labelled data, and inspect what a model learned.
#[derive(Parser, Debug)]
#[command(name = "stance", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Train a model on a labelled CSV and save it.
    Train(TrainArgs),
    /// Classify articles: split into sentences, label each, aggregate per article.
    Classify(ClassifyArgs),
    /// Measure a model on a labelled CSV.
    Evaluate(EvaluateArgs),
    /// Show a model's settings, training summary and strongest features.
    Inspect(InspectArgs),
}

#[derive(Args, Debug)]
struct CommonInput {
    /// Column holding the text.
    #[arg(long, default_value = "text")]
    text_column: String,
    /// Replace invalid UTF-8 bytes with U+FFFD instead of refusing the input.
    #[arg(long)]
    lossy: bool,
    /// Worker threads (default: all cores). Results are identical for any number.
    #[arg(long)]
    threads: Option<usize>,
}

#[derive(Args, Debug)]
struct TrainArgs {
    /// Labelled CSV with a text and a label column (`-` for standard input).
    #[arg(long, default_value = "data/train.csv")]
    data: PathBuf,
    /// Where to write the model (written atomically).
    #[arg(long, default_value = "models/stance.model")]
    model: PathBuf,
    #[command(flatten)]
    input: CommonInput,
    /// Column holding the label.
    #[arg(long, default_value = "label")]
    label_column: String,
    /// N-gram range MIN-MAX, in tokens.
    #[arg(long, default_value = "1-2", value_parser = parse_ngrams)]
    ngrams: (usize, usize),
    /// Ignore terms found in fewer sentences than this.
    #[arg(long, default_value_t = 2)]
    min_df: usize,
    /// Ignore terms found in more than this share of sentences (0 < x <= 1).
    #[arg(long, default_value_t = 1.0)]
    max_df: f64,
    /// Keep at most this many terms (the most frequent).
    #[arg(long)]
    max_features: Option<usize>,
    /// Turn off English Snowball stemming.
    #[arg(long)]
    no_stem: bool,
    /// Turn off negation-scope marking.
    #[arg(long)]
    no_negation: bool,
    /// Stop words to drop: `english` for the built-in list, or a file with one word per line.
    #[arg(long)]
    stop_words: Option<String>,
    /// Inverse regularisation strength (larger = less regularisation).
    #[arg(long, default_value_t = 10.0)]
    c: f64,
    /// `uniform`, `balanced`, or explicit weights such as `neutral=1,enforcement=1.5`.
    #[arg(long, default_value = "uniform")]
    class_weight: String,
    /// Iteration cap for the optimiser.
    #[arg(long, default_value_t = 500)]
    max_iter: u64,
    /// Stop when the gradient's L2 norm falls below this.
    #[arg(long, default_value_t = LogisticParams::default().gradient_tolerance)]
    tol: f64,
    /// Seed recorded with the model for any randomised step.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum InputFormatArg {
    Text,
    Csv,
    Jsonl,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum OutFormat {
    Table,
    Csv,
    Jsonl,
}

#[derive(Args, Debug)]
struct ClassifyArgs {
    /// Articles: text files, directories of .txt files, .csv or .jsonl files with one article per
    /// record, or `-` for standard input (the default).
    #[arg(default_value = "-")]
    inputs: Vec<PathBuf>,
    /// The model to use.
    #[arg(long, default_value = "models/stance.model")]
    model: PathBuf,
    #[command(flatten)]
    input: CommonInput,
    /// Read every input as this format instead of guessing from its extension.
    #[arg(long, value_enum)]
    input_format: Option<InputFormatArg>,
    /// Column (CSV) or field (JSONL) whose value identifies each article in the output.
    #[arg(long)]
    id_column: Option<String>,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    format: Option<OutFormat>,
    /// List every sentence with its label and probabilities.
    #[arg(long)]
    sentences: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ReportFormat {
    Table,
    Json,
}

#[derive(Args, Debug)]
struct EvaluateArgs {
    /// Labelled CSV to measure on.
    #[arg(long, default_value = "data/test.csv")]
    data: PathBuf,
    /// The model to measure.
    #[arg(long, default_value = "models/stance.model")]
    model: PathBuf,
    #[command(flatten)]
    input: CommonInput,
    /// Column holding the label.
    #[arg(long, default_value = "label")]
    label_column: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
}

#[derive(Args, Debug)]
struct InspectArgs {
    /// The model to inspect.
    #[arg(long, default_value = "models/stance.model")]
    model: PathBuf,
    /// How many features to show per label.
    #[arg(long, default_value_t = 20)]
    top: usize,
}

fn parse_ngrams(s: &str) -> std::result::Result<(usize, usize), String> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let a: usize = a
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not MIN-MAX, e.g. 1-2"))?;
    let b: usize = b
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not MIN-MAX, e.g. 1-2"))?;
    if a == 0 || b < a || b > 5 {
        return Err(format!(
            "'{s}' is out of range: need 1 <= MIN <= MAX <= 5, e.g. 1-2"
        ));
    }
    Ok((a, b))
}

fn parse_class_weight(s: &str) -> Result<ClassWeight> {
    match s.trim() {
        "uniform" | "none" => Ok(ClassWeight::Uniform),
        "balanced" => Ok(ClassWeight::Balanced),
        list => {
            let mut out = Vec::new();
            for part in list.split(',') {
                let (label, w) = part.split_once('=').with_context(|| {
                    format!("--class-weight '{s}': expected uniform, balanced or LABEL=WEIGHT,...")
                })?;
                let w: f64 = w
                    .trim()
                    .parse()
                    .with_context(|| format!("--class-weight: '{w}' is not a number"))?;
                out.push((label.trim().to_lowercase(), w));
            }
            Ok(ClassWeight::Explicit(out))
        }
    }
}

fn stop_words(arg: &Option<String>) -> Result<StopWords> {
    Ok(match arg.as_deref() {
        None => StopWords::None,
        Some("english") => StopWords::English,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{path}: cannot read the stop-word list"))?;
            StopWords::Custom(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(String::from)
                    .collect(),
            )
        }
    })
}

fn set_threads(threads: Option<usize>) -> Result<()> {
    if let Some(n) = threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("could not start the worker threads")?;
    }
    Ok(())
}

fn policy(lossy: bool) -> Utf8Policy {
    if lossy {
        Utf8Policy::Lossy
    } else {
        Utf8Policy::Strict
    }
}

fn spinner(message: &str) -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").ok()?);
    pb.set_message(message.to_string());
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(pb)
}

fn train(args: TrainArgs) -> Result<()> {
    set_threads(args.input.threads)?;
    let start = Instant::now();
    let settings = TrainSettings {
        tokenizer: TokenizerSettings {
            stem: !args.no_stem,
            negation: !args.no_negation,
            stop_words: stop_words(&args.stop_words)?,
        },
        features: FeatureSettings {
            ngram_min: args.ngrams.0,
            ngram_max: args.ngrams.1,
            min_df: args.min_df,
            max_df: args.max_df,
            max_features: args.max_features,
            sublinear_tf: true,
        },
        model: LogisticParams::default()
            .c(args.c)
            .class_weight(parse_class_weight(&args.class_weight)?)
            .max_iter(args.max_iter)
            .gradient_tolerance(args.tol),
        seed: args.seed,
    };
    settings.features.validate()?;
    settings.model.validate()?;
    let columns = Columns {
        text: args.input.text_column.clone(),
        label: args.label_column.clone(),
    };
    let pb = spinner("reading and training");
    let data = read_labelled(&args.data, &columns, policy(args.input.lossy))?;
    let (pipeline, timings) = Pipeline::train(&data, &settings)?;
    if let Some(dir) = args.model.parent() {
        if !dir.as_os_str().is_empty() && !dir.exists() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create the directory", dir.display()))?;
        }
    }
    persistence::save(&pipeline, &args.model)?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let sum = pipeline.summary();
    if sum.convergence.hit_iteration_cap {
        eprintln!(
            "warning: the optimiser stopped at --max-iter {} before converging (gradient norm {:.2e}); the model may be under-fitted: raise --max-iter",
            args.max_iter, sum.convergence.gradient_norm
        );
    }
    if args.quiet {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "trained on {} sentences from {}",
        sum.documents,
        args.data.display()
    )?;
    for (label, n) in &sum.per_label {
        writeln!(out, "  {label:<14} {n:>7}")?;
    }
    writeln!(out, "vocabulary      {:>7} terms", sum.vocabulary)?;
    writeln!(
        out,
        "optimiser       {:>7} iterations ({} evaluations), gradient norm {:.2e} ({})",
        sum.convergence.iterations,
        sum.convergence.evaluations,
        sum.convergence.gradient_norm,
        sum.convergence.reason
    )?;
    writeln!(out, "training acc.   {:>7.3}", sum.training_accuracy)?;
    writeln!(
        out,
        "time            {:>7.2} s (vectorise {:.2} s, fit {:.2} s)",
        start.elapsed().as_secs_f64(),
        timings.vectorise_seconds,
        timings.fit_seconds
    )?;
    writeln!(out, "model written to {}", args.model.display())?;
    Ok(())
}

fn load_model(path: &Path) -> Result<Pipeline> {
    Ok(persistence::load(path)?)
}

/// A batch ends at this many articles or this many bytes of text, whichever comes first: large
/// enough to keep every core busy, small enough that memory stays flat however much input
/// streams through (two batches are in memory at once: one being scored, the next being read).
const BATCH_ARTICLES: usize = 4096;
const BATCH_BYTES: usize = 8 << 20;

/// Reads the next batch; returns it, the error that stopped reading (if any), and whether the
/// input is exhausted.
fn read_batch(reader: &mut ArticleReader) -> (Vec<Article>, Option<stance::Error>, bool) {
    let mut batch = Vec::new();
    let mut bytes = 0;
    for item in reader.by_ref() {
        match item {
            Ok(a) => {
                bytes += a.text.len();
                batch.push(a);
                if batch.len() == BATCH_ARTICLES || bytes >= BATCH_BYTES {
                    return (batch, None, false);
                }
            }
            Err(e) => return (batch, Some(e), true),
        }
    }
    (batch, None, true)
}

fn classify(args: ClassifyArgs) -> Result<()> {
    set_threads(args.input.threads)?;
    let pipeline = load_model(&args.model)?;
    let options = ReaderOptions {
        format: args.input_format.map(|f| match f {
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Csv => InputFormat::Csv,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
        }),
        text_column: args.input.text_column.clone(),
        id_column: args.id_column.clone(),
        utf8: policy(args.input.lossy),
    };
    let mut reader = ArticleReader::new(&args.inputs, options)?;
    let stdout = io::stdout();
    let format = match args.format {
        Some(OutFormat::Table) => Format::Table,
        Some(OutFormat::Csv) => Format::Csv,
        Some(OutFormat::Jsonl) => Format::Jsonl,
        None if stdout.is_terminal() => Format::Table,
        None => Format::Jsonl,
    };
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut writer = ClassifyWriter::new(out, format, pipeline.labels(), args.sentences);
    let formatter = writer.formatter().clone();
    let pb = if io::stderr().is_terminal() {
        let pb = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} articles ({per_sec})") {
            pb.set_style(style);
        }
        Some(pb)
    } else {
        None
    };
    let (mut batch, mut failure, mut exhausted) = read_batch(&mut reader);
    loop {
        // Read the next batch while this one is scored and formatted, in parallel, each article
        // into its own buffer; the buffers are then written in input order.
        let ((next, next_failure, next_exhausted), formatted) = rayon::join(
            || {
                if exhausted {
                    (Vec::new(), None, true)
                } else {
                    read_batch(&mut reader)
                }
            },
            || {
                batch
                    .par_iter()
                    .map(|a| {
                        let result = classify_article(&pipeline, &a.id, &a.text);
                        let mut buf = Vec::with_capacity(256);
                        formatter.article(&result, &a.text, &mut buf).map(|_| buf)
                    })
                    .collect::<io::Result<Vec<Vec<u8>>>>()
            },
        );
        let formatted: Vec<Vec<u8>> = formatted?;
        for bytes in &formatted {
            writer.write_formatted(bytes)?;
        }
        if let Some(pb) = &pb {
            pb.inc(batch.len() as u64);
        }
        if let Some(e) = failure {
            writer.finish()?;
            return Err(e.into());
        }
        if exhausted {
            break;
        }
        (batch, failure, exhausted) = (next, next_failure, next_exhausted);
    }
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    writer.finish()?;
    // The vocabulary's maps hold hundreds of thousands of small allocations; the process is about
    // to exit, so give them back to the operating system wholesale instead of one by one.
    std::mem::forget(pipeline);
    Ok(())
}

fn evaluate(args: EvaluateArgs) -> Result<()> {
    set_threads(args.input.threads)?;
    let pipeline = load_model(&args.model)?;
    let columns = Columns {
        text: args.input.text_column.clone(),
        label: args.label_column.clone(),
    };
    let data = read_labelled(&args.data, &columns, policy(args.input.lossy))?;
    let mut labels = pipeline.labels().to_vec();
    let mut extra: Vec<String> = data
        .labels
        .iter()
        .filter(|l| !labels.contains(l))
        .cloned()
        .collect();
    extra.sort();
    extra.dedup();
    for l in &extra {
        eprintln!(
            "warning: {}: label '{l}' is not one the model knows ({}); its sentences can only be wrong",
            args.data.display(),
            pipeline.labels().join(", ")
        );
    }
    labels.extend(extra);
    let truth: Vec<usize> = data
        .labels
        .iter()
        .map(|l| labels.iter().position(|m| m == l).unwrap_or(0))
        .collect();
    let predicted: Vec<usize> = data
        .texts
        .par_iter()
        .map(|t| pipeline.score_sentence(t).label)
        .collect();
    let e = metrics::evaluate(&labels, &truth, &predicted);
    let mut out = io::stdout().lock();
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &output::evaluation_json(&e))?;
            writeln!(out)?;
        }
        ReportFormat::Table => {
            writeln!(
                out,
                "{} sentences from {}, model {}\n",
                e.n,
                args.data.display(),
                args.model.display()
            )?;
            write!(out, "{}", output::evaluation_table(&e))?;
        }
    }
    Ok(())
}

fn inspect(args: InspectArgs) -> Result<()> {
    let pipeline = load_model(&args.model)?;
    let mut out = io::stdout().lock();
    write!(out, "{}", output::inspect_report(&pipeline, args.top))?;
    Ok(())
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<stance::Error>()
                .is_some_and(stance::Error::is_broken_pipe)
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Train(a) => train(a),
        Command::Classify(a) => classify(a),
        Command::Evaluate(a) => evaluate(a),
        Command::Inspect(a) => inspect(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("stance: {err:#}");
            ExitCode::from(1)
        }
    }
}
