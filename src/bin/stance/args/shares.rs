//! `stance shares`'s arguments.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use stance::input::InputFormat;
use stance::render::Format;

use super::commands::{input_format, output_format};
use super::{CommonInput, SeedArg};

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
    /// The model to use (default: models/stance.model if that file exists in the current
    /// directory, else the model built into this program).
    #[arg(long)]
    pub model: Option<PathBuf>,
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
    /// Bootstrap replicates for the 95% intervals (0: none; at most 100000).
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
    /// Also draw the shares: FILE.svg (the figure) or FILE.html (a page with the figure above
    /// the table); bars with interval whiskers per group, or lines over periods with interval
    /// bands. With several methods the default one (or the first) is drawn.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    /// Write the run's provenance (versions, model checksum and settings, inputs) as JSON here.
    #[arg(long, value_name = "FILE")]
    pub provenance: Option<PathBuf>,
    /// Score and count page clutter like any other sentence.
    #[arg(long)]
    pub keep_boilerplate: bool,
}
