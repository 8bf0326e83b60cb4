//! The annotated Document: the one data model that flows from the cleaner to every export.
//!
//! Offsets everywhere in this crate's public data are **Unicode code point** offsets into
//! `Document::text`, end-exclusive (a Python `str` index, not UTF-8 bytes, not UTF-16 units).
//! The page converts to UTF-16 only at the DOM edge. See docs/FORMAT.md.

use serde::{Deserialize, Serialize};

/// Schema tag written into every Document so that importers can tell versions apart.
pub const SCHEMA: &str = "newsmark.document/1";

/// The only offset unit newsmark writes.
pub const OFFSET_UNIT: &str = "codepoints";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    #[serde(default = "default_schema")]
    pub schema: String,
    pub id: String,
    /// The clean text that every offset points into.
    pub text: String,
    /// Always "codepoints".
    #[serde(default = "default_offsets")]
    pub offsets: String,
    #[serde(default)]
    pub meta: Meta,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Blocks the cleaner took out of the pasted input (menus, share lines...), kept so that
    /// nothing is lost and a person can restore them.
    #[serde(default)]
    pub removed: Vec<RemovedBlock>,
}

fn default_schema() -> String {
    SCHEMA.to_string()
}
fn default_offsets() -> String {
    OFFSET_UNIT.to_string()
}

/// What the cleaner found out about the article besides its body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    /// ISO 8601 (YYYY-MM-DD) when the date could be parsed.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub site: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Model,
    Rule,
    Dictionary,
    User,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Suggested,
    Accepted,
    Rejected,
}

/// A named-entity mention. Labels are the 18 OntoNotes types with spaCy's names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub text: String,
    /// Confidence in [0, 1]; 1.0 for a person's own annotation.
    pub score: f32,
    pub source: Source,
    pub status: Status,
}

/// A plain span of text (code point offsets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Who said a quote: the mention as written, and the entity it refers to when known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    pub start: usize,
    pub end: usize,
    /// The mention as written ("he", "the Kremlin spokesman", "Putin").
    pub text: String,
    /// Id of the entity the mention resolves to (an `Entity::id` of this document), if any.
    #[serde(default)]
    pub entity: Option<String>,
    /// The resolved name (the fullest mention of that entity, e.g. "Vladimir Putin"), if any.
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Reported speech or writing: needs a speaker.
    Speech,
    /// Scare quotes: the writer distancing from a word.
    Scare,
    /// A title of a work, slogan or headline phrase.
    Title,
    /// A word or term mentioned rather than used.
    Term,
}

/// A direct quotation. `start`/`end` cover the quoted words without the quote marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: QuoteKind,
    #[serde(default)]
    pub speaker: Option<Speaker>,
    /// The verb or phrase that introduces the quote ("said", "told reporters", "according to").
    #[serde(default)]
    pub cue: Option<TextSpan>,
    pub score: f32,
    pub source: Source,
    pub status: Status,
}

/// A block the cleaner removed, with its place in the pasted input (code points of the input).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemovedBlock {
    pub text: String,
    /// Why it was removed ("menu", "share", "related", "footer", "cookie", "repeated", ...).
    pub reason: String,
    /// Code point offset in the clean text before which this block stood, so it can be restored.
    pub at: usize,
}

impl Document {
    /// A document with no annotations yet.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            schema: SCHEMA.to_string(),
            id: id.into(),
            text: text.into(),
            offsets: OFFSET_UNIT.to_string(),
            meta: Meta::default(),
            entities: Vec::new(),
            quotes: Vec::new(),
            removed: Vec::new(),
        }
    }
}
