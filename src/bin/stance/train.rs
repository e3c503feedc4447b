//! `stance train`: read labelled files (CSV or TSV, JSONL, doccano and Label Studio exports)
//! within the memory budget, train, save, summarise.
//!
//! The model is staged beside its path and renamed into place only after the summary has been
//! printed: a run that fails (standard output full, say) leaves the old model as it was.

use std::io::{self, Write};
use std::time::Instant;

use anyhow::Result;

use stance::atomic::refuse_overwriting_inputs;
use stance::budget::read_training_with_progress;
use stance::eval::calibration::{train_calibrated_with_progress, CalibrationOutcome};
use stance::format;
use stance::pipeline::Pipeline;
use stance::render;

use crate::args::TrainArgs;
use crate::stage_bar::{clear, hidden, reporter, StageBar};
use crate::{set_threads, warn};

/// Single-example warnings shown before the rest are summarised: a label column holding
/// identifiers would otherwise print one line per row.
const SHOWN_WARNINGS: usize = 5;

pub fn run(args: TrainArgs) -> Result<()> {
    set_threads(args.labelled.input.threads)?;
    let start = Instant::now();
    let settings = args.training.settings(args.seed.seed)?;
    let mut inputs: Vec<&std::path::Path> = args.data.iter().map(|p| p.as_path()).collect();
    if let Some(s) = args
        .training
        .stop_words
        .as_deref()
        .filter(|s| !["none", "english", "closed"].contains(s))
    {
        inputs.push(s.as_ref());
    }
    refuse_overwriting_inputs(&args.model, &inputs)?;
    let bar = StageBar::new();
    let report = reporter(&bar);
    let labelled = read_training_with_progress(
        &args.data,
        args.input_format,
        &stance::input::Columns {
            group: Some(args.calibration_groups.clone()).filter(|c| c != "none"),
            ..args.labelled.columns()
        },
        args.labelled.input.policy(),
        &args.labelled.memory_budget,
        &settings.features,
        &report,
    )?;
    let (data, unlabelled) = (labelled.set, labelled.unlabelled);
    let warnings = data.warnings();
    let warn_all = || {
        for w in warnings.iter().take(SHOWN_WARNINGS) {
            warn(w);
        }
        if warnings.len() > SHOWN_WARNINGS {
            warn(format_args!(
                "{}: {} more warnings about labels",
                data.source.display(),
                warnings.len() - SHOWN_WARNINGS
            ));
        }
    };
    hidden(&bar, warn_all);
    let (pipeline, timings, calibration) = train_calibrated_with_progress(
        data,
        &settings,
        &args.labelled.memory_budget,
        args.calibration_folds,
        &report,
    )?;
    clear(&bar);
    if let CalibrationOutcome::Skipped {
        label,
        count,
        folds,
    } = &calibration
    {
        warn(format_args!(
            "no calibration stored: label '{label}' has {count} sentences, fewer than \
             --calibration-folds {folds}; `stance shares` then needs --calibration FILE for \
             adjusted methods (or lower --calibration-folds)"
        ));
    }
    let staged = format::stage(&pipeline, &args.model)?;
    warn_fit(&pipeline, args.training.tol);
    if !args.quiet {
        let summary = render::train::train_summary(
            &pipeline,
            &args.data,
            unlabelled,
            &args.model,
            start.elapsed().as_secs_f64(),
            &timings,
        );
        // Printed before the model is renamed into place: if this fails, dropping `staged`
        // removes the new model and the old one stays.
        let mut out = io::stdout().lock();
        out.write_all(summary.as_bytes())?;
        out.flush()?;
    }
    staged.commit()?;
    Ok(())
}

/// Warns about a fit that may be poor: every way the optimiser can stop without converging, and
/// a training accuracy below always answering the most common label.
pub fn warn_fit(pipeline: &Pipeline, tol: f64) {
    let sum = pipeline.summary();
    let c = &sum.convergence;
    if c.hit_iteration_cap {
        warn(format_args!(
            "the optimiser stopped at --max-iter {} before converging (largest gradient component {:.2e}); the model may be under-fitted: raise --max-iter",
            c.iterations, c.gradient_norm
        ));
    } else if !c.converged(tol) {
        warn(format_args!(
            "the optimiser stopped before converging ({}; largest gradient component {:.2e}, tolerance {tol:.0e}); the model may be under-fitted: check --c (too small a value leaves nothing to fit) and --class-weight",
            c.reason, c.gradient_norm
        ));
    }
    let total: usize = sum.per_label.iter().map(|(_, n)| n).sum();
    let majority = sum.per_label.iter().map(|(_, n)| *n).max().unwrap_or(0);
    if total > 0 && sum.training_accuracy + 1e-9 < majority as f64 / total as f64 {
        warn(format_args!(
            "the training accuracy ({:.3}) is below always answering the most common label ({:.3}); the model has learned nothing useful: raise --c",
            sum.training_accuracy,
            majority as f64 / total as f64
        ));
    }
}
