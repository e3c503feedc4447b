//! The command line's arguments: the subcommands, the options they share, and the value parsers
//! that turn an option's text into a library type (a bad value is then a usage error carrying
//! the library's reason, worded for the command line).

mod classify;
mod commands;
mod shares;
mod training;

use std::path::Path;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

use stance::budget::{read_labelled_within, MemoryBudget};
use stance::corpus::LabelledSet;
use stance::error::{ErrorKind, Invalid};
use stance::features::{FeatureSettings, NgramRange};
use stance::input::{Columns, InputFormat, ReaderOptions, Utf8Policy};

pub use classify::ClassifyArgs;
pub use commands::{
    AgreeArgs, CheckArgs, EvaluateArgs, InspectArgs, ReportFormat, SuggestArgs, SuggestFormat,
    TuneArgs, DEFAULT_CASES,
};
pub use shares::{MethodArg, PeriodArg, SharesArgs, UnitArg};
pub use training::{TrainArgs, TrainingOptions};

/// Tells how a text frames the role of an international force in a conflict zone:
/// peacekeeping, enforcement or neutral.
///
/// Train a model on labelled sentences, classify articles sentence by sentence (with explanations
/// on request), evaluate a model on labelled data or cross-validate the training procedure, tune
/// the training settings by grid search, and inspect what a model learned.
#[derive(Parser, Debug)]
#[command(name = "stance", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
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
    /// Run behavioural tests (negation, page clutter, questions, ...): a pass rate per capability.
    Check(CheckArgs),
    /// Pick the sentences of a pool most worth labelling next, as a file to label.
    Suggest(SuggestArgs),
    /// Measure agreement between coders' label files and list their disagreements.
    Agree(AgreeArgs),
    /// Measure the share of each label per outlet and period, corrected for the model's errors.
    Shares(SharesArgs),
}

#[derive(Args, Debug)]
pub struct CommonInput {
    /// Column holding the text.
    #[arg(long, default_value = "text")]
    pub text_column: String,
    /// Replace invalid UTF-8 bytes with U+FFFD instead of refusing the input.
    #[arg(long)]
    pub lossy: bool,
    /// Worker threads, 1 to 1024 (default: all cores). Results are identical for any number.
    #[arg(long, allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// CSV field separator: one ASCII character, or `tab` (default: a tab for .tsv files, a
    /// comma for others).
    #[arg(long, value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
}

impl CommonInput {
    /// How `classify` and `suggest` read articles: these columns and this UTF-8 policy, never
    /// reading back the file standard output goes to.
    pub fn reader_options(
        &self,
        format: Option<InputFormat>,
        id_column: Option<String>,
    ) -> ReaderOptions {
        ReaderOptions {
            format,
            text_column: self.text_column.clone(),
            id_column,
            utf8: self.policy(),
            delimiter: self.delimiter,
            exclude: crate::classify::stdout_file().into_iter().collect(),
            ..Default::default()
        }
    }
}

/// `--delimiter`: one ASCII character other than a quote or a line break, or `tab`.
fn parse_delimiter(s: &str) -> std::result::Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && !matches!(s.as_bytes()[0], b'"' | b'\n' | b'\r') => {
            Ok(s.as_bytes()[0])
        }
        _ => Err(format!(
            "'{}' is not a separator: give one ASCII character other than a quote or a line \
             break, e.g. ';', or `tab`",
            s.escape_debug()
        )),
    }
}

impl CommonInput {
    /// What to do with invalid UTF-8.
    pub fn policy(&self) -> Utf8Policy {
        Utf8Policy::lossy(self.lossy)
    }
}

/// Where labelled sentences come from.
#[derive(Args, Debug)]
pub struct LabelledInput {
    #[command(flatten)]
    pub input: CommonInput,
    /// Column holding the label.
    #[arg(long, default_value = "label")]
    pub label_column: String,
    /// Refuse, before running out of memory, a corpus whose training would need more than this
    /// (e.g. 4GiB, 512MiB; units are powers of 1024). The estimate is computed from the file's
    /// size before reading it and from the vocabulary and labels before fitting; evaluation
    /// reads data within the same limit.
    #[arg(long, default_value = "4GiB")]
    pub memory_budget: MemoryBudget,
}

impl LabelledInput {
    /// Reads labelled data within the memory budget, as training with `features` would need
    /// it: one limit policy for every labelled input. Each sentence's group comes from column
    /// `group` when given (and a file without that column is refused), else from the default
    /// group column when the file has one.
    pub fn read(
        &self,
        path: &Path,
        features: &FeatureSettings,
        group: Option<&str>,
    ) -> Result<LabelledSet> {
        let mut columns = self.columns();
        if let Some(g) = group {
            columns.group = Some(g.to_string());
        }
        let data = read_labelled_within(
            path,
            &columns,
            self.input.policy(),
            &self.memory_budget,
            features,
        )?;
        if let Some(column) = group {
            // The reader ignores a group column the header lacks; here it was asked for by name.
            if data.groups.as_ref().is_none_or(|g| g.column != column) {
                anyhow::bail!(
                    "{}: no column '{column}' holds the sentences' groups; name the column that \
                     does with --cv-groups COL, or leave --cv-groups out for stratified folds",
                    path.display()
                );
            }
        }
        Ok(data)
    }

    pub fn columns(&self) -> Columns {
        Columns {
            text: self.input.text_column.clone(),
            label: self.label_column.clone(),
            delimiter: self.input.delimiter,
            ..Columns::default()
        }
    }
}

#[derive(Args, Debug)]
pub struct SeedArg {
    /// Seed for every randomised step (cross-validation folds, bootstrap resamples); recorded in
    /// the model. The same seed gives the same numbers on any machine.
    #[arg(long, default_value_t = 42, allow_negative_numbers = true)]
    pub seed: u64,
}

/// `--ngrams MIN-MAX`, parsed by the library, with clap's wording of the two ways it can fail.
fn parse_ngrams(s: &str) -> std::result::Result<NgramRange, String> {
    s.parse().map_err(|e: stance::Error| match e.kind() {
        ErrorKind::InvalidSetting {
            reason: Invalid::OutOfRange,
            ..
        } => format!(
            "'{s}' is out of range: need 1 <= MIN <= MAX <= {}, e.g. 1-2",
            NgramRange::LONGEST
        ),
        _ => format!("'{s}' is not MIN-MAX, e.g. 1-2"),
    })
}

/// A clap value parser for any library type that parses from text, so that a bad value is a
/// usage error (exit 2) carrying the library's reason in the command line's words.
fn parse_with<T: std::str::FromStr<Err = stance::Error>>(
    s: &str,
) -> std::result::Result<T, String> {
    s.parse().map_err(|e: stance::Error| match e.kind() {
        // clap already says "invalid value 'X' for '--flag <FLAG>'": add only what to give.
        stance::error::ErrorKind::InvalidSetting { expected, .. } => format!("give {expected}"),
        _ => crate::messages::describe(&e),
    })
}

/// The training options that `evaluate` was given without `--cv` (they only mean something when
/// it trains), as a usage message; `None` when there are none. Checked from what was typed,
/// because every training option has a default.
pub fn misplaced_training_options(cli: &Cli, matches: &clap::ArgMatches) -> Option<String> {
    let Command::Evaluate(args) = &cli.command else {
        return None;
    };
    if args.cv.is_some() {
        return None;
    }
    let sub = matches.subcommand_matches("evaluate")?;
    let given: Vec<String> = TrainingOptions::IDS
        .iter()
        .filter(|id| sub.value_source(id) == Some(clap::parser::ValueSource::CommandLine))
        .map(|id| format!("--{}", id.replace('_', "-")))
        .collect();
    (!given.is_empty()).then(|| {
        format!(
            "{} only apply when evaluate trains (with --cv K); a saved model keeps the options it \
             was trained with: add --cv K or leave {} out; see `stance evaluate --help`",
            given.join(", "),
            if given.len() == 1 { "it" } else { "them" }
        )
    })
}
