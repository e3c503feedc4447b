//! `stance tune`: grid-search training settings by cross-validation, then train the best.

use std::io::{self, Write};

use anyhow::Result;

use stance::atomic::refuse_overwriting_inputs;
use stance::budget::MemoryBudget;
use stance::eval::calibration::{train_calibrated_with_progress, DEFAULT_FOLDS};
use stance::eval::tune::{grid_search_folds, Trial};
use stance::eval::validation::FoldScheme;
use stance::format;
use stance::render;

use crate::args::TuneArgs;
use crate::stage_bar::{clear, hidden, reporter, StageBar};
use crate::{messages, set_threads};

pub fn run(args: TuneArgs) -> Result<()> {
    set_threads(args.labelled.input.threads)?;
    let base = args.training.settings(args.seed.seed)?;
    refuse_overwriting_inputs(&args.model, &[&args.data])?;
    let data = args
        .labelled
        .read(&args.data, &base.features, args.cv_groups.as_deref())?;
    let points = args.grid.points(&base)?;
    let width = points
        .iter()
        .map(|p| p.label.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    let mut out = io::stdout().lock();
    let how = match &args.cv_groups {
        Some(column) => messages::grouped_cross_validation(column),
        None => "cross-validation".to_string(),
    };
    writeln!(
        out,
        "{} settings, {}-fold {how} of {} ({} sentences, seed {})\n",
        points.len(),
        args.cv,
        args.data.display(),
        data.len(),
        base.seed
    )?;
    writeln!(out, "{}", render::tune::tuning_header(width))?;
    let mut failure = None;
    let bar = StageBar::new();
    let report = reporter(&bar);
    let on_trial = |trial: &Trial| {
        // Rows appear as each setting finishes: a long search shows progress, and a closed pipe
        // is noticed at once.
        if failure.is_none() {
            let row = render::tune::tuning_row(trial, width);
            if let Err(e) = hidden(&bar, || writeln!(out, "{row}")) {
                failure = Some(e);
            }
        }
    };
    let scheme = FoldScheme::grouped_if(args.cv_groups.is_some());
    let (grid, folds) = (&args.grid, (args.cv as usize, scheme));
    let tuning = grid_search_folds(&data, grid, &base, folds, on_trial, &report)?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    hidden(&bar, || {
        writeln!(out, "\n{}", render::tune::tuning_best(&tuning))
    })?;
    let best = &tuning.best().point;
    // Trained as `train` trains, calibration included, so the two give the same file.
    let (pipeline, _, _) = train_calibrated_with_progress(
        data.clone(),
        &best.settings,
        &MemoryBudget::default(),
        DEFAULT_FOLDS,
        &report,
    )?;
    clear(&bar);
    crate::train::warn_fit(&pipeline, best.settings.model().gradient_tolerance);
    let staged = format::stage(&pipeline, &args.model)?;
    writeln!(
        out,
        "model trained on all {} sentences with the best setting written to {}",
        data.len(),
        args.model.display()
    )?;
    out.flush()?;
    staged.commit()?;
    Ok(())
}
