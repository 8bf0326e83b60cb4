//! newsmark core: input -> clean -> tokens/sentences -> entities -> quotes -> Document -> export.
//!
//! Every offset in the public data is a Unicode code point offset (see `document`).
//! Where to look:
//! - `pipeline`: the one path every caller (CLI, WASM, tests) goes through.
//! - `clean`: pasted page -> article text, metadata, removed blocks.
//! - `text`: tokens, sentences, offset conversions.
//! - `ner`: entity tagging.
//! - `quotes`: quote finding (`quotes::marks`) and speaker choice (`quotes::speaker`).
//! - `export`: file formats.
//! - `restore`: put a block the cleaner removed back into a reviewed Document.

pub mod clean;
pub mod document;
pub mod export;
pub mod ner;
pub mod pipeline;
pub mod quotes;
pub mod restore;
pub mod text;
pub mod validate;

#[cfg(not(target_arch = "wasm32"))]
pub mod eval;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use document::Document;
pub use pipeline::{annotate, Input, Options};
