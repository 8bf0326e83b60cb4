//! W3C Web Annotation (JSON-LD): an `AnnotationCollection` whose items are
//! - one `Annotation` per entity (`motivation: tagging`, body = the label) and per quote
//!   (`motivation: highlighting`, body = `quote:<kind>`), each targeting the document with a
//!   `TextQuoteSelector` (exact, prefix, suffix: 32 code points of context) and a
//!   `TextPositionSelector` (start, end);
//! - one `linking` Annotation per quote -> speaker link: target = the quote annotation, body =
//!   the speaker mention annotation.
//!
//! The Web Annotation model counts TextPositionSelector offsets in code points, as newsmark does.

use super::select::{self, Units};
use super::ExportOptions;
use crate::document::Document;
use serde_json::{json, Value};

const CONTEXT_CHARS: usize = 32;

pub fn write(docs: &[Document], opts: &ExportOptions) -> Result<String, String> {
    let mut items = Vec::new();
    for doc in docs {
        items.extend(annotations(doc, opts));
    }
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": "newsmark export",
        "total": items.len(),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    });
    serde_json::to_string_pretty(&collection).map_err(|e| e.to_string())
}

/// The document's IRI: a URN, since pasted text has no address of its own.
pub fn source_iri(doc: &Document) -> String {
    let id: String = doc
        .id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-._~".contains(c) {
                c.to_string()
            } else {
                format!("%{:02X}", c as u32 & 0xFF)
            }
        })
        .collect();
    format!("urn:newsmark:doc:{id}")
}

fn annotations(doc: &Document, opts: &ExportOptions) -> Vec<Value> {
    let spans = select::spans(doc, opts);
    let units = Units::new(&doc.text, opts);
    let chars: Vec<char> = doc.text.chars().collect();
    let source = source_iri(doc);
    let ann_id = |id: &str| format!("{source}#{id}");
    let mut out: Vec<Value> = spans
        .items
        .iter()
        .map(|s| {
            let exact: String = chars[s.start..s.end].iter().collect();
            let prefix: String = chars[s.start.saturating_sub(CONTEXT_CHARS)..s.start].iter().collect();
            let suffix: String = chars[s.end..(s.end + CONTEXT_CHARS).min(chars.len())].iter().collect();
            let (motivation, value) = match s.kind {
                Some(k) => ("highlighting", format!("quote:{}", format!("{k:?}").to_lowercase())),
                None => ("tagging", s.label.clone()),
            };
            json!({
                "id": ann_id(&s.id),
                "type": "Annotation",
                "motivation": motivation,
                "body": {"type": "TextualBody", "purpose": "tagging", "value": value},
                "target": {
                    "source": source,
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
                        {"type": "TextPositionSelector", "start": units.at(s.start), "end": units.at(s.end)},
                    ],
                },
                "newsmark:status": format!("{:?}", s.status).to_lowercase(),
                "newsmark:score": s.score,
                "newsmark:offsets": units.name(),
            })
        })
        .collect();
    for &(q, s) in &spans.speaker_links {
        out.push(json!({
            "id": ann_id(&format!("{}-speaker", spans.items[q].id)),
            "type": "Annotation",
            "motivation": "linking",
            "body": ann_id(&spans.items[s].id),
            "target": ann_id(&spans.items[q].id),
        }));
    }
    out
}
