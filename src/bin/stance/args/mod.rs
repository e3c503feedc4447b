//! The command line's arguments: the subcommands, the options they share, and the value parsers
//! that turn an option's text into a library type (a bad value is then a usage error carrying
//! the library's reason, worded for the command line).

mod commands;
mod shares;
mod training;

use std::path::Path;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

use stance::corpus::LabelledSet;
use stance::error::{ErrorKind, Invalid};
use stance::features::NgramRange;
use stance::input::{read_labelled, Columns, Utf8Policy};

pub use commands::{
    AgreeArgs, CheckArgs, ClassifyArgs, EvaluateArgs, InspectArgs, ReportFormat, SuggestArgs,
    SuggestFormat, TrainArgs, TuneArgs,
};
pub use shares::{MethodArg, PeriodArg, SharesArgs, UnitArg};
pub use training::TrainingOptions;

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
    /// Worker threads (default: all cores). Results are identical for any number.
    #[arg(long, allow_negative_numbers = true)]
    pub threads: Option<usize>,
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
}

impl LabelledInput {
    pub fn read(&self, path: &Path) -> Result<LabelledSet> {
        Ok(read_labelled(path, &self.columns(), self.input.policy())?)
    }

    pub fn columns(&self) -> Columns {
        Columns {
            text: self.input.text_column.clone(),
            label: self.label_column.clone(),
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
    s.parse()
        .map_err(|e: stance::Error| crate::messages::describe(&e))
}
