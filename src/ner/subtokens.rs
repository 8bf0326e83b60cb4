//! The entity tagger's own token boundaries: our tokens, with word-internal hyphens split off.
//!
//! The text tokenizer keeps "Xi-Putin", "Atlanta-based" and "two-year" whole (right for quotes
//! and exports), but the OntoNotes annotation splits such hyphens and tags the parts: "Atlanta"
//! is a GPE, "two" a CARDINAL, and "Xi" and "Putin" are two people. 1.3 % of the OntoNotes dev
//! entities start or end at such a hyphen and could not be tagged at all on whole tokens. The
//! split happens inside `ner` only, for training and tagging alike, so other modules keep
//! their tokens.

use crate::text::{Sentence, Token};

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐')
}

/// Splits every token at hyphens that have a non-hyphen character on both sides
/// ("Xi-Putin" -> "Xi", "-", "Putin"), and maps the sentences onto the new tokens.
/// Returns `None` when no token has such a hyphen (the common case: no copy is made).
pub fn split_hyphens(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
) -> Option<(Vec<Token>, Vec<Sentence>)> {
    let extra: usize = tokens.iter().map(|t| 2 * inner_hyphens(t.text(text))).sum();
    if extra == 0 {
        return None;
    }
    // Exactly the size needed: regrowing a copy of a big document's tokens doubles its memory.
    let mut out = Vec::with_capacity(tokens.len() + extra);
    // new_index[i] = index in `out` of the first piece of old token i (and one past the end).
    let mut new_index = Vec::with_capacity(tokens.len() + 1);
    for t in tokens {
        new_index.push(out.len());
        let word = t.text(text);
        if inner_hyphens(word) == 0 {
            out.push(*t);
            continue;
        }
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let mut piece_start = 0usize; // index into `chars`
        let mut first = true;
        let mut push = |a: usize, b: usize, out: &mut Vec<Token>| {
            let bstart = t.bstart + chars[a].0;
            let bend = t.bstart + chars.get(b).map_or(word.len(), |c| c.0);
            out.push(Token {
                start: t.start + a,
                end: t.start + b,
                bstart,
                bend,
                newline_before: t.newline_before && first,
            });
            first = false;
        };
        for k in 1..chars.len().saturating_sub(1) {
            let (prev, c, next) = (chars[k - 1].1, chars[k].1, chars[k + 1].1);
            if is_hyphen(c) && !is_hyphen(prev) && !is_hyphen(next) {
                push(piece_start, k, &mut out);
                push(k, k + 1, &mut out);
                piece_start = k + 1;
            }
        }
        push(piece_start, chars.len(), &mut out);
    }
    new_index.push(out.len());
    let map = |i: usize| new_index.get(i).copied().unwrap_or(out.len());
    let sents = sentences
        .iter()
        .map(|s| Sentence {
            tok_start: map(s.tok_start),
            tok_end: map(s.tok_end),
            start: s.start,
            end: s.end,
        })
        .collect();
    Some((out, sents))
}

/// Number of hyphens in `word` with a non-hyphen character on both sides.
fn inner_hyphens(word: &str) -> usize {
    // Most words have no hyphen at all: answer those without decoding.
    if !word.contains(['-', '‐']) {
        return 0;
    }
    let mut n = 0;
    let (mut a, mut b) = (None, None);
    for c in word.chars() {
        if let (Some(p), Some(h)) = (a, b) {
            if is_hyphen(h) && !is_hyphen(p) && !is_hyphen(c) {
                n += 1;
            }
        }
        (a, b) = (b, Some(c));
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{split_sentences, tokenize};

    fn words(text: &str) -> (Vec<String>, Vec<(usize, usize)>) {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        let (t, s) = split_hyphens(text, &tokens, &sentences).unwrap_or((tokens, sentences));
        let chars: Vec<char> = text.chars().collect();
        for tok in &t {
            // Byte and code point offsets agree.
            assert_eq!(
                chars[tok.start..tok.end].iter().collect::<String>(),
                tok.text(text)
            );
        }
        (
            t.iter().map(|x| x.text(text).to_string()).collect(),
            s.iter().map(|x| (x.tok_start, x.tok_end)).collect(),
        )
    }

    #[test]
    fn splits_inner_hyphens_and_remaps_sentences() {
        let (w, s) = words("Xi-Putin talks — a two-year plan. Ünter-Öl rose.");
        assert_eq!(
            w,
            [
                "Xi", "-", "Putin", "talks", "—", "a", "two", "-", "year", "plan", ".", "Ünter",
                "-", "Öl", "rose", "."
            ]
        );
        assert_eq!(s, [(0, 11), (11, 16)]);
    }

    #[test]
    fn leaves_other_tokens_alone() {
        let text = "No hyphen here -- or - there.";
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        assert!(split_hyphens(text, &tokens, &sentences).is_none());
    }
}
