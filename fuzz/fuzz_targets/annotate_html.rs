//! HTML (broken, hostile, binary) through the cleaner and the pipeline: never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmark::{annotate, validate, Input, Options};

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data).into_owned();
    let doc = annotate(&Input { html: Some(html), ..Default::default() }, &Options::default()).unwrap();
    assert!(validate::problems(&doc).is_empty());
});
