//! [`Setting`]: the library's settings, named by what they mean.

use std::fmt;

/// A setting of the library, named by what it means rather than by how a front end spells it.
///
/// A front end maps each to its own name (the command line's `--min-df`, a config file's key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Setting {
    /// The n-gram range, `MIN-MAX` tokens.
    NgramRange,
    /// The minimum document frequency.
    MinDf,
    /// The maximum document share.
    MaxDf,
    /// The cap on the vocabulary size.
    MaxFeatures,
    /// The inverse regularisation strength `C`.
    C,
    /// The optimiser's iteration cap.
    MaxIter,
    /// The optimiser's gradient tolerance.
    Tol,
    /// The class weights.
    ClassWeight,
    /// The number of worker threads.
    Threads,
    /// The number of cross-validation folds.
    Folds,
    /// The number of folds of the calibration stored in a model.
    CalibrationFolds,
    /// The grid of settings to tune over.
    Grid,
    /// The column (or JSON field) holding the text.
    TextColumn,
    /// The column (or JSON field) identifying each article.
    IdColumn,
    /// The column holding the label.
    LabelColumn,
    /// The memory budget for training.
    MemoryBudget,
    /// What to do with invalid UTF-8 (refuse it or replace it).
    Utf8,
    /// How sentences are chosen for labelling.
    Strategy,
    /// A further column (or JSON field) asked for by name: a grouping, a date or a column to
    /// carry into the output.
    MetaColumn,
    /// The file a chart is written to, whose extension says what it holds.
    ChartFile,
    /// The number of bootstrap replicates behind an interval.
    Bootstrap,
    /// How many times the ordinary penalty style terms pay.
    StylePenalty,
}

impl Setting {
    /// The setting's name in plain words, e.g. "the minimum document frequency".
    pub fn name(self) -> &'static str {
        match self {
            Setting::NgramRange => "the n-gram range",
            Setting::MinDf => "the minimum document frequency",
            Setting::MaxDf => "the maximum document share",
            Setting::MaxFeatures => "the vocabulary cap",
            Setting::C => "the inverse regularisation strength",
            Setting::MaxIter => "the iteration cap",
            Setting::Tol => "the gradient tolerance",
            Setting::ClassWeight => "the class weights",
            Setting::Threads => "the number of worker threads",
            Setting::Folds => "the number of cross-validation folds",
            Setting::CalibrationFolds => "the number of calibration folds",
            Setting::Grid => "the tuning grid",
            Setting::TextColumn => "the text column",
            Setting::IdColumn => "the id column",
            Setting::LabelColumn => "the label column",
            Setting::MemoryBudget => "the memory budget",
            Setting::Utf8 => "the UTF-8 policy",
            Setting::Strategy => "the selection strategy",
            Setting::MetaColumn => "a metadata column",
            Setting::ChartFile => "the chart file",
            Setting::Bootstrap => "the number of bootstrap replicates",
            Setting::StylePenalty => "the style penalty",
        }
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
