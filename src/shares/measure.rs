//! Shares per group: articles are streamed through the classifier, each reduced on the worker
//! threads to a compact tally (sentences per label, summed posteriors, and for EMQ the posteriors
//! themselves as `f32`), and the tallies are kept per group. Memory is therefore O(articles)
//! small vectors (plus O(sentences) `f32` triples when EMQ is asked for), never the articles'
//! text or sentence results: the bootstrap resamples articles, so it needs each article's tally.
//!
//! Matrix code indexes rows and columns by number, as the formulas do.
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::estimators::{
    acc, acc_matrix, cc, emq, emq_prior, l1_normalise, pacc, pacc_matrix, pcc,
};
use super::{Method, Notice, Period, ShareRow, Shares, SharesOptions, Unit, MAX_BOOTSTRAP};
use crate::classify::{classify_stream_with, Batching, ClassifyOptions, NEUTRAL_LABEL};
use crate::corpus::LabelledSet;
use crate::error::{Error, ErrorKind, Position, Result, Setting};
use crate::input::{Article, Sources};
use crate::pipeline::{Calibration, Pipeline};

/// Groups smaller than this many articles are warned about: the bootstrap resamples articles,
/// and with fewer than about ten the percentile interval has too few distinct values to cover
/// as it should.
pub const MIN_ARTICLES: u64 = 10;

/// Groups with fewer counted sentences than this are warned about: with 50 sentences the 95%
/// sampling half-width of a share near one half is already about 0.14 even if the sentences were
/// independent, more than twice the 0.06 error the adjusted methods reach.
pub const MIN_SENTENCES: u64 = 50;

/// One article reduced to what the estimators need.
#[derive(Debug, Clone, Default)]
struct Tally {
    counts: Vec<u32>,
    sums: Vec<f64>,
    posteriors: Vec<f32>,
    sentences: u32,
}

/// Error rates in the form the estimators take.
struct Rates {
    acc: Vec<Vec<f64>>,
    pacc: Vec<Vec<f64>>,
}

impl Rates {
    fn of(c: &Calibration) -> Rates {
        let confusion: Vec<Vec<f64>> = c
            .confusion
            .iter()
            .map(|r| r.iter().map(|&x| x as f64).collect())
            .collect();
        let means = c
            .confusion
            .iter()
            .zip(&c.mean_posteriors)
            .map(|(row, m)| (row.iter().sum::<u64>() > 0).then(|| m.clone()))
            .collect::<Vec<_>>();
        Rates {
            acc: acc_matrix(&confusion),
            pacc: pacc_matrix(&means),
        }
    }

    /// The error rates of a bootstrap resample of the calibration sentences: the confusion
    /// counts are redrawn exactly (n sentences drawn with replacement from the observed cells),
    /// and each true label's mean posterior is redrawn from the normal distribution the central
    /// limit theorem gives it (mean, covariance / n_j), since only the summary is stored.
    fn resample(c: &Calibration, rng: &mut ChaCha8Rng) -> Rates {
        let k = c.confusion.len();
        let cells: Vec<u64> = c.confusion.iter().flatten().copied().collect();
        let n: u64 = cells.iter().sum();
        let mut cumulative = Vec::with_capacity(cells.len());
        let mut total = 0;
        for &x in &cells {
            total += x;
            cumulative.push(total);
        }
        let mut drawn = vec![0u64; cells.len()];
        for _ in 0..n {
            let u = rng.gen_range(0..n);
            drawn[cumulative.partition_point(|&c| c <= u)] += 1;
        }
        let confusion: Vec<Vec<f64>> = drawn
            .chunks(k)
            .map(|r| r.iter().map(|&x| x as f64).collect())
            .collect();
        let means = (0..k)
            .map(|j| {
                let nj: f64 = confusion[j].iter().sum();
                (nj > 0.0).then(|| {
                    let l = cholesky(&c.posterior_covariance[j]);
                    let z: Vec<f64> = (0..k).map(|_| normal(rng)).collect();
                    (0..k)
                        .map(|a| {
                            let noise: f64 = (0..=a).map(|b| l[a][b] * z[b]).sum();
                            c.mean_posteriors[j][a] + noise / nj.sqrt()
                        })
                        .collect()
                })
            })
            .collect::<Vec<_>>();
        Rates {
            acc: acc_matrix(&confusion),
            pacc: pacc_matrix(&means),
        }
    }
}

/// Lower-triangular `l` with `l lᵀ = m` for a positive semi-definite `m`; a zero pivot (the
/// posteriors sum to one, so the covariance is singular) gives a zero column.
fn cholesky(m: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let k = m.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = (0..j).map(|p| l[i][p] * l[j][p]).sum();
            if i == j {
                l[i][j] = (m[i][i] - s).max(0.0).sqrt();
            } else if l[j][j] > 1e-12 {
                l[i][j] = (m[i][j] - s) / l[j][j];
            }
        }
    }
    l
}

/// A standard normal draw (Box-Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.gen::<f64>();
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Scores labelled sentences with the finished model and summarises its errors on them.
pub fn calibrate_on(pipeline: &Pipeline, data: &LabelledSet) -> Result<Calibration> {
    use rayon::prelude::*;
    let labels = pipeline.labels();
    let mut truth = Vec::with_capacity(data.len());
    for (label, line) in data.labels.iter().zip(&data.lines) {
        let t = labels.iter().position(|l| l == label).ok_or_else(|| {
            Error::input(
                data.source.clone(),
                Some(Position::line(*line)),
                format!(
                    "label '{label}' is not one the model knows ({}); use the model's labels",
                    labels.join(", ")
                ),
            )
        })?;
        truth.push(t);
    }
    let probabilities: Vec<Vec<f64>> = data
        .texts
        .par_iter()
        .map(|t| pipeline.score_sentence(t).probabilities)
        .collect();
    let name = data
        .source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| data.source.display().to_string());
    Ok(Calibration::from_predictions(
        format!("{} labelled sentences in {name}", data.len()),
        0,
        labels.len(),
        &truth,
        &probabilities,
    ))
}

/// The group key of an article: its values of the grouping columns, then its period.
fn key_of(article: &Article, options: &SharesOptions) -> Result<Vec<String>> {
    let mut key: Vec<String> = options
        .group_by
        .iter()
        .map(|c| article.meta(c).unwrap_or_default().to_string())
        .collect();
    if let Some(column) = &options.date_column {
        let period = options.period.unwrap_or(Period::Day);
        let value = article.meta(column).unwrap_or_default();
        let Some(p) = period.of(value) else {
            return Err(Error::input(
                article.source.clone(),
                article.line.map(Position::line),
                format!(
                    "'{value}' in column '{column}' is not an ISO 8601 date (2025-03-14, or a \
                     date-time such as 2025-03-14T09:30:00Z); fix or remove the record"
                ),
            ));
        };
        key.push(p);
    }
    Ok(key)
}

/// Measures the shares of each label per group of articles, with each method asked for and
/// bootstrap intervals.
///
/// The error rates of the adjusted methods (ACC, PACC) come from `calibration` when given
/// (labelled sentences from the user's corpus, scored by the finished model), else from the
/// model's stored out-of-fold calibration; without either, asking for them is an
/// [`ErrorKind::NoCalibration`] error. EMQ needs only the model's training prevalence; with
/// error rates it divides by the mean posterior they give the training mix
/// ([`super::estimators::emq_prior`]) instead.
pub fn measure_shares(
    pipeline: &Pipeline,
    articles: impl IntoIterator<Item = Result<Article>>,
    options: &SharesOptions,
    calibration: Option<&LabelledSet>,
) -> Result<Shares> {
    if options.bootstrap > MAX_BOOTSTRAP {
        return Err(Error::out_of_range(
            Setting::Bootstrap,
            options.bootstrap.to_string(),
            format!("at most {MAX_BOOTSTRAP} replicates (1000 is plenty for 95% intervals), or 0 for none"),
        ));
    }
    let labels = pipeline.labels().to_vec();
    let mut notices = Vec::new();
    let mut methods = options.methods.clone();
    if options.unit == Unit::Article {
        // Article verdicts have no measured error rates: only their plain count is defined.
        let dropped: Vec<Method> = methods
            .iter()
            .copied()
            .filter(|&m| m != Method::Cc)
            .collect();
        if !dropped.is_empty() {
            notices.push(Notice::ArticleUnitCountsOnly { dropped });
        }
        methods = vec![Method::Cc];
    }
    let stored;
    let calibration: Option<&Calibration> = match calibration {
        Some(data) => {
            stored = calibrate_on(pipeline, data)?;
            Some(&stored)
        }
        None => pipeline.calibration(),
    };
    let needs: Vec<Method> = methods
        .iter()
        .copied()
        .filter(|m| matches!(m, Method::Acc | Method::Pacc))
        .collect();
    if calibration.is_none() && !needs.is_empty() {
        if methods.len() > needs.len() && options.methods.len() == Method::ALL.len() {
            // `all`: go on with the methods that need no calibration, and say so.
            methods.retain(|m| !needs.contains(m));
            notices.push(Notice::NoCalibration {
                dropped: needs.clone(),
            });
        } else {
            return Err(ErrorKind::NoCalibration {
                methods: needs
                    .iter()
                    .map(|m| m.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            }
            .into());
        }
    }
    let want_posteriors = methods.contains(&Method::Emq);
    // Article verdicts: the model's labels and `mixed`.
    let classes: Vec<String> = match options.unit {
        Unit::Sentence => labels.clone(),
        Unit::Article => labels
            .iter()
            .cloned()
            .chain(std::iter::once("mixed".to_string()))
            .collect(),
    };
    let c = classes.len();
    let classify = ClassifyOptions {
        keep_boilerplate: options.keep_boilerplate,
        ..Default::default()
    };
    let mut groups: BTreeMap<Vec<String>, Vec<Tally>> = BTreeMap::new();
    let mut sources = Sources::default();
    classify_stream_with(
        pipeline,
        articles,
        Batching::default(),
        &classify,
        |article, result| {
            let key = key_of(article, options)?;
            let mut t = Tally {
                counts: vec![0; c],
                sums: vec![0.0; c],
                posteriors: Vec::new(),
                sentences: result.summary.sentences as u32,
            };
            match options.unit {
                Unit::Sentence => {
                    for s in result.sentences.iter().filter(|s| s.is_counted()) {
                        t.counts[s.label] += 1;
                        for (sum, p) in t.sums.iter_mut().zip(&s.probabilities) {
                            *sum += p;
                        }
                        if want_posteriors {
                            t.posteriors
                                .extend(s.probabilities.iter().map(|&p| p as f32));
                        }
                    }
                }
                Unit::Article => {
                    if let Some(v) = classes.iter().position(|l| *l == result.summary.verdict) {
                        t.counts[v] = 1;
                        t.sums[v] = 1.0;
                    }
                }
            }
            Ok::<_, Error>((key, t))
        },
        |article, (key, tally)| {
            sources.note(article);
            groups.entry(key).or_default().push(tally);
            Ok::<_, Error>(())
        },
    )?;
    let train_prevalence: Vec<f64> = {
        let s = &pipeline.summary().per_label;
        l1_normalise(&s.iter().map(|(_, n)| *n as f64).collect::<Vec<_>>())
    };
    let rates = calibration.map(Rates::of);
    let neutral = classes.iter().position(|l| l == NEUTRAL_LABEL);
    let shown: Vec<usize> = (0..c)
        .filter(|&i| !(options.framed_only && Some(i) == neutral))
        .collect();
    let reduce = |shares: Vec<f64>| -> Option<Vec<f64>> {
        if !options.framed_only {
            return Some(shares);
        }
        let kept: Vec<f64> = shown.iter().map(|&i| shares[i]).collect();
        let sum: f64 = kept.iter().sum();
        (sum > 0.0).then(|| kept.iter().map(|x| x / sum).collect())
    };
    // One estimate per method from totals; `flags` collects clipping and singular matrices.
    let estimate = |method: Method,
                    counts: &[f64],
                    sums: &[f64],
                    posteriors: &[f32],
                    rates: Option<&Rates>,
                    flags: &mut (bool, bool)|
     -> Vec<f64> {
        match method {
            Method::Cc => cc(counts),
            Method::Pcc => pcc(sums),
            Method::Acc | Method::Pacc => {
                let r = rates.expect("calibration checked above");
                let e = if method == Method::Acc {
                    acc(&cc(counts), &r.acc)
                } else {
                    pacc(&pcc(sums), &r.pacc)
                };
                flags.0 |= e.clipped;
                flags.1 |= e.singular;
                e.shares
            }
            Method::Emq => {
                let p: Vec<f64> = posteriors.iter().map(|&x| f64::from(x)).collect();
                // With measured error rates, EM divides by the mean posterior the model gives
                // the training mix on sentences it did not see (see `emq_prior`).
                let prior = match rates {
                    Some(r) => emq_prior(&train_prevalence, &r.pacc),
                    None => train_prevalence.clone(),
                };
                emq(&prior, &p).shares
            }
        }
    };
    let totals = |tallies: &mut dyn Iterator<Item = &Tally>| {
        let mut counts = vec![0.0; c];
        let mut sums = vec![0.0; c];
        let mut posteriors = Vec::new();
        let mut sentences = 0u64;
        for t in tallies {
            for i in 0..c {
                counts[i] += f64::from(t.counts[i]);
                sums[i] += t.sums[i];
            }
            posteriors.extend_from_slice(&t.posteriors);
            sentences += u64::from(t.sentences);
        }
        (counts, sums, posteriors, sentences)
    };
    // Bootstrap: each replicate redraws the calibration sentences once (shared by every group)
    // and, within each group, the group's articles.
    let keys: Vec<&Vec<String>> = groups.keys().collect();
    let mut replicates: Vec<Vec<Vec<Vec<f64>>>> = vec![vec![Vec::new(); methods.len()]; keys.len()];
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    for _ in 0..options.bootstrap {
        let r = calibration
            .filter(|_| {
                methods
                    .iter()
                    .any(|m| matches!(m, Method::Acc | Method::Pacc | Method::Emq))
            })
            .map(|cal| Rates::resample(cal, &mut rng));
        for (g, key) in keys.iter().enumerate() {
            let tallies = &groups[*key];
            let n = tallies.len();
            let drawn: Vec<&Tally> = (0..n).map(|_| &tallies[rng.gen_range(0..n)]).collect();
            let (counts, sums, posteriors, _) = totals(&mut drawn.into_iter());
            if counts.iter().sum::<f64>() == 0.0 {
                continue;
            }
            for (m, &method) in methods.iter().enumerate() {
                let shares = estimate(
                    method,
                    &counts,
                    &sums,
                    &posteriors,
                    r.as_ref(),
                    &mut (false, false),
                );
                if let Some(s) = reduce(shares) {
                    replicates[g][m].push(s);
                }
            }
        }
    }
    let mut rows = Vec::new();
    let mut singular = Vec::new();
    for (g, key) in keys.iter().enumerate() {
        let tallies = &groups[*key];
        let articles = tallies.len() as u64;
        let (counts, sums, posteriors, sentences) = totals(&mut tallies.iter());
        let empty = counts.iter().sum::<f64>() == 0.0;
        if empty {
            notices.push(Notice::EmptyGroup {
                group: (*key).clone(),
            });
        } else if articles < MIN_ARTICLES || sentences < MIN_SENTENCES {
            notices.push(Notice::SmallGroup {
                group: (*key).clone(),
                articles,
                sentences,
            });
        }
        for (m, &method) in methods.iter().enumerate() {
            let mut flags = (false, false);
            let point = (!empty)
                .then(|| {
                    estimate(
                        method,
                        &counts,
                        &sums,
                        &posteriors,
                        rates.as_ref(),
                        &mut flags,
                    )
                })
                .and_then(reduce);
            if flags.0 {
                notices.push(Notice::Clipped {
                    group: (*key).clone(),
                    method,
                });
            }
            if flags.1 && !singular.contains(&method) {
                singular.push(method);
            }
            for (i, &class) in shown.iter().enumerate() {
                let interval = (!replicates[g][m].is_empty()).then(|| {
                    let mut v: Vec<f64> = replicates[g][m].iter().map(|s| s[i]).collect();
                    v.sort_by(f64::total_cmp);
                    (percentile(&v, 2.5), percentile(&v, 97.5))
                });
                rows.push(ShareRow {
                    group: (*key).clone(),
                    label: classes[class].clone(),
                    method,
                    share: point.as_ref().map(|p| p[i]),
                    interval: point.as_ref().and(interval),
                    sentences,
                    articles,
                });
            }
        }
    }
    for method in singular {
        notices.push(Notice::Singular { method });
    }
    let mut columns = options.group_by.clone();
    if options.date_column.is_some() {
        columns.push("period".into());
    }
    Ok(Shares {
        columns,
        periods: options.date_column.is_some(),
        classes,
        rows,
        notices,
        calibration: calibration
            .filter(|_| {
                methods
                    .iter()
                    .any(|m| matches!(m, Method::Acc | Method::Pacc | Method::Emq))
            })
            .map(|c| c.source.clone()),
        inputs: sources.into_names(),
        methods,
    })
}

/// The `q`-th percentile of sorted values, interpolating linearly between neighbours (numpy's
/// default).
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let pos = q / 100.0 * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}
