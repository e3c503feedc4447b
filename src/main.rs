//! The `stance` command line: parses arguments, calls the library, prints.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use stance::article::{classify_stream, Batching};
use stance::budget::MemoryBudget;
use stance::features::FeatureSettings;
use stance::input::{
    read_labelled, read_labelled_within, ArticleReader, Columns, InputFormat, ReaderOptions,
    Utf8Policy,
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
    #[arg(long, allow_negative_numbers = true)]
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
    #[arg(long, default_value_t = 2, allow_negative_numbers = true)]
    min_df: usize,
    /// Ignore terms found in more than this share of sentences (0 < x <= 1).
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    max_df: f64,
    /// Keep at most this many terms (the most frequent).
    #[arg(long, allow_negative_numbers = true)]
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
    #[arg(long, default_value_t = 10.0, allow_negative_numbers = true)]
    c: f64,
    /// `uniform`, `balanced`, or explicit weights such as `neutral=1,enforcement=1.5`.
    #[arg(long, default_value = "uniform")]
    class_weight: String,
    /// Iteration cap for the optimiser.
    #[arg(long, default_value_t = 500, allow_negative_numbers = true)]
    max_iter: u64,
    /// Stop when the gradient's L2 norm falls below this.
    #[arg(long, default_value_t = LogisticParams::default().gradient_tolerance, allow_negative_numbers = true)]
    tol: f64,
    /// Seed recorded with the model for any randomised step.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Refuse, before running out of memory, a corpus whose training would need more than this
    /// (e.g. 4GiB, 512MiB; units are powers of 1024). The estimate is computed from the file's
    /// size before reading it and from the vocabulary and labels before fitting.
    #[arg(long, default_value = "4GiB")]
    memory_budget: MemoryBudget,
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
    #[arg(long, default_value_t = 20, allow_negative_numbers = true)]
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

fn stop_words(arg: &Option<String>) -> Result<StopWords> {
    Ok(match arg.as_deref() {
        None => StopWords::None,
        Some("english") => StopWords::English,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| stance::Error::io(path, "reading the stop-word list", e))?;
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
            return Err(stance::Error::InvalidParameter {
                name: "--threads",
                value: "0".into(),
                expected: "at least 1 (or leave it out to use every core)".into(),
            }
            .into());
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("could not start the worker threads; run again with fewer --threads")?;
    }
    Ok(())
}

/// Prints a warning. A warning that cannot be printed (standard error closed) is not worth
/// failing the run for, and `eprintln!` would panic.
fn warn(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "warning: {message}");
}

/// Single-example warnings shown before the rest are summarised: a label column holding
/// identifiers would otherwise print one line per row.
const SHOWN_WARNINGS: usize = 5;

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
            .class_weight(args.class_weight.parse::<ClassWeight>()?)
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
    let data = read_labelled_within(
        &args.data,
        &columns,
        policy(args.input.lossy),
        &args.memory_budget,
        &settings.features,
    )?;
    let warnings = data.warnings();
    for w in warnings.iter().take(SHOWN_WARNINGS) {
        warn(w);
    }
    if warnings.len() > SHOWN_WARNINGS {
        warn(format_args!(
            "{}: {} more labels have only one example",
            args.data.display(),
            warnings.len() - SHOWN_WARNINGS
        ));
    }
    let (pipeline, timings) = Pipeline::train_within(&data, &settings, &args.memory_budget)?;
    persistence::save(&pipeline, &args.model)?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let sum = pipeline.summary();
    if sum.convergence.hit_iteration_cap {
        warn(format_args!(
            "the optimiser stopped at --max-iter {} before converging (gradient norm {:.2e}); the model may be under-fitted: raise --max-iter",
            args.max_iter, sum.convergence.gradient_norm
        ));
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
        "optimiser       {:>7} iterations, gradient norm {:.2e} ({})",
        sum.convergence.iterations, sum.convergence.gradient_norm, sum.convergence.reason
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
        ..Default::default()
    };
    let reader = ArticleReader::new(&args.inputs, options)?;
    let stdout = io::stdout();
    let format = match args.format {
        Some(OutFormat::Table) => Format::Table,
        Some(OutFormat::Csv) => Format::Csv,
        Some(OutFormat::Jsonl) => Format::Jsonl,
        None if stdout.is_terminal() => Format::Table,
        None => Format::Jsonl,
    };
    let out = io::BufWriter::new(stdout.lock());
    let mut writer = ClassifyWriter::new(out, format, pipeline.labels(), args.sentences);
    let pb = if io::stderr().is_terminal() {
        let pb = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} articles ({per_sec})") {
            pb.set_style(style);
        }
        Some(pb)
    } else {
        None
    };
    let streamed = classify_stream(&pipeline, reader, Batching::default(), |article, result| {
        writer.write(&result, &article.text)?;
        if let Some(pb) = &pb {
            pb.inc(1);
        }
        Ok::<(), anyhow::Error>(())
    });
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    // What was classified before a bad record is written out before the error is reported.
    let finished = writer.finish();
    streamed?;
    finished?;
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
        warn(format_args!(
            "{}: label '{l}' is not one the model knows ({}); its sentences can only be wrong",
            args.data.display(),
            pipeline.labels().join(", ")
        ));
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

/// The whole error on one line: each cause in the chain that the message before it does not
/// already quote (the library's messages include their source), with any line breaks flattened.
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A clap usage error on one line, like every other error: clap's own lines (the error, a tip,
/// the possible values) joined, and where to find the usage instead of clap's usage block.
fn usage_line(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut message = lines
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ")
        .to_string();
    // Errors about a value carry no usage block; the subcommand is then the first argument that
    // names one.
    let subcommands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut command = match std::env::args().skip(1).find(|a| subcommands.contains(a)) {
        Some(sub) => format!("stance {sub}"),
        None => "stance".to_string(),
    };
    for l in lines {
        if let Some(usage) = l.strip_prefix("Usage: ") {
            command = usage
                .split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect::<Vec<_>>()
                .join(" ");
        } else if !l.starts_with("For more information") {
            // Tips ("a similar argument exists") and possible values.
            message.push_str("; ");
            message.push_str(l.trim_start_matches("tip: "));
        }
    }
    format!("{message}; see `{command} --help`")
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version: clap prints them to standard output.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // `stance` alone: the help is the most useful answer.
            let _ = e.print();
            return ExitCode::from(2);
        }
        Err(e) => {
            let _ = writeln!(io::stderr(), "stance: {}", usage_line(&e));
            return ExitCode::from(2);
        }
    };
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
            let _ = writeln!(io::stderr(), "stance: {}", one_line(&err));
            // A setting out of its range is a usage error, like an unknown option.
            let usage = matches!(
                err.downcast_ref::<stance::Error>(),
                Some(stance::Error::InvalidParameter { .. })
            );
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}
