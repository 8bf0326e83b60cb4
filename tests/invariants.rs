//! Properties every Document must have, whatever the input: offsets are code points inside the
//! text, every span's text matches the text at its offsets, spans sorted, nothing panics.
//! Inputs mix emoji (ZWJ, skin tones, flags), CJK, combining marks, RTL text, CRLF and quotes.

use newsmark::{annotate, validate, Input, Options};
use proptest::prelude::*;

mod common;
use common::text_strategy;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn annotations_stay_inside_and_match_the_text(text in text_strategy(0..60), clean in any::<bool>()) {
        let doc = annotate(&Input { text: Some(text.clone()), ..Default::default() }, &Options { clean }).unwrap();
        let problems = validate::problems(&doc);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        if !clean {
            prop_assert_eq!(&doc.text, &text);
        }
    }

    #[test]
    fn html_input_never_panics(text in text_strategy(0..60)) {
        let html = format!("<div><p>{text}</p><script>{text}</script></div>");
        let doc = annotate(&Input { html: Some(html), ..Default::default() }, &Options::default()).unwrap();
        prop_assert!(validate::problems(&doc).is_empty());
    }

    #[test]
    fn arbitrary_strings_never_panic(text in ".{0,200}") {
        let doc = annotate(&Input { text: Some(text), ..Default::default() }, &Options { clean: false }).unwrap();
        prop_assert!(validate::problems(&doc).is_empty());
    }
}

#[test]
fn tokens_cover_every_non_space_character() {
    let text = "👩‍👩‍👧 met e\u{301}milie in 北京\r\n🇫🇷! مرحبا “Hi,” she said. $5 n’t";
    let toks = newsmark::text::tokenize(text);
    let chars: Vec<char> = text.chars().collect();
    let mut covered = vec![false; chars.len()];
    for t in &toks {
        for c in covered.iter_mut().take(t.end).skip(t.start) {
            *c = true;
        }
    }
    for (i, c) in chars.iter().enumerate() {
        assert_eq!(covered[i], !c.is_whitespace(), "char {i} {c:?}");
    }
}

#[test]
fn too_large_input_gets_a_clear_message() {
    let big = "a ".repeat(newsmark::pipeline::MAX_INPUT_BYTES / 2 + 1);
    let err = annotate(
        &Input {
            text: Some(big),
            ..Default::default()
        },
        &Options::default(),
    )
    .unwrap_err();
    assert!(err.0.contains("MB"), "{err}");
}
