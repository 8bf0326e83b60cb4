//! Evaluation commands (`newsmark eval ...`): each reads a JSONL data file and prints figures.

pub mod clean;
pub mod ner;
pub mod quotes;
