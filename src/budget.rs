//! The memory budget for training: estimates of how much memory training will need, checked
//! before that memory is allocated.
//!
//! Training holds the whole corpus in memory, and its largest structures grow with the number of
//! distinct n-grams and with vocabulary × labels. Without a check, a corpus too large for the
//! machine ends with the operating system killing the process, which tells the user nothing and
//! may take other programs with it. So training estimates its peak twice and refuses, with
//! [`ErrorKind::MemoryBudget`], when an estimate exceeds the budget:
//!
//! 1. **Before reading the file**, from its size `B` in bytes ([`corpus_estimate`]):
//!
//!    ```text
//!    64 MiB + B × (8 + 8 × n)        n = number of n-gram lengths (ngram_max − ngram_min + 1)
//!    ```
//!
//!    The text is held about three times over while it is read, parsed and tokenised (8 bytes per
//!    byte, rounding up), and every token (about 5 bytes of text) produces `n` n-gram keys, each
//!    costing about 40 bytes in the document-frequency table and the sparse matrix while the
//!    vocabulary is built (8 bytes per byte per n-gram length). The 64 MiB cover the program,
//!    its thread stacks and the allocator. On a synthetic corpus with a Zipfian vocabulary of
//!    100,000 words (random word sequences, so more distinct bigrams than real prose) the measured
//!    peaks were 213 MB for a 10 MB file and 705 MB for a 40 MB file, against estimates of 307 MB
//!    and 1,027 MB: the estimate errs on the safe side.
//!
//! 2. **Before fitting**, when the vocabulary size `V`, the number of labels `K`, the number of
//!    non-zero features `Z` and the text bytes `T` are known ([`fit_estimate`]):
//!
//!    ```text
//!    64 MiB + 2 × T + 16 × Z + 28 × 8 × (V + 1) × K
//!           [+ 8 × Z + 8 × (V + 1) + 8 × N × K    when Z ≤ 2^24]
//!    ```
//!
//!    The texts stay in memory (a caller that hands them over, as `stance train` does, frees
//!    them first), the sparse matrix costs 8 bytes per non-zero (16 leaves room for the row being
//!    built), and the optimiser keeps ten pairs of update vectors in `f32` (ten vectors' worth),
//!    five working vectors and a partial gradient, about 16 vectors of `(V + 1) × K`
//!    numbers; 28 leaves room for the allocator and the model being assembled. A matrix of at
//!    most 2^24 non-zeros also gets a column-major copy for the gradient (8 bytes per non-zero
//!    and per column) and the residuals of its `N` rows (see `model::TRANSPOSE_UP_TO`).
//!    This is the check that stops a label column holding an identifier (one label per row) from
//!    asking for a weight table of vocabulary × rows.

use std::path::{Path, PathBuf};

use crate::corpus::LabelledSet;
use crate::error::{ErrorKind, Result};
use crate::features::FeatureSettings;
use crate::input::{self, Columns, Labelled, LabelledFormat, Unlabelled, Utf8Policy};
use crate::progress::{start, Progress, Stage, SILENT};
use crate::units::human_bytes;

/// One mebibyte.
const MIB: u64 = 1 << 20;

/// What the program itself needs whatever the corpus: code, thread stacks, allocator slack.
const FIXED_OVERHEAD: u64 = 64 * MIB;

/// Vectors of `(V + 1) × K` numbers budgeted for the optimiser: about 16 are live (history of
/// ten `f32` pairs, five working vectors, a partial gradient), the rest is headroom.
const OPTIMISER_VECTORS: u64 = 28;

/// A limit on the memory training may use, in bytes.
///
/// ```
/// use stance::budget::MemoryBudget;
///
/// let budget: MemoryBudget = "512MiB".parse().unwrap();
/// assert_eq!(budget.bytes(), 512 << 20);
/// assert_eq!(MemoryBudget::default().bytes(), 4 << 30);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryBudget {
    bytes: u64,
}

impl Default for MemoryBudget {
    /// 4 GiB: more than the bundled corpus needs by a factor of a hundred, and less than the
    /// memory of any machine that can reasonably train on a large corpus.
    fn default() -> Self {
        MemoryBudget { bytes: 4 << 30 }
    }
}

impl MemoryBudget {
    /// A budget of `bytes`.
    pub fn new(bytes: u64) -> Self {
        MemoryBudget { bytes }
    }

    /// No limit.
    pub fn unlimited() -> Self {
        MemoryBudget { bytes: u64::MAX }
    }

    /// The budget in bytes.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The largest corpus file, in bytes, whose [`corpus_estimate`] fits the budget.
    pub fn largest_corpus(&self, features: &FeatureSettings) -> u64 {
        self.bytes.saturating_sub(FIXED_OVERHEAD) / per_byte(features)
    }

    /// Refuses a corpus of `bytes` bytes (a file about to be read, or texts about to be
    /// vectorised) whose estimate exceeds the budget. `path` names it in the message.
    pub fn check_corpus(&self, path: &Path, bytes: u64, features: &FeatureSettings) -> Result<()> {
        let estimate = corpus_estimate(bytes, features);
        self.check(path, estimate, || {
            format!(
                "{} of text with {}-{} grams",
                human_bytes(bytes),
                features.ngram_min,
                features.ngram_max
            )
        })
    }

    /// Refuses a fit whose [`fit_estimate`] exceeds the budget.
    pub fn check_fit(&self, path: &Path, shape: &FitShape) -> Result<()> {
        self.check(path, fit_estimate(shape), || {
            format!(
                "{} features × {} labels, {} non-zero values",
                shape.features, shape.labels, shape.nonzeros
            )
        })
    }

    fn check(&self, path: &Path, estimate: u64, basis: impl FnOnce() -> String) -> Result<()> {
        if estimate <= self.bytes {
            return Ok(());
        }
        Err(ErrorKind::MemoryBudget {
            path: path.to_path_buf(),
            estimate,
            budget: self.bytes,
            basis: basis(),
        }
        .into())
    }
}

impl std::str::FromStr for MemoryBudget {
    type Err = String;

    /// Parses a size: a whole number of bytes, optionally followed by `K`, `M`, `G` or `T`
    /// (each 1024 times the previous, with or without `iB` or `B`, any case), e.g. `4GiB`, `512M`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let t = s.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (number, unit) = t.split_at(split);
        let shift = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 0,
            "k" | "kb" | "kib" => 10,
            "m" | "mb" | "mib" => 20,
            "g" | "gb" | "gib" => 30,
            "t" | "tb" | "tib" => 40,
            _ => {
                return Err(format!(
                    "'{s}' has an unknown unit; use e.g. 4GiB or 512MiB"
                ))
            }
        };
        let n: u64 = number
            .parse()
            .map_err(|_| format!("'{s}' is not a size; use e.g. 4GiB or 512MiB"))?;
        let bytes = n
            .checked_mul(1u64 << shift)
            .ok_or_else(|| format!("'{s}' is too large"))?;
        if bytes == 0 {
            return Err("the budget must be more than 0 bytes".into());
        }
        Ok(MemoryBudget { bytes })
    }
}

/// What the second estimate is computed from: the training problem's shape after vectorising.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FitShape {
    /// Bytes of training text still held.
    pub text_bytes: u64,
    /// Non-zero values in the training matrix.
    pub nonzeros: u64,
    /// Vocabulary size.
    pub features: u64,
    /// Number of labels.
    pub labels: u64,
    /// Number of training rows.
    pub rows: u64,
}

/// Memory per byte of corpus while the vocabulary is built (see the module documentation).
fn per_byte(features: &FeatureSettings) -> u64 {
    let lengths = features.ngram_max.saturating_sub(features.ngram_min) as u64 + 1;
    8 + 8 * lengths
}

/// The estimated peak memory, in bytes, of reading and vectorising a corpus of `bytes` bytes.
pub fn corpus_estimate(bytes: u64, features: &FeatureSettings) -> u64 {
    FIXED_OVERHEAD.saturating_add(bytes.saturating_mul(per_byte(features)))
}

/// The estimated peak memory, in bytes, of fitting a problem of this shape.
pub fn fit_estimate(shape: &FitShape) -> u64 {
    let weights = shape
        .features
        .saturating_add(1)
        .saturating_mul(shape.labels)
        .saturating_mul(8 * OPTIMISER_VECTORS);
    let transposed = if crate::model::transposes(shape.nonzeros) {
        shape
            .nonzeros
            .saturating_add(shape.features.saturating_add(1))
            .saturating_add(shape.rows.saturating_mul(shape.labels))
            .saturating_mul(8)
    } else {
        0
    };
    FIXED_OVERHEAD
        .saturating_add(shape.text_bytes.saturating_mul(2))
        .saturating_add(shape.nonzeros.saturating_mul(16))
        .saturating_add(weights)
        .saturating_add(transposed)
}

/// Reads a labelled file for training or evaluation (CSV, or JSON Lines and the annotation
/// exports by their extension, as [`LabelledFormat::from_path`] tells), refusing it before
/// reading it whole when training on it
/// would exceed `budget` (see [`crate::budget`]): a regular file is judged by its size before
/// anything is read, standard input or a pipe by what has been read once that is too much.
pub fn read_labelled_within(
    path: &Path,
    columns: &Columns,
    policy: Utf8Policy,
    budget: &MemoryBudget,
    features: &FeatureSettings,
) -> Result<LabelledSet> {
    if let Some(size) = input::regular_file_size(path) {
        budget.check_corpus(&input::display(path), size, features)?;
    }
    let (bytes, more) = input::read_at_most(path, budget.largest_corpus(features))?;
    if more {
        // More than the budget allows has arrived; the estimate for one byte more says so.
        budget.check_corpus(&input::display(path), bytes.len() as u64 + 1, features)?;
    }
    let format = LabelledFormat::from_path(path);
    let labelled =
        input::parse_labelled_as(&bytes, path, format, columns, policy, Unlabelled::Refuse);
    Ok(labelled?.set)
}

/// Reads training data from one or more labelled files (each in `format`, or the format its
/// name implies), skipping and counting rows without a label, within `budget` as
/// [`read_labelled_within`] does for one file: the files' total size is checked before any is
/// read, and each is read only up to what the budget has left. A file given twice is refused
/// ([`input::refuse_repeated_inputs`]).
pub fn read_training_within(
    paths: &[PathBuf],
    format: Option<LabelledFormat>,
    columns: &Columns,
    policy: Utf8Policy,
    budget: &MemoryBudget,
    features: &FeatureSettings,
) -> Result<Labelled> {
    read_training_with_progress(paths, format, columns, policy, budget, features, SILENT)
}

/// [`read_training_within`], reporting the files read as [`Stage::Reading`] to `progress`.
pub fn read_training_with_progress(
    paths: &[PathBuf],
    format: Option<LabelledFormat>,
    columns: &Columns,
    policy: Utf8Policy,
    budget: &MemoryBudget,
    features: &FeatureSettings,
    progress: Progress<'_>,
) -> Result<Labelled> {
    let name = |paths: &[PathBuf]| -> PathBuf {
        let names: Vec<String> = paths
            .iter()
            .map(|p| input::display(p).display().to_string())
            .collect();
        PathBuf::from(names.join(" + "))
    };
    input::refuse_repeated_inputs(paths)?;
    let sizes: Option<u64> = paths.iter().map(|p| input::regular_file_size(p)).sum();
    if let Some(total) = sizes {
        budget.check_corpus(&name(paths), total, features)?;
    }
    let mut out = Labelled::default();
    let mut read = 0u64;
    let advance = start(progress, Stage::Reading, paths.len() as u64);
    for (done, path) in (1..).zip(paths) {
        let left = budget.largest_corpus(features).saturating_sub(read);
        let (bytes, more) = input::read_at_most(path, left)?;
        read += bytes.len() as u64;
        if more {
            budget.check_corpus(&name(paths), read + 1, features)?;
        }
        let format = format.unwrap_or_else(|| LabelledFormat::from_path(path));
        let part =
            input::parse_labelled_as(&bytes, path, format, columns, policy, Unlabelled::Skip)?;
        advance(done);
        if out.set.is_empty() && out.unlabelled == 0 {
            out = part;
            continue;
        }
        out.unlabelled += part.unlabelled;
        out.set.append(part.set);
    }
    if paths.len() > 1 {
        out.set.source = name(paths);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_binary_units() {
        let parse = |s: &str| s.parse::<MemoryBudget>().map(|b| b.bytes());
        assert_eq!(parse("1000"), Ok(1000));
        assert_eq!(parse("4GiB"), Ok(4 << 30));
        assert_eq!(parse("4g"), Ok(4 << 30));
        assert_eq!(parse("512 MB"), Ok(512 << 20));
        assert_eq!(parse("64k"), Ok(64 << 10));
        assert!(parse("").is_err());
        assert!(parse("0").is_err());
        assert!(parse("-1G").is_err());
        assert!(parse("4 furlongs").is_err());
        assert!(parse("99999999999T").is_err());
    }

    #[test]
    fn estimates_grow_with_the_corpus_and_the_ngram_range() {
        let bigrams = FeatureSettings::default();
        let trigrams = FeatureSettings {
            ngram_max: 3,
            ..Default::default()
        };
        assert_eq!(corpus_estimate(0, &bigrams), FIXED_OVERHEAD);
        assert_eq!(
            corpus_estimate(10 << 20, &bigrams),
            FIXED_OVERHEAD + 240 * MIB
        );
        assert!(corpus_estimate(10 << 20, &trigrams) > corpus_estimate(10 << 20, &bigrams));
        assert_eq!(corpus_estimate(u64::MAX, &bigrams), u64::MAX);
    }

    #[test]
    fn largest_corpus_is_the_inverse_of_the_estimate() {
        let features = FeatureSettings::default();
        let budget = MemoryBudget::default();
        let largest = budget.largest_corpus(&features);
        assert!(corpus_estimate(largest, &features) <= budget.bytes());
        assert!(corpus_estimate(largest + 1, &features) > budget.bytes());
        assert_eq!(MemoryBudget::new(1).largest_corpus(&features), 0);
    }

    #[test]
    fn refusals_name_the_file_the_estimate_and_the_budget() {
        let budget = MemoryBudget::new(100 * MIB);
        let features = FeatureSettings::default();
        assert!(budget
            .check_corpus(Path::new("t.csv"), 1 << 20, &features)
            .is_ok());
        let e = budget
            .check_corpus(Path::new("t.csv"), 50 << 20, &features)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t.csv: "), "{e}");
        assert!(
            e.contains("1.2 GiB")
                && e.contains("100.0 MiB")
                && e.contains("raise the memory budget"),
            "{e}"
        );
        // One label per row: the weight table, not the text, is what does not fit.
        let shape = FitShape {
            text_bytes: 1 << 20,
            nonzeros: 100_000,
            features: 50_000,
            labels: 10_000,
            rows: 20_000,
        };
        let e = budget
            .check_fit(Path::new("t.csv"), &shape)
            .unwrap_err()
            .to_string();
        assert!(e.contains("50000 features × 10000 labels"), "{e}");
    }

    #[test]
    fn a_matrix_small_enough_to_transpose_is_budgeted_with_its_copy() {
        let shape = |nonzeros: u64| FitShape {
            text_bytes: 0,
            nonzeros,
            features: 1000,
            labels: 3,
            rows: 100,
        };
        let plain = |s: &FitShape| {
            FIXED_OVERHEAD + 16 * s.nonzeros + 8 * OPTIMISER_VECTORS * (s.features + 1) * s.labels
        };
        let small = shape(1 << 20);
        assert_eq!(
            fit_estimate(&small),
            plain(&small) + 8 * ((1 << 20) + 1001 + 300)
        );
        let large = shape((1 << 24) + 1);
        assert_eq!(fit_estimate(&large), plain(&large));
    }

    #[test]
    fn human_bytes_picks_a_readable_unit() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(4 << 30), "4.0 GiB");
        assert_eq!(human_bytes(u64::MAX), "16384.0 PiB");
    }

    #[test]
    fn training_data_over_the_memory_budget_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "text,label\nsome words here,a\nother words,b\n").unwrap();
        let read = |budget: MemoryBudget| {
            let (columns, features) = (Columns::default(), FeatureSettings::default());
            read_labelled_within(&path, &columns, Utf8Policy::Strict, &budget, &features)
        };
        assert_eq!(read(MemoryBudget::default()).unwrap().len(), 2);
        let e = read(MemoryBudget::new(1 << 20)).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::MemoryBudget { .. }), "{e}");
        assert!(e.to_string().contains("t.csv") && e.to_string().contains("1.0 MiB"));
    }

    #[test]
    fn several_files_are_read_together_within_one_budget() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("a.csv");
        let jsonl = dir.path().join("b.jsonl");
        std::fs::write(&csv, "text,label\nsome words here,a\nnot yet,\n").unwrap();
        std::fs::write(&jsonl, "{\"text\": \"other words\", \"label\": [\"b\"]}\n").unwrap();
        let paths = [csv, jsonl];
        let read = |budget: MemoryBudget| {
            let (columns, features) = (Columns::default(), FeatureSettings::default());
            let policy = Utf8Policy::Strict;
            read_training_within(&paths, None, &columns, policy, &budget, &features)
        };
        let data = read(MemoryBudget::default()).unwrap();
        assert_eq!(data.set.labels, ["a", "b"]);
        assert_eq!(data.unlabelled, 1);
        assert!(data.set.source.to_string_lossy().contains(" + "));
        let e = read(MemoryBudget::new(1 << 20)).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::MemoryBudget { .. }), "{e}");
        let recorder = crate::progress::tests::Recorder::default();
        let report = |s| recorder.report(s);
        let (columns, features) = (Columns::default(), FeatureSettings::default());
        let (policy, budget) = (Utf8Policy::Strict, MemoryBudget::default());
        read_training_with_progress(&paths, None, &columns, policy, &budget, &features, &report)
            .unwrap();
        assert_eq!(recorder.runs(Stage::Reading), [vec![0, 1, 2]]);
        // A file given twice would be trained on twice.
        let twice = [paths[0].clone(), paths[0].clone()];
        let e = read_training_within(&twice, None, &columns, policy, &budget, &features);
        assert!(e.unwrap_err().to_string().contains("given twice"));
        // One labelled file, for evaluation, is read by its name: JSON Lines here.
        let one = read_labelled_within(&paths[1], &columns, policy, &budget, &features).unwrap();
        assert_eq!(one.labels, ["b"]);
    }
}
