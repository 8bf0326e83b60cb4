//! Cutting a very long text into parts for tagging, and joining the parts' annotations.
//! Offsets are Unicode code points, as everywhere in a Document.

use crate::document::{Entity, Quote};
use std::collections::HashMap;
use std::ops::Range;

/// Byte ranges that cover `text` in order, each at least `part_bytes` long except the last.
/// A part ends after a blank line whose next paragraph does not open with a quote mark (a
/// quotation that runs over several paragraphs reopens each with a mark, so it stays in one
/// part); failing that within one more part, after any line break before such a paragraph;
/// failing that, after a space before an ASCII character (a text with no line breaks), else
/// the rest of the text is one part.
/// Cuts are after white space, where no token, sentence or grapheme cluster runs on.
pub fn split(text: &str, part_bytes: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while from < text.len() {
        let end = cut_after(text, from.saturating_add(part_bytes.max(1)), part_bytes)
            .unwrap_or(text.len());
        out.push(from..end);
        from = end;
    }
    out
}

/// The first cut point at or after byte `target` (see `split`).
fn cut_after(text: &str, target: usize, part_bytes: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if target >= bytes.len() {
        return None;
    }
    let is_ws = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    // The white space run around a line feed at `i`: (its start, its end).
    let ws_run = |i: usize| {
        let mut a = i;
        while a > 0 && is_ws(bytes[a - 1]) {
            a -= 1;
        }
        let mut b = i;
        while b < bytes.len() && is_ws(bytes[b]) {
            b += 1;
        }
        (a, b)
    };
    let window = target.saturating_add(part_bytes).min(bytes.len());
    let mut i = target;
    while i < window {
        if bytes[i] != b'\n' {
            i += 1;
            continue;
        }
        let (a, b) = ws_run(i);
        let blank = bytes[a..b].iter().filter(|&&c| c == b'\n').count() >= 2;
        if blank && b < bytes.len() && !opens_quote(&text[b..]) {
            return Some(b);
        }
        i = b.max(i + 1);
    }
    let line = (target..bytes.len())
        .filter(|&i| bytes[i] == b'\n')
        .map(|i| ws_run(i).1)
        .find(|&j| j < bytes.len() && !opens_quote(&text[j..]));
    if line.is_some() {
        return line;
    }
    (target..bytes.len().saturating_sub(1))
        .find(|&i| bytes[i] == b' ' && bytes[i + 1].is_ascii() && !is_ws(bytes[i + 1]))
        .map(|i| i + 1)
}

fn opens_quote(s: &str) -> bool {
    s.starts_with(['"', '“', '‘', '\'', '«', '„', '‹', '「', '『'])
}

/// Appends one part's annotations to the document's: offsets move by `char_base` (the part's
/// first code point in the whole text) and ids continue the document's numbering (`e1`,
/// `e2`, ... and `q1`, `q2`, ... in text order), with quote speakers pointing at the new ids.
pub fn append(
    (entities, quotes): (&mut Vec<Entity>, &mut Vec<Quote>),
    (part_entities, part_quotes): (Vec<Entity>, Vec<Quote>),
    char_base: usize,
) {
    if char_base == 0 && entities.is_empty() && quotes.is_empty() {
        // The first part (or the only one): nothing to move or renumber.
        entities.extend(part_entities);
        quotes.extend(part_quotes);
        return;
    }
    let mut new_ids = HashMap::with_capacity(part_entities.len());
    for mut e in part_entities {
        let id = format!("e{}", entities.len() + 1);
        e.start += char_base;
        e.end += char_base;
        new_ids.insert(std::mem::replace(&mut e.id, id.clone()), id);
        entities.push(e);
    }
    for mut q in part_quotes {
        q.id = format!("q{}", quotes.len() + 1);
        q.start += char_base;
        q.end += char_base;
        if let Some(s) = q.speaker.as_mut() {
            s.start += char_base;
            s.end += char_base;
            s.entity = s.entity.take().and_then(|id| new_ids.get(&id).cloned());
        }
        if let Some(c) = q.cue.as_mut() {
            c.start += char_base;
            c.end += char_base;
        }
        quotes.push(q);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_cover(text: &str, parts: &[Range<usize>]) {
        let mut at = 0;
        for r in parts {
            assert_eq!(r.start, at);
            assert!(r.end > r.start);
            assert!(text.is_char_boundary(r.end));
            at = r.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn parts_end_at_paragraphs_that_do_not_continue_a_quote() {
        let text = "One two three.\n\n“Still quoting.\n\n“And more.”\n\nThree four.\n\nFive six.";
        for size in 1..text.len() + 2 {
            let parts = split(text, size);
            check_cover(text, &parts);
            for r in &parts[1..] {
                assert!(
                    !opens_quote(&text[r.clone()]),
                    "size {size}: {:?}",
                    &text[r.clone()]
                );
            }
        }
        let starts = |size| -> Vec<&str> {
            split(text, size)
                .iter()
                .map(|r| &text[r.start..r.start + 4])
                .collect()
        };
        assert_eq!(starts(5), ["One ", "Thre", "Five"]);
        assert_eq!(split(text, 1000), [0..text.len()]);
        assert!(split("", 10).is_empty());
    }

    #[test]
    fn texts_without_blank_lines_are_cut_at_lines_then_spaces() {
        let text = "aaaa\nbbbb\ncccc";
        let parts = split(text, 2);
        check_cover(text, &parts);
        assert_eq!(&text[parts[1].clone()], "bbbb\n");
        let text = "word word 北京北京 word \u{301}x";
        let parts = split(text, 3);
        check_cover(text, &parts);
        for r in &parts[1..] {
            // Never before a combining mark or inside a word.
            assert!(text[r.clone()].starts_with(|c: char| c.is_ascii_alphanumeric()));
        }
        let cjk = "北京北京北京";
        assert_eq!(split(cjk, 3), [0..cjk.len()]);
    }
}
