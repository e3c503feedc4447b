//! `stance classify`'s arguments.

use std::path::PathBuf;

use clap::Args;

use stance::input::InputFormat;
use stance::render::Format;

use super::commands::{input_format, output_format};
use super::CommonInput;

#[derive(Args, Debug)]
pub struct ClassifyArgs {
    /// Articles: text files, directories of .txt files, .csv or .jsonl files with one article per
    /// record, or `-` for standard input (the default).
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// The model to use (default: models/stance.model if that file exists in the current
    /// directory, else the model built into this program).
    #[arg(long)]
    pub model: Option<PathBuf>,
    #[command(flatten)]
    pub input: CommonInput,
    /// Instead of stopping at a bad record (an invalid JSON line, a missing, empty or repeated
    /// id, a row with the wrong number of fields), write it with its reason to FILE (JSON Lines)
    /// and carry on.
    #[arg(long, value_name = "FILE")]
    pub skip_bad: Option<PathBuf>,
    /// Read every input as this format instead of guessing from its extension.
    #[arg(long, value_parser = input_format())]
    pub input_format: Option<InputFormat>,
    /// Column (CSV) or field (JSONL) whose value identifies each article in the output.
    #[arg(long)]
    pub id_column: Option<String>,
    /// Carry these CSV columns or JSONL fields (e.g. outlet,date,url) into every output row,
    /// after the id. A column missing from a CSV header, or a field missing from a JSON line,
    /// is an error; a JSON null is an empty value. Plain-text inputs have none but `dir`, their
    /// folder.
    #[arg(long, value_name = "COL,...", value_delimiter = ',')]
    pub keep_columns: Vec<String>,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_parser = output_format())]
    pub format: Option<Format>,
    /// List every sentence with its label and probabilities.
    #[arg(long)]
    pub sentences: bool,
    /// Explain: for each sentence the K terms that pushed it most towards its label and the K
    /// that pushed most against (implies --sentences), and for each article its most
    /// peacekeeping- and most enforcement-framed sentences.
    #[arg(long, value_name = "K")]
    pub explain: Option<usize>,
    /// Write shares and probabilities in full in CSV and JSONL (the shortest decimal that reads
    /// back as the same number) instead of rounded to 4 decimals: what the Python package returns.
    #[arg(long)]
    pub exact: bool,
    /// Write the run's provenance (versions, the model file's and its training data's
    /// checksums, training settings, input files, options) as JSON to FILE once the run succeeds.
    #[arg(long, value_name = "FILE")]
    pub provenance: Option<PathBuf>,
    /// Score and count page clutter (bylines, captions, share prompts, repeated paragraphs) like
    /// any other sentence instead of setting it aside as `boilerplate`.
    #[arg(long)]
    pub keep_boilerplate: bool,
}
