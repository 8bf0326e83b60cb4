//! First plain-text pass: decides, block by block, what is article body.
//! A block is one paragraph of the normalised text.

use super::Cleaned;
use crate::document::RemovedBlock;
use std::collections::HashMap;

/// Short lines that are typical of page furniture rather than article text.
const BOILERPLATE: &[&str] = &[
    "share on facebook",
    "share on x",
    "share on twitter",
    "sharetweetsend",
    "also read",
    "related",
    "read more",
    "tags:",
    "subscribe",
    "newsletter",
    "log in",
    "login",
    "sign in",
    "sign up",
    "cookie",
    "privacy policy",
    "terms of use",
    "all rights reserved",
    "©",
    "follow us",
    "no result",
    "view all result",
    "forgotten password",
    "advertisement",
    "contact us",
    "about us",
    "careers",
];

pub fn clean(normalized: &str) -> Cleaned {
    let blocks: Vec<&str> = normalized.split("\n\n").filter(|b| !b.is_empty()).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for b in &blocks {
        *counts.entry(b).or_default() += 1;
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut removed = Vec::new();
    let mut at = 0usize;
    for b in blocks {
        let words = b.split_whitespace().count();
        let lower = b.to_lowercase();
        let reason = if counts[b] > 1 && words < 12 {
            Some("repeated")
        } else if words < 12 && BOILERPLATE.iter().any(|p| lower.contains(p)) {
            Some("boilerplate")
        } else {
            None
        };
        match reason {
            Some(r) => removed.push(RemovedBlock {
                text: b.to_string(),
                reason: r.to_string(),
                at,
            }),
            None => {
                at += b.chars().count() + if kept.is_empty() { 0 } else { 2 };
                kept.push(b);
            }
        }
    }
    Cleaned {
        text: kept.join("\n\n"),
        meta: Default::default(),
        removed,
    }
}
