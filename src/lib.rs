//! `stance` tells how a text frames the role of an international force in a conflict zone:
//! **peacekeeping** (consent, impartiality, protecting civilians, monitoring a ceasefire, enabling
//! aid, backing local institutions), **enforcement** (disarming factions, compelling compliance,
//! combat, imposing order) or **neutral**.
//!
//! Data flows one way through the modules:
//!
//! ```text
//! input ──► text::sentences ──► text::tokens ──► features ──► model ──► article ──► output
//!  (CSV, JSONL,   (articles to      (sentences to   (TF-IDF     (logistic   (per-article   (tables,
//!   text files)    sentences)        tokens)         vectors)    regression)  verdicts)      CSV, JSON)
//! ```
//!
//! [`pipeline::Pipeline`] holds one trained chain (tokenizer settings, vocabulary, idf, weights,
//! labels) and [`format`](mod@format) saves it as one checked file, so training and classification never
//! disagree about preprocessing. [`pipeline::TrainOptions`] holds the training defaults every
//! front end shares: the `stance` binary and the Python package (`python/`, a member of the same
//! Cargo workspace) both call this library, so a number is the same whichever computed it.
//!
//! To evaluate and publish: [`eval::metrics`] computes label and probability metrics and bootstrap
//! intervals; [`eval::validation`] measures a model on held-out data or cross-validates the whole
//! training procedure; [`render::report`] writes an HTML report with SVG figures; [`classify::explain`] says which
//! terms pushed each sentence towards or against its label; [`eval::tune`] grid-searches training
//! settings by cross-validated macro-F1. Long tasks report their [`progress`] to a callback.
//!
//! ```
//! use stance::corpus::LabelledSet;
//! use stance::pipeline::{Pipeline, TrainSettings};
//! use stance::classify::classify_article;
//!
//! let data = LabelledSet {
//!     texts: vec![
//!         "The force will monitor the ceasefire.".into(),
//!         "Peacekeepers will escort aid convoys.".into(),
//!         "The force must disarm Hamas.".into(),
//!         "Troops will disarm the militias by force.".into(),
//!         "Ministers met in Cairo.".into(),
//!         "The budget was approved on Tuesday.".into(),
//!     ],
//!     labels: ["peacekeeping", "peacekeeping", "enforcement", "enforcement", "neutral", "neutral"]
//!         .map(String::from).to_vec(),
//!     lines: (2..8).collect(),
//!     ..Default::default()
//! };
//! let mut settings = TrainSettings::default();
//! settings.features.min_df = 1;
//! let (pipeline, _) = Pipeline::train(&data, &settings.check()?)?;
//! let result = classify_article(&pipeline, "a1", "The force must disarm the militias. Ministers met.");
//! assert_eq!(result.summary.sentences, 2);
//! # Ok::<(), stance::Error>(())
//! ```

#![warn(missing_docs)]

pub mod atomic;
pub mod budget;
pub mod classify;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod features;
pub mod format;
pub mod input;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod shares;
pub mod suggest;
pub mod text;
pub mod units;

pub use error::{Error, Result};

/// The README's Rust examples, compiled and run as doc tests so that they cannot drift from the
/// library.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
