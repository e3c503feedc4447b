//! `stance inspect`: a model's settings, training summary and strongest features.

use std::io::{self, Write};

use anyhow::Result;

use stance::render;

use crate::args::InspectArgs;

pub fn run(args: InspectArgs) -> Result<()> {
    let (pipeline, _) = crate::model::load(args.model.as_deref())?;
    let mut out = io::stdout().lock();
    write!(
        out,
        "{}",
        render::inspect::inspect_report(&pipeline, args.top)
    )?;
    out.flush()?;
    Ok(())
}
