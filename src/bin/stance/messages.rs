//! The command line's wording of library errors: each [`stance::error::Setting`] a message is
//! about becomes the flag that sets it, with the remedy a user of the command line can act on.
//! The library's own messages name settings in plain words; only here do flags appear.

use std::borrow::Cow;

use stance::error::{ErrorKind, Setting, TrainingProblem};
use stance::units::human_bytes;
use stance::Error;

/// The flag that sets `setting`.
pub fn flag(setting: Setting) -> Cow<'static, str> {
    Cow::Borrowed(match setting {
        Setting::NgramRange => "--ngrams",
        Setting::MinDf => "--min-df",
        Setting::MaxDf => "--max-df",
        Setting::MaxFeatures => "--max-features",
        Setting::C => "--c",
        Setting::MaxIter => "--max-iter",
        Setting::Tol => "--tol",
        Setting::ClassWeight => "--class-weight",
        Setting::Threads => "--threads",
        Setting::Folds => "--cv",
        Setting::CalibrationFolds => "--calibration-folds",
        Setting::Grid => "--grid",
        Setting::TextColumn => "--text-column",
        Setting::IdColumn => "--id-column",
        Setting::LabelColumn => "--label-column",
        Setting::MemoryBudget => "--memory-budget",
        Setting::Utf8 => "--lossy",
        Setting::Strategy => "--strategy",
        Setting::MetaColumn => "--group-by, --date-column or --keep-columns",
        Setting::ChartFile => "--chart",
        Setting::Bootstrap => "--bootstrap",
        Setting::StylePenalty => "--style-penalty",
        // A setting added to the library before it has a flag here.
        other => return Cow::Owned(other.name().to_string()),
    })
}

/// A library error as the command line words it.
pub fn describe(err: &Error) -> String {
    match err.kind() {
        ErrorKind::NotUtf8 { path, line, byte } => format!(
            "{}: line {line}: the text is not valid UTF-8 (byte {byte}); convert it to UTF-8 or \
             pass {} to replace bad bytes",
            path.display(),
            flag(Setting::Utf8)
        ),
        ErrorKind::MissingColumn {
            path,
            setting,
            name,
            columns,
            separator: Some(c),
        } => {
            format!(
            "{}: line 1: no column named '{name}' (columns: {}); the header holds '{}', so the \
             file looks separated by it: pass --delimiter '{}' (or name the right column with {})",
            path.display(),
            columns.join(", "),
            c.escape_debug(),
            if *c == '\t' { "tab".to_string() } else { c.to_string() },
            flag(*setting)
        )
        }
        ErrorKind::MissingColumn {
            path,
            setting,
            name,
            columns,
            separator: None,
        } => format!(
            "{}: line 1: no column named '{name}' (columns: {}); name the right one with {}",
            path.display(),
            columns.join(", "),
            flag(*setting)
        ),
        ErrorKind::ForeignDirectory { .. } => format!("{err}, or pass --force to replace it whole"),
        ErrorKind::BadRecord { .. } => {
            format!("{err} (or pass --skip-bad FILE to set bad records aside and go on)")
        }
        ErrorKind::MissingField {
            path,
            line,
            setting: Setting::TextColumn,
            field,
        } => format!(
            "{}: line {line}: no field '{field}'; name the text field with {}",
            path.display(),
            flag(Setting::TextColumn)
        ),
        ErrorKind::MissingField {
            path,
            line,
            setting,
            field,
        } => format!(
            "{}: line {line}: no string or number field '{field}' for {}; add it or name another \
             field",
            path.display(),
            flag(*setting)
        ),
        ErrorKind::InvalidSetting {
            setting,
            value,
            expected,
            ..
        } => format!(
            "invalid value '{value}' for {}: give {expected}",
            flag(*setting)
        ),
        ErrorKind::Training {
            path,
            steps,
            problem,
        } => {
            let mut line = format!("{}: ", path.display());
            for step in steps {
                line.push_str(&format!("{step}: "));
            }
            line.push_str(&training_problem(problem));
            line
        }
        ErrorKind::MemoryBudget {
            path,
            estimate,
            budget,
            basis,
        } => format!(
            "{}: training on this would need about {} of memory ({basis}), more than the budget \
             of {}; train on less data, prune the vocabulary ({}, {}), or raise {}",
            path.display(),
            human_bytes(*estimate),
            human_bytes(*budget),
            flag(Setting::MinDf),
            flag(Setting::MaxFeatures),
            flag(Setting::MemoryBudget)
        ),
        ErrorKind::InconsistentModel { path, source } => format!(
            "{}: the model file is inconsistent: {}; retrain the model",
            path.display(),
            describe(source)
        ),
        ErrorKind::NoCalibration { methods } => format!(
            "the model stores no calibration, which the adjusted methods ({methods}) need; \
             retrain it with `stance train` (it stores calibration unless \
             --calibration-folds 0), or pass --calibration FILE (labelled sentences from your \
             corpus, columns text,label), or use --method cc, pcc or emq"
        ),
        _ => err.to_string(),
    }
}

fn training_problem(problem: &TrainingProblem) -> String {
    match problem {
        TrainingProblem::EmptyVocabulary { min_df } => format!(
            "no term occurs in at least {min_df} sentences, so there is nothing to learn from; \
             add sentences or lower {}",
            flag(Setting::MinDf)
        ),
        TrainingProblem::FewerThanFolds {
            label,
            count,
            folds,
        } => format!(
            "label '{label}' has {count} sentences, fewer than the {folds} folds; lower {} or \
             add sentences",
            flag(Setting::Folds)
        ),
        TrainingProblem::GroupsCannotMakeFolds {
            column,
            units,
            folds,
        } => format!(
            "the {units} groups of '{column}' cannot make {folds} folds that each hold out whole \
             groups and leave every label to train on; lower {} or leave --cv-groups out for \
             stratified folds",
            flag(Setting::Folds)
        ),
        TrainingProblem::NoTermInRange {
            min_df,
            max_count,
            rows,
        } => format!(
            "no term occurs in at least {min_df} and at most {max_count} of the {rows} sentences \
             ({} allows {max_count}), so there is nothing to learn from; raise {} or lower {}",
            flag(Setting::MaxDf),
            flag(Setting::MaxDf),
            flag(Setting::MinDf)
        ),
        other => other.to_string(),
    }
}

/// How folds that keep each group of `column` whole are described after "K-fold", in `evaluate
/// --cv` and `tune` alike.
pub fn grouped_cross_validation(column: &str) -> String {
    format!("cross-validation with each {column} whole in one fold")
}
