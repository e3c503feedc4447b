//! Writing results for people (aligned tables) and programs (CSV, JSON, JSON Lines): one file per
//! command's output ([`classify`], [`evaluate`], [`tune`], [`inspect`], [`train`], [`suggest`],
//! [`agree`], [`shares`] and its chart), the HTML report ([`report`]) and the provenance record
//! every command's output can be traced by ([`provenance`]).
//!
//! Classification output is streamed: each article is written as soon as it is scored, so output
//! starts at once and memory does not grow with the number of articles.

use serde_json::{Map, Value};

pub mod agree;
pub mod check;
pub mod classify;
pub mod evaluate;
pub mod inspect;
pub mod provenance;
pub mod report;
pub mod shares;
pub mod suggest;
#[cfg(test)]
mod tests;
pub mod train;
pub mod tune;

pub use classify::{ClassifyWriter, Formatter};

/// Output format of `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl Format {
    /// Every format with its name, in the order a front end lists them.
    pub const ALL: [(&'static str, Format); 3] = [
        ("table", Format::Table),
        ("csv", Format::Csv),
        ("jsonl", Format::Jsonl),
    ];
}

impl std::str::FromStr for Format {
    type Err = String;

    /// Parses a format's name: `table`, `csv` or `jsonl`.
    fn from_str(s: &str) -> Result<Self, String> {
        Format::ALL
            .iter()
            .find(|(name, _)| *name == s)
            .map(|&(_, f)| f)
            .ok_or_else(|| format!("'{s}' is not one of table, csv, jsonl"))
    }
}

/// Rounds for display and for machine output alike, so that a figure reads the same everywhere.
pub(crate) fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

pub(crate) fn labelled_map(labels: &[String], values: impl Iterator<Item = Value>) -> Value {
    let mut m = Map::new();
    for (l, v) in labels.iter().zip(values) {
        m.insert(l.clone(), v);
    }
    Value::Object(m)
}

pub(crate) fn short(label: &str) -> String {
    let mut s: String = label.chars().take(7).collect();
    s.make_ascii_uppercase();
    s
}

/// Clips an identifier from the left, since paths differ in their last part.
/// `s` safe to show on a terminal: control characters (escape sequences, line breaks, the C1
/// range) and the invisible direction overrides that reorder what follows them are written as
/// escapes (`\u{1b}`), so that text from articles cannot move the cursor, recolour the
/// terminal or break a table row.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The last `width` characters of `s` (made [`terminal_safe`]), with `…` where it was cut.
pub(crate) fn clip_left(s: &str, width: usize) -> String {
    let s = &*terminal_safe(s);
    let n = s.chars().count();
    if n <= width {
        s.to_string()
    } else {
        let mut out = String::from("…");
        out.extend(s.chars().skip(n - width + 1));
        out
    }
}

/// The first `width` characters of `s` (made [`terminal_safe`]), with `…` where it was cut.
pub(crate) fn clip(s: &str, width: usize) -> String {
    let s = &*terminal_safe(s);
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
