//! Word clusters learned from unlabelled text, so that words the annotated data never showed
//! (or showed rarely) share weights with distributionally similar words: "Zelenskyy" lands
//! near other surnames, "Tbilisi" near other capitals.
//!
//! Each word is described by the words seen just before and after it (as random sparse
//! projections to `DIM` dimensions, weighted by log counts), and k-means on those vectors
//! gives `FINE` clusters, which k-means on the centroids groups into `COARSE` ones. A second,
//! independent k-means (`SECOND` clusters, another seed) gives each word a second view: one
//! clustering is a local optimum among many, and two disagree on just the words whose
//! neighbourhood is unclear. Only the word -> cluster table goes into the model (hashes, no
//! strings).

use super::features::TokInfo;
use super::gazetteer::fold;
use super::perceptron::KeyMap;

pub const FINE: usize = 512;
pub const COARSE: usize = 48;
/// Clusters of the second view (ids 0-254; 255 stands for "unknown").
pub const SECOND: usize = 255;
const DIM: usize = 96;
/// Value for words outside the table.
pub const UNKNOWN: u32 = u32::MAX;

#[derive(Debug, Clone, Default)]
pub struct Clusters {
    /// folded lower-case hash -> second << 24 | coarse << 16 | fine
    pub map: KeyMap<u32>,
}

impl Clusters {
    pub fn get(&self, lower: u64) -> u32 {
        self.map.get(&fold(lower)).copied().unwrap_or(UNKNOWN)
    }

    /// Fills `cluster` of each token summary.
    pub fn assign(&self, infos: &mut [TokInfo]) {
        if self.map.is_empty() {
            return;
        }
        for t in infos {
            t.cluster = self.get(t.lower);
        }
    }
}

/// One word's clusters as `TokInfo::cluster` holds them (see `TokInfo::fine` etc.).
pub fn pack(fine: usize, coarse: usize, second: usize) -> u32 {
    (second.min(SECOND) as u32) << 24 | (coarse as u32 & 0xff) << 16 | (fine as u32 & 0xffff)
}

fn rand_vec(h: u64, out: &mut [f32; DIM], w: f32) {
    // Four non-zero entries per context word: a sparse random projection.
    let mut x = h | 1;
    for _ in 0..4 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let i = (x % DIM as u64) as usize;
        out[i] += if x & (1 << 40) != 0 { w } else { -w };
    }
}

/// Deterministic xorshift, shared with training (`train.rs`) for shuffling.
pub(crate) struct Rng(pub(crate) u64);
impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Spherical k-means: returns the cluster of each vector (deterministic for a seed).
fn kmeans(vecs: &[[f32; DIM]], k: usize, iters: usize, seed: u64) -> (Vec<usize>, Vec<[f32; DIM]>) {
    let k = k.min(vecs.len()).max(1);
    let mut rng = Rng(seed | 1);
    let mut cent: Vec<[f32; DIM]> = (0..k)
        .map(|_| vecs[(rng.next() % vecs.len() as u64) as usize])
        .collect();
    let mut assign = vec![0usize; vecs.len()];
    for _ in 0..iters {
        for (v, a) in vecs.iter().zip(assign.iter_mut()) {
            let mut best = (f32::NEG_INFINITY, 0);
            for (c, cv) in cent.iter().enumerate() {
                let d: f32 = v.iter().zip(cv).map(|(x, y)| x * y).sum();
                if d > best.0 {
                    best = (d, c);
                }
            }
            *a = best.1;
        }
        let mut sums = vec![[0f32; DIM]; k];
        let mut counts = vec![0usize; k];
        for (v, &a) in vecs.iter().zip(&assign) {
            counts[a] += 1;
            for (s, x) in sums[a].iter_mut().zip(v) {
                *s += x;
            }
        }
        for c in 0..k {
            if counts[c] == 0 {
                // Empty cluster: restart it on a random word.
                sums[c] = vecs[(rng.next() % vecs.len() as u64) as usize];
            }
            normalize(&mut sums[c]);
        }
        cent = sums;
    }
    (assign, cent)
}

/// Learns clusters from tokenized sentences (token summaries). Words seen fewer than
/// `min_count` times are left out.
pub fn learn(sentences: &[Vec<TokInfo>], min_count: u32, seed: u64) -> Clusters {
    // Vocabulary and context words (the most frequent words are the contexts).
    let mut freq: KeyMap<u32> = KeyMap::default();
    for s in sentences {
        for t in s {
            *freq.entry(fold(t.lower)).or_insert(0) += 1;
        }
    }
    let mut vocab: Vec<(u32, u32)> = freq
        .iter()
        .filter(|e| *e.1 >= min_count)
        .map(|(&k, &n)| (k, n))
        .collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let index: KeyMap<u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, &(k, _))| (k, i as u32))
        .collect();
    let n_context = 3000.min(vocab.len());
    // Counts of (word, side, context) pairs.
    let mut pairs: std::collections::HashMap<(u32, u32), u32> = std::collections::HashMap::new();
    for s in sentences {
        for i in 0..s.len() {
            let Some(&w) = index.get(&fold(s[i].lower)) else {
                continue;
            };
            for (side, j) in [(0u32, i.wrapping_sub(1)), (1, i + 1)] {
                // Sentence edges and rare words are contexts too (by their shape).
                let ctx = match s.get(j) {
                    None => 2 * n_context as u32 + side,
                    Some(t) => match index.get(&fold(t.lower)) {
                        Some(&c) if (c as usize) < n_context => c,
                        _ => (n_context as u32 + (fold(t.shape) % n_context as u32)) | 0x8000_0000,
                    },
                };
                *pairs.entry((w, ctx ^ (side << 30))).or_insert(0) += 1;
            }
        }
    }
    // Sorted, so that the float sums (and the clusters) do not depend on hash map order.
    let mut pairs: Vec<((u32, u32), u32)> = pairs.into_iter().collect();
    pairs.sort_unstable();
    let mut vecs = vec![[0f32; DIM]; vocab.len()];
    for &((w, ctx), n) in &pairs {
        rand_vec(
            (ctx as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x1234_5678,
            &mut vecs[w as usize],
            (1.0 + n as f32).ln(),
        );
    }
    for v in &mut vecs {
        normalize(v);
    }
    let (fine, centroids) = kmeans(&vecs, FINE, 12, seed);
    let (coarse, _) = kmeans(&centroids, COARSE, 20, seed ^ 0xabc);
    let (second, _) = kmeans(&vecs, SECOND, 12, seed ^ 0x05ec_011d);
    let mut c = Clusters::default();
    for (i, &(k, _)) in vocab.iter().enumerate() {
        let f = fine[i];
        c.map.insert(k, pack(f, coarse[f], second[i]));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_contexts_share_clusters() {
        let mut sents = Vec::new();
        for i in 0..300 {
            let city = ["Paris", "Berlin", "Madrid"][i % 3];
            let verb = ["ran", "walked", "jumped"][i % 3];
            for s in [
                vec!["He", "lives", "in", city, "now", "."],
                vec!["They", verb, "to", "the", "park", "."],
            ] {
                sents.push(s.iter().map(|w| TokInfo::new(w)).collect::<Vec<_>>());
            }
        }
        let c = learn(&sents, 2, 7);
        let id = |w: &str| c.get(TokInfo::new(w).lower);
        assert_ne!(id("Paris"), UNKNOWN);
        assert_eq!(id("Paris"), id("Berlin"));
        assert_eq!(id("ran"), id("walked"));
        assert_eq!(id("Zzyzx"), UNKNOWN);
        let mut infos = vec![TokInfo::new("Madrid")];
        c.assign(&mut infos);
        assert_eq!(infos[0].cluster, id("Paris"));
        // The second view has its own ids, below the "unknown" one.
        assert!(infos[0].second() < SECOND as u64);
        assert_eq!(TokInfo::new("Zzyzx").second(), SECOND as u64);
    }
}
