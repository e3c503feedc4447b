//! The CSV readers on any bytes: the labelled reader (training, evaluation) and the streamed
//! article reader (classification) never panic, and agree: when the labelled reader accepts a
//! file, the streamed reader reads the same texts from it.

#![no_main]

use std::io::Cursor;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use stance::input::{parse_labelled, records, Columns, InputFormat, ReaderOptions, Utf8Policy};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.csv");
    let mut labelled = None;
    for policy in [Utf8Policy::Strict, Utf8Policy::Lossy] {
        let parsed = parse_labelled(data, path, &Columns::default(), policy);
        if policy == Utf8Policy::Strict {
            labelled = parsed.ok();
        }
    }
    // A small article limit, so that the limit's own code runs too.
    for max_article_bytes in [64, usize::MAX] {
        let options = ReaderOptions {
            max_article_bytes,
            id_column: Some("label".into()),
            ..Default::default()
        };
        let streamed = records(Cursor::new(data.to_vec()), path, InputFormat::Csv, &options)
            .and_then(|r| r.collect::<Result<Vec<_>, _>>());
        if let (Some(set), true) = (&labelled, max_article_bytes == usize::MAX) {
            let articles =
                streamed.expect("the streamed reader refused what the labelled reader read");
            let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
            assert_eq!(texts, set.texts, "the two readers read different texts");
        }
    }
});
