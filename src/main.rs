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
use stance::explain::explain_article;
use stance::features::FeatureSettings;
use stance::input::{
    read_labelled, Article, ArticleReader, Columns, InputFormat, ReaderOptions, Utf8Policy,
};
use stance::model::{ClassWeight, LogisticParams};
use stance::output::{self, ClassifyWriter, Format};
use stance::persistence;
use stance::pipeline::{LabelledSet, Pipeline, TrainSettings};
use stance::report::{write_report, Report};
use stance::text::tokens::{StopWords, TokenizerSettings};
use stance::tune::{grid_search, Grid};
use stance::validation::{cross_validate, holdout};

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
    #[arg(long)]
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
        let columns = Columns {
            text: self.input.text_column.clone(),
            label: self.label_column.clone(),
        };
        Ok(read_labelled(path, &columns, policy(self.input.lossy))?)
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
    #[arg(long, default_value = "uniform", value_parser = parse_with::<ClassWeight>)]
    class_weight: ClassWeight,
    /// Iteration cap for the optimiser.
    #[arg(long, default_value_t = 500)]
    max_iter: u64,
    /// Stop when the gradient's L2 norm falls below this.
    #[arg(long, default_value_t = LogisticParams::default().gradient_tolerance)]
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
    #[arg(long, default_value_t = 42)]
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
    set_threads(args.labelled.input.threads)?;
    let start = Instant::now();
    let settings = args.training.settings(args.seed.seed)?;
    let pb = spinner("reading and training");
    let data = args.labelled.read(&args.data)?;
    let (pipeline, timings) = Pipeline::train_owned(data, &settings)?;
    save_model(&pipeline, &args.model)?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let sum = pipeline.summary();
    if sum.convergence.hit_iteration_cap {
        eprintln!(
            "warning: the optimiser stopped at --max-iter {} before converging (gradient norm {:.2e}); the model may be under-fitted: raise --max-iter",
            args.training.max_iter, sum.convergence.gradient_norm
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

/// Saves atomically, creating the model's directory if needed.
fn save_model(pipeline: &Pipeline, path: &Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() && !dir.exists() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create the directory", dir.display()))?;
        }
    }
    Ok(persistence::save(pipeline, path)?)
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
                        let explanation = args
                            .explain
                            .map(|k| explain_article(&pipeline, &result, &a.text, k));
                        let mut buf = Vec::with_capacity(256);
                        formatter
                            .article(&result, &a.text, explanation.as_ref(), &mut buf)
                            .map(|_| buf)
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
        json = output::cross_validation_json(&cv, args.errors.map(|_| errors.as_slice()));
        subtitle = format!(
            "{k}-fold stratified cross-validation of {} ({} sentences, seed {}): the whole pipeline \
             trained on K-1 folds and scored on the remaining one, K times. Means and standard \
             deviations are across folds; the per-label table, the confusion matrix and the figures \
             pool the out-of-fold predictions.",
            data_path.display(),
            data.len(),
            cv.seed
        );
        table = output::cross_validation_table(&cv);
        rows = cv.metric_rows();
        title = "stance cross-validation";
        assessment = cv.pooled;
    } else {
        let pipeline = load_model(&args.model)?;
        let h = holdout(&pipeline, &data, args.seed.seed);
        for l in &h.unknown_labels {
            eprintln!(
                "warning: {}: label '{l}' is not one the model knows ({}); its sentences can only be wrong",
                data_path.display(),
                pipeline.labels().join(", ")
            );
        }
        errors = h.assessment.confident_errors(&data, listed);
        json = output::holdout_json(&h, args.errors.map(|_| errors.as_slice()));
        subtitle = format!(
            "model {} on {} ({} sentences)",
            args.model.display(),
            data_path.display(),
            data.len()
        );
        table = output::assessment_table(&h.assessment, &h.intervals);
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
                write!(out, "{}", output::errors_table(&errors))?;
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
        eprintln!("report written to {}", dir.join("index.html").display());
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
    writeln!(out, "{}", output::tuning_header(width))?;
    let mut failure = None;
    let tuning = grid_search(&data, &args.grid, &base, args.cv as usize, |trial| {
        // Rows appear as each setting finishes: a long search shows progress, and a closed pipe
        // is noticed at once.
        if failure.is_none() {
            if let Err(e) = writeln!(out, "{}", output::tuning_row(trial, width)) {
                failure = Some(e);
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    writeln!(out, "\n{}", output::tuning_best(&tuning))?;
    let best = &tuning.best().point;
    let (pipeline, _) = Pipeline::train(&data, &best.settings)?;
    save_model(&pipeline, &args.model)?;
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
        Command::Tune(a) => tune(a),
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
