//! Cleaning: turns pasted input (plain text or clipboard HTML) into the article body, its
//! metadata, and the list of blocks that were removed.

pub mod html;
pub mod normalize;
pub mod plain;

use crate::document::{Meta, RemovedBlock};

/// The cleaner's output. `text` is what every annotation offset points into.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub text: String,
    pub meta: Meta,
    pub removed: Vec<RemovedBlock>,
}

/// Cleans plain text (what the clipboard's text/plain holds).
pub fn clean_text(input: &str) -> Cleaned {
    plain::clean(&normalize::normalize(input))
}

/// Cleans HTML (the clipboard's text/html or a dropped .html file). The HTML is parsed as data:
/// nothing in it is ever executed or rendered.
pub fn clean_html(input: &str) -> Cleaned {
    let blocks = html::html_to_text(input);
    plain::clean(&normalize::normalize(&blocks))
}
