//! Holds the clutter rules to your own pages: for every `PAGE.txt` in a folder that has a
//! `PAGE.clutter.txt` beside it (the page's clutter lines, one per line, copied from the page),
//! prints the listed lines the rules still count as prose and the prose they set aside, then
//! the totals.
//!
//! ```text
//! cargo run --release --example clutter_audit -- DIR
//! ```

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use stance::text::boilerplate::audit;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = args.as_slice() else {
        bail!(
            "usage: clutter_audit DIR (a folder of PAGE.txt files, each beside PAGE.clutter.txt)"
        );
    };
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{dir}: cannot read the folder"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".txt") && !name.ends_with(".clutter.txt")
        })
        .collect();
    pages.sort();
    let (mut caught, mut missed, mut set_aside, mut audited) = (0, 0, 0, 0);
    for page in &pages {
        let list = page.with_extension("clutter.txt");
        if !list.exists() {
            continue;
        }
        let text = std::fs::read_to_string(page)
            .with_context(|| format!("{}: not UTF-8 text", page.display()))?;
        let listed = std::fs::read_to_string(&list)
            .with_context(|| format!("{}: not UTF-8 text", list.display()))?;
        let lines: Vec<&str> = listed.lines().collect();
        let found = audit(&text, &lines);
        println!(
            "{}: {} sentences, {} listed clutter caught, {} missed, {} prose set aside",
            page.display(),
            found.sentences,
            found.caught,
            found.missed.len(),
            found.set_aside.len()
        );
        for s in &found.missed {
            println!("  missed     {s}");
        }
        for s in &found.set_aside {
            println!("  set aside  {s}");
        }
        caught += found.caught;
        missed += found.missed.len();
        set_aside += found.set_aside.len();
        audited += 1;
    }
    if audited == 0 {
        bail!("{dir}: no PAGE.txt with a PAGE.clutter.txt beside it");
    }
    println!(
        "{audited} pages: {caught} clutter sentences caught, {missed} missed, {set_aside} prose set aside"
    );
    Ok(())
}
