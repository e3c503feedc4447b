//! The model file: one [`Pipeline`] in one file, checked on the way in, written atomically.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | content |
//! |---|---|
//! | 0..8 | magic `STANCEMF` |
//! | 8..12 | format version (`u32`, currently [`FORMAT_VERSION`]) |
//! | 12..20 | payload length in bytes (`u64`) |
//! | 20..24 | CRC-32 of the payload (`u32`) |
//! | 24.. | payload: the pipeline encoded with `postcard` |
//!
//! Loading refuses, each with its own message, a file that is empty or shorter than its header,
//! has another program's magic, a newer or older format version, a payload of the wrong length
//! (truncated or with trailing bytes), a checksum mismatch (bit rot, a partial copy), or a payload
//! that decodes but breaks the pipeline's invariants.
//!
//! Format 2 added the training data's checksum and the calibration summary (see
//! [`crate::pipeline::Calibration`]); format-1 files still load, through a frozen copy of their
//! layout (`v1`), as models with neither. Format 3 added the question scope to the tokenizer
//! settings ([`crate::text::questions`]); format-2 files load through `v2` with it off. Format 4
//! added the style penalty to the logistic regression's parameters
//! ([`crate::model::LogisticParams::style_penalty`]) and to the tokenizer settings the feature of
//! a sentence that names no international force ([`crate::text::mentions`]); format-3 files load
//! through `v3` with neither (a penalty of `1`). Format 5 made that feature's setting say which
//! words name a force ([`crate::text::mentions::ForceMention`]); format 4 stored it as a boolean,
//! which decodes as the rule format-4 models were trained with, so format-4 files load through the
//! current layout. Format 6 read a negator joined by a hyphen to the next word ("no-fly") as part
//! of a compound ([`crate::text::negation::Negation::Clauses`]); format-5 files stored the older
//! rules under indices that now decode as `ClausesV5` and `AdditiveV5`, so they load through the
//! current layout too, with the rule they were trained with.
//!
//! Saving goes through [`crate::atomic`], so a crash or a full disk leaves either the old model or
//! the new one, never half of one.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use crate::atomic::{stage_with, Staged};
use crate::error::{Error, ErrorKind, Result};
use crate::pipeline::{Pipeline, PipelineParts};

mod v1;
mod v2;
mod v3;

/// The file's first eight bytes.
pub const MAGIC: &[u8; 8] = b"STANCEMF";

/// The format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 6;

/// The oldest format version this build still reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

const HEADER_LEN: usize = 24;

/// Encodes a pipeline as model-file bytes.
pub fn to_bytes(pipeline: &Pipeline) -> Result<Vec<u8>> {
    let payload = postcard::to_stdvec(pipeline.parts())
        .map_err(|e| Error::from(ErrorKind::Encode(e.to_string())))?;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Checks the magic bytes and the format version of a header of at least 8 bytes (a shorter one
/// is refused as truncated or foreign).
fn check_header(bytes: &[u8], path: &Path) -> Result<()> {
    let fail = |m: String| Err(Error::model(path, m));
    if bytes.is_empty() {
        return fail("the model file is empty; train one with `stance train`".into());
    }
    if bytes.len() < 8 || &bytes[..8] != MAGIC {
        if MAGIC.starts_with(&bytes[..bytes.len().min(8)]) {
            return fail("the model file is truncated (it ends inside its header); train it again or restore a copy".into());
        }
        return fail(
            "this is not a stance model file (wrong magic bytes); pass a file written by `stance train`"
                .into(),
        );
    }
    if bytes.len() < HEADER_LEN {
        return fail(
            "the model file is truncated (it ends inside its header); train it again or restore a copy"
                .into(),
        );
    }
    let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if version > FORMAT_VERSION {
        return fail(format!(
            "the model file has format version {version}, newer than this stance understands \
             ({FORMAT_VERSION}); upgrade stance or retrain the model with this version"
        ));
    }
    if version < OLDEST_FORMAT_VERSION {
        return fail(format!(
            "the model file has old format version {version} (this stance reads {FORMAT_VERSION}); \
             retrain the model"
        ));
    }
    Ok(())
}

/// Decodes model-file bytes; `path` is only used in error messages.
pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Pipeline> {
    check_header(bytes, path)?;
    let declared = declared_length(bytes);
    let actual = (bytes.len() - HEADER_LEN) as u64;
    if declared != actual {
        return Err(length_mismatch(path, actual, declared));
    }
    let payload = &bytes[HEADER_LEN..];
    let stored_crc = u32::from_le_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    if crc32fast::hash(payload) != stored_crc {
        return Err(Error::model(
            path,
            "the model file is corrupted (checksum mismatch); train it again or restore a copy",
        ));
    }
    let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    let decoded = match version {
        1 => postcard::from_bytes::<v1::PipelinePartsV1>(payload).map(v1::PipelinePartsV1::upgrade),
        2 => postcard::from_bytes::<v2::PipelinePartsV2>(payload).map(v2::PipelinePartsV2::upgrade),
        3 => postcard::from_bytes::<v3::PipelinePartsV3>(payload).map(v3::PipelinePartsV3::upgrade),
        _ => postcard::from_bytes::<PipelineParts>(payload),
    };
    let parts: PipelineParts = decoded.map_err(|e| {
        Error::model(
            path,
            format!("the model file's contents cannot be decoded ({e}); retrain the model"),
        )
    })?;
    Pipeline::from_parts(parts).map_err(|source| {
        ErrorKind::InconsistentModel {
            path: path.to_path_buf(),
            source,
        }
        .into()
    })
}

/// Saves a pipeline to `path` atomically.
pub fn save(pipeline: &Pipeline, path: &Path) -> Result<()> {
    stage(pipeline, path)?.commit()
}

/// Writes a pipeline's file beside `path` without replacing `path` yet: the caller commits it
/// once everything else it had to do has succeeded (see [`Staged`]).
pub fn stage(pipeline: &Pipeline, path: &Path) -> Result<Staged> {
    let bytes = to_bytes(pipeline)?;
    stage_with(path, |f| f.write_all(&bytes))
}

/// The CRC-32 of a whole model file's bytes, header included: what a provenance record names a
/// model file by, so that a result can be traced to the very file that produced it (two files of
/// the same model differ only if their bytes do).
///
/// ```
/// assert_eq!(stance::format::file_checksum(b"123456789"), 0xcbf4_3926);
/// ```
pub fn file_checksum(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// Loads a pipeline from `path`.
///
/// The 24-byte header is read and checked first, and then no more than the payload length it
/// declares (plus one byte, to notice trailing bytes) is read: a huge file or a device given as
/// the model (`/dev/zero`) is refused by its header, not read whole.
pub fn load(path: &Path) -> Result<Pipeline> {
    load_with_checksum(path).map(|(pipeline, _)| pipeline)
}

/// [`load`], also returning the [`file_checksum`] of the bytes read.
pub fn load_with_checksum(path: &Path) -> Result<(Pipeline, u32)> {
    if path.is_dir() {
        return Err(Error::model(
            path,
            "is a directory; pass the model file itself (e.g. models/stance.model)",
        ));
    }
    let mut file = fs::File::open(path).map_err(|e| Error::io(path, "reading the model", e))?;
    let mut header = Vec::with_capacity(HEADER_LEN);
    (&mut file)
        .take(HEADER_LEN as u64)
        .read_to_end(&mut header)
        .map_err(|e| Error::io(path, "reading the model", e))?;
    if header.len() < HEADER_LEN {
        // Too short to hold a header: the checks on the whole (short) file say why.
        return from_bytes(&header, path).map(|p| (p, file_checksum(&header)));
    }
    check_header(&header, path)?;
    let declared = declared_length(&header);
    // A regular file's size tells a truncated or padded model without reading it.
    if let Ok(meta) = file.metadata() {
        if meta.is_file() {
            let actual = meta.len().saturating_sub(HEADER_LEN as u64);
            if actual != declared {
                return Err(length_mismatch(path, actual, declared));
            }
        }
    }
    let mut bytes = header;
    file.take(declared.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, "reading the model", e))?;
    Ok((from_bytes(&bytes, path)?, file_checksum(&bytes)))
}

/// The payload length a (complete) header declares.
fn declared_length(header: &[u8]) -> u64 {
    let mut len_bytes = [0u8; 8];
    len_bytes.copy_from_slice(&header[12..20]);
    u64::from_le_bytes(len_bytes)
}

fn length_mismatch(path: &Path, actual: u64, declared: u64) -> Error {
    let what = if actual < declared {
        "truncated"
    } else {
        "longer than its header says"
    };
    Error::model(
        path,
        format!(
            "the model file is {what} ({actual} payload bytes, header says {declared}); \
             train it again or restore a copy"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::LabelledSet;
    use crate::pipeline::TrainSettings;
    use crate::text::tokens::{ForceMention, Negation};
    use proptest::prelude::*;

    fn trained() -> Pipeline {
        let data = LabelledSet {
            source: "t.csv".into(),
            texts: vec![
                "monitor the ceasefire".into(),
                "escort aid convoys".into(),
                "disarm the militias".into(),
                "raid weapons depots".into(),
            ],
            labels: vec![
                "peacekeeping".into(),
                "peacekeeping".into(),
                "enforcement".into(),
                "enforcement".into(),
            ],
            lines: vec![2, 3, 4, 5],
            merged: Vec::new(),
            groups: None,
        };
        let mut s = TrainSettings::default();
        s.features.min_df = 1;
        Pipeline::train(&data, &s.check().unwrap()).unwrap().0
    }

    fn message(bytes: &[u8]) -> String {
        from_bytes(bytes, Path::new("m.model"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn round_trip_is_exact() {
        let p = trained();
        let bytes = to_bytes(&p).unwrap();
        let q = from_bytes(&bytes, Path::new("x")).unwrap();
        assert_eq!(p, q);
        assert_eq!(bytes, to_bytes(&q).unwrap());
    }

    #[test]
    fn the_file_checksum_is_that_of_every_byte_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.model");
        let p = trained();
        save(&p, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let (q, crc) = load_with_checksum(&path).unwrap();
        assert_eq!(q, p);
        assert_eq!(crc, crc32fast::hash(&bytes));
        // Not the payload's checksum, which the header stores: the header is covered too.
        assert_ne!(crc, crc32fast::hash(&bytes[HEADER_LEN..]));
        // Another model, another checksum.
        let mut other = p.parts().clone();
        other.summary.data_source = "u.csv".into();
        let other = Pipeline::from_parts(other).unwrap();
        save(&other, &path).unwrap();
        assert_ne!(load_with_checksum(&path).unwrap().1, crc);
    }

    #[test]
    fn refuses_damaged_files_with_clear_messages() {
        let bytes = to_bytes(&trained()).unwrap();
        assert!(message(&[]).contains("empty"));
        assert!(message(&bytes[..5]).contains("truncated"));
        assert!(message(&bytes[..HEADER_LEN - 1]).contains("truncated"));
        assert!(message(&bytes[..bytes.len() - 3]).contains("truncated"));
        assert!(message(b"PK\x03\x04 a zip file").contains("not a stance model"));
        let mut newer = bytes.clone();
        newer[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        assert!(message(&newer).contains("newer"));
        // A version older than any this build reads (0 was never written).
        let mut older = bytes.clone();
        older[8..12].copy_from_slice(&0u32.to_le_bytes());
        assert!(
            message(&older).contains("old format version 0"),
            "{}",
            message(&older)
        );
        let mut flipped = bytes.clone();
        let last = flipped.len() - 10;
        flipped[last] ^= 0x10;
        assert!(message(&flipped).contains("checksum"));
        let mut longer = bytes;
        longer.push(0);
        assert!(message(&longer).contains("longer"));
        assert!(message(&longer).starts_with("m.model: "));
    }

    #[test]
    fn a_failed_save_keeps_the_old_model() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.model");
        let p = trained();
        save(&p, &path).unwrap();
        let before = fs::read(&path).unwrap();
        assert_eq!(load(&path).unwrap(), p);
        // The model's directory turned into a file: the save fails, the old model stays.
        let other = dir.path().join("other");
        fs::write(&other, b"not a directory").unwrap();
        assert!(save(&p, &other.join("m.model")).is_err());
        assert_eq!(fs::read(&path).unwrap(), before);
        assert_eq!(fs::read(&other).unwrap(), b"not a directory");
    }

    fn forged(parts: &PipelineParts) -> Vec<u8> {
        let payload = postcard::to_stdvec(parts).unwrap();
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    /// Found by fuzzing (`model` target): a payload with a valid checksum whose training summary
    /// held a NaN gradient norm loaded, and the model then differed from itself after a save and
    /// load. A summary that training could not have written is now refused.
    #[test]
    fn fuzz_a_forged_summary_with_a_nan_is_refused() {
        let good = trained().parts().clone();
        assert!(from_bytes(&forged(&good), Path::new("x")).is_ok());
        let mut nan = good.clone();
        nan.summary.convergence.gradient_norm = f64::NAN;
        let mut accuracy = good.clone();
        accuracy.summary.training_accuracy = 1.5;
        let mut settings = good.clone();
        settings.summary.settings.features.ngram_max = 3;
        for parts in [nan, accuracy, settings] {
            let e = message(&forged(&parts));
            assert!(e.contains("inconsistent") && e.contains("retrain"), "{e}");
        }
    }

    /// The seed of the `model` fuzz target must stay a valid model, or the fuzzer would only
    /// exercise the refusals.
    ///
    /// The seed is a format-1 file, so this is also the test that format-1 models keep loading:
    /// as models with no data checksum and no calibration, saved again as format 2.
    #[test]
    fn the_fuzzing_seed_model_loads() {
        let seed = include_bytes!("../fuzz/corpus/model/small.model");
        let p = old_fixture(seed, 1);
        assert!(p.calibration().is_none() && p.data_checksum().is_none());
        saved_again(&p);
        let payload = include_bytes!("../fuzz/corpus/model/small.payload");
        assert_eq!(&seed[HEADER_LEN..], payload);
    }

    /// Loads an old model fixture, checking that its header holds `version`.
    fn old_fixture(bytes: &[u8], version: u32) -> Pipeline {
        assert_eq!(bytes[8..12], version.to_le_bytes());
        from_bytes(bytes, Path::new("old.model")).unwrap()
    }

    /// Saves `p` as the current format and loads it again, checking that nothing changed.
    fn saved_again(p: &Pipeline) -> Pipeline {
        let again = to_bytes(p).unwrap();
        assert_eq!(again[8..12], FORMAT_VERSION.to_le_bytes());
        let reloaded = from_bytes(&again, Path::new("x")).unwrap();
        assert_eq!(&reloaded, p);
        reloaded
    }

    /// A format-2 model (trained on `tests/fixtures/mini.csv` by the release before the question
    /// scope) loads with questions unmarked, in both copies of its tokenizer settings, so that it
    /// scores a question as it was trained to: as the same words asserted.
    #[test]
    fn format_two_models_load_with_questions_unmarked() {
        let p = old_fixture(include_bytes!("../fuzz/corpus/model/format2.model"), 2);
        assert!(!p.tokenizer().settings().questions);
        assert!(!p.summary().settings.tokenizer.questions);
        assert!(p.summary().settings.tokenizer.stem);
        assert!(p.data_checksum().is_some() && p.calibration().is_none());
        let asked = p.vectorize("Will the force disarm the militias?");
        assert!(!asked.is_empty());
        assert_eq!(asked, p.vectorize("Will the force disarm the militias."));
        saved_again(&p);
        // A model trained today marks questions: the question's words are not its terms.
        let new = trained();
        assert!(new.tokenizer().settings().questions);
        let asked = new.vectorize("disarm the militias?");
        assert!(asked
            .indices
            .iter()
            .all(|&c| new.vectorizer().terms()[c as usize] == crate::text::tokens::NO_FORCE_TOKEN));
        assert!(!new.vectorize("disarm the militias.").is_empty());
    }

    /// A format-3 model (trained on `tests/fixtures/mini.csv` by the release before the style
    /// penalty and the no-force feature) loads as trained without either, with its questions
    /// still marked and its calibration kept, and saves as the current format.
    #[test]
    fn format_three_models_load_without_a_style_penalty() {
        let p = old_fixture(include_bytes!("../fuzz/corpus/model/format3.model"), 3);
        assert_eq!(p.summary().settings.model.style_penalty, 1.0);
        assert_eq!(p.summary().settings.model.c, 10.0);
        assert!(p.tokenizer().settings().questions);
        assert_eq!(p.tokenizer().settings().force_mention, ForceMention::Off);
        assert_eq!(
            p.summary().settings.tokenizer.force_mention,
            ForceMention::Off
        );
        // So a sentence naming no force gets no extra feature: a known word still scores, an
        // unknown one leaves the row empty.
        assert!(p.vectorize("Qwertyuiop asdfghjkl.").is_empty());
        assert!(p.data_checksum().is_some() && p.calibration().is_some());
        let reloaded = saved_again(&p);
        assert_eq!(reloaded.summary().settings.model.style_penalty, 1.0);
    }

    /// A format-4 model (trained on `tests/fixtures/mini.csv` by the release before names in the
    /// possessive counted as naming a force) loads with the rule it was trained with, so that
    /// "UNIFIL's patrols" still gets the no-force feature from it, and saves as the current
    /// format with that rule kept.
    #[test]
    fn format_four_models_keep_the_exact_names_rule() {
        use crate::text::tokens::NO_FORCE_TOKEN;
        let p = old_fixture(include_bytes!("../fuzz/corpus/model/format4.model"), 4);
        assert_eq!(p.tokenizer().settings().force_mention, ForceMention::Exact);
        assert_eq!(
            p.summary().settings.tokenizer.force_mention,
            ForceMention::Exact
        );
        // Trained with the clause scopes of its day, under which "no-go" opened a scope.
        assert_eq!(p.tokenizer().settings().negation, Negation::ClausesV5);
        let go = p.tokenizer().tokens("The force patrols a no-go area.");
        assert!(go.iter().any(|t| t == "¬go"), "{go:?}");
        assert_eq!(p.summary().settings.model.style_penalty, 2.0);
        assert!(p.data_checksum().is_some() && p.calibration().is_some());
        let tokens = p.tokenizer().tokens("UNIFIL's patrols watched the line.");
        assert_eq!(tokens.last().map(String::as_str), Some(NO_FORCE_TOKEN));
        let reloaded = saved_again(&p);
        assert_eq!(
            reloaded.tokenizer().settings().force_mention,
            ForceMention::Exact
        );
        // A model trained today reads the possessive as the mission's name, and "no-go" as a
        // compound.
        let new = trained();
        let tokens = new.tokenizer().tokens("UNIFIL's patrols watched the line.");
        assert!(!tokens.iter().any(|t| t == NO_FORCE_TOKEN), "{tokens:?}");
        let go = new.tokenizer().tokens("The force patrols a no-go area.");
        assert!(!go.iter().any(|t| t == "¬go"), "{go:?}");
    }

    /// A format-5 model (trained on `tests/fixtures/mini.csv` by the release before a hyphenated
    /// negator was read as part of a compound) loads through the current layout with the
    /// negation rule it was trained with, keeps it when saved as the current format, and has
    /// every other rule of its day (names in the possessive name a force).
    #[test]
    fn format_five_models_keep_the_hyphenated_negator_rule() {
        use crate::text::tokens::NO_FORCE_TOKEN;
        let p = old_fixture(include_bytes!("../fuzz/corpus/model/format5.model"), 5);
        assert_eq!(p.tokenizer().settings().negation, Negation::ClausesV5);
        assert_eq!(p.summary().settings.tokenizer.negation, Negation::ClausesV5);
        assert_eq!(
            p.tokenizer().settings().force_mention,
            ForceMention::Possessive
        );
        assert!(p.data_checksum().is_some() && p.calibration().is_some());
        let fly = "NATO jets enforced a no-fly zone over Bosnia.";
        let tokens = p.tokenizer().tokens(fly);
        assert!(tokens.iter().any(|t| t == "¬bosnia"), "{tokens:?}");
        let tokens = p.tokenizer().tokens("UNIFIL's patrols watched the line.");
        assert!(!tokens.iter().any(|t| t == NO_FORCE_TOKEN), "{tokens:?}");
        let reloaded = saved_again(&p);
        assert_eq!(
            reloaded.tokenizer().settings().negation,
            Negation::ClausesV5
        );
        // A model trained today reads "no-fly" as a compound.
        let tokens = trained().tokenizer().tokens(fly);
        assert!(tokens.iter().any(|t| t == "bosnia"), "{tokens:?}");
        assert!(!tokens.iter().any(|t| t.starts_with('¬')), "{tokens:?}");
    }

    #[test]
    fn a_format_zero_file_is_refused_as_old() {
        let mut bytes = to_bytes(&trained()).unwrap();
        bytes[8..12].copy_from_slice(&0u32.to_le_bytes());
        assert!(message(&bytes).contains("old format"));
    }

    #[test]
    fn calibration_round_trips() {
        let p = trained();
        let c = crate::pipeline::Calibration::from_predictions(
            "hand",
            0,
            2,
            &[0, 1, 1],
            &[vec![0.9, 0.1], vec![0.2, 0.8], vec![0.6, 0.4]],
        );
        assert_eq!(c.confusion, vec![vec![1, 0], vec![1, 1]]);
        let p = p.with_calibration(c.clone()).unwrap();
        let q = from_bytes(&to_bytes(&p).unwrap(), Path::new("x")).unwrap();
        assert_eq!(q.calibration(), Some(&c));
        assert!(q.data_checksum().is_some());
    }

    /// Small random training sets: 4 to 16 sentences of 1 to 6 words from a small pool, with
    /// two or three labels (the first two rows fix two of them).
    fn training_sets() -> impl Strategy<Value = LabelledSet> {
        let words = prop::sample::select(vec![
            "force",
            "disarm",
            "monitor",
            "ceasefire",
            "aid",
            "convoy",
            "militia",
            "not",
            "troops",
            "raid",
            "talks",
            "cairo",
            "budget",
            "escort",
            "civilians",
            "the",
            "will",
        ]);
        let sentence = prop::collection::vec(words, 1..7).prop_map(|w| w.join(" "));
        let label = prop::sample::select(vec!["peacekeeping", "enforcement", "neutral"]);
        prop::collection::vec((sentence, label), 4..17).prop_map(|rows| {
            let n = rows.len();
            let mut set = LabelledSet {
                source: "random.csv".into(),
                texts: rows.iter().map(|r| r.0.clone()).collect(),
                labels: rows.iter().map(|r| r.1.to_string()).collect(),
                lines: (2..n as u64 + 2).collect(),
                merged: Vec::new(),
                groups: None,
            };
            set.labels[0] = "peacekeeping".into();
            set.labels[1] = "enforcement".into();
            set
        })
    }

    fn settings() -> crate::pipeline::ValidTrainSettings {
        let mut s = TrainSettings::default();
        s.features.min_df = 1;
        s.check().unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn save_load_save_gives_identical_bytes(data in training_sets()) {
            let (p, _) = Pipeline::train(&data, &settings()).unwrap();
            let first = to_bytes(&p).unwrap();
            let loaded = from_bytes(&first, Path::new("x")).unwrap();
            prop_assert_eq!(&loaded, &p);
            prop_assert_eq!(to_bytes(&loaded).unwrap(), first);
        }

        #[test]
        fn training_twice_with_the_same_seed_gives_identical_files(data in training_sets()) {
            // Once on one thread and once on three: neither the run nor the thread count may
            // change a byte.
            let train_on = |threads: usize| {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
                pool.install(|| to_bytes(&Pipeline::train(&data, &settings()).unwrap().0).unwrap())
            };
            prop_assert_eq!(train_on(1), train_on(3));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_single_bit_flip_is_refused(pos in 0usize..10_000, bit in 0u8..8) {
            let bytes = to_bytes(&trained()).unwrap();
            let mut damaged = bytes.clone();
            let pos = pos % damaged.len();
            damaged[pos] ^= 1 << bit;
            prop_assert!(from_bytes(&damaged, Path::new("x")).is_err());
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = from_bytes(&bytes, Path::new("x"));
        }

        /// Random payloads behind a valid header and checksum, so that decoding and the
        /// pipeline's invariant checks are reached, not just the magic-bytes check.
        #[test]
        fn arbitrary_payloads_behind_a_valid_header_never_panic(
            payload in prop::collection::vec(any::<u8>(), 0..400),
        ) {
            let mut bytes = MAGIC.to_vec();
            bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
            bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
            bytes.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
            bytes.extend_from_slice(&payload);
            let e = from_bytes(&bytes, Path::new("x")).unwrap_err().to_string();
            prop_assert!(e.contains("retrain"), "{}", e);
        }
    }
}
