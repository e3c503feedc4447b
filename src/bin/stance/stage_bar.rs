//! A progress bar on standard error that follows the library's [`Step`]s, when standard error is
//! a terminal (and nothing otherwise).
//!
//! Stages nest (a setting of a grid search holds folds, a fold holds the training of a model):
//! the bar follows the outermost stage still running, with its total, percentage and time left,
//! and the stages inside it are shown after it (`cross-validation fold 2/5 · fitting 37/500
//! iterations`). When the outer stages are finished, as during the last training of `train`
//! after its calibration folds, the bar follows the stage reported.

use std::io::{self, IsTerminal};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use stance::progress::{Stage, Step};

/// How many stages deep the library's tasks nest (see [`Stage::depth`]).
const DEPTHS: usize = 3;

/// The bar and the latest step of each depth.
pub struct StageBar {
    bar: ProgressBar,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    latest: [Option<Step>; DEPTHS],
    /// The stage and total the bar counts now.
    shown: Option<(Stage, u64)>,
}

impl StageBar {
    /// A bar, when standard error is a terminal.
    pub fn new() -> Option<StageBar> {
        if !io::stderr().is_terminal() {
            return None;
        }
        // Drawn from the first step on (an empty bar before it would say 0/0 100%).
        let bar = ProgressBar::hidden();
        let style = ProgressStyle::with_template(
            "{prefix} {bar:20} {pos}/{len} {percent}% ({eta} left) {wide_msg}",
        )
        .ok()?;
        bar.set_style(style);
        Some(StageBar {
            bar,
            state: Mutex::new(State::default()),
        })
    }

    /// Shows `step`.
    pub fn report(&self, step: Step) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let depth = step.stage.depth().min(DEPTHS - 1);
        state.latest[depth] = Some(step);
        // A step of an outer stage starts its inner stages afresh.
        state.latest[depth + 1..].fill(None);
        let main = state
            .latest
            .iter()
            .flatten()
            .find(|s| s.done < s.total)
            .copied()
            .unwrap_or(step);
        let first = state.shown.is_none();
        if state.shown != Some((main.stage, main.total)) {
            state.shown = Some((main.stage, main.total));
            self.bar.reset();
            self.bar.set_length(main.total);
            self.bar.set_prefix(main.stage.name());
        }
        self.bar.set_position(main.done);
        let inner: Vec<String> = state
            .latest
            .iter()
            .skip(main.stage.depth() + 1)
            .flatten()
            .map(Step::to_string)
            .collect();
        self.bar.set_message(inner.join(" · "));
        if first {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar
                .enable_steady_tick(std::time::Duration::from_millis(200));
        }
    }
}

impl Drop for StageBar {
    /// The bar leaves the terminal as it found it, whether the work succeeded or failed (an
    /// error message must not be written after the bar, on its line).
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Removes the bar (if any) before the run goes on to print.
pub fn clear(bar: &Option<StageBar>) {
    if let Some(bar) = bar {
        bar.bar.finish_and_clear();
    }
}

/// Runs `f`, which writes to standard error, with the bar (if any) hidden meanwhile.
pub fn hidden<T>(bar: &Option<StageBar>, f: impl FnOnce() -> T) -> T {
    match bar {
        Some(bar) => bar.bar.suspend(f),
        None => f(),
    }
}

/// Reports `step` on `bar`, if there is one: the callback the library's `_with_progress`
/// functions are given.
pub fn reporter(bar: &Option<StageBar>) -> impl Fn(Step) + Sync + '_ {
    move |step| {
        if let Some(bar) = bar {
            bar.report(step);
        }
    }
}
