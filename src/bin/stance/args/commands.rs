//! Each subcommand's own arguments.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};

use stance::eval::tune::Grid;
use stance::input::{InputFormat, LabelledFormat};
use stance::render::Format;
use stance::suggest::Strategy;

use super::{parse_with, CommonInput, LabelledInput, SeedArg, TrainingOptions};

/// Where `check` finds its cases by default: in a clone of the repository.
pub const DEFAULT_CASES: &str = "data/checks/cases.csv";

/// The library's input formats, by name.
pub(super) fn input_format() -> impl TypedValueParser<Value = InputFormat> {
    PossibleValuesParser::new(InputFormat::ALL.map(|(name, _)| name)).map(|name| {
        name.parse::<InputFormat>()
            .expect("one of the possible values")
    })
}

/// The library's labelled-file formats, by name.
pub(super) fn labelled_format() -> impl TypedValueParser<Value = LabelledFormat> {
    PossibleValuesParser::new(LabelledFormat::ALL.map(|(name, _)| name)).map(|name| {
        name.parse::<LabelledFormat>()
            .expect("one of the possible values")
    })
}

/// The library's output formats, by name.
pub(super) fn output_format() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(|(name, _)| name))
        .map(|name| name.parse::<Format>().expect("one of the possible values"))
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
// (Checked in `evaluate::run`: a clap group of arguments with defaults is always "present".)
pub struct EvaluateArgs {
    /// Labelled CSV to measure on (default: data/test.csv, or data/train.csv with --cv).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// The model to measure (not with --cv, which trains its own; default: models/stance.model
    /// if that file exists in the current directory, else the model built into this program).
    #[arg(long, conflicts_with = "cv")]
    pub model: Option<PathBuf>,
    /// Cross-validate instead: stratified, shuffled K-fold, training the whole pipeline with the
    /// training options below on K-1 folds and scoring the remaining one, K times.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(2..=100))]
    pub cv: Option<u64>,
    /// Compare the model with this second one on the same data: each one's accuracy and
    /// macro-F1, the paired-bootstrap interval of the difference (this model minus the first),
    /// and McNemar's exact test.
    #[arg(
        long,
        value_name = "MODEL",
        conflicts_with_all = ["cv", "report", "errors", "provenance"]
    )]
    pub compare: Option<PathBuf>,
    /// With --cv, deal the folds so that each group of column COL (a mission, an outlet) is
    /// whole in one fold: every sentence is then scored by a model that saw nothing of its
    /// group, as when a model meets reporting on a mission its corpus did not cover.
    #[arg(long, value_name = "COL", requires = "cv")]
    pub cv_groups: Option<String>,
    #[command(flatten)]
    pub labelled: LabelledInput,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// List the N mistakes made with the highest probability.
    #[arg(long, value_name = "N")]
    pub errors: Option<usize>,
    /// Write an HTML report with SVG figures, metrics.json and metrics.csv into DIR. DIR is
    /// replaced whole, so it must be new, empty or an earlier report.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Replace the --report directory even when it holds files that are not an earlier report.
    #[arg(long, requires = "report")]
    pub force: bool,
    /// Write the run's provenance (versions, the model file's and its training data's checksums,
    /// training settings, the data) as JSON to FILE; a report holds it as provenance.json.
    #[arg(long, value_name = "FILE")]
    pub provenance: Option<PathBuf>,
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
    /// Deal the folds so that each group of column COL (a mission, an outlet) is whole in one
    /// fold, and judge every setting by how it does on groups its models never saw.
    #[arg(long, value_name = "COL")]
    pub cv_groups: Option<String>,
    /// The settings to try, e.g. 'c=0.1,1,10;ngrams=1-1,1-2,1-3;min-df=1,2,3'. Keys: c, ngrams,
    /// min-df, max-df, max-features (a count or none), class-weight (uniform, balanced), stem
    /// (on, off), negation (on, off, marked, clauses, additive) and style-penalty. Settings not
    /// in the grid come from the training options.
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
    /// The model to inspect (default: models/stance.model if that file exists in the current
    /// directory, else the model built into this program).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// How many features to show per label.
    #[arg(long, default_value_t = 20, allow_negative_numbers = true)]
    pub top: usize,
}

/// `stance check`'s arguments.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The behavioural test cases (CSV: capability,kind,group,text,expected).
    #[arg(long, default_value = DEFAULT_CASES)]
    pub cases: PathBuf,
    /// The model to test (default: models/stance.model if that file exists in the current
    /// directory, else the model built into this program).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// List up to this many failed tests per capability (table format; JSON lists them all).
    #[arg(long, default_value_t = 0)]
    pub failures: usize,
    /// Exit with status 1 when a capability passes less than this share of its tests (0-1).
    #[arg(long, value_parser = share)]
    pub min_pass: Option<f64>,
    /// Worker threads (default: all cores).
    #[arg(long, allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Replace invalid UTF-8 bytes with U+FFFD instead of refusing the cases.
    #[arg(long)]
    pub lossy: bool,
}

fn share(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err("a share between 0 and 1, e.g. 0.95".into()),
    }
}

/// How `suggest` writes its picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SuggestFormat {
    Csv,
    Jsonl,
}

/// The library's selection strategies, by name.
fn strategy() -> impl TypedValueParser<Value = Strategy> {
    PossibleValuesParser::new(Strategy::ALL.map(|(name, _)| name)).map(|name| {
        name.parse::<Strategy>()
            .expect("one of the possible values")
    })
}

#[derive(Args, Debug)]
pub struct SuggestArgs {
    /// The pool: text files, directories of .txt files, .csv or .jsonl files with one article per
    /// record, or `-` for standard input (the default). Articles are split into sentences.
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// The model whose uncertainty guides the picks (default: models/stance.model if that file
    /// exists in the current directory, else the model built into this program).
    #[arg(long)]
    pub model: Option<PathBuf>,
    #[command(flatten)]
    pub input: CommonInput,
    /// Read every input as this format instead of guessing from its extension.
    #[arg(long, value_parser = input_format())]
    pub input_format: Option<InputFormat>,
    /// Column (CSV) or field (JSONL) identifying each article; written under its own name.
    #[arg(long)]
    pub id_column: Option<String>,
    /// How many sentences to pick.
    #[arg(long, default_value_t = 100)]
    pub n: usize,
    /// How to pick: sample-margin (sampled with probability growing with 1 - margin, the
    /// default), sample-entropy, margin, entropy, least-confident (the N most uncertain), random.
    #[arg(long, default_value = "sample-margin", value_parser = strategy())]
    pub strategy: Strategy,
    /// Split the picks evenly over the labels the model predicts, each share chosen by the
    /// strategy.
    #[arg(long)]
    pub balance: bool,
    /// Labelled files (CSV or JSONL, read with --text-column) whose sentences are not picked
    /// again; matched after folding white space and case. Repeat for several files.
    #[arg(long, value_name = "LABELLED")]
    pub exclude: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: SuggestFormat,
    #[command(flatten)]
    pub seed: SeedArg,
}

#[derive(Args, Debug)]
pub struct AgreeArgs {
    /// One labelled file per coder (CSV or JSONL, as `train` reads them).
    #[arg(required = true, num_args = 2..)]
    pub files: Vec<PathBuf>,
    /// Column (CSV) or field (JSONL) identifying each item; without it, items are joined on
    /// their text (white space and case folded).
    #[arg(long)]
    pub id_column: Option<String>,
    /// Column holding the text.
    #[arg(long, default_value = "text")]
    pub text_column: String,
    /// Column holding the label.
    #[arg(long, default_value = "label")]
    pub label_column: String,
    /// CSV field separator: one ASCII character, or `tab` (default: a tab for .tsv files, a
    /// comma for others).
    #[arg(long, value_parser = super::parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Write the items the coders disagree on to FILE (CSV, atomically), one column per coder
    /// and an empty `label` column for the adjudicated label.
    #[arg(long, value_name = "FILE")]
    pub disagreements: Option<PathBuf>,
    /// Replace invalid UTF-8 bytes with U+FFFD instead of refusing the input.
    #[arg(long)]
    pub lossy: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
}
