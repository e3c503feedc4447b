//! The library's error type.
//!
//! Every variant carries what went wrong and where (a file and a line or record where there is
//! one), so that the command-line tool can print a single line that a user can act on.

use std::path::PathBuf;

/// Everything that can go wrong in `stance`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or stream could not be read or written. The message ends with what to do about
    /// that kind of failure (see [`io_remedy`]).
    #[error("{path}: {action} failed: {source}; {}", io_remedy(.source))]
    Io {
        /// The file concerned (`-` for standard input or output).
        path: PathBuf,
        /// What was being done, e.g. "reading" or "renaming the temporary file into place".
        action: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A text input is not valid UTF-8.
    #[error("{path}: line {line}: the text is not valid UTF-8 (byte {byte}); convert it to UTF-8 or pass --lossy to replace bad bytes")]
    NotUtf8 {
        /// The file concerned.
        path: PathBuf,
        /// The 1-based line holding the first bad byte.
        line: u64,
        /// The 0-based byte offset of the first bad byte.
        byte: u64,
    },
    /// A CSV or JSONL input is malformed or does not hold what is needed.
    #[error("{path}: {location}{message}")]
    Input {
        /// The file concerned.
        path: PathBuf,
        /// Where in the file, e.g. "line 12: " (empty when the problem is the whole file).
        location: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// Training data cannot produce a model.
    #[error("{path}: {message}")]
    Training {
        /// The training file (or `<memory>` for data passed from Rust).
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A setting is out of its range. The command-line tool treats this as a usage error.
    #[error("invalid value '{value}' for {name}: give {expected}")]
    InvalidParameter {
        /// The setting's name as the command line spells it.
        name: &'static str,
        /// The value given.
        value: String,
        /// What would be accepted.
        expected: String,
    },
    /// A model file cannot be used.
    #[error("{path}: {message}")]
    Model {
        /// The model file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A report figure could not be drawn.
    #[error("{path}: drawing the figure failed: {message}")]
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
        "{path}: training on this would need about {} of memory ({basis}), more than the budget \
         of {}; train on less data, prune the vocabulary (--min-df, --max-features), or raise \
         --memory-budget",
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
    /// The optimiser failed.
    #[error("optimisation failed: {0}")]
    Optimisation(String),
    /// An error reported by linfa.
    #[error(transparent)]
    Linfa(#[from] linfa::Error),
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
    /// An I/O error on `path` while doing `action`.
    pub fn io(path: impl Into<PathBuf>, action: &'static str, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            action,
            source,
        }
    }

    /// A malformed input at `location` (for example `"line 4: "`) of `path`.
    pub fn input(
        path: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error::Input {
            path: path.into(),
            location: location.into(),
            message: message.into(),
        }
    }

    /// A model file problem.
    pub fn model(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Model {
            path: path.into(),
            message: message.into(),
        }
    }

    /// True when the error is a closed pipe on output, which a command-line tool treats as a
    /// request to stop quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
