//! Provenance records: what produced an output, so that a published figure can be traced to the
//! program, the model file, the data that model was trained on and the inputs it read.
//!
//! Every command builds the shared part the same way ([`provenance`]) and adds its own settings
//! (`shares` its methods and bootstrap, `classify` its options, `evaluate` its data and
//! cross-validation). The record is one JSON object:
//!
//! - `stance_version`: the version of the program that ran;
//! - `command`: the command that ran;
//! - `model` (`null` when the run trained its own, as cross-validation does): its `file`, the
//!   `file_crc32` of the file's bytes ([`crate::format::file_checksum`]), `trained_by` (the
//!   version that trained it), `data_source` and `data_checksum_crc32` (the training data's
//!   checksum, [`crate::pipeline::data_checksum`]; `null` for a format-1 model), the training
//!   `settings`, and the source of its stored `calibration` (`null` when none is stored);
//! - `inputs`: the input files, each once, in the order read.

use std::path::Path;

use serde_json::{json, Map, Value};

use crate::pipeline::Pipeline;

/// A model as a run used it.
#[derive(Debug, Clone, Copy)]
pub struct ModelUsed<'a> {
    /// The trained pipeline.
    pub pipeline: &'a Pipeline,
    /// The name of the model's file, as messages give it.
    pub file: &'a Path,
    /// The CRC-32 of the file's bytes ([`crate::format::file_checksum`]).
    pub file_crc32: u32,
}

/// A checksum as provenance records and summaries write it: eight lower-case hexadecimal digits.
///
/// ```
/// assert_eq!(stance::render::provenance::hex(0xcbf4_3926), "cbf43926");
/// assert_eq!(stance::render::provenance::hex(7), "00000007");
/// ```
pub fn hex(checksum: u32) -> String {
    format!("{checksum:08x}")
}

/// The shared part of every command's provenance record (see the module documentation); the
/// command adds its own keys to it.
pub fn provenance(
    command: &str,
    model: Option<ModelUsed>,
    inputs: &[String],
) -> Map<String, Value> {
    let mut record = Map::new();
    record.insert("stance_version".into(), env!("CARGO_PKG_VERSION").into());
    record.insert("command".into(), command.into());
    record.insert("model".into(), model.map_or(Value::Null, model_record));
    record.insert("inputs".into(), inputs.into());
    record
}

fn model_record(model: ModelUsed) -> Value {
    let p = model.pipeline;
    let s = p.summary();
    json!({
        "file": model.file.display().to_string(),
        "file_crc32": hex(model.file_crc32),
        "trained_by": s.crate_version,
        "data_source": s.data_source,
        "data_checksum_crc32": p.data_checksum().map(hex),
        "settings": serde_json::to_value(&s.settings).unwrap_or(Value::Null),
        "calibration": p.calibration().map(|c| c.source.clone()),
    })
}

/// Writes a provenance record to `path` atomically, as indented JSON.
pub fn write_provenance(path: &Path, record: &Value) -> crate::Result<()> {
    let text = serde_json::to_string_pretty(record).unwrap_or_default() + "\n";
    crate::atomic::write_atomically(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_part_names_program_model_data_and_inputs() {
        let pipeline = crate::pipeline::tests::nine_sentences();
        let model = ModelUsed {
            pipeline: &pipeline,
            file: Path::new("models/m.model"),
            file_crc32: 0xabc,
        };
        let inputs = ["a.csv".to_string(), "b.jsonl".to_string()];
        let r = Value::Object(provenance("classify", Some(model), &inputs));
        assert_eq!(r["stance_version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(r["command"], "classify");
        assert_eq!(r["inputs"], json!(["a.csv", "b.jsonl"]));
        let m = &r["model"];
        assert_eq!(m["file"], "models/m.model");
        assert_eq!(m["file_crc32"], "00000abc");
        assert_eq!(
            m["data_checksum_crc32"],
            hex(pipeline.data_checksum().unwrap())
        );
        assert_eq!(m["settings"]["features"]["min_df"], 1);
        assert_eq!(m["data_source"], pipeline.summary().data_source.as_str());
        assert!(m["calibration"].is_null());
        // A run that trains its own model has none to name.
        let r = provenance("evaluate", None, &[]);
        assert!(r["model"].is_null() && r["inputs"] == json!([]));
    }

    #[test]
    fn a_record_is_written_whole_as_indented_json() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        let record = Value::Object(provenance("shares", None, &["a.csv".into()]));
        write_provenance(&path, &record).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("{\n  \"command\": \"shares\"") && text.ends_with("}\n"));
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), record);
        // A directory is not replaced.
        assert!(write_provenance(dir.path(), &record).is_err());
    }
}
