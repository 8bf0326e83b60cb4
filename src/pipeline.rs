//! The one annotation path: input -> clean -> tokens/sentences -> entities -> quotes -> Document.
//! The CLI, the WASM API and the tests all call `annotate`.

use crate::document::Document;
use crate::{clean, ner, quotes, text};
use serde::Deserialize;

/// Largest input accepted, in bytes of UTF-8 text or HTML. Larger inputs get a clear error
/// instead of exhausting the browser tab's memory. 10 MiB: annotating 10 MB already takes the
/// WASM heap to several hundred MB (`make measure-memory`), so more would risk the tab.
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;

/// The stages `annotate_with_progress` reports, each with the fraction of the whole work done
/// when it starts. The fractions are the stages' shares of the time on a 1 MB article text
/// (`newsmark bench`): cleaning ~6 %, tokens and sentences ~9 %, entities ~70 %, quotes ~15 %.
pub const STAGES: [(&str, f64); 4] = [
    ("cleaning", 0.0),
    ("sentences", 0.06),
    ("entities", 0.15),
    ("quotes", 0.85),
];

/// One document to annotate: plain text or HTML (exactly one of the two).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Input {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub html: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Clean the input (boilerplate removal, white space repair). When false, plain text is
    /// kept byte-for-byte so that offsets can be scored against gold text.
    pub clean: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { clean: true }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotateError(pub String);

impl std::fmt::Display for AnnotateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for AnnotateError {}

pub fn annotate(input: &Input, opts: &Options) -> Result<Document, AnnotateError> {
    annotate_with_progress(input, opts, &mut |_, _| {})
}

/// `annotate`, calling `progress(stage, fraction_done)` as each stage of `STAGES` starts, so
/// the page can show how far a big document has got. Same result as `annotate`: the stages
/// run over the whole document, never in pieces (entities and speakers use document-wide
/// evidence, and one pass keeps every offset in the one text).
pub fn annotate_with_progress(
    input: &Input,
    opts: &Options,
    progress: &mut dyn FnMut(&'static str, f64),
) -> Result<Document, AnnotateError> {
    let (raw, is_html) = match (&input.text, &input.html) {
        (Some(t), None) => (t.as_str(), false),
        (None, Some(h)) => (h.as_str(), true),
        (Some(_), Some(_)) => {
            return Err(AnnotateError(
                "give either \"text\" or \"html\", not both".into(),
            ))
        }
        (None, None) => return Err(AnnotateError("missing \"text\" or \"html\"".into())),
    };
    if raw.len() > MAX_INPUT_BYTES {
        return Err(AnnotateError(format!(
            "the input is {:.1} MB; newsmark takes up to {} MB per document: split it into parts",
            raw.len() as f64 / 1e6,
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    report(progress, 0);
    let cleaned = if is_html {
        clean::clean_html(raw)
    } else if opts.clean {
        clean::clean_text(raw)
    } else {
        clean::Cleaned {
            text: raw.to_string(),
            ..Default::default()
        }
    };
    let id = input.id.clone().unwrap_or_else(|| default_id(raw));
    let mut doc = Document::new(id, cleaned.text);
    doc.meta = cleaned.meta;
    doc.removed = cleaned.removed;
    tag_with_progress(&mut doc, progress);
    Ok(doc)
}

fn report(progress: &mut dyn FnMut(&'static str, f64), stage: usize) {
    let (name, done) = STAGES[stage];
    progress(name, done);
}

/// Runs tokenizer, tagger and quote finder over `doc.text`, replacing its annotations.
pub fn tag(doc: &mut Document) {
    tag_with_progress(doc, &mut |_, _| {});
}

fn tag_with_progress(doc: &mut Document, progress: &mut dyn FnMut(&'static str, f64)) {
    report(progress, 1);
    let tokens = text::tokenize(&doc.text);
    let sentences = text::split_sentences(&doc.text, &tokens);
    report(progress, 2);
    doc.entities = ner::tag(&doc.text, &tokens, &sentences);
    report(progress, 3);
    doc.quotes = quotes::find(&doc.text, &tokens, &sentences, &doc.entities);
}

/// A stable id from the content (FNV-1a), for inputs that come without one.
fn default_id(raw: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in raw.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    format!("doc-{:016x}", h)
}
