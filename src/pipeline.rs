//! The one annotation path: input -> clean -> tokens/sentences -> entities -> quotes -> Document.
//! The CLI, the WASM API and the tests all call `annotate`.

use crate::document::Document;
use crate::{clean, ner, quotes, text};
use serde::Deserialize;

/// Largest input accepted, in bytes of UTF-8 text or HTML. Larger inputs get a clear error
/// instead of exhausting the browser tab's memory.
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;

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
    tag(&mut doc);
    Ok(doc)
}

/// Runs tokenizer, tagger and quote finder over `doc.text`, replacing its annotations.
pub fn tag(doc: &mut Document) {
    let tokens = text::tokenize(&doc.text);
    let sentences = text::split_sentences(&doc.text, &tokens);
    doc.entities = ner::tag(&doc.text, &tokens, &sentences);
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
