//! The training options shared by `train`, `evaluate --cv` and `tune`, so that the three agree on
//! every default; the library checks them once, here at the edge.

use std::path::Path;

use anyhow::Result;
use clap::Args;

use stance::features::{FeatureSettings, NgramRange};
use stance::input::{read_text_file, Utf8Policy, MAX_ARTICLE_BYTES};
use stance::model::{ClassWeight, LogisticParams};
use stance::pipeline::{TrainSettings, ValidTrainSettings};
use stance::text::tokens::{Negation, StopWords, TokenizerSettings};

use super::{parse_ngrams, parse_with};

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
    /// contrastive words, closing quotes and conjunctions that start a clause), `additive` (the
    /// same scopes; plain tokens plus a marked feature for each token in a scope), `marked` (the
    /// rule before 0.2: scopes run past quotes and "and") or `off`.
    #[arg(long, default_value = "clauses", value_parser = parse_negation)]
    pub negation: Negation,
    /// Turn off negation scopes (the same as `--negation off`).
    #[arg(long)]
    pub no_negation: bool,
    /// Stop words to drop: `english` for the built-in list, or a file with one word per line.
    #[arg(long)]
    pub stop_words: Option<String>,
    /// Inverse regularisation strength (larger = less regularisation).
    #[arg(long, default_value_t = 10.0, allow_negative_numbers = true)]
    pub c: f64,
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
    pub const IDS: [&'static str; 11] = [
        "ngrams",
        "min_df",
        "max_df",
        "max_features",
        "no_stem",
        "no_negation",
        "stop_words",
        "c",
        "class_weight",
        "max_iter",
        "tol",
    ];

    /// The settings, checked by the library, with `seed` recorded.
    pub fn settings(&self, seed: u64) -> Result<ValidTrainSettings> {
        let stop_words = match self.stop_words.as_deref() {
            None => StopWords::None,
            Some("english") => StopWords::English,
            // Read here, within the same size limit as an article, rather than by the text
            // module, which reads a file whole.
            Some(path) => StopWords::parse(&read_text_file(
                Path::new(path),
                MAX_ARTICLE_BYTES as u64,
                "reading the stop-word list",
                Utf8Policy::Strict,
            )?),
        };
        let mut features = FeatureSettings {
            min_df: self.min_df,
            max_df: self.max_df,
            max_features: self.max_features,
            sublinear_tf: true,
            ..FeatureSettings::default()
        };
        features.set_ngrams(self.ngrams);
        let settings = TrainSettings {
            tokenizer: TokenizerSettings {
                stem: !self.no_stem,
                negation: if self.no_negation {
                    Negation::Off
                } else {
                    self.negation
                },
                stop_words,
            },
            features,
            model: LogisticParams::default()
                .c(self.c)
                .class_weight(self.class_weight.clone())
                .max_iter(self.max_iter)
                .gradient_tolerance(self.tol),
            seed,
        };
        Ok(settings.check()?)
    }
}

fn parse_negation(s: &str) -> std::result::Result<Negation, String> {
    s.parse()
}
