//! What can stop training: the step it was in and the problem with the data.

use std::fmt;

/// A stage of training that a [`TrainingProblem`] happened in, outermost first.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrainingStep {
    /// One point of a grid search, by its label (e.g. `c=1 ngrams=1-2`).
    GridPoint(String),
    /// One fold of a cross-validation: the 0-based fold and the number of folds.
    Fold {
        /// The 0-based fold.
        fold: usize,
        /// The number of folds.
        folds: usize,
    },
    /// One fold of the out-of-fold calibration that training stores in a model.
    CalibrationFold {
        /// The 0-based fold.
        fold: usize,
        /// The number of folds.
        folds: usize,
    },
}

impl fmt::Display for TrainingStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainingStep::GridPoint(label) => write!(f, "grid point {label}"),
            TrainingStep::Fold { fold, folds } => {
                write!(f, "cross-validation fold {} of {folds}", fold + 1)
            }
            TrainingStep::CalibrationFold { fold, folds } => {
                write!(f, "calibration fold {} of {folds}", fold + 1)
            }
        }
    }
}

/// Why training data cannot produce a model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TrainingProblem {
    /// There are no labelled sentences.
    #[error("no labelled sentences to train on; the file has a header but no rows")]
    NoRows,
    /// Every sentence has the same label.
    #[error(
        "every sentence has the label '{label}'; training needs at least two labels: add sentences with another label"
    )]
    OneLabel {
        /// The only label.
        label: String,
    },
    /// Fewer than two labels were handed to the optimiser.
    #[error("at least two labels are needed to train")]
    TooFewLabels,
    /// No term survives the minimum document frequency.
    #[error(
        "no term occurs in at least {min_df} sentences, so there is nothing to learn from; \
         add sentences or lower the minimum document frequency"
    )]
    EmptyVocabulary {
        /// The minimum document frequency that pruned every term.
        min_df: usize,
    },
    /// No term survives the document-frequency bounds when a maximum document share is set: the
    /// share allows at most `max_count` sentences per term.
    #[error(
        "no term occurs in at least {min_df} and at most {max_count} of the {rows} sentences \
         (the maximum document share), so there is nothing to learn from; raise the maximum \
         document share or lower the minimum document frequency"
    )]
    NoTermInRange {
        /// The minimum document frequency.
        min_df: usize,
        /// The most sentences a term may occur in under the maximum document share.
        max_count: u64,
        /// The number of sentences.
        rows: usize,
    },
    /// The corpus has more distinct tokens than token ids can number.
    #[error("more than {limit} distinct tokens; split the corpus")]
    TooManyTokens {
        /// The most distinct tokens there may be.
        limit: usize,
    },
    /// A label has fewer sentences than there are cross-validation folds.
    #[error(
        "label '{label}' has {count} sentences, fewer than the {folds} folds; \
         use fewer folds or add sentences"
    )]
    FewerThanFolds {
        /// The label.
        label: String,
        /// Its number of sentences.
        count: usize,
        /// The number of folds.
        folds: usize,
    },
    /// Folds that keep groups whole were asked for, but the data names no groups.
    #[error(
        "the data names no group for its sentences, so folds cannot keep groups whole; \
         add a column naming each sentence's group (a mission, an outlet) or use stratified folds"
    )]
    NoGroups,
    /// The groups cannot make the folds: fewer units (groups, and sentences without one) than
    /// folds, or a label whose sentences would all sit in one fold.
    #[error(
        "the {units} groups of '{column}' cannot make {folds} folds that each hold out whole \
         groups and leave every label to train on; use fewer folds or stratified folds"
    )]
    GroupsCannotMakeFolds {
        /// The column the groups were read from.
        column: String,
        /// The number of groups (a sentence without a group counts as one).
        units: usize,
        /// The number of folds.
        folds: usize,
    },
    /// A cross-validation fold's model lacks one of the labels.
    #[error("cross-validation fold {} of {folds} lacks a label", .fold + 1)]
    FoldLacksLabel {
        /// The 0-based fold.
        fold: usize,
        /// The number of folds.
        folds: usize,
    },
    /// The trained parts do not fit together (a bug rather than a property of the data).
    #[error("{0}")]
    Inconsistent(String),
}
