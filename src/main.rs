//! The `stance` command line: parses arguments, calls the library, prints.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use stance::classify::{classify_stream_with, Batching, ClassifyOptions};

/// mimalloc rather than the system allocator: scoring allocates a few small buffers per sentence
/// on several threads, and model loading touches tens of megabytes of fresh memory at once. In
/// the benchmark (README) classifying 100k sentences took 0.29 s instead of 0.36 s and loading
/// a 185k-term model 34 ms instead of 46 ms.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h's option enum (the bindings do not name it): how many
/// milliseconds freed memory waits before it is returned to the system (a second by default in
/// the mimalloc 3 built here).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Training frees and allocates large blocks in turn (token tables, n-gram counts, the matrix);
/// held back for mimalloc's default second, the freed ones add to peak memory (275 MiB instead
/// of 194 MiB on the 100k benchmark), which matters under the 1M-sentence memory budget. Returned
/// at once (0 ms) they cost page faults when the next block is allocated (2.8 s instead of 2.5 s);
/// 20 ms keeps both. Scoring keeps the default, which is faster there.
fn return_freed_memory_soon() {
    // SAFETY: sets one of mimalloc's documented options to a documented value; mimalloc reads
    // options atomically, so this is sound at any time, on any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 20) }
}

use stance::budget::{read_labelled_within, MemoryBudget};
use stance::corpus::LabelledSet;
use stance::eval::tune::{grid_search, Grid};
use stance::eval::validation::{cross_validate, holdout};
use stance::features::FeatureSettings;
use stance::format;
use stance::input::{
    read_labelled, ArticleReader, Columns, InputFormat, ReaderOptions, Utf8Policy,
};
use stance::model::{ClassWeight, LogisticParams};
use stance::pipeline::{Pipeline, TrainSettings};
use stance::render::report::{write_report, Report};
use stance::render::{self, ClassifyWriter, Format};
use stance::text::tokens::{StopWords, TokenizerSettings};

/// Tells how a text frames the role of an international force in a conflict zone:
/// peacekeeping, enforcement or neutral.
///
/// Train a model on labelled sentences, classify articles sentence by sentence (with explanations
/// on request), evaluate a model on labelled data or cross-validate the training procedure, tune
/// the training settings by grid search, and inspect what a model learned.
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
    /// Measure a model on a labelled CSV, or cross-validate training on it (--cv K).
    Evaluate(EvaluateArgs),
    /// Grid-search training settings by cross-validated macro-F1 and save the best model.
    Tune(TuneArgs),
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

/// Where labelled sentences come from.
#[derive(Args, Debug)]
struct LabelledInput {
    #[command(flatten)]
    input: CommonInput,
    /// Column holding the label.
    #[arg(long, default_value = "label")]
    label_column: String,
}

impl LabelledInput {
    fn read(&self, path: &Path) -> Result<LabelledSet> {
        Ok(read_labelled(
            path,
            &self.columns(),
            policy(self.input.lossy),
        )?)
    }

    fn columns(&self) -> Columns {
        Columns {
            text: self.input.text_column.clone(),
            label: self.label_column.clone(),
        }
    }
}

/// How a model is trained; shared by `train`, `evaluate --cv` and `tune` so that the three agree
/// on every default.
#[derive(Args, Debug)]
#[command(next_help_heading = "Training options")]
struct TrainingOptions {
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
    #[arg(long, default_value = "uniform", value_parser = parse_with::<ClassWeight>)]
    class_weight: ClassWeight,
    /// Iteration cap for the optimiser.
    #[arg(long, default_value_t = 500, allow_negative_numbers = true)]
    max_iter: u64,
    /// Stop when the largest gradient component falls below this (scikit-learn's rule).
    #[arg(long, default_value_t = LogisticParams::default().gradient_tolerance, allow_negative_numbers = true)]
    tol: f64,
}

impl TrainingOptions {
    /// The checked settings, with `seed` recorded.
    fn settings(&self, seed: u64) -> Result<TrainSettings> {
        let settings = TrainSettings {
            tokenizer: TokenizerSettings {
                stem: !self.no_stem,
                negation: !self.no_negation,
                stop_words: stop_words(&self.stop_words)?,
            },
            features: FeatureSettings {
                ngram_min: self.ngrams.0,
                ngram_max: self.ngrams.1,
                min_df: self.min_df,
                max_df: self.max_df,
                max_features: self.max_features,
                sublinear_tf: true,
            },
            model: LogisticParams::default()
                .c(self.c)
                .class_weight(self.class_weight.clone())
                .max_iter(self.max_iter)
                .gradient_tolerance(self.tol),
            seed,
        };
        settings.features.validate()?;
        settings.model.validate()?;
        Ok(settings)
    }
}

#[derive(Args, Debug)]
struct SeedArg {
    /// Seed for every randomised step (cross-validation folds, bootstrap resamples); recorded in
    /// the model. The same seed gives the same numbers on any machine.
    #[arg(long, default_value_t = 42, allow_negative_numbers = true)]
    seed: u64,
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
    labelled: LabelledInput,
    #[command(flatten)]
    training: TrainingOptions,
    #[command(flatten)]
    seed: SeedArg,
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
    /// Explain: for each sentence the K terms that pushed it most towards its label and the K
    /// that pushed most against (implies --sentences), and for each article its most
    /// peacekeeping- and most enforcement-framed sentences.
    #[arg(long, value_name = "K")]
    explain: Option<usize>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ReportFormat {
    Table,
    Json,
}

#[derive(Args, Debug)]
// Training options only mean something when evaluate trains, so giving one without --cv is a
// usage error rather than silently ignored.
#[command(mut_group("TrainingOptions", |g| g.requires("cv")))]
struct EvaluateArgs {
    /// Labelled CSV to measure on (default: data/test.csv, or data/train.csv with --cv).
    #[arg(long)]
    data: Option<PathBuf>,
    /// The model to measure (not with --cv, which trains its own).
    #[arg(long, default_value = "models/stance.model", conflicts_with = "cv")]
    model: PathBuf,
    /// Cross-validate instead: stratified, shuffled K-fold, training the whole pipeline with the
    /// training options below on K-1 folds and scoring the remaining one, K times.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(2..=100))]
    cv: Option<u64>,
    #[command(flatten)]
    labelled: LabelledInput,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
    /// List the N mistakes made with the highest probability.
    #[arg(long, value_name = "N")]
    errors: Option<usize>,
    /// Write an HTML report with SVG figures, metrics.json and metrics.csv into DIR.
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
    #[command(flatten)]
    seed: SeedArg,
    #[command(flatten)]
    training: TrainingOptions,
}

#[derive(Args, Debug)]
struct TuneArgs {
    /// Labelled CSV to cross-validate on.
    #[arg(long, default_value = "data/train.csv")]
    data: PathBuf,
    /// Number of cross-validation folds.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(2..=100))]
    cv: u64,
    /// The settings to try, e.g. 'c=0.1,1,10;ngrams=1-1,1-2,1-3;min-df=1,2,3'. Keys: c, ngrams,
    /// min-df, max-df, max-features (a count or none), class-weight (uniform, balanced), stem and
    /// negation (on, off). Settings not in the grid come from the training options.
    #[arg(long, value_parser = parse_with::<Grid>)]
    grid: Grid,
    /// Where to write the model trained on all the data with the best setting (atomically).
    #[arg(long, default_value = "models/tuned.model")]
    model: PathBuf,
    #[command(flatten)]
    labelled: LabelledInput,
    #[command(flatten)]
    seed: SeedArg,
    #[command(flatten)]
    training: TrainingOptions,
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

/// A clap value parser for any library type that parses from text, so that a bad value is a
/// usage error (exit 2) carrying the library's message.
fn parse_with<T: std::str::FromStr<Err = stance::Error>>(
    s: &str,
) -> std::result::Result<T, String> {
    s.parse().map_err(|e: stance::Error| e.to_string())
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
    set_threads(args.labelled.input.threads)?;
    let start = Instant::now();
    let settings = args.training.settings(args.seed.seed)?;
    let pb = spinner("reading and training");
    let data = read_labelled_within(
        &args.data,
        &args.labelled.columns(),
        policy(args.labelled.input.lossy),
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
    let (pipeline, timings) = Pipeline::train_owned(data, &settings, &args.memory_budget)?;
    format::save(&pipeline, &args.model)?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let sum = pipeline.summary();
    if sum.convergence.hit_iteration_cap {
        warn(format_args!(
            "the optimiser stopped at --max-iter {} before converging (largest gradient component {:.2e}); the model may be under-fitted: raise --max-iter",
            args.training.max_iter, sum.convergence.gradient_norm
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
    Ok(format::load(path)?)
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
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut writer = ClassifyWriter::new(out, format, pipeline.labels(), args.sentences);
    if args.explain.is_some() {
        writer = writer.with_explanations();
    }
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
    let options = ClassifyOptions {
        explain: args.explain,
    };
    let streamed = classify_stream_with(
        &pipeline,
        reader,
        Batching::default(),
        &options,
        // Scoring, explaining and formatting run on the worker threads; the main thread only
        // writes the finished bytes in input order.
        |article, result| {
            let mut buf = Vec::with_capacity(512);
            formatter.article(&result, &article.text, &mut buf)?;
            Ok::<Vec<u8>, anyhow::Error>(buf)
        },
        |_, bytes| {
            writer.write_formatted(&bytes)?;
            if let Some(pb) = &pb {
                pb.inc(1);
            }
            Ok(())
        },
    );
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    // What was classified before a bad record is written out before the error is reported.
    let finished = writer.finish();
    streamed?;
    finished?;
    // The vocabulary's maps hold hundreds of thousands of small allocations; the process is about
    // to exit, so give them back to the operating system wholesale instead of one by one.
    std::mem::forget(pipeline);
    Ok(())
}

fn evaluate(args: EvaluateArgs) -> Result<()> {
    set_threads(args.labelled.input.threads)?;
    let default_data = if args.cv.is_some() {
        "data/train.csv"
    } else {
        "data/test.csv"
    };
    let data_path = args.data.clone().unwrap_or_else(|| default_data.into());
    let data = args.labelled.read(&data_path)?;
    // The report lists mistakes even when --errors was not given: a reader of a report wants them.
    let listed = args
        .errors
        .unwrap_or(if args.report.is_some() { 10 } else { 0 });
    let (json, table, assessment, rows, errors, title, subtitle);
    if let Some(k) = args.cv {
        let settings = args.training.settings(args.seed.seed)?;
        let pb = spinner(&format!("{k}-fold cross-validation"));
        let cv = cross_validate(&data, &settings, k as usize)?;
        if let Some(pb) = pb {
            pb.finish_and_clear();
        }
        errors = cv.pooled.confident_errors(&data, listed);
        json = render::evaluate::cross_validation_json(&cv, args.errors.map(|_| errors.as_slice()));
        subtitle = format!(
            "{k}-fold stratified cross-validation of {} ({} sentences, seed {}): the whole pipeline \
             trained on K-1 folds and scored on the remaining one, K times. Means and standard \
             deviations are across folds; the per-label table, the confusion matrix and the figures \
             pool the out-of-fold predictions.",
            data_path.display(),
            data.len(),
            cv.seed
        );
        table = render::evaluate::cross_validation_table(&cv);
        rows = cv.metric_rows();
        title = "stance cross-validation";
        assessment = cv.pooled;
    } else {
        let pipeline = load_model(&args.model)?;
        let h = holdout(&pipeline, &data, args.seed.seed);
        for l in &h.unknown_labels {
            warn(format_args!(
                "{}: label '{l}' is not one the model knows ({}); its sentences can only be wrong",
                data_path.display(),
                pipeline.labels().join(", ")
            ));
        }
        errors = h.assessment.confident_errors(&data, listed);
        json = render::evaluate::holdout_json(&h, args.errors.map(|_| errors.as_slice()));
        subtitle = format!(
            "model {} on {} ({} sentences)",
            args.model.display(),
            data_path.display(),
            data.len()
        );
        table = render::evaluate::assessment_table(&h.assessment, &h.intervals);
        rows = h.metric_rows();
        title = "stance evaluation";
        assessment = h.assessment;
    }
    let mut out = io::stdout().lock();
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        ReportFormat::Table => {
            writeln!(out, "{subtitle}\n")?;
            write!(out, "{table}")?;
            if args.errors.is_some() {
                write!(out, "{}", render::evaluate::errors_table(&errors))?;
            }
        }
    }
    if let Some(dir) = &args.report {
        let report = Report {
            title: title.into(),
            subtitle,
            assessment: &assessment,
            rows,
            errors: &errors,
            json: &json,
        };
        write_report(dir, &report)?;
        // On stderr, so that --format json output stays one JSON document.
        let _ = writeln!(
            io::stderr(),
            "report written to {}",
            dir.join("index.html").display()
        );
    }
    Ok(())
}

fn tune(args: TuneArgs) -> Result<()> {
    set_threads(args.labelled.input.threads)?;
    let base = args.training.settings(args.seed.seed)?;
    let data = args.labelled.read(&args.data)?;
    let points = args.grid.points(&base)?;
    let width = points
        .iter()
        .map(|p| p.label.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} settings, {}-fold cross-validation of {} ({} sentences, seed {})\n",
        points.len(),
        args.cv,
        args.data.display(),
        data.len(),
        base.seed
    )?;
    writeln!(out, "{}", render::tune::tuning_header(width))?;
    let mut failure = None;
    let tuning = grid_search(&data, &args.grid, &base, args.cv as usize, |trial| {
        // Rows appear as each setting finishes: a long search shows progress, and a closed pipe
        // is noticed at once.
        if failure.is_none() {
            if let Err(e) = writeln!(out, "{}", render::tune::tuning_row(trial, width)) {
                failure = Some(e);
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    writeln!(out, "\n{}", render::tune::tuning_best(&tuning))?;
    let best = &tuning.best().point;
    let (pipeline, _) = Pipeline::train(&data, &best.settings)?;
    format::save(&pipeline, &args.model)?;
    writeln!(
        out,
        "model trained on all {} sentences with the best setting written to {}",
        data.len(),
        args.model.display()
    )?;
    Ok(())
}

fn inspect(args: InspectArgs) -> Result<()> {
    let pipeline = load_model(&args.model)?;
    let mut out = io::stdout().lock();
    write!(
        out,
        "{}",
        render::inspect::inspect_report(&pipeline, args.top)
    )?;
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
    if !matches!(cli.command, Command::Classify(_) | Command::Inspect(_)) {
        return_freed_memory_soon();
    }
    let result = match cli.command {
        Command::Train(a) => train(a),
        Command::Classify(a) => classify(a),
        Command::Evaluate(a) => evaluate(a),
        Command::Tune(a) => tune(a),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The option number really is mimalloc's purge delay: that option defaults to 1000 (ms),
    /// and none of its neighbours in the enum does.
    #[test]
    fn the_purge_delay_option_is_the_one_meant() {
        // SAFETY: reads one of mimalloc's options.
        let value = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(value, 1000);
    }
}
