//! Tokens for token-based formats (spaCy, CoNLL): newsmark's tokenizer, with any token that
//! straddles an annotation boundary split there, so that every span starts and ends on a token
//! edge (a person may draw a span inside a word; the export must still align).

use crate::text::{split_sentences, tokenize};

/// A token in code points, and whether white space follows it (spaCy's `ws`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub ws: bool,
    /// Index of the sentence the token belongs to.
    pub sentence: usize,
}

/// Tokens of `text` split at every offset in `boundaries` (code points; any order).
pub fn aligned(text: &str, boundaries: &[usize]) -> Vec<Tok> {
    let mut cuts: Vec<usize> = boundaries.to_vec();
    cuts.sort_unstable();
    cuts.dedup();
    let chars: Vec<char> = text.chars().collect();
    let toks = tokenize(text);
    let sents = split_sentences(text, &toks);
    let mut out = Vec::with_capacity(toks.len());
    for (si, s) in sents.iter().enumerate() {
        for t in &toks[s.tok_start..s.tok_end] {
            let mut start = t.start;
            let first = cuts.partition_point(|&c| c <= t.start);
            for &c in cuts[first..].iter().take_while(|&&c| c < t.end) {
                out.push(Tok {
                    start,
                    end: c,
                    ws: false,
                    sentence: si,
                });
                start = c;
            }
            let ws = chars.get(t.end).is_some_and(|c| c.is_whitespace());
            out.push(Tok {
                start,
                end: t.end,
                ws,
                sentence: si,
            });
        }
    }
    out
}

/// Index of the token starting at `start` and of the token ending at `end`, if both exist.
pub fn token_range(toks: &[Tok], start: usize, end: usize) -> Option<(usize, usize)> {
    let a = toks.binary_search_by_key(&start, |t| t.start).ok()?;
    let b = toks.binary_search_by_key(&end, |t| t.end).ok()?;
    (a <= b).then_some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_tokens_at_span_edges() {
        let text = "Putin’s call😀 ok";
        let toks = aligned(text, &[2]);
        let chars: Vec<char> = text.chars().collect();
        let words: Vec<String> = toks
            .iter()
            .map(|t| chars[t.start..t.end].iter().collect())
            .collect();
        assert_eq!(words, ["Pu", "tin", "’s", "call", "😀", "ok"]);
        assert!(!toks[0].ws && toks[2].ws && !toks[3].ws && toks[4].ws);
        assert_eq!(token_range(&toks, 2, 5), Some((1, 1)));
        assert_eq!(token_range(&toks, 3, 5), None);
    }
}
