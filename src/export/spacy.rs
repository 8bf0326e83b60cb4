//! spaCy / Prodigy JSONL: one task a line with `text`, `tokens` (`text`, `start`, `end`, `id`,
//! `ws`), `spans` (`start`, `end`, `token_start`, `token_end` inclusive, `label`) for entities,
//! `relations` (quote -> speaker, Prodigy's `head`/`child` token indices with `head_span` and
//! `child_span`), `answer` and `meta`. Character offsets are code points (Python `str` indices,
//! what `Doc.char_span` takes); `meta.offsets` says so.

use super::select::{self, SPEAKER_RELATION};
use super::{tokens, ExportOptions};
use crate::document::Document;
use serde::Serialize;

// Typed records rather than `serde_json::json!` trees: a workspace export writes millions of
// tokens, and building a `Value` map per token was most of the time of "Export all" (issue
// 7.5). Fields are declared in alphabetical order, the order the `Value` maps wrote them in,
// so the output is byte-for-byte what it was.

#[derive(Serialize)]
struct Task<'a> {
    answer: &'static str,
    meta: Meta<'a>,
    relations: Vec<Relation<'a>>,
    spans: Vec<Span<'a>>,
    text: &'a str,
    tokens: Vec<Token<'a>>,
}

#[derive(Serialize)]
struct Meta<'a> {
    id: &'a str,
    offsets: &'static str,
    source: &'static str,
    title: &'a Option<String>,
}

#[derive(Serialize)]
struct Token<'a> {
    end: usize,
    id: usize,
    start: usize,
    text: &'a str,
    ws: bool,
}

#[derive(Serialize, Clone, Copy)]
struct Span<'a> {
    end: usize,
    label: &'a str,
    start: usize,
    token_end: usize,
    token_start: usize,
}

#[derive(Serialize)]
struct Relation<'a> {
    child: usize,
    child_span: Span<'a>,
    head: usize,
    head_span: Span<'a>,
    label: &'static str,
}

pub fn write(docs: &[Document], opts: &ExportOptions) -> Result<String, String> {
    let mut out = Vec::new();
    for doc in docs {
        write_task(&mut out, doc, opts)?;
        out.push(b'\n');
    }
    String::from_utf8(out).map_err(|e| e.to_string())
}

fn write_task(out: &mut Vec<u8>, doc: &Document, opts: &ExportOptions) -> Result<(), String> {
    let spans = select::spans(doc, opts);
    let units = select::Units::new(&doc.text, opts);
    let cuts: Vec<usize> = spans.items.iter().flat_map(|s| [s.start, s.end]).collect();
    let toks = tokens::aligned(&doc.text, &cuts);
    // Byte offset of every code point, so token texts are slices of the document text.
    let mut byte_at: Vec<usize> = doc.text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(doc.text.len());
    let tokens: Vec<Token> = toks
        .iter()
        .enumerate()
        .map(|(i, t)| Token {
            text: &doc.text[byte_at[t.start]..byte_at[t.end]],
            start: units.at(t.start),
            end: units.at(t.end),
            id: i,
            ws: t.ws,
        })
        .collect();
    let span_of = |i: usize| -> Option<Span> {
        let s = &spans.items[i];
        let (a, b) = tokens::token_range(&toks, s.start, s.end)?;
        Some(Span {
            start: units.at(s.start),
            end: units.at(s.end),
            token_start: a,
            token_end: b,
            label: &s.label,
        })
    };
    // spaCy's `doc.ents` must not overlap and holds entities only: quotes and speaker mentions
    // appear in the relations.
    let ent_spans: Vec<Span> = spans
        .items
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind.is_none() && s.label != select::SPEAKER_LABEL)
        .filter_map(|(i, _)| span_of(i))
        .collect();
    let relations: Vec<Relation> = spans
        .speaker_links
        .iter()
        .filter_map(|&(q, s)| {
            let (hs, cs) = (span_of(q)?, span_of(s)?);
            Some(Relation {
                head: hs.token_end,
                child: cs.token_end,
                head_span: hs,
                child_span: cs,
                label: SPEAKER_RELATION,
            })
        })
        .collect();
    let task = Task {
        text: &doc.text,
        tokens,
        spans: ent_spans,
        relations,
        answer: "accept",
        meta: Meta {
            id: &doc.id,
            offsets: units.name(),
            title: &doc.meta.title,
            source: "newsmark",
        },
    };
    serde_json::to_writer(out, &task).map_err(|e| e.to_string())
}
