//! CoNLL-2003 style IOB2: one `token TAG` line per token (tab-separated), a blank line between
//! sentences, `-DOCSTART- O` and a blank line before each document. Only entities are written
//! (quotes are not token tags). Overlapping entities cannot be expressed: the earlier-starting
//! (then longer) one wins. Tokens never contain white space; a token made only of characters
//! CoNLL readers cannot take is not possible since white space is never inside a token.

use super::{select, tokens, ExportOptions};
use crate::document::Document;

pub fn write(docs: &[Document], opts: &ExportOptions) -> String {
    let mut out = String::new();
    for doc in docs {
        out.push_str("-DOCSTART-\tO\n\n");
        let mut ents: Vec<_> = select::entities(doc, opts).collect();
        ents.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
        let cuts: Vec<usize> = ents.iter().flat_map(|e| [e.start, e.end]).collect();
        let toks = tokens::aligned(&doc.text, &cuts);
        let mut tags = vec![String::from("O"); toks.len()];
        let mut taken_until = 0;
        for e in ents {
            if e.start < taken_until {
                continue; // overlaps an entity already written
            }
            if let Some((a, b)) = tokens::token_range(&toks, e.start, e.end) {
                let label = e.label.replace(char::is_whitespace, "_");
                for (k, tag) in tags.iter_mut().enumerate().take(b + 1).skip(a) {
                    *tag = format!("{}-{label}", if k == a { "B" } else { "I" });
                }
                taken_until = e.end;
            }
        }
        let chars: Vec<char> = doc.text.chars().collect();
        for (i, t) in toks.iter().enumerate() {
            // A sentence break inside an entity would leave an I- tag after a blank line, which
            // readers reject: keep such an entity's sentences together.
            if i > 0 && toks[i - 1].sentence != t.sentence && !tags[i].starts_with("I-") {
                out.push('\n');
            }
            let word: String = chars[t.start..t.end].iter().collect();
            out.push_str(&word);
            out.push('\t');
            out.push_str(&tags[i]);
            out.push('\n');
        }
        if !toks.is_empty() {
            out.push('\n');
        }
    }
    out
}
