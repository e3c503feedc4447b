//! `stance classify`: stream articles through a model and write each result as it is ready.

use std::io::{self, IsTerminal, Write};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use stance::atomic::{refuse_overwriting_inputs, stage_with};
use stance::classify::{classify_stream_with, Batching, ClassifyOptions};
use stance::input::{ArticleReader, ReaderOptions, Sources};
use stance::render::classify::provenance;
use stance::render::provenance::{write_provenance, ModelUsed};
use stance::render::{ClassifyWriter, Format};

use crate::args::ClassifyArgs;
use crate::{set_threads, warn};

pub fn run(args: ClassifyArgs) -> Result<()> {
    set_threads(args.input.threads)?;
    let reads_stdin = args.inputs.iter().any(|p| p.as_os_str() == "-");
    let model_path = crate::model::file_read(args.model.as_deref());
    let mut inputs: Vec<&std::path::Path> = args.inputs.iter().map(|p| p.as_path()).collect();
    // The model is an input too: no output may replace it.
    inputs.push(&model_path);
    if let Some(record) = &args.provenance {
        refuse_overwriting_inputs(record, &inputs)?;
    }
    if let Some(skip) = &args.skip_bad {
        refuse_overwriting_inputs(skip, &inputs)?;
        if skip.is_dir() {
            return Err(stance::Error::io(
                skip,
                "writing the rejected records",
                io::Error::from(io::ErrorKind::IsADirectory),
            )
            .into());
        }
    }
    let (pipeline, model_path, model_crc32) =
        crate::model::load_with_checksum(args.model.as_deref())?;
    let stdout = io::stdout();
    let format = match args.format {
        Some(format) => format,
        None if stdout.is_terminal() => Format::Table,
        None => Format::Jsonl,
    };
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut writer = ClassifyWriter::new(out, format, pipeline.labels(), args.sentences)
        .with_columns(&args.keep_columns)?;
    if args.explain.is_some() {
        writer = writer.with_explanations();
    }
    if args.exact {
        writer = writer.with_exact_figures();
    }
    let options = ReaderOptions {
        meta_columns: args.keep_columns.clone(),
        ..args
            .input
            .reader_options(args.input_format, args.id_column.clone())
    };
    let reader = ArticleReader::new(&args.inputs, options)?;
    for s in reader.skipped() {
        warn(format_args!(
            "{}: skipped: {}",
            stance::input::path_id(&s.path),
            s.reason
        ));
    }
    if reads_stdin && io::stdin().is_terminal() {
        let _ = writeln!(
            io::stderr(),
            "stance: reading an article from the terminal; end it with Ctrl-D (or pass files: \
             stance classify FILE...)"
        );
    }
    let files = reader.files() as u64;
    let formatter = writer.formatter().clone();
    let pb = progress_bar(&args, files, reads_stdin);
    let options = ClassifyOptions {
        explain: args.explain,
        keep_boilerplate: args.keep_boilerplate,
        keep_columns: args.keep_columns.clone(),
    };
    // Bad records set aside with --skip-bad, as JSON lines, in a file renamed into place only
    // if the run succeeds.
    let mut rejected = Vec::new();
    let mut sources = Sources::default();
    let mut skipped = 0u64;
    let skipping = args.skip_bad.is_some();
    let articles = reader.filter_map(|item| match item {
        Err(e) if skipping && e.is_bad_record() => {
            skipped += 1;
            if let stance::error::ErrorKind::BadRecord {
                path,
                line,
                message,
                record,
            } = e.kind()
            {
                let row = serde_json::json!({
                    "file": stance::input::path_id(path),
                    "line": line,
                    "reason": message,
                    "record": record,
                });
                rejected.extend(row.to_string().into_bytes());
                rejected.push(b'\n');
            }
            None
        }
        other => Some(other),
    });
    let streamed = classify_stream_with(
        &pipeline,
        articles,
        Batching::default(),
        &options,
        // Scoring, explaining and formatting run on the worker threads; the main thread only
        // writes the finished bytes in input order.
        |article, result| {
            let mut buf = Vec::with_capacity(512);
            formatter.article(&result, &article.text, &mut buf)?;
            Ok::<Vec<u8>, anyhow::Error>(buf)
        },
        |article, bytes| {
            sources.note(article);
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
    let articles = streamed?;
    finished?;
    if let Some(path) = &args.skip_bad {
        stage_with(path, |f| f.write_all(&rejected))?.commit()?;
        warn(format_args!(
            "{skipped} bad record{} skipped, written to {}",
            if skipped == 1 { "" } else { "s" },
            path.display()
        ));
    }
    if let Some(path) = &args.provenance {
        let model = ModelUsed {
            pipeline: &pipeline,
            file: &model_path,
            file_crc32: model_crc32,
        };
        let record = provenance(model, &sources.into_names(), &options, articles);
        write_provenance(path, &record)?;
    }
    // The vocabulary's maps hold hundreds of thousands of small allocations; the process is about
    // to exit, so give them back to the operating system wholesale instead of one by one.
    std::mem::forget(pipeline);
    Ok(())
}

/// On a terminal: a bar over the files when every input is a plain-text file (one article
/// each), else a count of articles and their rate.
fn progress_bar(args: &ClassifyArgs, files: u64, reads_stdin: bool) -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let one_article_each = !reads_stdin
        && args
            .input_format
            .is_none_or(|f| f == stance::input::InputFormat::Text)
        && args.inputs.iter().all(|p| {
            p.is_dir()
                || stance::input::InputFormat::from_path(p) == stance::input::InputFormat::Text
        });
    if one_article_each && files > 1 {
        return crate::progress(files, "articles");
    }
    let pb = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} articles ({per_sec})") {
        pb.set_style(style);
    }
    Some(pb)
}

/// The regular file standard output goes to, if any, as (device, inode): a directory walk must
/// not read the output of this very run back as an article.
pub fn stdout_file() -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let fd = io::stdout().as_fd().try_clone_to_owned().ok()?;
        let meta = std::fs::File::from(fd).metadata().ok()?;
        meta.is_file().then(|| (meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    None
}
