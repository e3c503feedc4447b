//! Which model a command reads when `--model` is not given, and the model built into the program.
//!
//! The rule: `--model FILE` reads FILE. Without it, `models/stance.model` is read when that path
//! exists relative to the current directory (a clone of the repository, where `stance train`
//! writes it); otherwise the model built into the program is used (an installed `stance` run
//! from any folder). The built-in model is `models/stance.model` as it was when the program was
//! built, and is named `<built-in model>` in messages.

use std::path::{Path, PathBuf};

use anyhow::Result;

use stance::format;
use stance::pipeline::Pipeline;

/// The default model path, relative to the current directory.
pub const DEFAULT_MODEL: &str = "models/stance.model";

/// How the built-in model is named in messages and reports.
pub const BUILT_IN: &str = "<built-in model>";

/// The shipped model, embedded at build time.
static EMBEDDED: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/stance.model"));

/// The file a command's model comes from when it comes from a file (`given`, else the default
/// path), for the check that no output replaces an input.
pub fn file_read(given: Option<&Path>) -> PathBuf {
    given.map_or_else(|| PathBuf::from(DEFAULT_MODEL), Path::to_path_buf)
}

/// Loads the model `given`, or the default one (see the module's rule); returns it with the name
/// it goes by.
pub fn load(given: Option<&Path>) -> Result<(Pipeline, PathBuf)> {
    let (pipeline, name, _) = load_with_checksum(given)?;
    Ok((pipeline, name))
}

/// [`load`], also returning the CRC-32 of the model file's bytes, for provenance records.
pub fn load_with_checksum(given: Option<&Path>) -> Result<(Pipeline, PathBuf, u32)> {
    let path = match given {
        Some(path) => path.to_path_buf(),
        None if Path::new(DEFAULT_MODEL).symlink_metadata().is_ok() => PathBuf::from(DEFAULT_MODEL),
        None => {
            let name = PathBuf::from(BUILT_IN);
            let pipeline = format::from_bytes(EMBEDDED, &name)?;
            return Ok((pipeline, name, format::file_checksum(EMBEDDED)));
        }
    };
    let (pipeline, checksum) = format::load_with_checksum(&path)?;
    Ok((pipeline, path, checksum))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_model_loads() {
        let p = stance::format::from_bytes(super::EMBEDDED, super::BUILT_IN.as_ref()).unwrap();
        assert!(p.labels().len() >= 2);
    }
}
