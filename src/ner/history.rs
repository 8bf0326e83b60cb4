//! Prediction history (Ratinov & Roth 2009, "extended prediction history"): the labels the
//! tagger already gave the same word earlier in the document, as features for its next
//! mention. "Putin" tagged PERSON in the first sentence makes PERSON likelier for a later
//! "Putin" in a headline or at a sentence start, where the word itself says less.
//!
//! Only words with a capital or a digit take part (names and numbers); lower case words would
//! fill the table with "the" and "said". The history is known before a sentence is decoded, so
//! its features join the static ones (one lookup each, prefetched with them).

use super::features::{key1, key2, TokInfo};
use super::perceptron::KeyMap;
use super::tags;
use super::LABELS;

/// Number of history features per token (the last slots of the static block).
pub const N_HIST: usize = 2;

/// Stands for "no entity" next to the label indices.
const OUTSIDE: usize = LABELS.len();

#[derive(Default)]
pub struct History {
    /// Lower case form -> how often each label (and, last, "no entity") was predicted.
    counts: KeyMap<[u16; LABELS.len() + 1]>,
}

fn tracked(t: &TokInfo) -> bool {
    !t.all_lower && !t.punct
}

impl History {
    pub fn new() -> History {
        History::default()
    }

    /// Features of one token: the majority earlier label with its share (thirds), alone and
    /// with the token's capitalisation; a fixed "unseen" key when there is no history.
    #[inline]
    pub fn features(&self, t: &TokInfo) -> [u32; N_HIST] {
        let entry = if tracked(t) {
            self.counts.get(&(t.lower as u32 ^ (t.lower >> 32) as u32))
        } else {
            None
        };
        let Some(c) = entry else {
            return [key1(47, u64::MAX), key1(48, u64::MAX)];
        };
        let total: u32 = c.iter().map(|&n| n as u32).sum();
        let (best, &n) = c
            .iter()
            .enumerate()
            .max_by_key(|&(l, &n)| (n, std::cmp::Reverse(l)))
            .unwrap_or((OUTSIDE, &0));
        let share = (3 * n as u32) / total.max(1); // 0..=3
        let v = (best as u64) << 4 | share as u64;
        [key1(47, v), key2(48, v, t.cap as u64)]
    }

    /// Records the classes predicted for one sentence's tokens.
    pub fn record(&mut self, infos: &[TokInfo], classes: &[usize]) {
        for (t, &c) in infos.iter().zip(classes) {
            if !tracked(t) {
                continue;
            }
            let slot = tags::label(c).unwrap_or(OUTSIDE).min(OUTSIDE);
            let e = self
                .counts
                .entry(t.lower as u32 ^ (t.lower >> 32) as u32)
                .or_insert([0; LABELS.len() + 1]);
            e[slot] = e[slot].saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_follows_earlier_predictions() {
        let putin = TokInfo::new("Putin");
        let mut h = History::new();
        let unseen = h.features(&putin);
        let person_u = tags::class(0, tags::Part::Unit);
        h.record(&[putin], &[person_u]);
        let once = h.features(&putin);
        assert_ne!(once, unseen);
        // The same word in capitals shares the lower case form, but not the case feature.
        let caps = h.features(&TokInfo::new("PUTIN"));
        assert_eq!(caps[0], once[0]);
        // Lower case words are not tracked.
        let said = TokInfo::new("said");
        h.record(&[said], &[person_u]);
        assert_eq!(h.features(&said), unseen);
        // A label seen as often as another keeps a deterministic winner.
        h.record(&[putin], &[tags::O]);
        assert_eq!(h.features(&putin), h.features(&putin));
    }
}
