//! `stance agree`: join coders' label files, measure their agreement, list their disagreements.

use std::io::{self, Write};

use anyhow::Result;

use stance::atomic::{refuse_overwriting_inputs, write_atomically};
use stance::eval::agreement::{agreement, join};
use stance::input::{read_coded, refuse_repeated_inputs, Columns};
use stance::render;

use crate::args::{AgreeArgs, ReportFormat};

pub fn run(args: AgreeArgs) -> Result<()> {
    let columns = Columns {
        text: args.text_column.clone(),
        label: args.label_column.clone(),
        delimiter: args.delimiter,
        group: None,
    };
    if let Some(path) = &args.disagreements {
        let inputs: Vec<&std::path::Path> = args.files.iter().map(|p| p.as_path()).collect();
        refuse_overwriting_inputs(path, &inputs)?;
    }
    // The same file twice would be a coder agreeing with themselves.
    refuse_repeated_inputs(&args.files)?;
    let policy = stance::input::Utf8Policy::lossy(args.lossy);
    let mut coders = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let rows = read_coded(path, None, &columns, args.id_column.as_deref(), policy)?;
        coders.push((path.display().to_string(), rows));
    }
    let codes = join(coders, args.id_column.is_some())?;
    let stats = agreement(&codes);
    if let Some(path) = &args.disagreements {
        let csv = render::agree::disagreements_csv(&codes, &stats, args.id_column.as_deref());
        write_atomically(path, &csv)?;
    }
    let out = match args.format {
        ReportFormat::Table => render::agree::agree_table(&codes, &stats),
        ReportFormat::Json => render::agree::agree_json(&codes, &stats),
    };
    io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}
