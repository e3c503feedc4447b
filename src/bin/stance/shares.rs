//! `stance shares`: stream articles through a model, measure each group's shares, write them.

use std::io::{self, IsTerminal, Write};

use anyhow::Result;

use stance::input::{read_labelled, ArticleReader, Columns, ReaderOptions};
use stance::render::provenance::{write_provenance, ModelUsed};
use stance::render::shares::chart::{write_chart, ChartKind};
use stance::render::shares::{provenance, shares_csv, shares_jsonl, shares_table};
use stance::render::Format;
use stance::shares::{measure_shares, Method, Period, SharesOptions, Unit};

use crate::args::{MethodArg, PeriodArg, SharesArgs, UnitArg};
use crate::{set_threads, warn};

pub fn run(args: SharesArgs) -> Result<()> {
    set_threads(args.input.threads)?;
    if let Some(chart) = &args.chart {
        // Before the work: a chart that cannot be written should not cost a run.
        ChartKind::of(chart)?;
    }
    // No output may replace an input: the articles, the calibration file or the model.
    let model_path = crate::model::file_read(args.model.as_deref());
    let mut inputs: Vec<&std::path::Path> = args.inputs.iter().map(|p| p.as_path()).collect();
    inputs.push(&model_path);
    inputs.extend(args.calibration.as_deref());
    for output in args.chart.iter().chain(&args.provenance) {
        stance::atomic::refuse_overwriting_inputs(output, &inputs)?;
    }
    let (pipeline, model_file, model_crc32) =
        crate::model::load_with_checksum(args.model.as_deref())?;
    let mut meta_columns = args.group_by.clone();
    meta_columns.extend(args.date_column.iter().cloned());
    let options = ReaderOptions {
        format: args.input_format,
        text_column: args.input.text_column.clone(),
        utf8: args.input.policy(),
        meta_columns,
        ..Default::default()
    };
    let reader = ArticleReader::new(&args.inputs, options)?;
    let calibration = match &args.calibration {
        Some(path) => Some(read_labelled(
            path,
            &Columns::default(),
            args.input.policy(),
        )?),
        None => None,
    };
    let methods = match args.method {
        MethodArg::Cc => vec![Method::Cc],
        MethodArg::Pcc => vec![Method::Pcc],
        MethodArg::Acc => vec![Method::Acc],
        MethodArg::Pacc => vec![Method::Pacc],
        MethodArg::Emq => vec![Method::Emq],
        MethodArg::All => Method::ALL.to_vec(),
    };
    let period = args.period.map(|p| match p {
        PeriodArg::Day => Period::Day,
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
        PeriodArg::Quarter => Period::Quarter,
        PeriodArg::Year => Period::Year,
    });
    let options = SharesOptions {
        group_by: args.group_by.clone(),
        date_column: args.date_column.clone(),
        period,
        methods,
        unit: match args.unit {
            UnitArg::Sentence => Unit::Sentence,
            UnitArg::Article => Unit::Article,
        },
        bootstrap: args.bootstrap,
        seed: args.seed.seed,
        framed_only: args.framed_only,
        keep_boilerplate: args.keep_boilerplate,
    };
    let shares = measure_shares(&pipeline, reader, &options, calibration.as_ref())?;
    for notice in &shares.notices {
        warn(notice);
    }
    let stdout = io::stdout();
    let format = match args.format {
        Some(f) => f,
        None if stdout.is_terminal() => Format::Table,
        None => Format::Csv,
    };
    let text = match format {
        Format::Table => shares_table(&shares),
        Format::Csv => shares_csv(&shares),
        Format::Jsonl => shares_jsonl(&shares),
    };
    let model = ModelUsed {
        pipeline: &pipeline,
        file: &model_file,
        file_crc32: model_crc32,
    };
    let record = provenance(model, &shares, args.bootstrap, args.seed.seed);
    match &args.provenance {
        Some(path) => write_provenance(path, &record)?,
        // Without a file, one line on standard error, so that CSV on standard output stays
        // plain CSV.
        None => {
            let _ = writeln!(io::stderr(), "provenance: {record}");
        }
    }
    if let Some(chart) = &args.chart {
        write_chart(chart, &shares)?;
    }
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
