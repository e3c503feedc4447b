//! The compiled half of the Python package `stance`: a thin layer over the `stance` library.
//!
//! Every computation is the library's, through the same calls the command line makes, so a
//! number is the same whichever way it was computed. This layer only converts between Python and
//! Rust values, releases the interpreter lock around long calls, and turns the library's errors
//! into `ValueError` (bad data or settings) or `OSError` (files).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use rayon::prelude::*;

use stance::classify::{classify_stream_with, Batching, ClassifyOptions};
use stance::error::ErrorKind;
use stance::eval::calibration::train_calibrated;
use stance::eval::validation::holdout;
use stance::input::{labelled_from_pairs, Article, Unlabelled};
use stance::model::ClassWeight;
use stance::pipeline::{Pipeline, TrainOptions};
use stance::render::{Format, Formatter};
use stance::text::tokens::{Negation, StopWords};

/// The model shipped with the package: `models/stance.model` as it was when it was built.
static BUILT_IN: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../models/stance.model"
));

/// How the built-in model is named in messages.
const BUILT_IN_NAME: &str = "<built-in model>";

/// The library's error as the Python exception that fits it, with the library's message.
fn py_error(e: stance::Error) -> PyErr {
    match e.kind() {
        ErrorKind::Io { .. } => PyOSError::new_err(e.to_string()),
        _ => PyValueError::new_err(e.to_string()),
    }
}

/// A Python iterable of strings as a vector; a lone string is refused, since iterating it would
/// treat every character as a sentence.
fn strings(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list (or other iterable) of strings, not a single string; wrap it \
             in a list"
        )));
    }
    let mut out = Vec::new();
    for (i, item) in obj.try_iter()?.enumerate() {
        let item = item?;
        match item.extract::<String>() {
            Ok(s) => out.push(s),
            Err(_) => {
                return Err(PyTypeError::new_err(format!(
                    "{what}[{i}] is a {}, not a string",
                    item.get_type().name()?
                )))
            }
        }
    }
    Ok(out)
}

/// A JSON value built by the library, as the Python value `json.loads` makes of it, so that
/// Python sees exactly the command line's JSON.
fn from_json<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

/// A trained model: tokenizer settings, vocabulary, idf, weights, labels and calibration, as one
/// file saves them. Load one with `Model.load`, use the shipped one with `Model.builtin`, or train
/// one with `stance.train`.
#[pyclass(module = "stance", name = "Model", frozen)]
struct Model {
    pipeline: Arc<Pipeline>,
    name: String,
}

impl Model {
    fn new(pipeline: Pipeline, name: String) -> Self {
        Model {
            pipeline: Arc::new(pipeline),
            name,
        }
    }
}

#[pymethods]
impl Model {
    /// Reads a model file written by `stance train` or `Model.save`.
    ///
    /// Raises OSError when the file cannot be read and ValueError when it is not a model file, is
    /// damaged, or was written by a newer version.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Model> {
        let pipeline = py
            .detach(|| stance::format::load(&path))
            .map_err(py_error)?;
        Ok(Model::new(pipeline, path.display().to_string()))
    }

    /// The model shipped with the package (the command line's default model).
    #[staticmethod]
    fn builtin() -> PyResult<Model> {
        let pipeline =
            stance::format::from_bytes(BUILT_IN, Path::new(BUILT_IN_NAME)).map_err(py_error)?;
        Ok(Model::new(pipeline, BUILT_IN_NAME.to_string()))
    }

    /// Writes the model to `path` atomically (a reader never sees half a file), in the same
    /// format `stance train` writes; the command line reads it with `--model PATH`.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let pipeline = &self.pipeline;
        py.detach(|| stance::format::save(pipeline, &path))
            .map_err(py_error)
    }

    /// The labels, in the order of `predict_proba`'s columns (sorted).
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.pipeline.labels().to_vec()
    }

    /// The training settings as a dict: tokenizer (stemming, negation, stop words), features
    /// (n-grams, document-frequency limits), model (C, class weights, iteration cap, tolerances)
    /// and seed.
    #[getter]
    fn settings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_string(&self.pipeline.summary().settings)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        from_json(py, &value)
    }

    /// The number of terms in the vocabulary.
    #[getter]
    fn terms(&self) -> usize {
        self.pipeline.vectorizer().len()
    }

    /// The label of each sentence (each string is scored as one sentence).
    fn predict(&self, py: Python<'_>, sentences: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let sentences = strings(sentences, "sentences")?;
        let pipeline = &self.pipeline;
        Ok(py.detach(|| {
            let labels = pipeline.labels();
            sentences
                .par_iter()
                .map(|s| labels[pipeline.score_sentence(s).label].clone())
                .collect()
        }))
    }

    /// The probability of each label for each sentence: a float64 numpy array of shape
    /// (sentences, labels), columns in `labels` order.
    fn predict_proba<'py>(
        &self,
        py: Python<'py>,
        sentences: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let sentences = strings(sentences, "sentences")?;
        let k = self.pipeline.labels().len();
        let pipeline = &self.pipeline;
        let bytes: Vec<u8> = py.detach(|| {
            let rows: Vec<Vec<f64>> = sentences
                .par_iter()
                .map(|s| pipeline.score_sentence(s).probabilities)
                .collect();
            rows.iter()
                .flatten()
                .flat_map(|p| p.to_ne_bytes())
                .collect()
        });
        let n = sentences.len();
        let numpy = py.import("numpy")?;
        let flat = numpy.call_method1("frombuffer", (PyBytes::new(py, &bytes), "float64"))?;
        // A copy, so that the array owns writable memory rather than viewing immutable bytes.
        flat.call_method1("reshape", ((n, k),))?
            .call_method0("copy")
    }

    /// Classifies articles as `stance classify` does: splits each into sentences, sets page
    /// clutter aside, scores the rest and aggregates.
    ///
    /// `articles` holds strings, or dicts with "id" and "text" keys; a string's id is its
    /// position ("0", "1", ...) unless `ids` gives them. Returns one dict per article with the
    /// fields of a line of `stance classify --format jsonl --exact`: id, sentences, boilerplate,
    /// counts, shares, mean_probabilities, verdict, and with `sentences=True` (or `explain` > 0)
    /// sentence_results; `explain=K` adds each sentence's K strongest terms each way and the
    /// article's most framed sentences.
    #[pyo3(signature = (articles, *, ids=None, explain=0, sentences=false, keep_boilerplate=false))]
    fn classify<'py>(
        &self,
        py: Python<'py>,
        articles: &Bound<'py, PyAny>,
        ids: Option<&Bound<'py, PyAny>>,
        explain: usize,
        sentences: bool,
        keep_boilerplate: bool,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let articles = read_articles(articles, ids)?;
        let mut formatter =
            Formatter::new(Format::Jsonl, self.pipeline.labels(), sentences).with_exact_figures();
        if explain > 0 {
            formatter = formatter.with_explanations();
        }
        let options = ClassifyOptions {
            explain: (explain > 0).then_some(explain),
            keep_boilerplate,
            ..Default::default()
        };
        let pipeline = &self.pipeline;
        let lines = py
            .detach(|| {
                let mut lines = Vec::with_capacity(articles.len());
                classify_stream_with(
                    pipeline,
                    articles.into_iter().map(Ok),
                    Batching::default(),
                    &options,
                    |article, result| {
                        let mut buf = Vec::with_capacity(512);
                        formatter
                            .article(&result, &article.text, &mut buf)
                            .map_err(|e| stance::Error::io("<memory>", "formatting", e))?;
                        Ok::<_, stance::Error>(buf)
                    },
                    |_, bytes| {
                        lines.push(bytes);
                        Ok(())
                    },
                )
                .map(|_| lines)
            })
            .map_err(py_error)?;
        let json = py.import("json")?;
        lines
            .iter()
            .map(|line| json.call_method1("loads", (String::from_utf8_lossy(line).trim_end(),)))
            .collect()
    }

    /// Measures the model on labelled sentences, as `stance evaluate --format json` does, and
    /// returns the same keys: accuracy, macro and weighted F1, per-label precision, recall and F1,
    /// the confusion matrix, bootstrap intervals (seeded by `seed`) and unknown labels.
    #[pyo3(signature = (texts, labels, *, seed=42))]
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        labels: &Bound<'py, PyAny>,
        seed: u64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let pipeline = &self.pipeline;
        measure(py, texts, labels, |data| {
            let h = holdout(pipeline, data, seed);
            stance::render::evaluate::holdout_json(&h, None).to_string()
        })
    }

    /// Compares `other` (model B) with this model (A) on labelled sentences, as `stance evaluate
    /// --compare` does, and returns the same keys but the file names: each model's accuracy and
    /// macro-F1, the paired-bootstrap intervals of the differences (B minus A, seeded by
    /// `seed`), the share of resamples B is ahead, the agreement split and McNemar's exact p.
    #[pyo3(signature = (other, texts, labels, *, seed=42))]
    fn compare<'py>(
        &self,
        py: Python<'py>,
        other: &Model,
        texts: &Bound<'py, PyAny>,
        labels: &Bound<'py, PyAny>,
        seed: u64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (a, b) = (&self.pipeline, &other.pipeline);
        measure(py, texts, labels, |data| {
            let c = stance::eval::comparison::compare(a, b, data, seed);
            serde_json::to_string(&c).unwrap_or_default()
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<stance.Model {} labels={:?} terms={}>",
            self.name,
            self.pipeline.labels(),
            self.pipeline.vectorizer().len()
        )
    }
}

/// Labelled sentences from Python, measured by `how` (which returns JSON) with the interpreter
/// lock released; the JSON comes back as Python objects.
fn measure<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    labels: &Bound<'py, PyAny>,
    how: impl FnOnce(&stance::corpus::LabelledSet) -> String + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let texts = strings(texts, "texts")?;
    let labels = strings(labels, "labels")?;
    let value = py
        .detach(|| {
            let data =
                labelled_from_pairs(Path::new("texts"), texts, labels, None, Unlabelled::Refuse)?;
            Ok::<_, stance::Error>(how(&data.set))
        })
        .map_err(py_error)?;
    from_json(py, &value)
}

/// Articles from Python: strings (ids from `ids` or positions) or dicts with "id" and "text".
fn read_articles(
    articles: &Bound<'_, PyAny>,
    ids: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Article>> {
    if articles.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "articles must be a list (or other iterable) of strings or dicts, not a single \
             string; wrap it in a list",
        ));
    }
    let given_ids = ids.map(|ids| strings(ids, "ids")).transpose()?;
    let mut out = Vec::new();
    for (i, item) in articles.try_iter()?.enumerate() {
        let item = item?;
        let (id, text) = if let Ok(dict) = item.cast::<PyDict>() {
            let text = dict
                .get_item("text")?
                .ok_or_else(|| PyValueError::new_err(format!("articles[{i}] has no \"text\" key")))?
                .extract::<String>()
                .map_err(|_| {
                    PyTypeError::new_err(format!("articles[{i}][\"text\"] is not a string"))
                })?;
            let id = match dict.get_item("id")? {
                Some(id) => id.str()?.to_string(),
                None => i.to_string(),
            };
            (id, text)
        } else if let Ok(text) = item.extract::<String>() {
            (i.to_string(), text)
        } else {
            return Err(PyTypeError::new_err(format!(
                "articles[{i}] is a {}, not a string or a dict with \"id\" and \"text\"",
                item.get_type().name()?
            )));
        };
        let id = match &given_ids {
            Some(ids) => ids.get(i).cloned().ok_or_else(|| {
                PyValueError::new_err(format!("{} ids for more articles than that", ids.len()))
            })?,
            None => id,
        };
        out.push(Article {
            id,
            text,
            ..Default::default()
        });
    }
    if let Some(ids) = &given_ids {
        if ids.len() != out.len() {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} articles; give one id per article",
                ids.len(),
                out.len()
            )));
        }
    }
    Ok(out)
}

/// Trains a model on labelled sentences, as `stance train` does, with the same options and
/// defaults (None means the command line's default): ngrams "1-2", min_df 2, max_df 1.0, no
/// max_features, stem True, negation "clauses" (or "additive", "marked", "off", or a format-5
/// model's "clauses-v5" or "additive-v5"), questions True (mark the tokens of questions),
/// force_mention True (a feature for sentences naming no
/// international force), stop_words "none" (or "english", "closed", or a list of words),
/// c 10.0, style_penalty 2.0 (1 for none), class_weight "uniform" (or
/// "balanced", or a dict such as {"enforcement": 1.5}), max_iter 500, tol 1e-4, seed 42,
/// calibration_folds 5 (0 skips the calibration that adjusted share estimates use), groups
/// None (or one group per text, such as its mission: the calibration folds keep a group's
/// sentences together, as `stance train` does with the `mission` column).
#[pyfunction]
#[pyo3(signature = (texts, labels, *, ngrams=None, min_df=None, max_df=None, max_features=None,
    stem=None, negation=None, questions=None, force_mention=None, stop_words=None, c=None, style_penalty=None, class_weight=None, max_iter=None, tol=None,
    seed=None, calibration_folds=None, groups=None))]
#[allow(clippy::too_many_arguments)]
fn train(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    labels: &Bound<'_, PyAny>,
    ngrams: Option<&Bound<'_, PyAny>>,
    min_df: Option<usize>,
    max_df: Option<f64>,
    max_features: Option<usize>,
    stem: Option<bool>,
    negation: Option<&str>,
    questions: Option<bool>,
    force_mention: Option<bool>,
    stop_words: Option<&Bound<'_, PyAny>>,
    c: Option<f64>,
    style_penalty: Option<f64>,
    class_weight: Option<&Bound<'_, PyAny>>,
    max_iter: Option<u64>,
    tol: Option<f64>,
    seed: Option<u64>,
    calibration_folds: Option<usize>,
    groups: Option<&Bound<'_, PyAny>>,
) -> PyResult<Model> {
    let texts = strings(texts, "texts")?;
    let labels = strings(labels, "labels")?;
    let groups = groups.map(|g| strings(g, "groups")).transpose()?;
    let d = TrainOptions::default();
    let options = TrainOptions {
        ngrams: match ngrams {
            None => d.ngrams,
            Some(v) => ngram_range(v)?,
        },
        min_df: min_df.unwrap_or(d.min_df),
        max_df: max_df.unwrap_or(d.max_df),
        max_features: max_features.or(d.max_features),
        stem: stem.unwrap_or(d.stem),
        negation: match negation {
            None => d.negation,
            Some(n) => n.parse::<Negation>().map_err(PyValueError::new_err)?,
        },
        questions: questions.unwrap_or(d.questions),
        force_mention: force_mention.unwrap_or(d.force_mention),
        stop_words: match stop_words {
            None => d.stop_words,
            Some(v) => stop_list(v)?,
        },
        c: c.unwrap_or(d.c),
        style_penalty: style_penalty.unwrap_or(d.style_penalty),
        class_weight: match class_weight {
            None => d.class_weight,
            Some(v) => weights(v)?,
        },
        max_iter: max_iter.unwrap_or(d.max_iter),
        tol: tol.unwrap_or(d.tol),
        seed: seed.unwrap_or(d.seed),
        calibration_folds: calibration_folds.unwrap_or(d.calibration_folds),
    };
    let settings = options.settings().map_err(py_error)?;
    let pipeline = py
        .detach(|| {
            let data =
                labelled_from_pairs(Path::new("texts"), texts, labels, groups, Unlabelled::Skip)?
                    .set;
            train_calibrated(
                data,
                &settings,
                &Default::default(),
                options.calibration_folds,
            )
        })
        .map_err(py_error)?
        .0;
    Ok(Model::new(pipeline, "<trained in Python>".to_string()))
}

/// `"1-2"` or `(1, 2)`.
fn ngram_range(v: &Bound<'_, PyAny>) -> PyResult<stance::features::NgramRange> {
    let text = match v.extract::<(usize, usize)>() {
        Ok((lo, hi)) => format!("{lo}-{hi}"),
        Err(_) => v
            .extract::<String>()
            .map_err(|_| PyTypeError::new_err("ngrams must be \"MIN-MAX\" or a (min, max) pair"))?,
    };
    text.parse().map_err(py_error)
}

/// `"none"`, `"english"`, `"closed"` or a list of words.
fn stop_list(v: &Bound<'_, PyAny>) -> PyResult<StopWords> {
    if let Ok(name) = v.extract::<String>() {
        return match name.as_str() {
            "none" => Ok(StopWords::None),
            "english" => Ok(StopWords::English),
            "closed" => Ok(StopWords::ClosedClass),
            other => Err(PyValueError::new_err(format!(
                "stop_words '{other}' is not one of none, english, closed; pass a list of words \
                 for a list of your own"
            ))),
        };
    }
    Ok(StopWords::Custom(strings(v, "stop_words")?))
}

/// `"uniform"`, `"balanced"`, `"label=weight,..."` or a dict of label to weight.
fn weights(v: &Bound<'_, PyAny>) -> PyResult<ClassWeight> {
    if let Ok(text) = v.extract::<String>() {
        return text.parse().map_err(py_error);
    }
    let dict = v.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err("class_weight must be \"uniform\", \"balanced\" or a dict")
    })?;
    let mut spec = Vec::new();
    for (label, weight) in dict.iter() {
        let label: String = label
            .extract()
            .map_err(|_| PyTypeError::new_err("class_weight's keys must be label strings"))?;
        let weight: f64 = weight
            .extract()
            .map_err(|_| PyTypeError::new_err("class_weight's values must be numbers"))?;
        spec.push(format!("{label}={weight}"));
    }
    spec.join(",").parse().map_err(py_error)
}

/// Tells how a text frames the role of an international force in a conflict zone:
/// peacekeeping, enforcement or neutral, sentence by sentence and article by article.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Model>()?;
    m.add_function(wrap_pyfunction!(train, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
