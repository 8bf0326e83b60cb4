//! Cleaning: turns pasted input (plain text or clipboard HTML) into the article body, its
//! metadata, and the list of blocks that were removed.
//!
//! The path is the same for both inputs: split into blocks (`plain` for text, `html` for
//! markup), normalise each block's text (`normalize`, `entities`, `mojibake`), choose the
//! article blocks (`select`, with `boilerplate` families and `blocks` features), read the
//! metadata (`meta`, plus the page's meta tags for HTML), and assemble the result here.

pub mod blocks;
pub mod boilerplate;
pub mod entities;
pub mod html;
pub mod meta;
pub mod mojibake;
pub mod normalize;
pub mod plain;
pub mod select;
pub mod tokenizer;

use crate::document::{Meta, RemovedBlock};
use blocks::Block;

/// The cleaner's output. `text` is what every annotation offset points into.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub text: String,
    pub meta: Meta,
    pub removed: Vec<RemovedBlock>,
    /// Piecewise map from the clean text back to the input, in code points: each entry
    /// `(clean, input)` says that the paragraph starting at `clean` in `text` came from the
    /// input text starting at `input`. Entries are sorted by `clean`, one per paragraph.
    /// Inside a paragraph the mapping is approximate (white space was collapsed, references
    /// decoded, markup dropped): add the distance from the entry on both sides.
    pub source_map: Vec<(usize, usize)>,
}

/// Cleans plain text (what the clipboard's text/plain holds).
pub fn clean_text(input: &str) -> Cleaned {
    finish(plain::blocks(input), Meta::default())
}

/// Cleans HTML (the clipboard's text/html or a dropped .html file). The HTML is parsed as data:
/// nothing in it is ever executed or rendered.
pub fn clean_html(input: &str) -> Cleaned {
    let page = html::parse(input);
    finish(page.blocks, page.meta)
}

/// Chooses the article blocks, fills the metadata and assembles the clean text.
fn finish(blocks: Vec<Block>, mut meta: Meta) -> Cleaned {
    let mut sel = select::select(&blocks);
    meta::extract(&blocks, &mut sel, &mut meta);
    assemble(blocks, &sel.reasons, meta)
}

fn assemble(blocks: Vec<Block>, reasons: &[Option<&'static str>], meta: Meta) -> Cleaned {
    // Sized once: a 10 MB paste would otherwise double its way to a 16 MB buffer (issue 9).
    let kept = blocks.iter().zip(reasons).filter(|(_, r)| r.is_none());
    let mut text = String::with_capacity(kept.map(|(b, _)| b.text.len() + 2).sum());
    let mut len = 0usize; // code points in `text`
    let mut source_map = Vec::new();
    // Removed blocks wait here until the next kept paragraph tells where they stood.
    let mut pending: Vec<(String, &'static str)> = Vec::new();
    let mut removed = Vec::new();
    for (b, r) in blocks.into_iter().zip(reasons) {
        match r {
            Some(reason) => pending.push((b.text, reason)),
            None => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                    len += 2;
                }
                for (t, reason) in pending.drain(..) {
                    removed.push(RemovedBlock {
                        text: t,
                        reason: reason.to_string(),
                        at: len,
                    });
                }
                source_map.push((len, b.src));
                text.push_str(&b.text);
                len += b.text.chars().count();
            }
        }
    }
    for (t, reason) in pending {
        removed.push(RemovedBlock {
            text: t,
            reason: reason.to_string(),
            at: len,
        });
    }
    Cleaned {
        text,
        meta,
        removed,
        source_map,
    }
}

#[cfg(test)]
mod tests;
