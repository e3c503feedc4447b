//! Each subcommand's own arguments.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};

use stance::budget::MemoryBudget;
use stance::eval::tune::Grid;
use stance::input::InputFormat;
use stance::render::Format;

use super::{parse_with, CommonInput, LabelledInput, SeedArg, TrainingOptions};

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Labelled CSV with a text and a label column (`-` for standard input).
    #[arg(long, default_value = "data/train.csv")]
    pub data: PathBuf,
    /// Where to write the model (written atomically).
    #[arg(long, default_value = "models/stance.model")]
    pub model: PathBuf,
    #[command(flatten)]
    pub labelled: LabelledInput,
    #[command(flatten)]
    pub training: TrainingOptions,
    #[command(flatten)]
    pub seed: SeedArg,
    /// Refuse, before running out of memory, a corpus whose training would need more than this
    /// (e.g. 4GiB, 512MiB; units are powers of 1024). The estimate is computed from the file's
    /// size before reading it and from the vocabulary and labels before fitting.
    #[arg(long, default_value = "4GiB")]
    pub memory_budget: MemoryBudget,
    /// Folds of the seeded stratified K-fold whose out-of-fold predictions measure the model's
    /// error rates, stored for the adjusted methods of `stance shares` (0 skips it).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=100).map(|v| v as usize))]
    pub calibration_folds: usize,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The library's input formats, by name.
fn input_format() -> impl TypedValueParser<Value = InputFormat> {
    PossibleValuesParser::new(InputFormat::ALL.map(|(name, _)| name)).map(|name| {
        name.parse::<InputFormat>()
            .expect("one of the possible values")
    })
}

/// The library's output formats, by name.
fn output_format() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(|(name, _)| name))
        .map(|name| name.parse::<Format>().expect("one of the possible values"))
}

#[derive(Args, Debug)]
pub struct ClassifyArgs {
    /// Articles: text files, directories of .txt files, .csv or .jsonl files with one article per
    /// record, or `-` for standard input (the default).
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// The model to use.
    #[arg(long, default_value = "models/stance.model")]
    pub model: PathBuf,
    #[command(flatten)]
    pub input: CommonInput,
    /// Read every input as this format instead of guessing from its extension.
    #[arg(long, value_parser = input_format())]
    pub input_format: Option<InputFormat>,
    /// Column (CSV) or field (JSONL) whose value identifies each article in the output.
    #[arg(long)]
    pub id_column: Option<String>,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_parser = output_format())]
    pub format: Option<Format>,
    /// List every sentence with its label and probabilities.
    #[arg(long)]
    pub sentences: bool,
    /// Explain: for each sentence the K terms that pushed it most towards its label and the K
    /// that pushed most against (implies --sentences), and for each article its most
    /// peacekeeping- and most enforcement-framed sentences.
    #[arg(long, value_name = "K")]
    pub explain: Option<usize>,
    /// Score and count page clutter (bylines, captions, share prompts, repeated paragraphs) like
    /// any other sentence instead of setting it aside as `boilerplate`.
    #[arg(long)]
    pub keep_boilerplate: bool,
}

/// How `evaluate` writes its measurements (a command-line choice with no library counterpart).
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
}

#[derive(Args, Debug)]
// Training options only mean something when evaluate trains, so giving one without --cv is a
// usage error rather than silently ignored.
#[command(mut_group("TrainingOptions", |g| g.requires("cv")))]
pub struct EvaluateArgs {
    /// Labelled CSV to measure on (default: data/test.csv, or data/train.csv with --cv).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// The model to measure (not with --cv, which trains its own).
    #[arg(long, default_value = "models/stance.model", conflicts_with = "cv")]
    pub model: PathBuf,
    /// Cross-validate instead: stratified, shuffled K-fold, training the whole pipeline with the
    /// training options below on K-1 folds and scoring the remaining one, K times.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(2..=100))]
    pub cv: Option<u64>,
    #[command(flatten)]
    pub labelled: LabelledInput,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// List the N mistakes made with the highest probability.
    #[arg(long, value_name = "N")]
    pub errors: Option<usize>,
    /// Write an HTML report with SVG figures, metrics.json and metrics.csv into DIR.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    #[command(flatten)]
    pub seed: SeedArg,
    #[command(flatten)]
    pub training: TrainingOptions,
}

#[derive(Args, Debug)]
pub struct TuneArgs {
    /// Labelled CSV to cross-validate on.
    #[arg(long, default_value = "data/train.csv")]
    pub data: PathBuf,
    /// Number of cross-validation folds.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(2..=100))]
    pub cv: u64,
    /// The settings to try, e.g. 'c=0.1,1,10;ngrams=1-1,1-2,1-3;min-df=1,2,3'. Keys: c, ngrams,
    /// min-df, max-df, max-features (a count or none), class-weight (uniform, balanced), stem and
    /// negation (on, off). Settings not in the grid come from the training options.
    #[arg(long, value_parser = parse_with::<Grid>)]
    pub grid: Grid,
    /// Where to write the model trained on all the data with the best setting (atomically).
    #[arg(long, default_value = "models/tuned.model")]
    pub model: PathBuf,
    #[command(flatten)]
    pub labelled: LabelledInput,
    #[command(flatten)]
    pub seed: SeedArg,
    #[command(flatten)]
    pub training: TrainingOptions,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// The model to inspect.
    #[arg(long, default_value = "models/stance.model")]
    pub model: PathBuf,
    /// How many features to show per label.
    #[arg(long, default_value_t = 20, allow_negative_numbers = true)]
    pub top: usize,
}

/// `--method`: one method, or `all`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum MethodArg {
    Cc,
    Pcc,
    Acc,
    Pacc,
    Emq,
    All,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum UnitArg {
    Sentence,
    Article,
}

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("dated").multiple(true).requires("date_column"))]
pub struct SharesArgs {
    /// Articles, as for `classify`: text files, directories of .txt files, .csv or .jsonl files,
    /// or `-` for standard input (the default).
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// The model to use.
    #[arg(long, default_value = "models/stance.model")]
    pub model: PathBuf,
    #[command(flatten)]
    pub input: CommonInput,
    /// Read every input as this format instead of guessing from its extension.
    #[arg(long, value_parser = input_format())]
    pub input_format: Option<InputFormat>,
    /// Group by this CSV column or JSONL field (repeatable); `dir` groups text files by folder.
    #[arg(long, value_name = "COL")]
    pub group_by: Vec<String>,
    /// Column or field with each article's ISO 8601 date or date-time.
    #[arg(long, value_name = "COL")]
    pub date_column: Option<String>,
    /// Group dates by this period (with --date-column; default day).
    #[arg(long, value_enum, group = "dated")]
    pub period: Option<PeriodArg>,
    /// Quantification method; the default, emq, had the lowest error on real reporting.
    #[arg(long, value_enum, default_value = "emq")]
    pub method: MethodArg,
    /// Labelled sentences from your corpus (CSV with text and label columns) to measure the
    /// model's error rates on, instead of the out-of-fold calibration stored in the model.
    #[arg(long, value_name = "FILE")]
    pub calibration: Option<PathBuf>,
    /// Bootstrap replicates for the 95% intervals (0: none).
    #[arg(long, default_value_t = 1000)]
    pub bootstrap: usize,
    #[command(flatten)]
    pub seed: SeedArg,
    /// Shares of framed sentences (default) or of article verdicts.
    #[arg(long, value_enum, default_value = "sentence")]
    pub unit: UnitArg,
    /// Shares of framed sentences only: neutral dropped and the rest renormalised, after the
    /// adjustment.
    #[arg(long)]
    pub framed_only: bool,
    /// Output format (default: table on a terminal, csv otherwise).
    #[arg(long, value_parser = output_format())]
    pub format: Option<Format>,
    /// Write the run's provenance (versions, model checksum and settings, inputs) as JSON here.
    #[arg(long, value_name = "FILE")]
    pub provenance: Option<PathBuf>,
    /// Score and count page clutter like any other sentence.
    #[arg(long)]
    pub keep_boilerplate: bool,
}
