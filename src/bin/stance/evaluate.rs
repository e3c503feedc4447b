//! `stance evaluate`: measure a model on labelled data, or cross-validate training on it.

use std::io::{self, Write};

use anyhow::Result;

use stance::eval::validation::{cross_validate_folds, holdout, FoldScheme};
use stance::render::evaluate::{provenance, Measured};
use stance::render::provenance::{write_provenance, ModelUsed};
use stance::render::report::{check_report_dir, write_report, Report};
use stance::render::{self};

use crate::args::{EvaluateArgs, ReportFormat};
use crate::stage_bar::{reporter, StageBar};
use crate::{messages, set_threads, warn};

pub fn run(args: EvaluateArgs) -> Result<()> {
    set_threads(args.labelled.input.threads)?;
    let default_data = if args.cv.is_some() {
        "data/train.csv"
    } else {
        "data/test.csv"
    };
    let data_path = args.data.clone().unwrap_or_else(|| default_data.into());
    if let Some(path) = &args.provenance {
        let mut inputs = vec![data_path.as_path()];
        inputs.extend(args.model.as_deref());
        stance::atomic::refuse_overwriting_inputs(path, &inputs)?;
    }
    if let Some(dir) = &args.report {
        // Before the work: a report directory that will be refused should not cost a run.
        let mut inputs = vec![data_path.as_path()];
        if let Some(m) = &args.model {
            inputs.push(m);
        }
        check_report_dir(dir, args.force, &inputs)?;
    }
    let features = match args.cv {
        Some(_) => args.training.settings(args.seed.seed)?.features.clone(),
        None => Default::default(),
    };
    let data = args
        .labelled
        .read(&data_path, &features, args.cv_groups.as_deref())?;
    // The report lists mistakes even when --errors was not given: a reader of a report wants them.
    let listed = args
        .errors
        .unwrap_or(if args.report.is_some() { 10 } else { 0 });
    if let Some(other) = &args.compare {
        return compare(&args, &data, &data_path, other);
    }
    let (json, table, assessment, rows, errors, title, subtitle, record);
    if let Some(k) = args.cv {
        let settings = args.training.settings(args.seed.seed)?;
        let bar = StageBar::new();
        let scheme = FoldScheme::grouped_if(args.cv_groups.is_some());
        let cv = cross_validate_folds(&data, &settings, (k as usize, scheme), &reporter(&bar))?;
        drop(bar);
        errors = cv.pooled.confident_errors(&data, listed);
        json = render::evaluate::cross_validation_json(&cv, args.errors.map(|_| errors.as_slice()));
        let how = match &cv.grouped_by {
            Some(column) => messages::grouped_cross_validation(column),
            None => "stratified cross-validation".to_string(),
        };
        subtitle = format!(
            "{k}-fold {how} of {} ({} sentences, seed {}): the whole pipeline \
             trained on K-1 folds and scored on the remaining one, K times. Means and standard \
             deviations are across folds; the per-label table, the confusion matrix and the figures \
             pool the out-of-fold predictions.",
            data_path.display(),
            data.len(),
            cv.seed
        );
        table = render::evaluate::cross_validation_table(&cv);
        rows = cv.metric_rows();
        title = "stance cross-validation";
        assessment = cv.pooled;
        let measured = Measured::CrossValidation {
            folds: k as usize,
            settings: &settings,
            grouped_by: cv.grouped_by.as_deref(),
        };
        record = provenance(measured, &data_path, args.seed.seed);
    } else {
        let (pipeline, model_path, model_crc32) =
            crate::model::load_with_checksum(args.model.as_deref())?;
        let h = holdout(&pipeline, &data, args.seed.seed);
        for l in &h.unknown_labels {
            warn(format_args!(
                "{}: label '{l}' is not one the model knows ({}); its sentences can only be wrong",
                data_path.display(),
                pipeline.labels().join(", ")
            ));
        }
        errors = h.assessment.confident_errors(&data, listed);
        json = render::evaluate::holdout_json(&h, args.errors.map(|_| errors.as_slice()));
        subtitle = format!(
            "model {} on {} ({} sentences)",
            model_path.display(),
            data_path.display(),
            data.len()
        );
        table = render::evaluate::assessment_table(&h.assessment, &h.intervals);
        rows = h.metric_rows();
        title = "stance evaluation";
        assessment = h.assessment;
        let model = ModelUsed {
            pipeline: &pipeline,
            file: &model_path,
            file_crc32: model_crc32,
        };
        record = provenance(Measured::Model(model), &data_path, args.seed.seed);
    }
    let mut out = io::stdout().lock();
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        ReportFormat::Table => {
            writeln!(out, "{subtitle}\n")?;
            write!(out, "{table}")?;
            if args.errors.is_some() {
                write!(out, "{}", render::evaluate::errors_table(&errors))?;
            }
        }
    }
    out.flush()?;
    if let Some(path) = &args.provenance {
        write_provenance(path, &record)?;
    }
    if let Some(dir) = &args.report {
        let report = Report {
            title: title.into(),
            subtitle,
            assessment: &assessment,
            rows,
            errors: &errors,
            json: &json,
            provenance: &record,
        };
        let mut inputs = vec![data_path.as_path()];
        if let Some(m) = &args.model {
            inputs.push(m);
        }
        write_report(dir, &report, args.force, &inputs)?;
        // On stderr, so that --format json output stays one JSON document.
        let _ = writeln!(
            io::stderr(),
            "report written to {}",
            dir.join("index.html").display()
        );
    }
    Ok(())
}

/// `evaluate --compare B`: the model of `--model` (A) against B on the same data.
fn compare(
    args: &EvaluateArgs,
    data: &stance::corpus::LabelledSet,
    path: &std::path::Path,
    other: &std::path::Path,
) -> Result<()> {
    let (a, a_path, _) = crate::model::load_with_checksum(args.model.as_deref())?;
    let (b, b_path, _) = crate::model::load_with_checksum(Some(other))?;
    let c = stance::eval::comparison::compare(&a, &b, data, args.seed.seed);
    let (a_name, b_name, data_name) = (
        a_path.display().to_string(),
        b_path.display().to_string(),
        path.display().to_string(),
    );
    let mut out = io::stdout().lock();
    match args.format {
        ReportFormat::Json => {
            let v = render::evaluate::comparison_json(&c, &a_name, &b_name, &data_name);
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        ReportFormat::Table => {
            write!(
                out,
                "{}",
                render::evaluate::comparison_table(&c, &a_name, &b_name, &data_name)
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
