//! A name dictionary learned from the training data: lower-cased token sequences (up to
//! `MAX_LEN` tokens) that were annotated as entities, with their most frequent label and how
//! often the sequence is an entity at all when it occurs ("entity rate"). Matches become
//! features, so the perceptron decides how much to trust them in context.
//!
//! Entries are stored as 32-bit hashes of the token sequence: no strings in the model.

use super::features::TokInfo;
use super::perceptron::KeyMap;

pub const MAX_LEN: usize = 6;

/// Label number and entity-rate bucket (0..=3) of one dictionary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub label: u8,
    pub rate: u8,
}

#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    map: KeyMap<Entry>,
    /// One bit per possible key (its top `FILTER_BITS` bits), set for the keys of `map`: a
    /// clear bit rules a token sequence out without probing the map. Tagging looks up every
    /// sequence of up to `MAX_LEN` tokens, and almost none is an entry (54 k entries fill
    /// 5 % of the 128 KB, which stays in cache).
    filter: Vec<u64>,
}

const FILTER_BITS: u32 = 20;

fn filter_bit(key: u32) -> (usize, u64) {
    let b = (key >> (32 - FILTER_BITS)) as usize;
    (b / 64, 1 << (b % 64))
}

/// Hash of a token sequence, extended one token at a time.
#[inline]
pub fn extend(h: u64, t: &TokInfo) -> u64 {
    let z = (h.rotate_left(9) ^ t.lower).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z ^ (z >> 29)
}

pub const SEQ_START: u64 = 0x6a09_e667_f3bc_c908;

#[inline]
pub fn fold(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// Rate bucket of `entity` occurrences among `total`.
pub fn rate_bucket(entity: u32, total: u32) -> u8 {
    let r = entity as f32 / total.max(1) as f32;
    if r >= 0.8 {
        3
    } else if r >= 0.5 {
        2
    } else if r >= 0.2 {
        1
    } else {
        0
    }
}

/// One dictionary match: tokens `start..end` (sentence-local) with an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub entry: Entry,
}

impl Gazetteer {
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn insert(&mut self, key: u32, entry: Entry) {
        if self.filter.is_empty() {
            self.filter = vec![0; (1 << FILTER_BITS) / 64];
        }
        let (word, bit) = filter_bit(key);
        self.filter[word] |= bit;
        self.map.insert(key, entry);
    }

    pub fn get(&self, key: u32) -> Option<Entry> {
        let (word, bit) = filter_bit(key);
        if self.filter.get(word).is_some_and(|w| w & bit != 0) {
            self.map.get(&key).copied()
        } else {
            None
        }
    }

    /// Every entry, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = (u32, Entry)> + '_ {
        self.map.iter().map(|(&k, &e)| (k, e))
    }

    /// All matches in a sentence, by start then length.
    pub fn matches(&self, infos: &[TokInfo]) -> Vec<Match> {
        let mut out = Vec::new();
        if self.map.is_empty() {
            return out;
        }
        for s in 0..infos.len() {
            let mut h = SEQ_START;
            for (e, t) in infos.iter().enumerate().take(s + MAX_LEN).skip(s) {
                h = extend(h, t);
                if let Some(entry) = self.get(fold(h)) {
                    out.push(Match {
                        start: s,
                        end: e + 1,
                        entry,
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_multi_token_entries() {
        let words = ["in", "New", "York", "City", "today"];
        let infos: Vec<TokInfo> = words.iter().map(|w| TokInfo::new(w)).collect();
        let mut g = Gazetteer::default();
        let key = |ws: &[&str]| {
            fold(
                ws.iter()
                    .fold(SEQ_START, |h, w| extend(h, &TokInfo::new(w))),
            )
        };
        g.insert(key(&["new", "york"]), Entry { label: 4, rate: 3 });
        g.insert(key(&["new", "york", "city"]), Entry { label: 4, rate: 2 });
        assert_eq!(g.len(), 2);
        assert_eq!(g.get(key(&["york"])), None);
        let m = g.matches(&infos);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].start, m[0].end), (1, 3));
        assert_eq!((m[1].start, m[1].end), (1, 4));
        assert_eq!(rate_bucket(9, 10), 3);
        assert_eq!(rate_bucket(0, 0), 0);
    }
}
