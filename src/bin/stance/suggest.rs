//! `stance suggest`: pick the sentences of a pool most worth labelling next.

use std::collections::HashSet;
use std::io::{self, Write};

use anyhow::Result;

use stance::input::{read_texts, refuse_repeated_inputs, ArticleReader, Columns};
use stance::render;
use stance::suggest::{fold, suggest, SuggestOptions};

use crate::args::{SuggestArgs, SuggestFormat};
use crate::{set_threads, warn};

pub fn run(args: SuggestArgs) -> Result<()> {
    set_threads(args.input.threads)?;
    let (pipeline, _) = crate::model::load(args.model.as_deref())?;
    let columns = Columns {
        text: args.input.text_column.clone(),
        label: "label".into(),
        delimiter: args.input.delimiter,
        group: None,
    };
    // Standard input can be read once: as the pool or as a file of labelled sentences.
    let stdin = |p: &&std::path::PathBuf| p.as_os_str() == "-";
    refuse_repeated_inputs(args.inputs.iter().chain(&args.exclude).filter(stdin))?;
    let mut exclude = HashSet::new();
    for path in &args.exclude {
        for text in read_texts(path, None, &columns, args.input.policy())? {
            exclude.insert(fold(&text));
        }
    }
    let options = args
        .input
        .reader_options(args.input_format, args.id_column.clone());
    let reader = ArticleReader::new(&args.inputs, options)?;
    let options = SuggestOptions {
        n: args.n,
        strategy: args.strategy,
        seed: args.seed.seed,
        exclude,
        balance: args.balance,
    };
    let report = suggest(&pipeline, reader, &options)?;
    if report.picks.len() < args.n {
        warn(format_args!(
            "only {} of the {} sentences asked for could be picked ({} sentences read, {} \
             already labelled, {} page clutter)",
            report.picks.len(),
            args.n,
            report.sentences,
            report.excluded,
            report.boilerplate
        ));
    }
    let id = args.id_column.as_deref().unwrap_or("id");
    let mut out = io::BufWriter::new(io::stdout().lock());
    let jsonl = args.format == SuggestFormat::Jsonl;
    render::suggest::write_suggestions(&mut out, &report.picks, pipeline.labels(), id, jsonl)?;
    out.flush()?;
    Ok(())
}
