//! `stance check`: the behavioural tests of a model, a pass rate per capability.

use std::io::{self, Write};

use anyhow::{bail, Result};

use stance::eval::checks::{read_cases_as, run_checks};
use stance::render::check::{check_json, check_table};

use crate::args::{CheckArgs, ReportFormat, DEFAULT_CASES};
use crate::set_threads;

pub fn run(args: CheckArgs) -> Result<()> {
    set_threads(args.threads)?;
    let (pipeline, _) = crate::model::load(args.model.as_deref())?;
    if args.cases == std::path::Path::new(DEFAULT_CASES) && !args.cases.exists() {
        // An installed program run away from a clone of the repository, which holds the cases.
        bail!(
            "{DEFAULT_CASES}: no such file here; the behavioural cases ship in the repository: \
             run from a clone of it or pass --cases FILE"
        );
    }
    let cases = read_cases_as(&args.cases, stance::input::Utf8Policy::lossy(args.lossy))?;
    let results = run_checks(&pipeline, &cases, &args.cases)?;
    let mut out = io::stdout().lock();
    match args.format {
        ReportFormat::Table => write!(out, "{}", check_table(&results, args.failures))?,
        ReportFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&check_json(&results))?
        )?,
    }
    out.flush()?;
    if let Some(least) = args.min_pass {
        let below: Vec<String> = results
            .iter()
            .filter(|r| r.rate() < least)
            .map(|r| format!("{} {:.1}%", r.capability, 100.0 * r.rate()))
            .collect();
        if !below.is_empty() {
            bail!(
                "{} of {} capabilities pass fewer than {:.1}% of their tests ({}); see the \
                 failures with --failures N",
                below.len(),
                results.len(),
                100.0 * least,
                below.join(", ")
            );
        }
    }
    Ok(())
}
