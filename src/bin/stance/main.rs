//! The `stance` command line: parses arguments, calls the library, prints.
//!
//! One file per command ([`train`], [`classify`], [`evaluate`], [`tune`], [`inspect`],
//! [`suggest`], [`agree`]), the
//! arguments in [`args`], and the command line's wording of library errors in [`messages`].
//! This file sets up the allocator, runs a command and turns its outcome into an exit code:
//! 0 for success (and for a closed output pipe), 1 for a failure, 2 for a usage error.

mod agree;
mod args;
mod check;
mod classify;
mod evaluate;
mod inspect;
mod messages;
mod model;
mod shares;
mod stage_bar;
mod suggest;
mod train;
mod tune;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches};
use indicatif::{ProgressBar, ProgressStyle};

use stance::error::{ErrorKind, Setting};

use args::{Cli, Command};

/// mimalloc rather than the system allocator: scoring allocates a few small buffers per sentence
/// on several threads, and model loading touches tens of megabytes of fresh memory at once. In
/// the benchmark (README) classifying 100k sentences took 0.29 s instead of 0.36 s and loading
/// a 185k-term model 34 ms instead of 46 ms.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h's option enum (the bindings do not name it): how many
/// milliseconds freed memory waits before it is returned to the system (a second by default in
/// the mimalloc 3 built here).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Training frees and allocates large blocks in turn (token tables, n-gram counts, the matrix);
/// held back for mimalloc's default second, the freed ones add to peak memory (275 MiB instead
/// of 194 MiB on the 100k benchmark), which matters under the 1M-sentence memory budget. Returned
/// at once (0 ms) they cost page faults when the next block is allocated (2.8 s instead of 2.5 s);
/// 20 ms keeps both. Scoring keeps the default, which is faster there.
fn return_freed_memory_soon() {
    // SAFETY: sets one of mimalloc's documented options to a documented value; mimalloc reads
    // options atomically, so this is sound at any time, on any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 20) }
}

/// The most worker threads `--threads` may ask for: more only costs memory and start-up time
/// (a thread stack each), and a typo such as `--threads 100000` would stall the run.
const MAX_THREADS: usize = 1024;

/// Starts `threads` worker threads for the whole run (all cores when not given).
fn set_threads(threads: Option<usize>) -> Result<()> {
    if let Some(n) = threads {
        if n == 0 || n > MAX_THREADS {
            return Err(stance::Error::out_of_range(
                Setting::Threads,
                n.to_string(),
                format!("at least 1 and at most {MAX_THREADS} (or leave it out to use every core)"),
            )
            .into());
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("could not start the worker threads; run again with fewer --threads")?;
    }
    Ok(())
}

/// Prints a warning. A warning that cannot be printed (standard error closed) is not worth
/// failing the run for, and `eprintln!` would panic.
fn warn(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "warning: {message}");
}

/// A progress bar on standard error for `total` steps of `unit` (total, percentage, rate and time
/// left), when standard error is a terminal.
fn progress(total: u64, unit: &str) -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let pb = ProgressBar::new(total);
    let template =
        format!("{{bar:30}} {{pos}}/{{len}} {unit} {{percent}}% ({{per_sec}}, {{eta}} left)");
    pb.set_style(ProgressStyle::with_template(&template).ok()?);
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(pb)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<stance::Error>()
                .is_some_and(stance::Error::is_broken_pipe)
    })
}

/// The whole error on one line: each cause in the chain that the message before it does not
/// already quote (the library's messages include their source), with any line breaks flattened.
/// A library error is worded for the command line ([`messages::describe`]); the library errors
/// it holds are part of that wording.
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    let mut described = false;
    for cause in err.chain() {
        let text = match cause.downcast_ref::<stance::Error>() {
            Some(_) if described => continue,
            Some(e) => {
                described = true;
                messages::describe(e)
            }
            // An I/O error at the root of the chain comes from the commands' own writes, which
            // are all to standard output (the library names its files in its own errors).
            None => match cause
                .downcast_ref::<io::Error>()
                .filter(|_| line.is_empty())
            {
                Some(e) => format!(
                    "standard output: writing failed: {e}; {}",
                    stance::error::io_remedy(e)
                ),
                None => cause.to_string(),
            },
        };
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A clap usage error on one line, like every other error: clap's own lines (the error, a tip,
/// the possible values) joined, and where to find the usage instead of clap's usage block.
fn usage_line(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut message = lines
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ")
        .to_string();
    // Errors about a value carry no usage block; the subcommand is then the first argument that
    // names one.
    let subcommands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut command = match std::env::args().skip(1).find(|a| subcommands.contains(a)) {
        Some(sub) => format!("stance {sub}"),
        None => "stance".to_string(),
    };
    for l in lines {
        if let Some(usage) = l.strip_prefix("Usage: ") {
            command = usage
                .split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect::<Vec<_>>()
                .join(" ");
        } else if !l.starts_with("For more information") {
            // Tips ("a similar argument exists") and possible values.
            message.push_str("; ");
            message.push_str(l.trim_start_matches("tip: "));
        }
    }
    format!("{message}; see `{command} --help`")
}

fn main() -> ExitCode {
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let cli = match parsed {
        Ok((cli, matches)) => {
            if let Some(message) = args::misplaced_training_options(&cli, &matches) {
                let _ = writeln!(io::stderr(), "stance: {message}");
                return ExitCode::from(2);
            }
            cli
        }
        Err(e) if !e.use_stderr() => {
            // --help and --version: clap prints them to standard output.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // `stance` alone: the help is the most useful answer.
            let _ = e.print();
            return ExitCode::from(2);
        }
        Err(e) => {
            let _ = writeln!(io::stderr(), "stance: {}", usage_line(&e));
            return ExitCode::from(2);
        }
    };
    if !matches!(cli.command, Command::Classify(_) | Command::Inspect(_)) {
        return_freed_memory_soon();
    }
    // A run interrupted while writing a file removes its temporary file.
    stance::atomic::clean_up_on_signals();
    let result = match cli.command {
        Command::Train(a) => train::run(a),
        Command::Classify(a) => classify::run(a),
        Command::Evaluate(a) => evaluate::run(a),
        Command::Tune(a) => tune::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Check(a) => check::run(a),
        Command::Suggest(a) => suggest::run(a),
        Command::Agree(a) => agree::run(a),
        Command::Shares(a) => shares::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(io::stderr(), "stance: {}", one_line(&err));
            // A setting out of its range is a usage error, like an unknown option.
            let usage = err
                .downcast_ref::<stance::Error>()
                .is_some_and(|e| matches!(e.kind(), ErrorKind::InvalidSetting { .. }));
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option number really is mimalloc's purge delay: that option defaults to 1000 (ms),
    /// and none of its neighbours in the enum does.
    #[test]
    fn the_purge_delay_option_is_the_one_meant() {
        // SAFETY: reads one of mimalloc's options.
        let value = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(value, 1000);
    }
}
