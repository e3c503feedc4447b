//! The library's error type.
//!
//! An [`Error`] is a boxed [`ErrorKind`], so that a `Result` stays one pointer wide on the hot
//! paths that never fail. Every kind carries what went wrong and where (a file and a line or
//! record where there is one) as data, not only as text: [`Error::path`] and
//! [`Error::position`] give the place, and the settings a message is about are named by
//! [`Setting`], never by a command-line flag. A front end (the `stance` command line) turns a
//! kind into its own wording, with its own flag names and remedies; the `Display` text here is
//! complete in itself for callers that have no such wording.
//!
//! ```
//! use stance::error::{ErrorKind, Setting};
//! use stance::features::FeatureSettings;
//!
//! let mut settings = FeatureSettings::default();
//! settings.min_df = 0;
//! let err = settings.check().unwrap_err();
//! match err.kind() {
//!     ErrorKind::InvalidSetting { setting, value, .. } => {
//!         assert_eq!(*setting, Setting::MinDf);
//!         assert_eq!(value, "0");
//!     }
//!     other => panic!("unexpected error: {other}"),
//! }
//! // A setting is not a place in a file.
//! assert!(err.position().is_none());
//!
//! // A bad byte in an input is.
//! let csv = b"text,label\nfine,neutral\nbad \xff byte,neutral\n";
//! let err = stance::input::parse_labelled(
//!     csv,
//!     std::path::Path::new("train.csv"),
//!     &stance::input::Columns::default(),
//!     stance::input::Utf8Policy::Strict,
//! )
//! .unwrap_err();
//! assert!(matches!(err.kind(), ErrorKind::NotUtf8 { .. }));
//! assert_eq!(err.position().map(|p| p.line), Some(3));
//! assert_eq!(err.path(), Some(std::path::Path::new("train.csv")));
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

mod setting;
mod training;

pub use setting::Setting;
pub use training::{TrainingProblem, TrainingStep};

/// Everything that can go wrong in `stance`: a boxed [`ErrorKind`].
///
/// ```
/// use stance::error::{ErrorKind, Position};
/// use stance::Error;
///
/// let err = Error::input("articles.jsonl", Some(Position::line(7)), "not valid JSON");
/// assert!(matches!(err.kind(), ErrorKind::Input { .. }));
/// assert_eq!(err.position(), Some(Position::line(7)));
/// assert_eq!(err.path(), Some(std::path::Path::new("articles.jsonl")));
/// assert_eq!(err.to_string(), "articles.jsonl: line 7: not valid JSON");
/// assert!(!err.is_io_error());
/// ```
pub struct Error(Box<ErrorKind>);

/// Where in an input an error is: the 1-based line, and the 1-based record and 0-based byte
/// offset where they are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Position {
    /// The 1-based line.
    pub line: u64,
    /// The 1-based record (a CSV header is record 1), where known.
    pub record: Option<u64>,
    /// The 0-based byte offset, where known.
    pub byte: Option<u64>,
}

impl Position {
    /// A position known only by its line.
    pub fn line(line: u64) -> Self {
        Position {
            line,
            record: None,
            byte: None,
        }
    }
}

/// Why a setting's value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Invalid {
    /// The value could not be read at all (not a number, not `MIN-MAX`, ...).
    Unparsable,
    /// The value was read but is out of the setting's range.
    OutOfRange,
}

/// What went wrong. New kinds may be added, so a `match` needs a catch-all arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file or stream could not be read or written. The message ends with what to do about
    /// that kind of failure (see [`io_remedy`]).
    #[error("{}: {action} failed: {source}; {}", .path.display(), io_remedy(.source))]
    Io {
        /// The file concerned (`-` for standard input or output).
        path: PathBuf,
        /// What was being done, e.g. "reading" or "renaming the temporary file into place".
        action: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A text input is not valid UTF-8 (and the UTF-8 policy is to refuse it).
    #[error(
        "{}: line {line}: the text is not valid UTF-8 (byte {byte}); convert it to UTF-8 or \
         read it with the lossy UTF-8 policy to replace bad bytes",
        .path.display()
    )]
    NotUtf8 {
        /// The file concerned.
        path: PathBuf,
        /// The 1-based line holding the first bad byte.
        line: u64,
        /// The 0-based byte offset of the first bad byte within its field or file.
        byte: u64,
    },
    /// A CSV or JSONL input is malformed or does not hold what is needed.
    #[error("{}: {}{message}", .path.display(), at(.position))]
    Input {
        /// The file concerned.
        path: PathBuf,
        /// Where in the file (none when the problem is the whole file).
        position: Option<Position>,
        /// What is wrong and what to do.
        message: String,
    },
    /// A CSV's header lacks a column that a setting names.
    #[error(
        "{}: line 1: no column named '{name}' (columns: {}); {}",
        .path.display(),
        .columns.join(", "),
        missing_column_remedy(*.setting, *.separator)
    )]
    MissingColumn {
        /// The file concerned.
        path: PathBuf,
        /// The setting that names the column.
        setting: Setting,
        /// The name looked for.
        name: String,
        /// The columns there are, made printable, perhaps cut short (the last item then says how
        /// many more there are).
        columns: Vec<String>,
        /// A likely separator seen inside the header's only column, when the file seems to be
        /// separated by something other than what it was read with.
        separator: Option<char>,
    },
    /// A JSONL record lacks a field that a setting names (or it has the wrong type).
    #[error("{}: line {line}: no usable field '{field}' for {setting}", .path.display())]
    MissingField {
        /// The file concerned.
        path: PathBuf,
        /// The 1-based line of the record.
        line: u64,
        /// The setting that names the field.
        setting: Setting,
        /// The field looked for.
        field: String,
    },
    /// Training data cannot produce a model.
    #[error("{}: {}{problem}", .path.display(), step_prefix(.steps))]
    Training {
        /// The training file (or `<memory>` for data passed from Rust).
        path: PathBuf,
        /// The stages the problem happened in, outermost first (empty for plain training).
        steps: Vec<TrainingStep>,
        /// What is wrong.
        problem: TrainingProblem,
    },
    /// A setting's value is refused. The command-line tool treats this as a usage error.
    #[error("invalid value '{value}' for {setting}: give {expected}")]
    InvalidSetting {
        /// The setting.
        setting: Setting,
        /// The value given, as written (or as the setting's value prints).
        value: String,
        /// What would be accepted.
        expected: String,
        /// Whether the value could not be read or is out of range.
        reason: Invalid,
    },
    /// A model file cannot be used.
    #[error("{}: {message}", .path.display())]
    Model {
        /// The model file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A model file decodes, but its parts do not fit together.
    #[error("{}: the model file is inconsistent: {source}; retrain the model", .path.display())]
    InconsistentModel {
        /// The model file.
        path: PathBuf,
        /// What does not fit (an [`ErrorKind::Inconsistent`] or a refused setting).
        source: Error,
    },
    /// An adjusted quantification method was asked for, but the model stores no calibration
    /// (error rates measured on sentences it did not see) and none was given.
    #[error(
        "the model stores no calibration, which the adjusted methods ({methods}) need; retrain it \
         with this version of stance or give labelled sentences from your corpus"
    )]
    NoCalibration {
        /// The methods that need it, e.g. `acc, pacc`.
        methods: String,
    },
    /// Parts of a pipeline do not fit together: a vocabulary and idf of different lengths, a
    /// weight table of the wrong size, a recorded summary that differs from the parts.
    #[error("{0}")]
    Inconsistent(String),
    /// An output would replace one of the command's own inputs.
    #[error(
        "{}: this is, or holds, the input {}; writing there would destroy the input: write to \
         another path",
        .path.display(),
        .input.display()
    )]
    OverwritesInput {
        /// The output.
        path: PathBuf,
        /// The input it is the same file as (or, for a directory, that it holds).
        input: PathBuf,
    },
    /// A directory to write a report into holds files that no earlier report wrote.
    #[error(
        "{}: the directory is not empty and holds no earlier stance report ({marker} is \
         missing), so replacing it could destroy files of yours; give a new or empty directory",
        .path.display()
    )]
    ForeignDirectory {
        /// The directory.
        path: PathBuf,
        /// The marker file an earlier report would hold.
        marker: &'static str,
    },
    /// One record of a records file is unusable; the rest of the file may still be read (see
    /// the reader's option to skip bad records).
    #[error("{}: line {line}: {message}", .path.display())]
    BadRecord {
        /// The file concerned.
        path: PathBuf,
        /// The 1-based line where the record starts.
        line: u64,
        /// What is wrong and what to do.
        message: String,
        /// The record as read (cut short when long), for a file of rejected records.
        record: String,
    },
    /// A report figure could not be drawn.
    #[error("{}: drawing the figure failed: {message}", .path.display())]
    Plot {
        /// The figure's file.
        path: PathBuf,
        /// What the plotting library said.
        message: String,
    },
    /// Training would need more memory than the budget allows. Checked before the memory is
    /// allocated, so that a large corpus ends in this message rather than in the operating
    /// system killing the process.
    #[error(
        "{}: training on this would need about {} of memory ({basis}), more than the budget \
         of {}; train on less data, prune the vocabulary (raise the minimum document frequency \
         or lower the vocabulary cap), or raise the memory budget",
        .path.display(),
        crate::units::human_bytes(*.estimate),
        crate::units::human_bytes(*.budget)
    )]
    MemoryBudget {
        /// The training file (or `<memory>` for data passed from Rust).
        path: PathBuf,
        /// The estimated peak, in bytes.
        estimate: u64,
        /// The budget, in bytes.
        budget: u64,
        /// What the estimate was computed from, e.g. "a 2.0 GiB file".
        basis: String,
    },
    /// A model could not be encoded into model-file bytes.
    #[error("could not encode the model: {0}")]
    Encode(String),
    /// The optimiser failed.
    #[error("optimisation failed: {0}")]
    Optimisation(String),
    /// An error reported by linfa.
    #[error(transparent)]
    Linfa(linfa::Error),
}

/// What to do about a missing column: name the right one, or, when the header looks separated by
/// something else, read it with that separator.
fn missing_column_remedy(setting: Setting, separator: Option<char>) -> String {
    match separator {
        Some(c) => format!(
            "the header holds {}, so the file looks separated by it: read it with that separator",
            c.escape_debug()
        ),
        None => format!("name the right one with {setting}"),
    }
}

/// `"line N: "` for a position, nothing without one.
fn at(position: &Option<Position>) -> String {
    position
        .map(|p| format!("line {}: ", p.line))
        .unwrap_or_default()
}

/// `"grid point X: cross-validation fold 1 of 5: "` for a list of steps.
fn step_prefix(steps: &[TrainingStep]) -> String {
    steps.iter().map(|s| format!("{s}: ")).collect()
}

/// What to do about an I/O failure of this kind, as the end of a one-line message.
///
/// The operating system's own text ("Permission denied (os error 13)") says what happened but not
/// what to do, and users of a command-line tool need the second half.
pub fn io_remedy(err: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "check the path",
        PermissionDenied => "check the permissions, or use another path",
        IsADirectory => "give a file, not a directory",
        NotADirectory => "use another path",
        AlreadyExists => "remove it or use another path",
        StorageFull | QuotaExceeded | FileTooLarge => {
            "free some disk space (or raise the file-size limit) and run again"
        }
        ReadOnlyFilesystem => "the file system is read-only; use a writable path",
        InvalidData => "check that the file is what it should be",
        _ => "check the path and run again",
    }
}

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// True when the error is a failure to read or write a file or stream.
    pub fn is_io_error(&self) -> bool {
        matches!(*self.0, ErrorKind::Io { .. })
    }

    /// True when the error concerns one record of a records file, after which the rest of the
    /// file can still be read (a reader asked to skip bad records goes on past it).
    pub fn is_bad_record(&self) -> bool {
        matches!(*self.0, ErrorKind::BadRecord { .. })
    }

    /// True when the error is a closed pipe on output, which a command-line tool treats as a
    /// request to stop quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(&*self.0, ErrorKind::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The file the error is about, where there is one.
    pub fn path(&self) -> Option<&Path> {
        match &*self.0 {
            ErrorKind::Io { path, .. }
            | ErrorKind::NotUtf8 { path, .. }
            | ErrorKind::Input { path, .. }
            | ErrorKind::MissingColumn { path, .. }
            | ErrorKind::MissingField { path, .. }
            | ErrorKind::Training { path, .. }
            | ErrorKind::Model { path, .. }
            | ErrorKind::InconsistentModel { path, .. }
            | ErrorKind::Plot { path, .. }
            | ErrorKind::MemoryBudget { path, .. }
            | ErrorKind::OverwritesInput { path, .. }
            | ErrorKind::ForeignDirectory { path, .. }
            | ErrorKind::BadRecord { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Where in the file the error is, where that is known.
    pub fn position(&self) -> Option<Position> {
        match &*self.0 {
            ErrorKind::NotUtf8 { line, byte, .. } => Some(Position {
                line: *line,
                record: None,
                byte: Some(*byte),
            }),
            ErrorKind::Input { position, .. } => *position,
            ErrorKind::MissingColumn { .. } => Some(Position {
                line: 1,
                record: Some(1),
                byte: None,
            }),
            ErrorKind::MissingField { line, .. } | ErrorKind::BadRecord { line, .. } => {
                Some(Position::line(*line))
            }
            _ => None,
        }
    }

    /// An I/O error on `path` while doing `action`.
    pub fn io(path: impl Into<PathBuf>, action: &'static str, source: std::io::Error) -> Self {
        ErrorKind::Io {
            path: path.into(),
            action,
            source,
        }
        .into()
    }

    /// A malformed input at `position` (none for the whole file) of `path`.
    pub fn input(
        path: impl Into<PathBuf>,
        position: Option<Position>,
        message: impl Into<String>,
    ) -> Self {
        ErrorKind::Input {
            path: path.into(),
            position,
            message: message.into(),
        }
        .into()
    }

    /// A model file problem.
    pub fn model(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        ErrorKind::Model {
            path: path.into(),
            message: message.into(),
        }
        .into()
    }

    /// Training data at `path` that cannot produce a model.
    pub fn training(path: impl Into<PathBuf>, problem: TrainingProblem) -> Self {
        ErrorKind::Training {
            path: path.into(),
            steps: Vec::new(),
            problem,
        }
        .into()
    }

    /// A value of `setting` refused because it is out of range.
    pub fn out_of_range(
        setting: Setting,
        value: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        ErrorKind::InvalidSetting {
            setting,
            value: value.into(),
            expected: expected.into(),
            reason: Invalid::OutOfRange,
        }
        .into()
    }

    /// A value of `setting` refused because it cannot be read.
    pub fn unparsable(
        setting: Setting,
        value: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        ErrorKind::InvalidSetting {
            setting,
            value: value.into(),
            expected: expected.into(),
            reason: Invalid::Unparsable,
        }
        .into()
    }

    /// Parts of a pipeline that do not fit together.
    pub fn inconsistent(what: impl Into<String>) -> Self {
        ErrorKind::Inconsistent(what.into()).into()
    }

    /// A training failure placed inside `step` (a fold, a grid point); other errors unchanged.
    pub fn in_step(self, step: TrainingStep) -> Self {
        match self.into_kind() {
            ErrorKind::Training {
                path,
                mut steps,
                problem,
            } => {
                steps.insert(0, step);
                ErrorKind::Training {
                    path,
                    steps,
                    problem,
                }
                .into()
            }
            other => other.into(),
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error(Box::new(kind))
    }
}

impl From<linfa::Error> for Error {
    fn from(err: linfa::Error) -> Self {
        ErrorKind::Linfa(err).into()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_one_pointer_wide() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn steps_nest_outermost_first() {
        let e = Error::training("t.csv", TrainingProblem::EmptyVocabulary { min_df: 3 })
            .in_step(TrainingStep::Fold { fold: 0, folds: 2 })
            .in_step(TrainingStep::GridPoint("c=1".into()));
        assert!(
            e.to_string()
                .starts_with("t.csv: grid point c=1: cross-validation fold 1 of 2: no term"),
            "{e}"
        );
        assert!(matches!(
            e.kind(),
            ErrorKind::Training {
                problem: TrainingProblem::EmptyVocabulary { min_df: 3 },
                ..
            }
        ));
    }

    #[test]
    fn positions_are_reported() {
        let e: Error = ErrorKind::NotUtf8 {
            path: "a.txt".into(),
            line: 4,
            byte: 17,
        }
        .into();
        assert_eq!(
            e.position(),
            Some(Position {
                line: 4,
                record: None,
                byte: Some(17)
            })
        );
        assert_eq!(e.path(), Some(Path::new("a.txt")));
    }
}
