//! Sentence splitter over tokens. Paragraph (line) breaks always end a sentence; otherwise a
//! sentence ends after `.`, `!`, `?` or `…` (plus any closing quotes or brackets) when the next
//! token looks like a sentence start.

use super::tokenize::Token;

/// A sentence as a token range `tok_start..tok_end` and a code point range `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub tok_start: usize,
    pub tok_end: usize,
    pub start: usize,
    pub end: usize,
}

fn is_closer(s: &str) -> bool {
    matches!(s, "”" | "’" | "\"" | "'" | ")" | "]" | "}" | "»")
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…" | "..." | "?!" | "!?")
        || s.chars().all(|c| c == '!' || c == '?') && !s.is_empty()
}

fn starts_sentence(s: &str) -> bool {
    let c = s.chars().next().unwrap_or(' ');
    c.is_uppercase()
        || c.is_numeric()
        || matches!(c, '“' | '"' | '‘' | '\'' | '(' | '[' | '«' | '—' | '-')
        || !c.is_alphabetic() && !c.is_ascii_punctuation()
}

pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut begin = 0usize;
    let mut i = 0usize;
    while i < tokens.len() {
        let t = tokens[i].text(text);
        let mut end_here = false;
        let mut last = i;
        if is_terminal(t) {
            while last + 1 < tokens.len()
                && is_closer(tokens[last + 1].text(text))
                && !tokens[last + 1].newline_before
                && tokens[last + 1].start == tokens[last].end
            {
                last += 1;
            }
            end_here = match tokens.get(last + 1) {
                None => true,
                Some(next) => next.newline_before || starts_sentence(next.text(text)),
            };
        } else if tokens.get(i + 1).is_some_and(|n| n.newline_before) {
            end_here = true;
        }
        if end_here || last + 1 == tokens.len() {
            out.push(Sentence {
                tok_start: begin,
                tok_end: last + 1,
                start: tokens[begin].start,
                end: tokens[last].end,
            });
            begin = last + 1;
        }
        i = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn sents(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        let chars: Vec<char> = text.chars().collect();
        split_sentences(text, &toks)
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn splits_on_terminals_lines_and_keeps_abbreviations() {
        assert_eq!(
            sents(
                "Trump met Mr. Xi in the U.S. on Jan. 20. “It went well,” he said. Then\nNew line"
            ),
            [
                "Trump met Mr. Xi in the U.S. on Jan. 20.",
                "“It went well,” he said.",
                "Then",
                "New line"
            ]
        );
        assert_eq!(
            sents("He asked “why?” She left."),
            ["He asked “why?”", "She left."]
        );
        assert_eq!(sents(""), Vec::<String>::new());
    }
}
