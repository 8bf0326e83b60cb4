//! Checks the invariants every Document must hold, used by importers and tests:
//! offsets inside the text, spans non-empty and sorted, every span's `text` equal to the text
//! at its code point offsets, speakers inside the document, unique ids.

use crate::document::Document;
use crate::text::offsets::CharIndex;
use std::collections::HashSet;

/// Returns every problem found (empty when the document is valid).
pub fn problems(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let idx = CharIndex::new(&doc.text);
    let n = idx.len_chars();
    if doc.offsets != crate::document::OFFSET_UNIT {
        out.push(format!(
            "offsets must be \"codepoints\", found {:?}",
            doc.offsets
        ));
    }
    let check = |out: &mut Vec<String>, what: &str, start: usize, end: usize, text: &str| {
        if start >= end || end > n {
            out.push(format!(
                "{what}: span {start}..{end} is empty or outside the text (length {n} code points)"
            ));
        } else if idx.slice(&doc.text, start, end) != text {
            out.push(format!(
                "{what}: text {:?} differs from the text at {start}..{end} ({:?})",
                text,
                idx.slice(&doc.text, start, end)
            ));
        }
    };
    let mut ids = HashSet::new();
    for e in &doc.entities {
        check(
            &mut out,
            &format!("entity {}", e.id),
            e.start,
            e.end,
            &e.text,
        );
        if !ids.insert(e.id.as_str()) {
            out.push(format!("duplicate id {}", e.id));
        }
    }
    for q in &doc.quotes {
        check(
            &mut out,
            &format!("quote {}", q.id),
            q.start,
            q.end,
            &q.text,
        );
        if let Some(s) = &q.speaker {
            check(
                &mut out,
                &format!("speaker of quote {}", q.id),
                s.start,
                s.end,
                &s.text,
            );
            if let Some(eid) = &s.entity {
                if !doc.entities.iter().any(|e| &e.id == eid) {
                    out.push(format!(
                        "speaker of quote {} refers to unknown entity {}",
                        q.id, eid
                    ));
                }
            }
        }
        if let Some(c) = &q.cue {
            check(
                &mut out,
                &format!("cue of quote {}", q.id),
                c.start,
                c.end,
                &c.text,
            );
        }
        if !ids.insert(q.id.as_str()) {
            out.push(format!("duplicate id {}", q.id));
        }
    }
    if doc
        .entities
        .windows(2)
        .any(|w| (w[0].start, w[0].end) > (w[1].start, w[1].end))
    {
        out.push("entities are not sorted by offset".into());
    }
    if doc
        .quotes
        .windows(2)
        .any(|w| (w[0].start, w[0].end) > (w[1].start, w[1].end))
    {
        out.push("quotes are not sorted by offset".into());
    }
    out
}
