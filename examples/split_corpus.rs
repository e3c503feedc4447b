//! Makes the committed train/test split of the bundled corpus.
//!
//! ```text
//! cargo run --release --example split_corpus -- CORPUS.csv data/train.csv data/test.csv [SEED]
//! ```
//!
//! Reads a labelled CSV with any columns (at least `label`), splits it 80/20 stratified by label
//! with the seed (default 2026), and writes both parts with the same header and column order.
//! The split is made once and committed; re-running it with the same input and seed reproduces
//! the committed files exactly.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use stance::atomic::write_atomically;
use stance::eval::sampling::stratified_split;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        bail!("usage: split_corpus CORPUS.csv TRAIN.csv TEST.csv [SEED]");
    }
    let seed: u64 = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(2026);
    let input = PathBuf::from(&args[0]);
    let mut reader = csv::Reader::from_path(&input).with_context(|| input.display().to_string())?;
    let headers = reader.headers()?.clone();
    let label_col = headers
        .iter()
        .position(|h| h == "label")
        .context("no 'label' column")?;
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
    let mut labels: Vec<&str> = rows.iter().map(|r| &r[label_col]).collect();
    labels.sort_unstable();
    labels.dedup();
    let y: Vec<usize> = rows
        .iter()
        .map(|r| labels.binary_search(&&r[label_col]).unwrap_or(0))
        .collect();
    let (train, test) = stratified_split(&y, 0.2, seed);
    for (path, idx) in [(&args[1], &train), (&args[2], &test)] {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&headers)?;
        for &i in idx.iter() {
            w.write_record(&rows[i])?;
        }
        write_atomically(path.as_ref(), &w.into_inner()?)?;
        println!("{path}: {} rows", idx.len());
    }
    Ok(())
}
