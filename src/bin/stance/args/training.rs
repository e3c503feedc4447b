//! The training options shared by `train`, `evaluate --cv` and `tune`, so that the three agree on
//! every default; the library checks them once, here at the edge.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::builder::TypedValueParser;
use clap::Args;

use stance::features::NgramRange;
use stance::input::{read_text_file, LabelledFormat, Utf8Policy, MAX_ARTICLE_BYTES};
use stance::model::{ClassWeight, LogisticParams};
use stance::pipeline::{TrainOptions, ValidTrainSettings};
use stance::text::tokens::{Negation, StopWords};

use super::commands::labelled_format;
use super::{parse_ngrams, parse_with, LabelledInput, SeedArg};

/// `stance train`'s arguments.
#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Labelled files: CSV with a text and a label column, JSON Lines (plain, or exported by
    /// doccano or Label Studio), `-` for standard input. Repeat or list several to train on all
    /// of them; rows without a label are skipped and counted.
    #[arg(long, default_value = "data/train.csv", num_args = 1..)]
    pub data: Vec<PathBuf>,
    /// Read every --data file as this format instead of guessing from its extension (.jsonl,
    /// .ndjson and .json are JSON, anything else CSV).
    #[arg(long, value_parser = labelled_format())]
    pub input_format: Option<LabelledFormat>,
    /// Where to write the model (written atomically).
    #[arg(long, default_value = "models/stance.model")]
    pub model: PathBuf,
    #[command(flatten)]
    pub labelled: LabelledInput,
    #[command(flatten)]
    pub training: TrainingOptions,
    #[command(flatten)]
    pub seed: SeedArg,
    /// Folds of the seeded K-fold whose out-of-fold predictions measure the model's
    /// error rates, stored for the adjusted methods of `stance shares` (0 skips it).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=100).map(|v| v as usize))]
    pub calibration_folds: usize,
    /// Keep the sentences that share this column's value (JSON field's) in one calibration
    /// fold, so that the stored error rates are those of the model on groups, such as missions,
    /// it did not train on. Ignored when the data has no such column; `none` folds sentence by
    /// sentence.
    #[arg(long, default_value = stance::input::DEFAULT_GROUP_COLUMN, value_name = "COL")]
    pub calibration_groups: String,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// How a model is trained; shared by `train`, `evaluate --cv` and `tune` so that the three agree
/// on every default.
#[derive(Args, Debug)]
#[command(next_help_heading = "Training options")]
pub struct TrainingOptions {
    /// N-gram range MIN-MAX, in tokens.
    #[arg(long, default_value = "1-2", value_parser = parse_ngrams)]
    pub ngrams: NgramRange,
    /// Ignore terms found in fewer sentences than this.
    #[arg(long, default_value_t = 2, allow_negative_numbers = true)]
    pub min_df: usize,
    /// Ignore terms found in more than this share of sentences (0 < x <= 1).
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub max_df: f64,
    /// Keep at most this many terms (the most frequent).
    #[arg(long, allow_negative_numbers = true)]
    pub max_features: Option<usize>,
    /// Turn off English Snowball stemming.
    #[arg(long)]
    pub no_stem: bool,
    /// Negation scopes: `clauses` (tokens in a scope marked; scopes end at clause punctuation,
    /// contrastive words, closing quotes and conjunctions that start a clause; a hyphenated
    /// negator as in "no-fly zone" opens none), `additive` (the same scopes; plain tokens plus a
    /// marked feature for each token in a scope), `clauses-v5` and `additive-v5` (the same as
    /// models of format 5 applied them, with "no-fly" opening a scope), `marked` (the rule before
    /// 0.2: scopes run past quotes and "and") or `off`.
    #[arg(long, default_value = "clauses", value_parser = parse_negation)]
    pub negation: Negation,
    /// Turn off negation scopes (the same as `--negation off`).
    #[arg(long)]
    pub no_negation: bool,
    /// Read a question's words as if asserted, instead of marking every token of a sentence
    /// that ends in a question mark.
    #[arg(long)]
    pub no_question_scope: bool,
    /// Do not add the feature that marks a sentence naming no international force (no mission,
    /// "peacekeepers", "the force", "foreign troops", ...): a national army's raid then reads
    /// like the force's.
    #[arg(long)]
    pub no_force_mention: bool,
    /// Stop words to drop: `none` (the default), `english` for the built-in list, `closed` for
    /// the closed-class list, or a file with one word per line.
    #[arg(long)]
    pub stop_words: Option<String>,
    /// Inverse regularisation strength (larger = less regularisation).
    #[arg(long, default_value_t = 10.0, allow_negative_numbers = true)]
    pub c: f64,
    /// How many times the ordinary L2 penalty the weights of a style term pay: a term made only
    /// of function words (the closed-class list), reporting verbs ("said", "told") and numbers.
    /// 1 treats them like any other term.
    #[arg(long, default_value_t = stance::model::DEFAULT_STYLE_PENALTY, allow_negative_numbers = true)]
    pub style_penalty: f64,
    /// `uniform`, `balanced`, or explicit weights such as `neutral=1,enforcement=1.5`.
    #[arg(long, default_value = "uniform", value_parser = parse_with::<ClassWeight>)]
    pub class_weight: ClassWeight,
    /// Iteration cap for the optimiser.
    #[arg(long, default_value_t = 500, allow_negative_numbers = true)]
    pub max_iter: u64,
    /// Stop when the largest gradient component falls below this (scikit-learn's rule).
    #[arg(long, default_value_t = LogisticParams::default().gradient_tolerance, allow_negative_numbers = true)]
    pub tol: f64,
}

impl TrainingOptions {
    /// The options' argument ids, as clap names them.
    pub const IDS: [&'static str; 14] = [
        "ngrams",
        "min_df",
        "max_df",
        "max_features",
        "no_stem",
        "no_negation",
        "no_question_scope",
        "no_force_mention",
        "stop_words",
        "c",
        "style_penalty",
        "class_weight",
        "max_iter",
        "tol",
    ];

    /// The options as the library takes them, with `seed` recorded; the stop list named by
    /// `--stop-words` is read here.
    pub fn options(&self, seed: u64) -> Result<TrainOptions> {
        let stop_words = match self.stop_words.as_deref() {
            None | Some("none") => StopWords::None,
            Some("english") => StopWords::English,
            Some("closed") => StopWords::ClosedClass,
            // Read here, within the same size limit as an article, rather than by the text
            // module, which reads a file whole.
            Some(path) => StopWords::parse(&read_text_file(
                Path::new(path),
                MAX_ARTICLE_BYTES as u64,
                "reading the stop-word list",
                Utf8Policy::Strict,
            )?),
        };
        Ok(TrainOptions {
            ngrams: self.ngrams,
            min_df: self.min_df,
            max_df: self.max_df,
            max_features: self.max_features,
            stem: !self.no_stem,
            negation: if self.no_negation {
                Negation::Off
            } else {
                self.negation
            },
            stop_words,
            questions: !self.no_question_scope,
            force_mention: !self.no_force_mention,
            c: self.c,
            style_penalty: self.style_penalty,
            class_weight: self.class_weight.clone(),
            max_iter: self.max_iter,
            tol: self.tol,
            seed,
            ..TrainOptions::default()
        })
    }

    /// The settings, checked by the library, with `seed` recorded.
    pub fn settings(&self, seed: u64) -> Result<ValidTrainSettings> {
        Ok(self.options(seed)?.settings()?)
    }
}

fn parse_negation(s: &str) -> std::result::Result<Negation, String> {
    s.parse()
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::super::{Cli, Command};
    use stance::pipeline::TrainOptions;

    /// The command line and the Python package must train the same model from the same data, so
    /// the flags' defaults are the library's.
    #[test]
    fn the_flag_defaults_are_the_librarys() {
        let cli = Cli::try_parse_from(["stance", "train"]).unwrap();
        let Command::Train(args) = cli.command else {
            panic!("not train")
        };
        let mut options = args.training.options(args.seed.seed).unwrap();
        assert_eq!(
            args.calibration_folds,
            TrainOptions::default().calibration_folds
        );
        options.calibration_folds = TrainOptions::default().calibration_folds;
        assert_eq!(options, TrainOptions::default());
    }
}
