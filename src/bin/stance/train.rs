//! `stance train`: read labelled files (CSV, JSONL, doccano and Label Studio exports) within
//! the memory budget, train, save, summarise.

use std::io::{self, Write};
use std::time::Instant;

use anyhow::Result;

use stance::budget::read_training_within;
use stance::eval::calibration::{train_calibrated, CalibrationOutcome};
use stance::format;
use stance::render;

use crate::args::TrainArgs;
use crate::{set_threads, spinner, warn};

/// Single-example warnings shown before the rest are summarised: a label column holding
/// identifiers would otherwise print one line per row.
const SHOWN_WARNINGS: usize = 5;

pub fn run(args: TrainArgs) -> Result<()> {
    set_threads(args.labelled.input.threads)?;
    let start = Instant::now();
    let settings = args.training.settings(args.seed.seed)?;
    let pb = spinner("reading and training");
    let labelled = read_training_within(
        &args.data,
        args.input_format,
        &args.labelled.columns(),
        args.labelled.input.policy(),
        &args.memory_budget,
        &settings.features,
    )?;
    let (data, unlabelled) = (labelled.set, labelled.unlabelled);
    let warnings = data.warnings();
    for w in warnings.iter().take(SHOWN_WARNINGS) {
        warn(w);
    }
    if warnings.len() > SHOWN_WARNINGS {
        warn(format_args!(
            "{}: {} more labels have only one example",
            data.source.display(),
            warnings.len() - SHOWN_WARNINGS
        ));
    }
    let (pipeline, timings, calibration) =
        train_calibrated(data, &settings, &args.memory_budget, args.calibration_folds)?;
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
    format::save(&pipeline, &args.model)?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let sum = pipeline.summary();
    if sum.convergence.hit_iteration_cap {
        warn(format_args!(
            "the optimiser stopped at --max-iter {} before converging (largest gradient component {:.2e}); the model may be under-fitted: raise --max-iter",
            args.training.max_iter, sum.convergence.gradient_norm
        ));
    }
    if args.quiet {
        return Ok(());
    }
    let summary = render::train::train_summary(
        sum,
        &args.data,
        unlabelled,
        &args.model,
        start.elapsed().as_secs_f64(),
        &timings,
    );
    io::stdout().lock().write_all(summary.as_bytes())?;
    Ok(())
}
