//! Grid search: every combination of a few training settings, each scored by cross-validated
//! macro-F1 ([`crate::eval::validation::cross_validate`]), the best one first by mean.
//!
//! A grid is written `KEY=V1,V2,...;KEY=V1,...`, for example
//! `c=0.1,1,10;ngrams=1-1,1-2,1-3;min-df=1,2,3`. Keys are the `train` options that change the
//! model: `c`, `ngrams`, `min-df`, `max-df`, `max-features` (a count or `none`), `class-weight`
//! (`uniform` or `balanced`), `stem` and `negation` (`on` or `off`). Settings not in the grid keep
//! the values given on the command line (or `train`'s defaults). Every value is checked when the
//! grid is parsed, so a typo fails at once rather than after an hour of training.

use std::fmt;
use std::str::FromStr;

use crate::corpus::LabelledSet;
use crate::error::{Error, ErrorKind, Invalid, Result, Setting, TrainingStep};
use crate::eval::validation::{cross_validate_folds, FoldScheme, MetricSummary};
use crate::features::NgramRange;
use crate::model::ClassWeight;
use crate::pipeline::{TrainSettings, ValidTrainSettings};
use crate::progress::{start, Progress, Stage, SILENT};

/// A setting the grid can vary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridKey {
    /// Inverse regularisation strength `C`.
    C,
    /// N-gram range `MIN-MAX`.
    Ngrams,
    /// Minimum document frequency.
    MinDf,
    /// Maximum document share.
    MaxDf,
    /// Vocabulary cap (`none` for no cap).
    MaxFeatures,
    /// `uniform` or `balanced` class weights.
    ClassWeight,
    /// Stemming `on` or `off`.
    Stem,
    /// Negation marking `on` or `off`.
    Negation,
    /// The style penalty ([`crate::model::LogisticParams::style_penalty`]).
    StylePenalty,
}

const KEYS: [(&str, GridKey); 9] = [
    ("c", GridKey::C),
    ("ngrams", GridKey::Ngrams),
    ("min-df", GridKey::MinDf),
    ("max-df", GridKey::MaxDf),
    ("max-features", GridKey::MaxFeatures),
    ("class-weight", GridKey::ClassWeight),
    ("stem", GridKey::Stem),
    ("negation", GridKey::Negation),
    ("style-penalty", GridKey::StylePenalty),
];

impl GridKey {
    /// The key as the grid spells it.
    pub fn name(self) -> &'static str {
        KEYS.iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(name, _)| name)
    }

    /// Parses `value` and writes it into `settings`.
    fn apply(self, value: &str, settings: &mut TrainSettings) -> Result<()> {
        let bad = |expected: &str| grid_error(format!("{}={value}", self.name()), expected);
        let count = || value.parse::<usize>().map_err(|_| bad("a whole number"));
        let number = || value.parse::<f64>().map_err(|_| bad("a number"));
        let flag = || match value {
            "on" | "true" | "yes" => Ok(true),
            "off" | "false" | "no" => Ok(false),
            _ => Err(bad("on or off")),
        };
        match self {
            GridKey::C => settings.model.c = number()?,
            GridKey::StylePenalty => settings.model.style_penalty = number()?,
            GridKey::Ngrams => {
                // Out of range is refused here too, with the same words as the check below.
                let range = value.parse::<NgramRange>().map_err(|e| match e.kind() {
                    ErrorKind::InvalidSetting {
                        reason: Invalid::OutOfRange,
                        ..
                    } => bad(NgramRange::EXPECTED_RANGE),
                    _ => bad(NgramRange::EXPECTED_FORM),
                })?;
                settings.features.set_ngrams(range);
            }
            GridKey::MinDf => settings.features.min_df = count()?,
            GridKey::MaxDf => settings.features.max_df = number()?,
            GridKey::MaxFeatures => {
                settings.features.max_features = match value {
                    "none" => None,
                    _ => Some(count()?),
                }
            }
            GridKey::ClassWeight => {
                // Explicit LABEL=W lists use the grid's own separators, so only the two named
                // schemes can be searched.
                settings.model.class_weight = match value {
                    "uniform" | "balanced" => ClassWeight::from_str(value)?,
                    _ => return Err(bad("uniform or balanced")),
                }
            }
            GridKey::Stem => settings.tokenizer.stem = flag()?,
            GridKey::Negation => {
                settings.tokenizer.negation = value
                    .parse()
                    .map_err(|_| bad("on, off, marked, clauses or additive"))?
            }
        }
        Ok(())
    }
}

fn grid_error(value: impl Into<String>, expected: impl Into<String>) -> Error {
    Error::unparsable(Setting::Grid, value, expected)
}

/// A parsed, checked grid: keys in the order written, each with its values in the order written.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    axes: Vec<(GridKey, Vec<String>)>,
}

impl FromStr for Grid {
    type Err = Error;

    /// Parses `KEY=V1,V2;KEY=...` (spaces around separators are ignored; a trailing `;` is
    /// allowed).
    ///
    /// ```
    /// use stance::eval::tune::Grid;
    /// let grid: Grid = "c=0.1,1,10; ngrams=1-1,1-2".parse()?;
    /// assert_eq!(grid.len(), 6);
    /// assert!("c=".parse::<Grid>().is_err());
    /// assert!("alpha=1".parse::<Grid>().is_err());
    /// # Ok::<(), stance::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let mut axes: Vec<(GridKey, Vec<String>)> = Vec::new();
        let names = KEYS.map(|(n, _)| n).join(", ");
        for item in s.split(';').map(str::trim).filter(|i| !i.is_empty()) {
            let (key, values) = item
                .split_once('=')
                .ok_or_else(|| grid_error(item, "KEY=V1,V2,... items separated by ';'"))?;
            let key = key.trim().to_lowercase().replace('_', "-");
            let key = KEYS
                .iter()
                .find(|(n, _)| *n == key)
                .map(|(_, k)| *k)
                .ok_or_else(|| grid_error(item, format!("a key among {names}")))?;
            if axes.iter().any(|(k, _)| *k == key) {
                return Err(grid_error(item, format!("{} given once", key.name())));
            }
            let values: Vec<String> = values.split(',').map(|v| v.trim().to_string()).collect();
            if values.iter().any(String::is_empty) {
                return Err(grid_error(
                    item,
                    format!("non-empty values separated by ',', e.g. {}=1,2", key.name()),
                ));
            }
            for v in &values {
                // Check each value alone against the defaults, so that the message names it.
                let mut probe = TrainSettings::default();
                key.apply(v, &mut probe)?;
                probe.check().map_err(|e| match e.into_kind() {
                    ErrorKind::InvalidSetting { expected, .. } => {
                        grid_error(format!("{}={v}", key.name()), expected)
                    }
                    other => other.into(),
                })?;
            }
            axes.push((key, values));
        }
        if axes.is_empty() {
            return Err(grid_error(
                s,
                format!("at least one KEY=V1,V2,... item; keys: {names}"),
            ));
        }
        Ok(Grid { axes })
    }
}

/// One combination of grid values.
#[derive(Debug, Clone, PartialEq)]
pub struct GridPoint {
    /// The grid's values, e.g. `c=1 ngrams=1-2`.
    pub label: String,
    /// The full training settings, checked.
    pub settings: ValidTrainSettings,
}

impl Grid {
    /// Number of combinations.
    pub fn len(&self) -> usize {
        self.axes.iter().map(|(_, v)| v.len()).product()
    }

    /// Always false: a parsed grid has at least one value per key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every combination applied to `base`, the last key varying fastest.
    pub fn points(&self, base: &ValidTrainSettings) -> Result<Vec<GridPoint>> {
        let mut points = vec![(String::new(), TrainSettings::clone(base))];
        for (key, values) in &self.axes {
            let mut next = Vec::with_capacity(points.len() * values.len());
            for (label, settings) in &points {
                for v in values {
                    let mut settings = settings.clone();
                    key.apply(v, &mut settings)?;
                    let sep = if label.is_empty() { "" } else { " " };
                    next.push((format!("{label}{sep}{}={v}", key.name()), settings));
                }
            }
            points = next;
        }
        points
            .into_iter()
            .map(|(label, settings)| {
                Ok(GridPoint {
                    label,
                    settings: settings.check()?,
                })
            })
            .collect()
    }
}

impl fmt::Display for Grid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items: Vec<String> = self
            .axes
            .iter()
            .map(|(k, v)| format!("{}={}", k.name(), v.join(",")))
            .collect();
        f.write_str(&items.join(";"))
    }
}

/// One grid point's cross-validated scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Trial {
    /// The grid point.
    pub point: GridPoint,
    /// Macro-F1 across folds.
    pub macro_f1: MetricSummary,
    /// Accuracy across folds.
    pub accuracy: MetricSummary,
}

/// The outcome of a grid search.
#[derive(Debug, Clone, PartialEq)]
pub struct Tuning {
    /// Number of folds.
    pub k: usize,
    /// The column whose groups each fold kept whole; `None` for stratified folds.
    pub grouped_by: Option<String>,
    /// Every trial, in grid order.
    pub trials: Vec<Trial>,
    /// Index of the trial with the highest mean macro-F1 (the first one on a tie).
    pub best: usize,
}

impl Tuning {
    /// The best trial.
    pub fn best(&self) -> &Trial {
        &self.trials[self.best]
    }
}

/// Cross-validates every grid point on `data` with `k` folds (the same folds for every point,
/// from `base.seed`), calling `on_trial` after each, and picks the highest mean macro-F1.
pub fn grid_search(
    data: &LabelledSet,
    grid: &Grid,
    base: &ValidTrainSettings,
    k: usize,
    on_trial: impl FnMut(&Trial),
) -> Result<Tuning> {
    grid_search_with_progress(data, grid, base, k, on_trial, SILENT)
}

/// [`grid_search`], reporting the settings done as [`Stage::Tuning`] (and each setting's
/// cross-validation) to `progress`.
pub fn grid_search_with_progress(
    data: &LabelledSet,
    grid: &Grid,
    base: &ValidTrainSettings,
    k: usize,
    on_trial: impl FnMut(&Trial),
    progress: Progress<'_>,
) -> Result<Tuning> {
    let folds = (k, FoldScheme::Stratified);
    grid_search_folds(data, grid, base, folds, on_trial, progress)
}

/// [`grid_search_with_progress`] with the folds dealt by `scheme`
/// ([`crate::eval::validation::cross_validate_folds`]): with [`FoldScheme::Grouped`] every
/// setting is judged by how it does on groups (missions, outlets) its models never saw.
pub fn grid_search_folds(
    data: &LabelledSet,
    grid: &Grid,
    base: &ValidTrainSettings,
    (k, scheme): (usize, FoldScheme),
    mut on_trial: impl FnMut(&Trial),
    progress: Progress<'_>,
) -> Result<Tuning> {
    let points = grid.points(base)?;
    let mut trials = Vec::with_capacity(points.len());
    // Every point's cross-validation deals the same folds; each says what they kept whole.
    let mut grouped_by = None;
    let advance = start(progress, Stage::Tuning, points.len() as u64);
    for point in points {
        let cv = cross_validate_folds(data, &point.settings, (k, scheme), progress)
            .map_err(|e| e.in_step(TrainingStep::GridPoint(point.label.clone())))?;
        grouped_by = cv.grouped_by.clone();
        // Assessment::scalar_metrics always lists accuracy and macro-F1, so both are present.
        let metric = |name: &str| cv.metric(name).cloned().expect("always measured");
        let trial = Trial {
            macro_f1: metric("macro_f1"),
            accuracy: metric("accuracy"),
            point,
        };
        on_trial(&trial);
        trials.push(trial);
        advance(trials.len() as u64);
    }
    let best = (0..trials.len())
        .reduce(|best, i| {
            if trials[i].macro_f1.mean > trials[best].macro_f1.mean {
                i
            } else {
                best
            }
        })
        .unwrap_or(0);
    Ok(Tuning {
        k,
        grouped_by,
        trials,
        best,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::tests::tiny;

    fn err(grid: &str) -> String {
        grid.parse::<Grid>().unwrap_err().to_string()
    }

    #[test]
    fn parses_every_key_and_expands_in_order() {
        let grid: Grid =
            "c=0.1,1;ngrams=1-1,1-3;min-df=1;max-df=0.9;max-features=none,500;class-weight=balanced;stem=off;negation=on;style-penalty=2;"
                .parse()
                .unwrap();
        assert_eq!(grid.len(), 8);
        let points = grid.points(&ValidTrainSettings::default()).unwrap();
        assert_eq!(points.len(), 8);
        assert_eq!(
            points[0].label,
            "c=0.1 ngrams=1-1 min-df=1 max-df=0.9 max-features=none class-weight=balanced stem=off negation=on style-penalty=2"
        );
        let last = &points[7].settings;
        assert_eq!(last.model.c, 1.0);
        assert_eq!((last.features.ngram_min, last.features.ngram_max), (1, 3));
        assert_eq!(last.features.max_features, Some(500));
        assert_eq!(last.model.class_weight, ClassWeight::Balanced);
        assert_eq!(last.model.style_penalty, 2.0);
        assert!(!last.tokenizer.stem && last.tokenizer.negation.is_on());
        assert_eq!(grid.to_string().parse::<Grid>().unwrap(), grid);
    }

    #[test]
    fn settings_outside_the_grid_come_from_the_base() {
        let mut base = TrainSettings::default();
        base.features.min_df = 1;
        base.model.max_iter = 77;
        let points = "c=3"
            .parse::<Grid>()
            .unwrap()
            .points(&base.check().unwrap())
            .unwrap();
        assert_eq!(points[0].settings.features.min_df, 1);
        assert_eq!(points[0].settings.model.max_iter, 77);
        assert_eq!(points[0].settings.model.c, 3.0);
    }

    #[test]
    fn bad_grids_are_explained() {
        assert!(err("").contains("at least one KEY="));
        assert!(err("c").contains("KEY=V1,V2"));
        assert!(err("alpha=1").contains("a key among c, ngrams"));
        assert!(err("c=1,,2").contains("non-empty values"));
        assert!(err("c=1;c=2").contains("c given once"));
        assert!(err("c=abc").contains("c=abc"));
        assert!(err("c=-1").contains("greater than 0"));
        assert!(err("ngrams=3-1").contains("ngrams=3-1"));
        assert!(err("ngrams=x").contains("MIN-MAX"));
        assert!(err("min-df=1.5").contains("whole number"));
        assert!(err("stem=maybe").contains("on or off"));
        assert!(err("class-weight=neutral=2").contains("uniform or balanced"));
    }

    #[test]
    fn search_picks_the_best_mean_macro_f1() {
        let mut base = TrainSettings::default();
        base.features.min_df = 1;
        let grid: Grid = "c=0.01,10".parse().unwrap();
        let mut seen = 0;
        let tuning = grid_search(&tiny(), &grid, &base.check().unwrap(), 2, |_| seen += 1).unwrap();
        assert_eq!((seen, tuning.trials.len(), tuning.k), (2, 2, 2));
        let best = tuning.best();
        assert!(tuning
            .trials
            .iter()
            .all(|t| t.macro_f1.mean <= best.macro_f1.mean));
        assert_eq!(best.macro_f1.folds.len(), 2);
    }

    #[test]
    fn grouped_search_judges_every_setting_on_whole_groups() {
        let mut data = tiny();
        // Four groups, each with one sentence of every label.
        data.groups = Some(crate::corpus::Groups {
            column: "mission".into(),
            values: (0..data.len()).map(|i| format!("g{}", i % 4)).collect(),
        });
        let mut base = TrainSettings::default();
        base.features.min_df = 1;
        let base = base.check().unwrap();
        let grid: Grid = "c=0.1,10".parse().unwrap();
        let folds = (2, FoldScheme::Grouped);
        let tuning = grid_search_folds(&data, &grid, &base, folds, |_| {}, SILENT).unwrap();
        assert_eq!(tuning.grouped_by.as_deref(), Some("mission"));
        for trial in &tuning.trials {
            let cv = cross_validate_folds(&data, &trial.point.settings, folds, SILENT).unwrap();
            assert_eq!(trial.macro_f1, *cv.metric("macro_f1").unwrap());
        }
        let plain = grid_search(&data, &grid, &base, 2, |_| {}).unwrap();
        assert_eq!(plain.grouped_by, None);
    }

    #[test]
    fn search_reports_each_setting_and_its_folds() {
        use crate::progress::{tests::Recorder, Stage};
        let mut base = TrainSettings::default();
        base.features.min_df = 1;
        let grid: Grid = "c=0.1,1,10".parse().unwrap();
        let recorder = Recorder::default();
        let report = |s| recorder.report(s);
        let base = base.check().unwrap();
        grid_search_with_progress(&tiny(), &grid, &base, 2, |_| {}, &report).unwrap();
        assert_eq!(recorder.runs(Stage::Tuning), [vec![0, 1, 2, 3]]);
        assert_eq!(
            recorder.runs(Stage::CrossValidating),
            vec![vec![0, 1, 2]; 3]
        );
        assert_eq!(recorder.runs(Stage::Fitting).len(), 6);
    }
}
