//! Behavioural tests of a model, in the spirit of CheckList (Ribeiro et al. 2020): instead of one
//! accuracy figure, a pass rate per capability the codebook asks for (negation, page clutter,
//! questions, national armies, reported fears, ...), from cases written for the purpose and kept
//! out of training (`data/checks/cases.csv`).
//!
//! A case file is a CSV with the columns `capability,kind,group,text,expected`:
//!
//! - `mft` (minimum functionality): the model must give the text the label `expected`;
//! - `inv` (invariance): every row of a group (the same sentence with a mission, country, person,
//!   tense or attribution swapped) must get the label `expected`;
//! - `dir` (directional): a group's first row is a base with a plain label; every later row says
//!   `+LABEL` or `-LABEL`: its probability of LABEL must be higher (lower) than the base's.
//!
//! A group counts as one test. A text is classified as an article: when the classifier sets all
//! of it apart as page clutter it counts as `neutral` (the codebook's label for text that frames
//! nothing, with probability 1), otherwise its label is the one with the highest mean
//! probability over its sentences.

use std::collections::BTreeMap;
use std::path::Path;

use crate::classify::{classify_article, NEUTRAL_LABEL};
use crate::error::{Error, Position, Result};
use crate::input::{decode, delimiter_for, read_bounded, CsvTable, Utf8Policy};
use crate::pipeline::Pipeline;

/// What a case asks of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CheckKind {
    /// The text gets the expected label.
    Mft,
    /// Every text of the group gets the expected label.
    Inv,
    /// Against the group's base, the named label's probability moves the named way.
    Dir,
}

impl CheckKind {
    /// The kind's name in case files.
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::Mft => "mft",
            CheckKind::Inv => "inv",
            CheckKind::Dir => "dir",
        }
    }
}

/// One row of a case file.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckCase {
    /// The capability the case tests ("negation", "page-clutter", ...).
    pub capability: String,
    /// What the case asks.
    pub kind: CheckKind,
    /// The group of an `inv` or `dir` case (empty for `mft`).
    pub group: String,
    /// The text to classify.
    pub text: String,
    /// A label, or for a `dir` case after the base, `+LABEL` or `-LABEL`.
    pub expected: String,
    /// The case's line in its file.
    pub line: u64,
}

/// A test that failed: its texts with what the model gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The group (or, for `mft`, empty).
    pub group: String,
    /// Each text with its expectation and the model's label and probability of the label the
    /// expectation names.
    pub rows: Vec<(String, String, String, f64)>,
}

/// The outcome for one capability.
#[derive(Debug, Clone, PartialEq)]
pub struct CapabilityResult {
    /// The capability.
    pub capability: String,
    /// The kind of its tests.
    pub kind: CheckKind,
    /// Number of tests (an `inv` or `dir` group is one test).
    pub tests: usize,
    /// Number passed.
    pub passed: usize,
    /// The failed tests, in file order.
    pub failures: Vec<Failure>,
}

impl CapabilityResult {
    /// The share of tests passed.
    pub fn rate(&self) -> f64 {
        if self.tests == 0 {
            0.0
        } else {
            self.passed as f64 / self.tests as f64
        }
    }
}

/// Reads a case file (see the module documentation); like every labelled file, it is refused
/// unread beyond 1 GiB.
pub fn read_cases(path: &Path) -> Result<Vec<CheckCase>> {
    read_cases_as(path, Utf8Policy::Strict)
}

/// [`read_cases`] with a policy for bytes that are not UTF-8.
pub fn read_cases_as(path: &Path, policy: Utf8Policy) -> Result<Vec<CheckCase>> {
    parse_cases_as(&read_bounded(path)?, path, policy)
}

/// Parses case-file bytes; `path` names them in errors, each error at the line it is on
/// whatever the line ends (`\n`, `\r\n`, a lone `\r`).
///
/// ```
/// let csv = b"capability,kind,group,text,expected\nnegation,mft,,The force will not disarm Hamas.,peacekeeping\n";
/// let cases = stance::eval::checks::parse_cases(csv, "c.csv".as_ref())?;
/// assert_eq!(cases[0].expected, "peacekeeping");
/// # Ok::<(), stance::Error>(())
/// ```
pub fn parse_cases(bytes: &[u8], path: &Path) -> Result<Vec<CheckCase>> {
    parse_cases_as(bytes, path, Utf8Policy::Strict)
}

/// [`parse_cases`] with a policy for bytes that are not UTF-8.
pub fn parse_cases_as(bytes: &[u8], path: &Path, policy: Utf8Policy) -> Result<Vec<CheckCase>> {
    let mut table = CsvTable::new(bytes, path, delimiter_for(path, None))?;
    let want = ["capability", "kind", "group", "text", "expected"];
    if !table.headers().iter().eq(want.map(str::as_bytes)) {
        return Err(Error::input(
            path,
            Some(Position::line(1)),
            "a case file's columns are capability,kind,group,text,expected",
        ));
    }
    let mut cases: Vec<CheckCase> = Vec::new();
    let mut raw = csv::ByteRecord::new();
    while let Some(line) = table.next_record(&mut raw)? {
        let record = raw
            .iter()
            .map(|field| decode(field.to_vec(), policy, path, line))
            .collect::<Result<Vec<String>>>()?;
        let at = Some(Position::line(line));
        let kind = match record[1].as_str() {
            "mft" => CheckKind::Mft,
            "inv" => CheckKind::Inv,
            "dir" => CheckKind::Dir,
            other => {
                return Err(Error::input(
                    path,
                    at,
                    format!("the kind '{other}' is none of mft, inv, dir"),
                ))
            }
        };
        let case = CheckCase {
            capability: record[0].to_string(),
            kind,
            group: record[2].to_string(),
            text: record[3].to_string(),
            expected: record[4].to_string(),
            line,
        };
        if case.text.trim().is_empty() || case.expected.is_empty() {
            return Err(Error::input(
                path,
                at,
                "the text or the expectation is empty",
            ));
        }
        if kind != CheckKind::Mft && case.group.is_empty() {
            return Err(Error::input(path, at, "an inv or dir case needs a group"));
        }
        let first_of_group = kind == CheckKind::Dir
            && !cases
                .iter()
                .any(|c| c.kind == CheckKind::Dir && c.group == case.group);
        let directional = case.expected.starts_with(['+', '-']);
        if kind == CheckKind::Dir && first_of_group == directional {
            return Err(Error::input(
                path,
                at,
                "a dir group starts with a base with a plain label, then +LABEL or -LABEL rows",
            ));
        }
        cases.push(case);
    }
    if cases.is_empty() {
        return Err(Error::input(
            path,
            None,
            "the file has a header but no cases",
        ));
    }
    Ok(cases)
}

/// The label the model gives a text and its probabilities (see the module documentation).
fn judge(pipeline: &Pipeline, text: &str) -> (String, Vec<f64>) {
    let labels = pipeline.labels();
    let result = classify_article(pipeline, "", text);
    if result.summary.sentences == 0 {
        let probabilities = labels
            .iter()
            .map(|l| f64::from(u8::from(l == NEUTRAL_LABEL)))
            .collect();
        return (NEUTRAL_LABEL.to_string(), probabilities);
    }
    let p = result.summary.mean_probabilities;
    let best = crate::model::argmax(&p);
    (labels[best].clone(), p)
}

/// Runs every case against `pipeline`, in parallel, and returns one result per capability, in
/// order of capability name; `source` names the cases in errors.
pub fn run_checks(
    pipeline: &Pipeline,
    cases: &[CheckCase],
    source: &Path,
) -> Result<Vec<CapabilityResult>> {
    use rayon::prelude::*;
    let labels = pipeline.labels();
    let index = |label: &str, line: u64| {
        labels.iter().position(|l| l == label).ok_or_else(|| {
            Error::input(
                source,
                Some(Position::line(line)),
                format!("the label '{label}' is not one of the model's labels"),
            )
        })
    };
    let judged: Vec<(String, Vec<f64>)> =
        cases.par_iter().map(|c| judge(pipeline, &c.text)).collect();
    // Tests in file order: an mft row alone, or a whole group.
    let mut tests: Vec<Vec<usize>> = Vec::new();
    let mut group_at: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (i, c) in cases.iter().enumerate() {
        if c.kind == CheckKind::Mft {
            tests.push(vec![i]);
        } else {
            let slot = *group_at
                .entry((c.capability.as_str(), c.group.as_str()))
                .or_insert_with(|| {
                    tests.push(Vec::new());
                    tests.len() - 1
                });
            tests[slot].push(i);
        }
    }
    let mut by_capability: BTreeMap<&str, CapabilityResult> = BTreeMap::new();
    for rows in &tests {
        let first = &cases[rows[0]];
        let mut passed = true;
        let mut shown = Vec::new();
        for (n, &i) in rows.iter().enumerate() {
            let c = &cases[i];
            let (label, p) = &judged[i];
            let (ok, named) = if c.kind == CheckKind::Dir && n > 0 {
                let (sign, target) = c.expected.split_at(1);
                let k = index(target, c.line)?;
                let base = judged[rows[0]].1[k];
                let ok = if sign == "+" {
                    p[k] > base
                } else {
                    p[k] < base
                };
                (ok, p[k])
            } else {
                let k = index(&c.expected, c.line)?;
                // A dir group's base only sets the reference; its own label is not tested.
                (c.kind == CheckKind::Dir || *label == c.expected, p[k])
            };
            passed &= ok;
            shown.push((c.text.clone(), c.expected.clone(), label.clone(), named));
        }
        let entry = by_capability
            .entry(first.capability.as_str())
            .or_insert_with(|| CapabilityResult {
                capability: first.capability.clone(),
                kind: first.kind,
                tests: 0,
                passed: 0,
                failures: Vec::new(),
            });
        entry.tests += 1;
        if passed {
            entry.passed += 1;
        } else {
            entry.failures.push(Failure {
                group: first.group.clone(),
                rows: shown,
            });
        }
    }
    Ok(by_capability.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::tests::tiny;
    use crate::pipeline::TrainSettings;

    fn pipeline() -> Pipeline {
        let mut s = TrainSettings::default();
        s.features.min_df = 1;
        Pipeline::train(&tiny(), &s.check().unwrap()).unwrap().0
    }

    #[test]
    fn cases_parse_and_bad_files_are_refused() {
        let ok = b"capability,kind,group,text,expected\n\
                   a,mft,,One.,neutral\n\
                   b,dir,g1,Base.,neutral\n\
                   b,dir,g1,Moved.,+enforcement\n";
        let cases = parse_cases(ok, "c.csv".as_ref()).unwrap();
        assert_eq!(cases.len(), 3);
        assert_eq!(cases[2].line, 4);
        for (bad, message) in [
            (&b"text,label\na,b\n"[..], "columns"),
            (
                b"capability,kind,group,text,expected\na,xyz,,One.,neutral\n",
                "kind 'xyz'",
            ),
            (
                b"capability,kind,group,text,expected\na,inv,,One.,neutral\n",
                "needs a group",
            ),
            (
                b"capability,kind,group,text,expected\nb,dir,g,Base.,+neutral\n",
                "starts with a base",
            ),
            (b"capability,kind,group,text,expected\n", "no cases"),
        ] {
            let e = parse_cases(bad, "c.csv".as_ref()).unwrap_err().to_string();
            assert!(e.contains("c.csv") && e.contains(message), "{e}");
        }
    }

    #[test]
    fn positions_are_right_whatever_the_line_ends() {
        for end in ["\n", "\r\n", "\r"] {
            let file = |rows: &[&str]| rows.join(end).into_bytes();
            let header = "capability,kind,group,text,expected";
            let good = file(&[
                header,
                "a,mft,,One.,neutral",
                "b,mft,,\"Two,\rthree.\",neutral",
                "",
            ]);
            let cases = parse_cases(&good, "c.csv".as_ref()).unwrap();
            assert_eq!(cases.iter().map(|c| c.line).collect::<Vec<_>>(), [2, 3]);
            let shown = end.escape_debug();
            for (rows, message) in [
                (
                    &[header, "a,mft,,One.,neutral", "a,xyz,,Two.,neutral", ""][..],
                    "line 3: the kind",
                ),
                (
                    &[
                        header,
                        "a,mft,,One.,neutral",
                        "",
                        "a,mft,,Two,neutral,x",
                        "",
                    ],
                    "line 4: ",
                ),
                (
                    &[header, "a,mft,,\"One.\rTwo.\",neutral", "a,mft,,,neutral"],
                    "line 4: the text",
                ),
            ] {
                let e = parse_cases(&file(rows), "c.csv".as_ref())
                    .unwrap_err()
                    .to_string();
                assert!(e.contains(message), "{shown}: {e}");
            }
            let mut bad = file(&[header, "a,mft,,One.,neutral", "a,mft,,Two ", ""]);
            bad.splice(
                bad.len() - end.len()..bad.len() - end.len(),
                *b"\xff,neutral",
            );
            let e = parse_cases(&bad, "c.csv".as_ref()).unwrap_err();
            assert_eq!(e.position().map(|p| p.line), Some(3), "{shown}: {e}");
        }
    }

    #[test]
    fn each_kind_passes_and_fails_as_its_rule_says() {
        let p = pipeline();
        let csv = "capability,kind,group,text,expected\n\
                   right,mft,,The force must disarm the militias.,enforcement\n\
                   wrong,mft,,The force must disarm the militias.,peacekeeping\n\
                   clutter,mft,,LEAVE A REPLY,neutral\n\
                   same,inv,g1,The force must disarm the militias.,enforcement\n\
                   same,inv,g1,Troops must disarm the militias.,enforcement\n\
                   split,inv,g2,The force must disarm the militias.,enforcement\n\
                   split,inv,g2,Observers will monitor the ceasefire line.,enforcement\n\
                   up,dir,g3,Observers will monitor the ceasefire line.,peacekeeping\n\
                   up,dir,g3,Observers will disarm the militias by force.,+enforcement\n\
                   down,dir,g4,Observers will monitor the ceasefire line.,peacekeeping\n\
                   down,dir,g4,Observers will disarm the militias by force.,-enforcement\n";
        let cases = parse_cases(csv.as_bytes(), "c.csv".as_ref()).unwrap();
        let results = run_checks(&p, &cases, "c.csv".as_ref()).unwrap();
        let rate = |name: &str| {
            let r = results.iter().find(|r| r.capability == name).unwrap();
            (r.tests, r.passed)
        };
        assert_eq!(rate("right"), (1, 1));
        assert_eq!(rate("wrong"), (1, 0));
        assert_eq!(rate("clutter"), (1, 1));
        assert_eq!(rate("same"), (1, 1));
        assert_eq!(rate("split"), (1, 0));
        assert_eq!(rate("up"), (1, 1));
        assert_eq!(rate("down"), (1, 0));
        let failed = &results
            .iter()
            .find(|r| r.capability == "split")
            .unwrap()
            .failures;
        assert_eq!(failed[0].group, "g2");
        assert_eq!(failed[0].rows.len(), 2);
    }

    #[test]
    fn an_unknown_label_is_refused() {
        let p = pipeline();
        let csv = b"capability,kind,group,text,expected\na,mft,,One.,pacifism\n";
        let cases = parse_cases(csv, "c.csv".as_ref()).unwrap();
        let e = run_checks(&p, &cases, "c.csv".as_ref())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("c.csv") && e.contains("pacifism") && e.contains("line 2"),
            "{e}"
        );
    }
}
