//! Labelled sentences in memory, as reading, training and evaluation share them, and the rule by
//! which labels are compared.

use std::path::PathBuf;

/// Labelled sentences in memory, with where each came from (for error messages).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelledSet {
    /// The file they were read from.
    pub source: PathBuf,
    /// The sentences.
    pub texts: Vec<String>,
    /// One label per sentence (already normalised: trimmed, lower-case).
    pub labels: Vec<String>,
    /// The 1-based line (or record) each sentence started on.
    pub lines: Vec<u64>,
    /// Labels that Unicode normalisation changed beyond case and white space (invisible
    /// characters, full-width letters), once per distinct spelling: merging them with another
    /// label silently could hide a mistake, so they are reported by [`LabelledSet::warnings`].
    pub merged: Vec<DataWarning>,
    /// Which group (a mission, an outlet) each sentence belongs to, when the data has a group
    /// column (`Columns::group` in the input module); calibration folds keep a group together.
    pub groups: Option<Groups>,
}

/// The group of each sentence of a [`LabelledSet`], as one column of the data names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Groups {
    /// The column (or JSON field) the groups were read from.
    pub column: String,
    /// One value per sentence; an empty value puts the sentence in no group.
    pub values: Vec<String>,
}

impl LabelledSet {
    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The distinct labels in sorted order, and each sentence's index into them.
    pub fn label_indices(&self) -> (Vec<String>, Vec<usize>) {
        let mut labels = self.labels.clone();
        labels.sort();
        labels.dedup();
        let y = self
            .labels
            .iter()
            .map(|l| labels.binary_search(l).unwrap_or(0))
            .collect();
        (labels, y)
    }

    /// Things in the data that do not stop training but that the user should hear of, in line
    /// order.
    ///
    /// ```
    /// use stance::corpus::{DataWarning, LabelledSet};
    ///
    /// let data = LabelledSet {
    ///     source: "t.csv".into(),
    ///     texts: vec!["a".into(), "b".into(), "c".into()],
    ///     labels: vec!["neutral".into(), "neutral".into(), "nuetral".into()],
    ///     lines: vec![2, 3, 4],
    ///     merged: Vec::new(),
    ///     groups: None,
    /// };
    /// let warnings = data.warnings();
    /// assert!(matches!(&warnings[..], [DataWarning::SingleExample { line: 4, .. }]));
    /// assert_eq!(
    ///     warnings[0].to_string(),
    ///     "t.csv: line 4: the label 'nuetral' has only one example; add more examples of it \
    ///      or correct its spelling"
    /// );
    /// ```
    pub fn warnings(&self) -> Vec<DataWarning> {
        let mut first_line: std::collections::BTreeMap<&str, (u64, usize)> = Default::default();
        for (label, &line) in self.labels.iter().zip(&self.lines) {
            first_line.entry(label).or_insert((line, 0)).1 += 1;
        }
        let mut out: Vec<DataWarning> = first_line
            .into_iter()
            .filter(|(_, (_, n))| *n == 1)
            .map(|(label, (line, _))| DataWarning::SingleExample {
                path: self.source.clone(),
                line,
                label: label.to_string(),
            })
            .collect();
        out.extend(self.merged.iter().cloned());
        out.sort_by_key(|w| match w {
            DataWarning::SingleExample { line, .. } | DataWarning::Normalised { line, .. } => *line,
        });
        out
    }

    /// Records that `written`, at `line`, was normalised to `label` by more than case and white
    /// space (once per distinct spelling).
    pub fn note_merged(&mut self, line: u64, written: &str, label: &str) {
        let seen = self
            .merged
            .iter()
            .any(|w| matches!(w, DataWarning::Normalised { written: x, .. } if x == written));
        if !seen {
            self.merged.push(DataWarning::Normalised {
                path: self.source.clone(),
                line,
                written: written.to_string(),
                label: label.to_string(),
            });
        }
    }

    /// The subset at `indices`, in that order.
    pub fn subset(&self, indices: &[usize]) -> LabelledSet {
        LabelledSet {
            merged: Vec::new(),
            source: self.source.clone(),
            texts: indices.iter().map(|&i| self.texts[i].clone()).collect(),
            labels: indices.iter().map(|&i| self.labels[i].clone()).collect(),
            lines: indices.iter().map(|&i| self.lines[i]).collect(),
            groups: self.groups.as_ref().map(|g| Groups {
                column: g.column.clone(),
                values: indices.iter().map(|&i| g.values[i].clone()).collect(),
            }),
        }
    }

    /// Appends `other`'s sentences (training on several files). Groups are kept when either
    /// set has them, a sentence from a file without the column in no group; when the files
    /// name different columns, the first file's name is kept.
    pub fn append(&mut self, other: LabelledSet) {
        let before = self.len();
        let added = other.len();
        self.groups = match (self.groups.take(), other.groups) {
            (None, None) => None,
            (mine, theirs) => {
                let column = mine
                    .as_ref()
                    .or(theirs.as_ref())
                    .map(|g| g.column.clone())
                    .unwrap_or_default();
                let mut values = mine.map_or_else(|| vec![String::new(); before], |g| g.values);
                values.extend(theirs.map_or_else(|| vec![String::new(); added], |g| g.values));
                Some(Groups { column, values })
            }
        };
        self.texts.extend(other.texts);
        self.labels.extend(other.labels);
        self.lines.extend(other.lines);
        self.merged.extend(other.merged);
    }
}

/// Something in training data that does not stop training but that the user should hear of.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DataWarning {
    /// A label with a single example. The model is trained with it (a rare class is still a
    /// class), but one sentence is too little to learn it from, and a lone label is more often a
    /// misspelling than a real class.
    SingleExample {
        /// The training file.
        path: PathBuf,
        /// The example's line.
        line: u64,
        /// The label.
        label: String,
    },
    /// A label that Unicode normalisation changed beyond case and white space.
    Normalised {
        /// The training file.
        path: PathBuf,
        /// The first line with this spelling.
        line: u64,
        /// The label as written.
        written: String,
        /// The label it became.
        label: String,
    },
}

impl std::fmt::Display for DataWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataWarning::SingleExample { path, line, label } => write!(
                f,
                "{}: line {line}: the label '{label}' has only one example; add more examples of \
                 it or correct its spelling",
                path.display()
            ),
            DataWarning::Normalised {
                path,
                line,
                written,
                label,
            } => write!(
                f,
                "{}: line {line}: the label '{}' was read as '{label}' (invisible characters \
                 removed, compatibility forms such as full-width letters unified); fix the \
                 spelling if they were meant to differ",
                path.display(),
                written.escape_debug()
            ),
        }
    }
}

/// A label as training and evaluation compare it: Unicode compatibility forms unified (NFKC:
/// full-width `ｎｅｕｔｒａｌ` is `neutral`), format characters removed (a zero-width space), trimmed,
/// inner white space collapsed to one space, lower-cased.
///
/// ```
/// assert_eq!(stance::corpus::normalise_label("  Peace\tKeeping "), "peace keeping");
/// ```
pub fn normalise_label(label: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let unified: String = label.nfkc().filter(|c| !is_format_char(*c)).collect();
    plain_normalise(&unified)
}

/// The normalisation before Unicode forms are unified: white space and case only (what a label
/// written with plain letters goes through).
pub fn plain_normalise(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Unicode format characters (general category Cf): invisible, and never meant in a label
/// (zero-width spaces and joiners, direction marks, the byte-order mark, soft hyphens).
fn is_format_char(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}
