//! Progress of the long tasks (reading and training, calibration, cross-validation, grid
//! search), reported as [`Step`]s to a callback, so that a front end can draw a bar with a total,
//! a percentage and the time left. The library draws nothing itself, and the functions without a
//! progress argument pass [`SILENT`].
//!
//! Stages nest ([`Stage::depth`]): a grid search runs one cross-validation per setting, each
//! fold of which trains a model, whose training counts terms and then fits. Each run of a stage
//! reports `done = 0` when it starts and then after every unit, `done` never going down and the
//! last report of a run having `done == total`.
//!
//! ```
//! use std::sync::Mutex;
//! use stance::progress::{Stage, Step};
//!
//! let seen = Mutex::new(Vec::new());
//! let report = |step: Step| seen.lock().unwrap().push(step);
//! // A library function taking `&report` as its progress argument reports through it.
//! report(Step { stage: Stage::CrossValidating, done: 1, total: 5 });
//! assert_eq!(seen.lock().unwrap()[0].to_string(), "cross-validation fold 1/5");
//! ```

use std::fmt;

/// A stage of a long task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// Reading labelled files; counts files.
    Reading,
    /// Tokenising sentences and counting their terms; counts sentences.
    Counting,
    /// Fitting the model; counts optimiser iterations against the iteration cap (a fit that
    /// converges before the cap reports the cap as done when it ends).
    Fitting,
    /// Training the models of an out-of-fold calibration; counts folds.
    Calibrating,
    /// Cross-validating; counts folds.
    CrossValidating,
    /// A grid search; counts settings.
    Tuning,
}

impl Stage {
    /// What the stage does, for people: `fitting`, `cross-validation fold`, ...
    pub fn name(self) -> &'static str {
        match self {
            Stage::Reading => "reading",
            Stage::Counting => "counting terms",
            Stage::Fitting => "fitting",
            Stage::Calibrating => "calibration fold",
            Stage::CrossValidating => "cross-validation fold",
            Stage::Tuning => "setting",
        }
    }

    /// The unit `done` and `total` count, when the name does not say it (`files`, `sentences`,
    /// `iterations`; empty for the stages counted in folds and settings).
    pub fn unit(self) -> &'static str {
        match self {
            Stage::Reading => "files",
            Stage::Counting => "sentences",
            Stage::Fitting => "iterations",
            Stage::Calibrating | Stage::CrossValidating | Stage::Tuning => "",
        }
    }

    /// How deep the stage nests: 0 for a grid search, 1 for the folds it (or training with
    /// calibration) runs, 2 for the stages of training one model.
    pub fn depth(self) -> usize {
        match self {
            Stage::Tuning => 0,
            Stage::Calibrating | Stage::CrossValidating => 1,
            Stage::Reading | Stage::Counting | Stage::Fitting => 2,
        }
    }
}

/// One report: `done` of `total` units of `stage` are finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The stage.
    pub stage: Stage,
    /// Units finished.
    pub done: u64,
    /// Units in all (at least `done`).
    pub total: u64,
}

impl fmt::Display for Step {
    /// `fitting 37/500 iterations`, `cross-validation fold 2/5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}/{}", self.stage.name(), self.done, self.total)?;
        match self.stage.unit() {
            "" => Ok(()),
            unit => write!(f, " {unit}"),
        }
    }
}

/// Where a long task reports its steps. It may be called from any thread.
pub type Progress<'a> = &'a (dyn Fn(Step) + Sync);

fn ignore(_: Step) {}

/// Ignores every step.
pub const SILENT: Progress<'static> = &ignore;

/// Reports the run of `stage` over `total` units: `done = 0` now, and one step per call of the
/// returned function, which is given the number of units done.
pub(crate) fn start(progress: Progress<'_>, stage: Stage, total: u64) -> impl Fn(u64) + '_ {
    progress(Step {
        stage,
        done: 0,
        total,
    });
    move |done| {
        progress(Step {
            stage,
            done: done.min(total),
            total,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Every step reported, in order.
    #[derive(Default)]
    pub(crate) struct Recorder(Mutex<Vec<Step>>);

    impl Recorder {
        /// The callback that records.
        pub(crate) fn report(&self, step: Step) {
            self.0.lock().unwrap().push(step);
        }

        /// The steps of one stage, in order.
        pub(crate) fn of(&self, stage: Stage) -> Vec<(u64, u64)> {
            let steps = self.0.lock().unwrap();
            steps
                .iter()
                .filter(|s| s.stage == stage)
                .map(|s| (s.done, s.total))
                .collect()
        }

        /// The runs of `stage`: each from a `done = 0` step to the next one. Checks that each run
        /// keeps one total, never goes down and ends at its total.
        pub(crate) fn runs(&self, stage: Stage) -> Vec<Vec<u64>> {
            let mut runs: Vec<Vec<u64>> = Vec::new();
            let mut total = 0;
            for (done, t) in self.of(stage) {
                if done == 0 {
                    runs.push(Vec::new());
                    total = t;
                }
                let run = runs.last_mut().expect("a run starts with done = 0");
                assert_eq!(t, total, "{stage:?}: the total changed within a run");
                assert!(run.last().is_none_or(|&l| l <= done), "{stage:?} went down");
                run.push(done);
            }
            for run in &runs {
                assert_eq!(
                    run.last(),
                    Some(&total),
                    "{stage:?} did not reach its total"
                );
            }
            runs
        }
    }

    #[test]
    fn steps_read_as_people_say_them() {
        let step = |stage, done, total| Step { stage, done, total }.to_string();
        assert_eq!(step(Stage::Fitting, 3, 500), "fitting 3/500 iterations");
        assert_eq!(step(Stage::Tuning, 1, 4), "setting 1/4");
        assert_eq!(step(Stage::Reading, 0, 2), "reading 0/2 files");
        assert!(Stage::Tuning.depth() < Stage::CrossValidating.depth());
        assert!(Stage::Calibrating.depth() < Stage::Fitting.depth());
    }

    #[test]
    fn a_run_starts_at_zero_and_never_passes_its_total() {
        let recorder = Recorder::default();
        let report = |s: Step| recorder.report(s);
        let advance = start(&report, Stage::Counting, 3);
        advance(2);
        advance(9);
        assert_eq!(recorder.of(Stage::Counting), [(0, 3), (2, 3), (3, 3)]);
        assert_eq!(recorder.runs(Stage::Counting), [vec![0, 2, 3]]);
        SILENT(Step {
            stage: Stage::Fitting,
            done: 1,
            total: 1,
        });
    }
}
