//! Which annotations an export carries (by review status), and offset unit conversion.

use super::ExportOptions;
use crate::document::{Document, Entity, Quote, Status};

pub fn keep(status: Status, opts: &ExportOptions) -> bool {
    match status {
        Status::Accepted => true,
        Status::Suggested => opts.suggested,
        Status::Rejected => opts.rejected,
    }
}

pub fn entities<'a>(
    doc: &'a Document,
    opts: &'a ExportOptions,
) -> impl Iterator<Item = &'a Entity> + 'a {
    doc.entities.iter().filter(move |e| keep(e.status, opts))
}

/// Quotes kept by status. Only speech quotes carry speakers; every kind is exported with its kind.
pub fn quotes<'a>(
    doc: &'a Document,
    opts: &'a ExportOptions,
) -> impl Iterator<Item = &'a Quote> + 'a {
    doc.quotes.iter().filter(move |q| keep(q.status, opts))
}

/// Converts code point offsets of one text to the unit the export asks for.
pub struct Units {
    /// UTF-16 offset of every code point (plus the end), when converting; empty otherwise.
    utf16_of: Vec<usize>,
}

impl Units {
    pub fn new(text: &str, opts: &ExportOptions) -> Self {
        let utf16_of = if opts.utf16 {
            crate::text::offsets::utf16_table(text)
        } else {
            Vec::new()
        };
        Units { utf16_of }
    }

    pub fn name(&self) -> &'static str {
        if self.utf16_of.is_empty() {
            "codepoints"
        } else {
            "utf16"
        }
    }

    pub fn at(&self, codepoint: usize) -> usize {
        if self.utf16_of.is_empty() {
            codepoint
        } else {
            self.utf16_of[codepoint.min(self.utf16_of.len() - 1)]
        }
    }
}

/// What a relation-capable format sees of one document: entity spans, quote spans, speaker
/// mentions that are not already an exported entity span, and quote -> speaker links.
pub struct Spans {
    pub items: Vec<SpanItem>,
    /// (index of the quote in `items`, index of its speaker mention in `items`).
    pub speaker_links: Vec<(usize, usize)>,
}

pub struct SpanItem {
    /// Stable id: the entity's or quote's id, or `s<quote id>` for a speaker mention.
    pub id: String,
    pub start: usize,
    pub end: usize,
    /// Entity label, `QUOTE`, or `SPEAKER`.
    pub label: String,
    pub text: String,
    pub status: Status,
    pub score: f32,
    pub kind: Option<crate::document::QuoteKind>,
}

pub const QUOTE_LABEL: &str = "QUOTE";
pub const SPEAKER_LABEL: &str = "SPEAKER";
pub const SPEAKER_RELATION: &str = "SPEAKER";

pub fn spans(doc: &Document, opts: &ExportOptions) -> Spans {
    let mut items: Vec<SpanItem> = entities(doc, opts)
        .map(|e| SpanItem {
            id: e.id.clone(),
            start: e.start,
            end: e.end,
            label: e.label.clone(),
            text: e.text.clone(),
            status: e.status,
            score: e.score,
            kind: None,
        })
        .collect();
    let n_entities = items.len();
    let mut speaker_links = Vec::new();
    for q in quotes(doc, opts) {
        items.push(SpanItem {
            id: q.id.clone(),
            start: q.start,
            end: q.end,
            label: QUOTE_LABEL.into(),
            text: q.text.clone(),
            status: q.status,
            score: q.score,
            kind: Some(q.kind),
        });
        let qi = items.len() - 1;
        if let Some(s) = &q.speaker {
            let existing = items[..n_entities]
                .iter()
                .position(|e| e.start == s.start && e.end == s.end);
            let si = existing.unwrap_or_else(|| {
                items.push(SpanItem {
                    id: format!("s{}", q.id),
                    start: s.start,
                    end: s.end,
                    label: SPEAKER_LABEL.into(),
                    text: s.text.clone(),
                    status: q.status,
                    score: q.score,
                    kind: None,
                });
                items.len() - 1
            });
            speaker_links.push((qi, si));
        }
    }
    Spans {
        items,
        speaker_links,
    }
}
