//! The Unicode torture set (issue 9.5, `tests/fixtures/unicode/`): every case annotates,
//! cleaned and not, into a valid Document; the uncleaned text is kept exactly; newsmark JSON
//! reads back identical; and the doccano export's offsets, in code points and in UTF-16 units,
//! cut out each entity's text. Also the progress stages of `annotate_with_progress`.

use newsmark::export::{self, json, ExportOptions};
use newsmark::pipeline::{annotate_with_progress, STAGES};
use newsmark::{annotate, validate, Document, Input, Options};
use std::path::Path;

/// The stored fixtures plus the two cases no UTF-8 file can hold or that are too big to store.
fn cases() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unicode");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(out.len() >= 7, "fixtures missing: {out:?}");
    out.push(("long line".into(), long_line()));
    out.push(("lone surrogates".into(), lone_surrogates()));
    out
}

/// One line of 100,000 characters: words, names, quotes, emoji, no line break.
pub fn long_line() -> String {
    let unit = "Angela Merkel said “yes” to Paris 👍🏽 and 北京, ";
    let mut s = String::new();
    while s.chars().count() < 100_000 {
        s.push_str(unit);
    }
    s.chars().take(100_000).collect()
}

/// What a page receives for a clipboard string with unpaired UTF-16 surrogates: the JS string
/// crosses into Rust as UTF-8, each lone surrogate replaced by U+FFFD (as `TextEncoder` and
/// wasm-bindgen do). Built from UTF-16 units so the test says where they came from.
fn lone_surrogates() -> String {
    let mut units: Vec<u16> = "Vladimir Putin ".encode_utf16().collect();
    units.push(0xD83D); // a high surrogate with no low one
    units.extend("met Xi Jinping ".encode_utf16());
    units.push(0xDE00); // a low surrogate alone
    units.extend(" in Moscow. “We agree,” Putin said.".encode_utf16());
    String::from_utf16_lossy(&units)
}

fn check_export_offsets(doc: &Document, utf16: bool) {
    let opts = ExportOptions {
        suggested: true,
        rejected: true,
        utf16,
    };
    let f = export::export(std::slice::from_ref(doc), "doccano", &opts).unwrap();
    let line: serde_json::Value = serde_json::from_slice(&f.bytes).unwrap();
    let ents = line["entities"].as_array().unwrap();
    let chars: Vec<char> = doc.text.chars().collect();
    let units: Vec<u16> = doc.text.encode_utf16().collect();
    for (e, want) in ents.iter().zip(&doc.entities) {
        let (s, t) = (
            e["start_offset"].as_u64().unwrap() as usize,
            e["end_offset"].as_u64().unwrap() as usize,
        );
        let got = if utf16 {
            String::from_utf16(&units[s..t]).expect("UTF-16 offsets split a surrogate pair")
        } else {
            chars[s..t].iter().collect()
        };
        assert_eq!(
            got, want.text,
            "doccano offsets (utf16 {utf16}) of {}",
            want.id
        );
    }
}

#[test]
fn torture_set_annotates_and_exports_with_right_offsets() {
    for (name, text) in cases() {
        for clean in [true, false] {
            let doc = annotate(
                &Input {
                    text: Some(text.clone()),
                    ..Default::default()
                },
                &Options { clean },
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            let problems = validate::problems(&doc);
            assert!(problems.is_empty(), "{name} (clean {clean}): {problems:?}");
            if !clean {
                assert_eq!(doc.text, text, "{name}: the text as given was changed");
            }
            let again = export::export(
                std::slice::from_ref(&doc),
                "json",
                &ExportOptions::default(),
            )
            .unwrap();
            let back = json::read(std::str::from_utf8(&again.bytes).unwrap()).unwrap();
            assert_eq!(back, vec![doc.clone()], "{name}: JSON round trip");
            check_export_offsets(&doc, false);
            check_export_offsets(&doc, true);
        }
    }
}

#[test]
fn torture_set_finds_the_names() {
    // Not just "no crash": the odd characters do not hide the plain names around them.
    for (name, text) in cases() {
        if name == "long line" || name == "lone surrogates" || name == "emoji.txt" {
            let doc = annotate(
                &Input {
                    text: Some(text),
                    ..Default::default()
                },
                &Options { clean: false },
            )
            .unwrap();
            assert!(
                doc.entities.iter().any(|e| e.label == "PERSON"),
                "{name}: no person found"
            );
        }
    }
}

#[test]
fn progress_stages_come_in_order_and_change_nothing() {
    let text =
        "Vladimir Putin told reporters in Moscow: “We agree.”\n\nXi Jinping nodded.".to_string();
    let input = Input {
        text: Some(text),
        ..Default::default()
    };
    let mut seen = Vec::new();
    let doc = annotate_with_progress(&input, &Options::default(), &mut |stage, done| {
        seen.push((stage, done))
    })
    .unwrap();
    assert_eq!(seen, STAGES.to_vec());
    assert!(STAGES.windows(2).all(|w| w[0].1 < w[1].1) && STAGES[3].1 < 1.0);
    assert_eq!(doc, annotate(&input, &Options::default()).unwrap());
    // A refused input reports nothing and says why.
    let big = Input {
        text: Some("a".repeat(newsmark::pipeline::MAX_INPUT_BYTES + 1)),
        ..Default::default()
    };
    let mut calls = 0;
    let err =
        annotate_with_progress(&big, &Options::default(), &mut |_, _| calls += 1).unwrap_err();
    assert_eq!(calls, 0);
    assert!(err.0.contains("split it"), "{}", err.0);
}
