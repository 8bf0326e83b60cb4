//! Plain text to blocks: one block per line (what a browser's text/plain copy gives for each
//! paragraph, heading and menu item), with hard-wrapped paragraphs joined back together.

use super::blocks::{Block, Kind};
use super::normalize;

/// True for the characters that end a line.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' | '\u{85}'
    )
}

/// Splits `input` into normalised non-empty lines with the code point offset where each starts.
fn lines(input: &str) -> Vec<(String, usize, bool)> {
    // (text, input offset, preceded by a blank line)
    let mut out = Vec::new();
    let mut cp = 0usize;
    let mut line_start_cp = 0usize;
    let mut line_start_byte = 0usize;
    let mut blank_before = true;
    let mut iter = input.char_indices().peekable();
    let push =
        |s: &str, at: usize, blank_before: &mut bool, out: &mut Vec<(String, usize, bool)>| {
            let text = normalize::repair_inline(s, true);
            if text.is_empty() {
                *blank_before = true;
            } else {
                let lead = s.chars().take_while(|c| c.is_whitespace()).count();
                out.push((text, at + lead, *blank_before));
                *blank_before = false;
            }
        };
    while let Some((b, c)) = iter.next() {
        if is_break(c) {
            push(
                &input[line_start_byte..b],
                line_start_cp,
                &mut blank_before,
                &mut out,
            );
            let mut len = c.len_utf8();
            cp += 1;
            if c == '\r' {
                if let Some(&(_, '\n')) = iter.peek() {
                    iter.next();
                    len += 1;
                    cp += 1;
                }
            }
            line_start_byte = b + len;
            line_start_cp = cp;
        } else {
            cp += 1;
        }
    }
    push(
        &input[line_start_byte..],
        line_start_cp,
        &mut blank_before,
        &mut out,
    );
    out
}

/// Blocks of a plain-text paste. When the text separates paragraphs with blank lines and a
/// line ends mid-sentence with the next one going on in lower case, the line was hard-wrapped
/// (e-mail, terminal copies) and the two are joined.
pub fn blocks(input: &str) -> Vec<Block> {
    let ls = lines(input);
    let uses_blank_lines = ls.iter().filter(|l| l.2).count() >= 2;
    let mut out: Vec<Block> = Vec::with_capacity(ls.len());
    for (text, at, blank_before) in ls {
        if uses_blank_lines && !blank_before {
            if let Some(prev) = out.last_mut() {
                let wrapped = prev.text.chars().count() >= 40
                    && !prev.text.ends_with(['.', '!', '?', ':', '"', '”'])
                    && text.chars().next().is_some_and(|c| c.is_lowercase());
                if wrapped {
                    prev.text.push(' ');
                    prev.text.push_str(&text);
                    continue;
                }
            }
        }
        let kind = if text.starts_with(['•', '·', '▪', '■', '●', '◦'])
            || text.starts_with("- ")
            || text.starts_with("* ")
        {
            Kind::Item
        } else {
            Kind::Text
        };
        out.push(Block::new(text, at, kind));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_offsets() {
        let b = blocks("Title\r\n\r\n  First line.\nSecond\u{2028}é");
        let t: Vec<(&str, usize)> = b.iter().map(|b| (b.text.as_str(), b.src)).collect();
        assert_eq!(
            t,
            vec![("Title", 0), ("First line.", 11), ("Second", 23), ("é", 30)]
        );
    }

    #[test]
    fn joins_hard_wrapped_paragraphs() {
        let b = blocks("The minister said on Tuesday that the plan\nwould go ahead.\n\nNext paragraph.\n\nThird.");
        assert_eq!(
            b[0].text,
            "The minister said on Tuesday that the plan would go ahead."
        );
        assert_eq!(b.len(), 3);
    }
}
