//! `classify` output: article rows, sentence rows and explanations in table, CSV and JSON Lines.

use std::io::{self, Write};

use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::*;
use crate::classify::explain::SentenceExplanation;
use crate::classify::{ArticleResult, ClassifyOptions, SentenceResult};
use crate::pipeline::Contribution;

/// One article as a JSON line, serialised straight from borrowed data: building a
/// `serde_json::Value` per article cost more than scoring it.
#[derive(Serialize)]
pub(super) struct ArticleRecord<'a> {
    id: &'a str,
    #[serde(flatten)]
    kept: Kept<'a>,
    sentences: usize,
    boilerplate: usize,
    counts: LabelMap<'a, usize>,
    shares: Rounded<'a>,
    mean_probabilities: Rounded<'a>,
    verdict: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sentence_results: Option<SentenceRecords<'a>>,
}

/// The kept metadata columns of an article, serialised as fields of its own object: the
/// formatter's columns in order, each with the article's value (empty when it has none).
pub(super) struct Kept<'a> {
    columns: &'a [String],
    meta: &'a [(String, String)],
}

impl Kept<'_> {
    fn values(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| {
            self.meta
                .iter()
                .find(|(name, _)| name == c)
                .map_or("", |(_, v)| v.as_str())
        })
    }
}

impl Serialize for Kept<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut map = ser.serialize_map(Some(self.columns.len()))?;
        for (c, v) in self.columns.iter().zip(self.values()) {
            map.serialize_entry(c, v)?;
        }
        map.end()
    }
}

/// Values keyed by label, serialised as a JSON object in label order.
pub(super) struct LabelMap<'a, T>(&'a [String], &'a [T]);

impl<T: Serialize> Serialize for LabelMap<'_, T> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut map = ser.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0.iter().zip(self.1) {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A label map of shares or probabilities, rounded to 4 decimals unless `exact`.
pub(super) struct Rounded<'a>(LabelMap<'a, f64>, bool);

impl Serialize for Rounded<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let LabelMap(labels, values) = &self.0;
        let mut map = ser.serialize_map(Some(labels.len()))?;
        for (k, v) in labels.iter().zip(values.iter()) {
            map.serialize_entry(k, &if self.1 { *v } else { round(*v, 4) })?;
        }
        map.end()
    }
}

pub(super) struct SentenceRecords<'a> {
    exact: bool,
    labels: &'a [String],
    result: &'a ArticleResult,
    text: &'a str,
}

#[derive(Serialize)]
pub(super) struct SentenceRecord<'a> {
    index: usize,
    /// UTF-8 byte offsets into the article's text.
    start: usize,
    end: usize,
    /// Character (Unicode scalar value) offsets, for languages that index strings by character.
    char_start: usize,
    char_end: usize,
    label: &'a str,
    /// `null` for page clutter, which is not scored.
    probabilities: Option<Rounded<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    boilerplate: Option<&'static str>,
    text: &'a str,
}

/// The label a sentence row shows: the predicted label, or `boilerplate` for page clutter.
pub(super) fn row_label<'a>(labels: &'a [String], r: &SentenceResult) -> &'a str {
    match r.clutter {
        Some(_) => BOILERPLATE,
        None => &labels[r.label],
    }
}

/// The label shown for sentences set aside as page clutter.
pub const BOILERPLATE: &str = "boilerplate";

impl Serialize for SentenceRecords<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        // Sentences come in text order, so character offsets are counted forward from the last
        // one (a backward span is counted from the start).
        let mut at = (0usize, 0usize);
        let mut chars = |byte: usize| {
            if byte < at.0 {
                at = (0, 0);
            }
            let n = self.text[at.0..byte].chars().count();
            at = (byte, at.1 + n);
            at.1
        };
        ser.collect_seq(self.result.sentences.iter().map(|r| {
            let char_start = chars(r.span.start);
            let char_end = chars(r.span.end);
            SentenceRecord {
                index: r.index,
                start: r.span.start,
                end: r.span.end,
                char_start,
                char_end,
                label: row_label(self.labels, r),
                probabilities: r
                    .is_counted()
                    .then(|| Rounded(LabelMap(self.labels, &r.probabilities), self.exact)),
                boilerplate: r.clutter.map(|c| c.name()),
                text: &self.text[r.span.clone()],
            }
        }))
    }
}

/// Formats `classify` results. It holds no output, so worker threads can format articles in
/// parallel into their own buffers.
#[derive(Debug, Clone)]
pub struct Formatter {
    format: Format,
    labels: Vec<String>,
    sentences: bool,
    explain: bool,
    exact: bool,
    columns: Vec<String>,
}

pub(super) fn write_csv(out: &mut impl Write, fields: &[String]) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(fields)?;
    let buf = w.into_inner().map_err(|e| e.into_error())?;
    out.write_all(&buf)
}

impl Formatter {
    /// A formatter for `labels` in `format`; with `sentences`, tables and CSV list sentence rows
    /// and JSONL adds a `sentence_results` array to each article.
    pub fn new(format: Format, labels: &[String], sentences: bool) -> Self {
        Formatter {
            format,
            labels: labels.to_vec(),
            sentences,
            explain: false,
            exact: false,
            columns: Vec::new(),
        }
    }

    /// Writes shares and probabilities in full (the shortest decimal that reads back as the same
    /// number) instead of rounded to 4 decimals, in CSV and JSONL: for comparing runs and for
    /// computing on.
    pub fn with_exact_figures(mut self) -> Self {
        self.exact = true;
        self
    }

    /// A share or probability as CSV writes it.
    fn figure(&self, x: f64) -> String {
        if self.exact {
            x.to_string()
        } else {
            format!("{x:.4}")
        }
    }

    /// Adds metadata columns to every article and sentence row, after the id, each holding the
    /// article's value ([`crate::classify::ArticleSummary::meta`]): CSV columns and table
    /// columns named as the input names them, and fields of each JSON line. A column given
    /// twice, or named like one of the output's own columns or fields in any format (`verdict`,
    /// `text`, `p_neutral`, ...), is refused, so that every output keeps one column per name.
    pub fn with_columns(mut self, columns: &[String]) -> crate::Result<Self> {
        let own = self.own_names();
        for (i, c) in columns.iter().enumerate() {
            if own.contains(c) || columns[..i].contains(c) {
                return Err(crate::Error::out_of_range(
                    crate::error::Setting::MetaColumn,
                    c.clone(),
                    "columns named unlike the output's own (id, sentences, verdict, label, \
                     text, the per-label columns, ...), each given once",
                ));
            }
        }
        self.columns = columns.to_vec();
        Ok(self)
    }

    /// Every column and field name the output itself uses, in any format.
    fn own_names(&self) -> Vec<String> {
        let mut names: Vec<String> = [
            "id",
            "sentences",
            "boilerplate",
            "counts",
            "shares",
            "mean_probabilities",
            "verdict",
            "sentence_results",
            "most_framed",
            "sentence",
            "label",
            "text",
            "towards",
            "against",
            "most_framed_for",
        ]
        .map(String::from)
        .to_vec();
        for prefix in ["n_", "share_", "mean_p_", "p_"] {
            names.extend(self.labels.iter().map(|l| format!("{prefix}{l}")));
        }
        names
    }

    /// The table's kept columns, each at least 12 characters wide.
    fn table_columns(&self, values: Option<&Kept>) -> String {
        let mut line = String::new();
        let names: Vec<String> = self.columns.iter().map(|c| c.to_uppercase()).collect();
        let shown: Vec<&str> = match values {
            Some(k) => k.values().collect(),
            None => names.iter().map(String::as_str).collect(),
        };
        for (c, v) in self.columns.iter().zip(shown) {
            let w = c.chars().count().max(12);
            line.push_str(&format!(" {:<w$}", clip(v, w)));
        }
        line
    }

    /// An article's kept values, for this formatter's columns.
    fn kept<'a>(&'a self, result: &'a ArticleResult) -> Kept<'a> {
        Kept {
            columns: &self.columns,
            meta: &result.summary.meta,
        }
    }

    /// Adds explanations to the output: sentence rows in every format, each with the terms that
    /// pushed it towards and against its label, and each article's most framed sentences
    /// (JSONL: a `most_framed` object; CSV: a `most_framed_for` column naming the labels a
    /// sentence is the article's most framed sentence for; table: a line per label after the
    /// article's sentences). Pass the explanations to [`Formatter::article`].
    pub fn with_explanations(mut self) -> Self {
        self.explain = true;
        self.sentences = true;
        self
    }

    /// Writes the header (CSV and table formats; nothing for JSONL).
    pub fn header(&self, out: &mut impl Write) -> io::Result<()> {
        let mut cols: Vec<String> = vec!["id".into()];
        cols.extend(self.columns.iter().cloned());
        if self.sentences {
            cols.extend(["sentence", "label"].map(String::from));
        } else {
            cols.extend(["sentences", "boilerplate"].map(String::from));
        }
        match self.format {
            Format::Jsonl => Ok(()),
            Format::Csv => {
                if self.sentences {
                    cols.extend(self.labels.iter().map(|l| format!("p_{l}")));
                    cols.push("text".into());
                    if self.explain {
                        cols.extend(["towards", "against", "most_framed_for"].map(String::from));
                    }
                } else {
                    cols.extend(self.labels.iter().map(|l| format!("n_{l}")));
                    cols.extend(self.labels.iter().map(|l| format!("share_{l}")));
                    cols.extend(self.labels.iter().map(|l| format!("mean_p_{l}")));
                    cols.push("verdict".into());
                }
                write_csv(out, &cols)
            }
            Format::Table => {
                if self.sentences {
                    let mut line = format!(
                        "{:<28}{} {:>4}  {:<13}",
                        "ID",
                        self.table_columns(None),
                        "#",
                        "LABEL"
                    );
                    for l in &self.labels {
                        line.push_str(&format!(" {:>7}", short(l)));
                    }
                    line.push_str("  TEXT");
                    writeln!(out, "{line}")
                } else {
                    let mut line = format!(
                        "{:<28}{} {:>9}",
                        "ID",
                        self.table_columns(None),
                        "SENTENCES"
                    );
                    for l in &self.labels {
                        line.push_str(&format!(" {:>13}", l.to_uppercase()));
                    }
                    line.push_str("  VERDICT");
                    writeln!(out, "{line}")
                }
            }
        }
    }

    /// One article as a JSON record, with its sentences when `sentences` is set.
    fn record<'a>(
        &'a self,
        result: &'a ArticleResult,
        text: &'a str,
        sentences: bool,
    ) -> ArticleRecord<'a> {
        let s = &result.summary;
        ArticleRecord {
            id: &s.id,
            kept: self.kept(result),
            sentences: s.sentences,
            boilerplate: s.boilerplate,
            counts: LabelMap(&self.labels, &s.counts),
            shares: Rounded(LabelMap(&self.labels, &s.shares), self.exact),
            mean_probabilities: Rounded(LabelMap(&self.labels, &s.mean_probabilities), self.exact),
            verdict: &s.verdict,
            sentence_results: sentences.then_some(SentenceRecords {
                exact: self.exact,
                labels: &self.labels,
                result,
                text,
            }),
        }
    }

    /// Writes one article (`text` is the article's text, for sentence rows), with its
    /// explanation when the formatter was made [`Formatter::with_explanations`] and the result
    /// carries one.
    pub fn article(
        &self,
        result: &ArticleResult,
        text: &str,
        out: &mut impl Write,
    ) -> io::Result<()> {
        let explanation = result.explanation.as_ref().filter(|_| self.explain);
        let sentence_explanation = |i: usize| explanation.and_then(|e| e.sentences.get(i));
        let s = &result.summary;
        match (self.format, self.sentences) {
            (Format::Jsonl, _) if explanation.is_none() => {
                serde_json::to_writer(&mut *out, &self.record(result, text, self.sentences))?;
                writeln!(out)
            }
            (Format::Jsonl, _) => {
                // Explained output is for reading, not bulk scoring: build it as a value.
                let mut obj = serde_json::to_value(self.record(result, text, true))?;
                if let Some(rows) = obj["sentence_results"].as_array_mut() {
                    for (i, row) in rows.iter_mut().enumerate() {
                        if let Some(e) = sentence_explanation(i) {
                            row["towards"] = contributions_json(&e.towards);
                            row["against"] = contributions_json(&e.against);
                        }
                    }
                }
                if let Some(e) = explanation {
                    let mut most = Map::new();
                    for f in &e.most_framed {
                        let sentence = &result.sentences[f.index - 1];
                        most.insert(
                            self.labels[f.label].clone(),
                            json!({
                                "index": f.index,
                                "probability": if self.exact { f.probability } else { round(f.probability, 4) },
                                "text": &text[sentence.span.clone()],
                            }),
                        );
                    }
                    obj["most_framed"] = Value::Object(most);
                }
                serde_json::to_writer(&mut *out, &obj)?;
                writeln!(out)
            }
            (Format::Csv, false) => {
                let mut f = vec![s.id.clone()];
                f.extend(self.kept(result).values().map(String::from));
                f.extend([s.sentences.to_string(), s.boilerplate.to_string()]);
                f.extend(s.counts.iter().map(|c| c.to_string()));
                f.extend(s.shares.iter().map(|x| self.figure(*x)));
                f.extend(s.mean_probabilities.iter().map(|x| self.figure(*x)));
                f.push(s.verdict.clone());
                write_csv(out, &f)
            }
            (Format::Csv, true) => {
                for (i, r) in result.sentences.iter().enumerate() {
                    let mut f = vec![s.id.clone()];
                    f.extend(self.kept(result).values().map(String::from));
                    f.extend([r.index.to_string(), row_label(&self.labels, r).to_string()]);
                    if r.is_counted() {
                        f.extend(r.probabilities.iter().map(|x| self.figure(*x)));
                    } else {
                        f.extend(self.labels.iter().map(|_| String::new()));
                    }
                    f.push(text[r.span.clone()].to_string());
                    if self.explain {
                        let e = sentence_explanation(i).cloned().unwrap_or_default();
                        f.push(contributions_text(&e.towards, "; "));
                        f.push(contributions_text(&e.against, "; "));
                        let framed: Vec<&str> = explanation
                            .map(|e| {
                                e.most_framed
                                    .iter()
                                    .filter(|m| m.index == r.index)
                                    .map(|m| self.labels[m.label].as_str())
                                    .collect()
                            })
                            .unwrap_or_default();
                        f.push(framed.join(";"));
                    }
                    write_csv(out, &f)?;
                }
                Ok(())
            }
            (Format::Table, false) => {
                let mut line = format!(
                    "{:<28}{} {:>9}",
                    clip_left(&s.id, 28),
                    self.table_columns(Some(&self.kept(result))),
                    s.sentences
                );
                for (c, share) in s.counts.iter().zip(&s.shares) {
                    line.push_str(&format!(" {:>5} ({:>4.0}%)", c, share * 100.0));
                }
                line.push_str(&format!("  {}", s.verdict));
                if s.boilerplate > 0 {
                    line.push_str(&format!(" (+{} boilerplate)", s.boilerplate));
                }
                writeln!(out, "{line}")
            }
            (Format::Table, true) => {
                let kept = self.table_columns(Some(&self.kept(result)));
                for (i, r) in result.sentences.iter().enumerate() {
                    let mut line = format!(
                        "{:<28}{kept} {:>4}  {:<13}",
                        clip_left(&s.id, 28),
                        r.index,
                        row_label(&self.labels, r)
                    );
                    for p in &r.probabilities {
                        line.push_str(&format!(" {:>7.3}", p));
                    }
                    if !r.is_counted() {
                        for _ in &self.labels {
                            line.push_str(&format!(" {:>7}", "-"));
                        }
                    }
                    let one_line: String = text[r.span.clone()]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    line.push_str(&format!("  {}", clip(&one_line, 90)));
                    writeln!(out, "{line}")?;
                    if let Some(e) = sentence_explanation(i).filter(|_| r.is_counted()) {
                        write_table_explanation(out, e, kept.chars().count())?;
                    }
                }
                if let Some(e) = explanation {
                    for f in &e.most_framed {
                        let sentence = &result.sentences[f.index - 1];
                        let one_line = text[sentence.span.clone()]
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        writeln!(
                            out,
                            "{:<28} most {}-framed: #{} (p {:.3})  {}",
                            "",
                            self.labels[f.label],
                            f.index,
                            f.probability,
                            clip(&one_line, 80)
                        )?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// The two explanation lines under a table's sentence row.
/// `shift` is the width of the kept columns before the label.
pub(super) fn write_table_explanation(
    out: &mut impl Write,
    e: &SentenceExplanation,
    shift: usize,
) -> io::Result<()> {
    for (sign, list) in [("+", &e.towards), ("-", &e.against)] {
        let terms = if list.is_empty() {
            "(none)".to_string()
        } else {
            contributions_text(list, ", ")
        };
        writeln!(out, "{:<w$}{sign} {terms}", "", w = 35 + shift)?;
    }
    Ok(())
}

/// Streams `classify` results to a writer, one article at a time.
pub struct ClassifyWriter<W: Write> {
    out: W,
    formatter: Formatter,
    header_done: bool,
}

impl<W: Write> ClassifyWriter<W> {
    /// A writer for `labels` in `format` (see [`Formatter::new`]).
    pub fn new(out: W, format: Format, labels: &[String], sentences: bool) -> Self {
        ClassifyWriter {
            out,
            formatter: Formatter::new(format, labels, sentences),
            header_done: false,
        }
    }

    /// Adds explanations (see [`Formatter::with_explanations`]).
    pub fn with_explanations(mut self) -> Self {
        self.formatter = self.formatter.with_explanations();
        self
    }

    /// Writes figures in full (see [`Formatter::with_exact_figures`]).
    pub fn with_exact_figures(mut self) -> Self {
        self.formatter = self.formatter.with_exact_figures();
        self
    }

    /// Adds metadata columns (see [`Formatter::with_columns`]).
    pub fn with_columns(mut self, columns: &[String]) -> crate::Result<Self> {
        self.formatter = self.formatter.with_columns(columns)?;
        Ok(self)
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header_done {
            self.header_done = true;
            self.formatter.header(&mut self.out)?;
        }
        Ok(())
    }

    /// Writes one article (`text` is the article's text, for sentence rows; see
    /// [`Formatter::article`]).
    pub fn write(&mut self, result: &ArticleResult, text: &str) -> io::Result<()> {
        self.header()?;
        self.formatter.article(result, text, &mut self.out)
    }

    /// Writes bytes already formatted by this writer's [`Formatter`].
    pub fn write_formatted(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.header()?;
        self.out.write_all(bytes)
    }

    /// The formatter, for formatting articles on other threads.
    pub fn formatter(&self) -> &Formatter {
        &self.formatter
    }

    /// Flushes the output.
    pub fn finish(mut self) -> io::Result<()> {
        self.header()?;
        self.out.flush()
    }
}

/// `term (+0.123)` items joined by `separator`.
pub(super) fn contributions_text(list: &[Contribution], separator: &str) -> String {
    list.iter()
        .map(|c| format!("{} ({:+.3})", c.term, c.value))
        .collect::<Vec<_>>()
        .join(separator)
}

pub(super) fn contributions_json(list: &[Contribution]) -> Value {
    Value::Array(
        list.iter()
            .map(|c| json!({"term": c.term, "contribution": round(c.value, 4)}))
            .collect(),
    )
}

/// The provenance of a `classify` run: the shared record ([`super::provenance::provenance`]),
/// how many articles were classified, and the options that change what was counted or carried.
pub fn provenance(
    model: super::provenance::ModelUsed,
    inputs: &[String],
    options: &ClassifyOptions,
    articles: u64,
) -> Value {
    let mut record = super::provenance::provenance("classify", Some(model), inputs);
    record.insert("articles".into(), articles.into());
    record.insert(
        "options".into(),
        json!({
            "explain": options.explain,
            "keep_boilerplate": options.keep_boilerplate,
            "keep_columns": options.keep_columns,
        }),
    );
    Value::Object(record)
}
