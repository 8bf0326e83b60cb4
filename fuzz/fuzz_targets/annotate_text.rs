//! Plain text through the whole pipeline, cleaned and not: never panics, and every Document
//! satisfies the invariants (offsets on code points inside the text, span text matches).
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmark::{annotate, validate, Input, Options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    for clean in [true, false] {
        let doc = annotate(&Input { text: Some(text.clone()), ..Default::default() }, &Options { clean }).unwrap();
        let problems = validate::problems(&doc);
        assert!(problems.is_empty(), "{problems:?}");
        if !clean {
            assert_eq!(doc.text, text);
        }
    }
});
