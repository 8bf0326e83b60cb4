//! Named-entity tagging: labels are the 18 OntoNotes types with spaCy's names.

pub mod features;
pub mod gazetteer;
pub mod model_file;
pub mod perceptron;
pub mod rules;
pub mod tagger;
pub mod tags;
#[cfg(not(target_arch = "wasm32"))]
pub mod train;

use crate::document::{Entity, Source, Status};
use crate::text::{Sentence, Token};
use std::sync::OnceLock;

pub const LABELS: [&str; 18] = [
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
];

/// An entity before ids are assigned: token range, label, score, source.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub tok_start: usize,
    pub tok_end: usize,
    pub label: &'static str,
    pub score: f32,
    pub source: Source,
}

/// Tags `text` (already tokenized and split into sentences). Entities come back sorted by
/// start, non-overlapping, with ids `e1`, `e2`, ... in text order.
pub fn tag(text: &str, tokens: &[Token], sentences: &[Sentence]) -> Vec<Entity> {
    match model() {
        Ok(m) => tag_with(m, text, tokens, sentences),
        // Without a usable model the rules still give the page something to show.
        Err(_) => to_entities(text, tokens, rules::tag(text, tokens, sentences)),
    }
}

/// Tags with a given model (the embedded one, or one being trained or evaluated).
pub fn tag_with(
    model: &model_file::Model,
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
) -> Vec<Entity> {
    let mentions = tagger::tag_document(model, text, tokens, sentences);
    to_entities(text, tokens, mentions)
}

/// The model shipped inside the binary (and the WASM module), so nothing is fetched at run time.
static MODEL_BYTES: &[u8] = include_bytes!("../../models/ner.bin");

/// The embedded model, parsed once on first use. A corrupt file is an error, not a panic.
pub fn model() -> Result<&'static model_file::Model, &'static str> {
    static MODEL: OnceLock<Result<model_file::Model, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| model_file::read(MODEL_BYTES))
        .as_ref()
        .map_err(String::as_str)
}

/// Turns token-range mentions into Document entities (code point offsets, ids in text order).
pub fn to_entities(text: &str, tokens: &[Token], mut mentions: Vec<Mention>) -> Vec<Entity> {
    mentions.sort_by_key(|m| (m.tok_start, m.tok_end));
    mentions
        .into_iter()
        .filter(|m| m.tok_start < m.tok_end && m.tok_end <= tokens.len())
        .enumerate()
        .map(|(i, m)| {
            let (a, b) = (&tokens[m.tok_start], &tokens[m.tok_end - 1]);
            Entity {
                id: format!("e{}", i + 1),
                start: a.start,
                end: b.end,
                label: m.label.to_string(),
                text: text[a.bstart..b.bend].to_string(),
                score: m.score,
                source: m.source,
                status: Status::Suggested,
            }
        })
        .collect()
}
