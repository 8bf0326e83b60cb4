//! The commonest words of news text, whose feature sums each model computes once
//! (`type_cache::CommonTypes`) instead of once per article. The list is made from the
//! training texts by `newsmark train words` and embedded; it only changes speed, never the
//! tags (a word outside it gets the same sums, computed when an article first uses it).

use crate::text::{split_sentences, tokenize};
use std::collections::HashMap;

/// How many words `newsmark train words` keeps by default. 4,096 cover about two thirds of
/// the seed articles' distinct words for 3.3 MB of sums (see `type_cache`); 8,192 were no
/// faster natively, for twice the memory, which the 10 MB paste's budget (issue 9) lacks.
pub const DEFAULT_SIZE: usize = 4096;

/// The shipped list: one word per line, most frequent first.
const EMBEDDED: &str = include_str!("../../models/common-words.txt");

pub fn embedded() -> impl Iterator<Item = &'static str> {
    EMBEDDED.lines().filter(|w| !w.is_empty())
}

/// The `size` most frequent words of `texts`, as the tagger sees them (our tokens, hyphenated
/// words split as in `subtokens`), most frequent first, ties in byte order: the same texts
/// always give the same list.
pub fn most_frequent<'t>(texts: impl IntoIterator<Item = &'t str>, size: usize) -> Vec<String> {
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for text in texts {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        let split = super::subtokens::split_hyphens(text, &tokens, &sentences);
        let tokens = split
            .as_ref()
            .map_or(tokens.as_slice(), |(t, _)| t.as_slice());
        for t in tokens {
            *counts.entry(t.text(text)).or_default() += 1;
        }
    }
    let mut words: Vec<(&str, u64)> = counts.into_iter().collect();
    words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    words
        .into_iter()
        .take(size)
        .map(|(w, _)| w.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_frequent_counts_tagger_tokens_and_breaks_ties_by_bytes() {
        let texts = ["the Xi-Putin talks, the talks.", "Putin said the talks"];
        let got = most_frequent(texts, 4);
        // "the" 3, "talks" 3, "Putin" 2, then the 1-count words by byte order ("," < "-").
        assert_eq!(got, ["talks", "the", "Putin", ","]);
        assert_eq!(most_frequent(texts, 100).len(), 8);
    }

    #[test]
    fn embedded_list_is_clean() {
        let words: Vec<&str> = embedded().collect();
        assert!(words.len() >= 1000, "{} words", words.len());
        assert!(words.iter().all(|w| !w.chars().any(char::is_whitespace)));
        let mut seen = std::collections::HashSet::new();
        assert!(words.iter().all(|w| seen.insert(*w)), "duplicates");
    }
}
