//! The model loader on any bytes, twice: as a whole file (which the header and checksum should
//! refuse quickly), and as a payload under a valid header and checksum, so that the decoder and
//! the consistency checks behind the checksum are reached too. A model that loads must classify,
//! explain and report without panicking, and survive a save and load unchanged.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use stance::classify::classify_article;
use stance::format::{from_bytes, to_bytes, FORMAT_VERSION, MAGIC};

fn with_header(payload: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    let mut crc = crc32fast::Hasher::new();
    crc.update(payload);
    out.extend_from_slice(&crc.finalize().to_le_bytes());
    out.extend_from_slice(payload);
    out
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.model");
    for bytes in [data.to_vec(), with_header(data)] {
        let Ok(pipeline) = from_bytes(&bytes, path) else {
            continue;
        };
        let text = "The force will not disarm Hamas. Peacekeepers escort the aid convoys.";
        let result = classify_article(&pipeline, "a", text);
        assert_eq!(
            result.summary.counts.iter().sum::<usize>(),
            result.summary.sentences
        );
        for class in 0..pipeline.labels().len() {
            let _ = pipeline.contributions(text, class);
        }
        let _ = stance::output::inspect_report(&pipeline, 5);
        // Compared as bytes: a NaN would make a model unequal to itself.
        let saved = to_bytes(&pipeline).unwrap();
        let again = from_bytes(&saved, path).expect("a saved model loads");
        assert_eq!(
            to_bytes(&again).unwrap(),
            saved,
            "a model changed in a save and load"
        );
    }
});
