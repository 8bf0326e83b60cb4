//! spaCy / Prodigy JSONL: one task a line with `text`, `tokens` (`text`, `start`, `end`, `id`,
//! `ws`), `spans` (`start`, `end`, `token_start`, `token_end` inclusive, `label`) for entities,
//! `relations` (quote -> speaker, Prodigy's `head`/`child` token indices with `head_span` and
//! `child_span`), `answer` and `meta`. Character offsets are code points (Python `str` indices,
//! what `Doc.char_span` takes); `meta.offsets` says so.

use super::select::{self, SPEAKER_RELATION};
use super::{tokens, ExportOptions};
use crate::document::Document;
use serde_json::{json, Value};

pub fn write(docs: &[Document], opts: &ExportOptions) -> Result<String, String> {
    let mut out = String::new();
    for doc in docs {
        out.push_str(&serde_json::to_string(&task(doc, opts)).map_err(|e| e.to_string())?);
        out.push('\n');
    }
    Ok(out)
}

fn task(doc: &Document, opts: &ExportOptions) -> Value {
    let spans = select::spans(doc, opts);
    let units = select::Units::new(&doc.text, opts);
    let cuts: Vec<usize> = spans.items.iter().flat_map(|s| [s.start, s.end]).collect();
    let toks = tokens::aligned(&doc.text, &cuts);
    let chars: Vec<char> = doc.text.chars().collect();
    let tokens: Vec<Value> = toks
        .iter()
        .enumerate()
        .map(|(i, t)| json!({"text": chars[t.start..t.end].iter().collect::<String>(), "start": units.at(t.start), "end": units.at(t.end), "id": i, "ws": t.ws}))
        .collect();
    let span_json = |i: usize| -> Option<Value> {
        let s = &spans.items[i];
        let (a, b) = tokens::token_range(&toks, s.start, s.end)?;
        Some(
            json!({"start": units.at(s.start), "end": units.at(s.end), "token_start": a, "token_end": b, "label": s.label}),
        )
    };
    // spaCy's `doc.ents` must not overlap and holds entities only: quotes and speaker mentions
    // appear in the relations.
    let ent_spans: Vec<Value> = spans
        .items
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind.is_none() && s.label != select::SPEAKER_LABEL)
        .filter_map(|(i, _)| span_json(i))
        .collect();
    let relations: Vec<Value> = spans
        .speaker_links
        .iter()
        .filter_map(|&(q, s)| {
            let (hs, cs) = (span_json(q)?, span_json(s)?);
            Some(json!({"head": hs["token_end"], "child": cs["token_end"], "head_span": hs, "child_span": cs, "label": SPEAKER_RELATION}))
        })
        .collect();
    json!({
        "text": doc.text,
        "tokens": tokens,
        "spans": ent_spans,
        "relations": relations,
        "answer": "accept",
        "meta": {"id": doc.id, "offsets": units.name(), "title": doc.meta.title, "source": "newsmark"},
    })
}
