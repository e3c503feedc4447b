//! `stance classify`: stream articles through a model and write each result as it is ready.

use std::io::{self, IsTerminal};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use stance::classify::{classify_stream_with, Batching, ClassifyOptions};
use stance::format;
use stance::input::{ArticleReader, ReaderOptions};
use stance::render::{ClassifyWriter, Format};

use crate::args::ClassifyArgs;
use crate::set_threads;

pub fn run(args: ClassifyArgs) -> Result<()> {
    set_threads(args.input.threads)?;
    let pipeline = format::load(&args.model)?;
    let options = ReaderOptions {
        format: args.input_format,
        text_column: args.input.text_column.clone(),
        id_column: args.id_column.clone(),
        utf8: args.input.policy(),
        ..Default::default()
    };
    let reader = ArticleReader::new(&args.inputs, options)?;
    let stdout = io::stdout();
    let format = match args.format {
        Some(format) => format,
        None if stdout.is_terminal() => Format::Table,
        None => Format::Jsonl,
    };
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut writer = ClassifyWriter::new(out, format, pipeline.labels(), args.sentences);
    if args.explain.is_some() {
        writer = writer.with_explanations();
    }
    let formatter = writer.formatter().clone();
    let pb = if io::stderr().is_terminal() {
        let pb = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} articles ({per_sec})") {
            pb.set_style(style);
        }
        Some(pb)
    } else {
        None
    };
    let options = ClassifyOptions {
        explain: args.explain,
        keep_boilerplate: args.keep_boilerplate,
    };
    let streamed = classify_stream_with(
        &pipeline,
        reader,
        Batching::default(),
        &options,
        // Scoring, explaining and formatting run on the worker threads; the main thread only
        // writes the finished bytes in input order.
        |article, result| {
            let mut buf = Vec::with_capacity(512);
            formatter.article(&result, &article.text, &mut buf)?;
            Ok::<Vec<u8>, anyhow::Error>(buf)
        },
        |_, bytes| {
            writer.write_formatted(&bytes)?;
            if let Some(pb) = &pb {
                pb.inc(1);
            }
            Ok(())
        },
    );
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    // What was classified before a bad record is written out before the error is reported.
    let finished = writer.finish();
    streamed?;
    finished?;
    // The vocabulary's maps hold hundreds of thousands of small allocations; the process is about
    // to exit, so give them back to the operating system wholesale instead of one by one.
    std::mem::forget(pipeline);
    Ok(())
}
