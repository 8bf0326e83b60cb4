//! Text primitives shared by every stage: code point offsets, tokens and sentences.

pub mod offsets;
pub mod sentences;
pub mod tokenize;

pub use sentences::{split_sentences, Sentence};
pub use tokenize::{tokenize, Token};
