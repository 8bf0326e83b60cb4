//! Summed weights of the single-token features (`N_UNI` of the `N_STATIC`) of a word type at
//! each neighbour offset, so that a token costs one vector add per offset instead of 24 table
//! lookups (most of them cache misses). Integer sums, so scores are exactly those of looking
//! every feature up.
//!
//! Two levels: `CommonTypes`, built once per model for the pads and the commonest words of
//! news text (`common_words`), and `TypeCache`, one per document, for the other
//! words as they come. A 1,000-word article has ~450 distinct words; about two thirds of them
//! are common ones, whose sums no longer have to be computed for every article (seeds:
//! tokenize + tag 16 % faster natively, and ~40 % in WASM, which has no prefetching).

use super::clusters::Clusters;
use super::features::{self, TokInfo, N_UNI, UNI_OFFSETS, UNI_PER_OFFSET};
use super::perceptron::{Frozen, KeyHasher};
use super::tags::N_CLASSES;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Lanes of a cached score vector: the classes, rounded up for whole vector registers.
pub const LANES: usize = N_CLASSES.div_ceil(16) * 16;
/// Vectors per type: one per offset of `UNI_OFFSETS`.
const N_OFF: usize = UNI_OFFSETS.len();
/// Types a document cache keeps at most beyond the common ones (an article has a few
/// hundred to two thousand); a document with more starts its cache afresh. 5 MB at most
/// (the `Vec` doubles up to 2^15 vectors): a 10 MB paste must fit issue 9's memory budget.
const DOC_TYPE_CAP: usize = 1 << 12;

type Index = HashMap<u64, u32, BuildHasherDefault<KeyHasher>>;

/// Type sums of the four pads (type numbers 0-3, see `features::pads`) and of common words,
/// for one model's weights. Built on a model's first use (`Model::common_types`); a change
/// of the weights must build it again.
#[derive(Debug, Clone, Default)]
pub struct CommonTypes {
    index: Index,
    vecs: Vec<[i16; LANES]>,
}

impl CommonTypes {
    /// The pads and `words` (their clusters from `clusters`).
    pub fn new<'w>(
        model: &Frozen,
        clusters: &Clusters,
        words: impl IntoIterator<Item = &'w str>,
    ) -> CommonTypes {
        let mut infos: Vec<TokInfo> = features::pads().to_vec();
        let n_pads = infos.len();
        infos.extend(words.into_iter().map(TokInfo::new));
        clusters.assign(&mut infos[n_pads..]);
        let mut c = CommonTypes::default();
        let mut keys = Vec::new();
        for t in &infos {
            if c.index.contains_key(&t.word) {
                continue;
            }
            c.index.insert(t.word, c.len());
            type_sums(model, t, &mut keys, &mut c.vecs);
        }
        // Kept for the process's life: no spare capacity (it would be 60 % more here).
        c.vecs.shrink_to_fit();
        c
    }

    fn len(&self) -> u32 {
        (self.vecs.len() / N_OFF) as u32
    }
}

/// Pushes the `N_OFF` sums of the single-token weights of `t`, one per offset.
fn type_sums(model: &Frozen, t: &TokInfo, keys: &mut Vec<u32>, out: &mut Vec<[i16; LANES]>) {
    keys.clear();
    for off in UNI_OFFSETS {
        features::unigram_keys(t, off, keys);
    }
    for &k in keys.iter() {
        model.prefetch_slot(k);
    }
    let mut ranges = [(0u32, 0u32); N_UNI];
    for (r, &k) in ranges.iter_mut().zip(keys.iter()) {
        *r = model.lookup(k);
        model.prefetch_cells(*r);
    }
    let mut at = 0;
    for len in UNI_PER_OFFSET {
        let mut acc = [0i16; 128];
        for &(a, b) in &ranges[at..at + len] {
            model.add_cells_int((a as usize, b as usize), &mut acc);
        }
        at += len;
        let mut v = [0i16; LANES];
        v.copy_from_slice(&acc[..LANES]);
        out.push(v);
    }
    debug_assert_eq!(at, N_UNI);
}

/// One document's type sums: the common ones (type numbers below `common.len()`), then the
/// document's other words.
pub struct TypeCache<'a> {
    common: &'a CommonTypes,
    index: Index,
    /// `N_OFF` vectors per type of the document, in `UNI_OFFSETS` order.
    vecs: Vec<[i16; LANES]>,
    keys: Vec<u32>,
}

impl<'a> TypeCache<'a> {
    pub fn new(common: &'a CommonTypes) -> TypeCache<'a> {
        TypeCache {
            common,
            index: Default::default(),
            vecs: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Type numbers of a sentence's tokens, adding the new types.
    pub fn ids(&mut self, model: &Frozen, infos: &[TokInfo], out: &mut Vec<u32>) {
        let n_common = self.common.len();
        if self.vecs.len() / N_OFF + infos.len() > DOC_TYPE_CAP {
            self.index.clear();
            self.vecs.clear();
        }
        out.clear();
        for t in infos {
            let id = if let Some(&id) = self.common.index.get(&t.word) {
                id
            } else if let Some(&id) = self.index.get(&t.word) {
                id
            } else {
                let id = n_common + (self.vecs.len() / N_OFF) as u32;
                type_sums(model, t, &mut self.keys, &mut self.vecs);
                self.index.insert(t.word, id);
                id
            };
            out.push(id);
        }
    }

    /// The sums of type `id` at offset number `off` (of `UNI_OFFSETS`).
    #[inline]
    pub fn vec(&self, id: u32, off: usize) -> &[i16; LANES] {
        let n_common = self.common.len();
        if id < n_common {
            &self.common.vecs[id as usize * N_OFF + off]
        } else {
            &self.vecs[(id - n_common) as usize * N_OFF + off]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_and_document_types_give_the_same_sums() {
        let model = crate::ner::model().expect("embedded model");
        let (w, cl) = (&model.weights, &model.clusters);
        let words = ["said", "Putin", "the", "Zelenskyy", "said"];
        let mut infos: Vec<TokInfo> = words.iter().map(|x| TokInfo::new(x)).collect();
        cl.assign(&mut infos);
        // "said" and "the" common; "Putin" and "Zelenskyy" only in the document.
        let some = CommonTypes::new(w, cl, ["the", "said", "the"]);
        assert_eq!(some.len(), 4 + 2, "pads, then each word once");
        let none = CommonTypes::new(w, cl, []);
        let (mut a, mut b) = (TypeCache::new(&some), TypeCache::new(&none));
        let (mut ids_a, mut ids_b) = (Vec::new(), Vec::new());
        a.ids(w, &infos, &mut ids_a);
        b.ids(w, &infos, &mut ids_b);
        assert_eq!(ids_a, [5, 6, 4, 7, 5]);
        assert_eq!(ids_b, [4, 5, 6, 7, 4]);
        for (&x, &y) in ids_a.iter().zip(&ids_b) {
            for off in 0..N_OFF {
                assert_eq!(a.vec(x, off), b.vec(y, off));
            }
        }
        // The pads keep type numbers 0-3 in both.
        for p in 0..4 {
            assert_eq!(a.vec(p, 2), b.vec(p, 2));
        }
    }
}
