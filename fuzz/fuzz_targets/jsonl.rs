//! The JSON Lines article reader on any bytes: no panic, every error names the file, and the
//! size limit holds.

#![no_main]

use std::io::Cursor;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use stance::input::{records, InputFormat, ReaderOptions, Utf8Policy};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.jsonl");
    for (utf8, id_column, max_article_bytes) in [
        (Utf8Policy::Strict, None, usize::MAX),
        (Utf8Policy::Lossy, Some("id".to_string()), 64),
    ] {
        let options = ReaderOptions {
            utf8,
            id_column,
            max_article_bytes,
            ..Default::default()
        };
        let Ok(stream) = records(
            Cursor::new(data.to_vec()),
            path,
            InputFormat::Jsonl,
            &options,
        ) else {
            continue;
        };
        for item in stream {
            match item {
                Ok(article) => assert!(article.text.len() <= max_article_bytes),
                Err(e) => assert!(e.to_string().starts_with("fuzz.jsonl: "), "{e}"),
            }
        }
    }
});
