//! Import of arbitrary files in every format never panics; whatever imports exports in every
//! format, and newsmark JSON reads back identical.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmark::export::{self, import, json, ExportOptions, FORMATS};

fuzz_target!(|data: &[u8]| {
    let content = String::from_utf8_lossy(data);
    for fmt in import::IMPORT_FORMATS {
        for utf16 in [false, true] {
            let Ok(docs) = import::import(&content, fmt, &import::ImportOptions { utf16 }) else { continue };
            let opts = ExportOptions { suggested: true, rejected: true, utf16 };
            for (name, _) in FORMATS {
                export::export(&docs, name, &opts).unwrap();
            }
            let again = export::export(&docs, "jsonl", &opts).unwrap();
            let back = json::read(std::str::from_utf8(&again.bytes).unwrap()).unwrap();
            assert_eq!(back, docs);
        }
    }
});
