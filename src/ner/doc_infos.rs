//! Token summaries (`TokInfo`) of a whole document, kept once per distinct word.
//!
//! A summary is about 100 bytes; a 10 MB paste has two million tokens but far fewer distinct
//! words, so one table row per word and a 4-byte row number per token take a fraction of the
//! memory of one summary per token (issue 9's budget), and each word's hashes are computed once.
//! Sentence-level code still works on plain slices: `copy_range` fills a sentence's summaries.

use super::clusters::Clusters;
use super::features::TokInfo;
use crate::text::Token;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Read access to the summaries of a run of tokens, one per token: a plain slice (training,
/// tests) or a `DocInfos` table.
pub trait TokSeq {
    fn len(&self) -> usize;
    fn at(&self, i: usize) -> &TokInfo;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether tokens `a..b` hold no lower case word: a headline in capitals or title case, one
/// run of capitals that says little about where names are.
pub fn no_lower_case<S: TokSeq + ?Sized>(infos: &S, a: usize, b: usize) -> bool {
    (a..b.min(infos.len())).all(|i| !infos.at(i).all_lower)
}

impl TokSeq for [TokInfo] {
    fn len(&self) -> usize {
        <[TokInfo]>::len(self)
    }
    fn at(&self, i: usize) -> &TokInfo {
        &self[i]
    }
}

impl TokSeq for Vec<TokInfo> {
    fn len(&self) -> usize {
        <[TokInfo]>::len(self)
    }
    fn at(&self, i: usize) -> &TokInfo {
        &self[i]
    }
}

/// A multiply-rotate hash over 8 bytes at a time: words are short and SipHash's
/// flooding resistance buys nothing for the words of one document.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        let mut w = [0u8; 8];
        w[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.mix(u64::from_le_bytes(w) ^ (bytes.len() as u64) << 56);
    }
}

impl WordHasher {
    #[inline]
    fn mix(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// The summaries of every token of a document: `types[ids[i]]` is token `i`'s.
pub struct DocInfos {
    ids: Vec<u32>,
    types: Vec<TokInfo>,
}

impl DocInfos {
    pub fn new(text: &str, tokens: &[Token]) -> DocInfos {
        let mut index: HashMap<&str, u32, BuildHasherDefault<WordHasher>> = HashMap::default();
        let mut types = Vec::new();
        let ids = tokens
            .iter()
            .map(|t| {
                let word = t.text(text);
                *index.entry(word).or_insert_with(|| {
                    types.push(TokInfo::new(word));
                    (types.len() - 1) as u32
                })
            })
            .collect();
        DocInfos { ids, types }
    }

    /// Fills in each word's cluster (once per distinct word).
    pub fn assign_clusters(&mut self, clusters: &Clusters) {
        clusters.assign(&mut self.types);
    }

    /// The summaries of tokens `a..b` into `out` (cleared first).
    pub fn copy_range(&self, a: usize, b: usize, out: &mut Vec<TokInfo>) {
        out.clear();
        out.extend(self.ids[a..b].iter().map(|&id| self.types[id as usize]));
    }

    /// Number of distinct words.
    pub fn n_types(&self) -> usize {
        self.types.len()
    }
}

impl TokSeq for DocInfos {
    fn len(&self) -> usize {
        self.ids.len()
    }
    fn at(&self, i: usize) -> &TokInfo {
        &self.types[self.ids[i] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::features::token_infos;
    use crate::text::tokenize;

    #[test]
    fn table_gives_each_token_its_own_summary() {
        let text = "Putin met Xi. Putin’s aides and Putin's aides met PUTIN, putin and 习近平 👍🏽.";
        let tokens = tokenize(text);
        let plain = token_infos(text, &tokens);
        let table = DocInfos::new(text, &tokens);
        assert_eq!(TokSeq::len(&table), plain.len());
        for (i, p) in plain.iter().enumerate() {
            assert_eq!(table.at(i), p, "token {i}");
        }
        assert!(table.n_types() < plain.len());
        let mut range = Vec::new();
        table.copy_range(2, 6, &mut range);
        assert_eq!(range, plain[2..6]);
    }
}
