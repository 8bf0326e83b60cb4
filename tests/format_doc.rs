//! docs/FORMAT.md must match what the code reads and writes: its example parses, validates,
//! and serialises back to the same JSON (so no documented field is missing from the code and
//! no field the code writes is missing from the example).

use newsmark::{validate, Document};

#[test]
fn format_doc_example_round_trips() {
    let md =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/FORMAT.md")).unwrap();
    let start = md.find("```json\n").expect("FORMAT.md has a json example") + 8;
    let end = start + md[start..].find("```").unwrap();
    let example: serde_json::Value =
        serde_json::from_str(&md[start..end]).expect("example is JSON");
    let doc: Document = serde_json::from_value(example.clone()).expect("example is a Document");
    assert!(
        validate::problems(&doc).is_empty(),
        "{:?}",
        validate::problems(&doc)
    );
    let back = serde_json::to_value(&doc).unwrap();
    // Scores are f32 in the code: compare them with a tolerance, everything else exactly.
    assert_eq!(strip_scores(back), strip_scores(example));
}

fn strip_scores(mut v: serde_json::Value) -> serde_json::Value {
    match &mut v {
        serde_json::Value::Object(m) => {
            m.remove("score");
            for (_, x) in m.iter_mut() {
                *x = strip_scores(x.take());
            }
        }
        serde_json::Value::Array(a) => {
            for x in a.iter_mut() {
                *x = strip_scores(x.take());
            }
        }
        _ => {}
    }
    v
}

#[test]
fn every_field_of_a_written_document_is_documented() {
    let md =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/FORMAT.md")).unwrap();
    let doc = newsmark::annotate(
        &newsmark::Input {
            text: Some("Angela Merkel said “we can do it” in Berlin.".into()),
            ..Default::default()
        },
        &Default::default(),
    )
    .unwrap();
    let mut keys = Vec::new();
    collect_keys(&serde_json::to_value(&doc).unwrap(), &mut keys);
    for k in keys {
        assert!(
            md.contains(&format!("`{k}`"))
                || md.contains(&format!(".{k}`"))
                || md.contains(&format!("`.{k}")),
            "field {k} is not documented in docs/FORMAT.md"
        );
    }
}

fn collect_keys(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                collect_keys(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_keys(x, out)),
        _ => {}
    }
}
