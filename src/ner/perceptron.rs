//! Sparse multi-class averaged perceptron.
//!
//! Each feature key owns a short list of (class, weight) cells: most features only ever get
//! weight for a few classes, so this is both smaller and faster than a dense row of 73 floats.
//! Weights stay `f32` in memory so that a loaded model can keep learning online (`update`),
//! for example from corrections a person makes in the browser.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already hashes; this spreads the 32 bits over 64 so hashbrown's control bytes
/// (taken from the top bits) stay useful.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u32(&mut self, k: u32) {
        self.0 = (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

pub type KeyMap<V> = HashMap<u32, V, BuildHasherDefault<KeyHasher>>;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub class: u8,
    pub w: f32,
    /// Sum of `tick * delta` over updates, for averaging (Daumé's trick): the averaged weight
    /// is `w - acc / ticks`.
    pub acc: f32,
}

#[derive(Debug, Clone, Default)]
pub struct Perceptron {
    pub n_classes: usize,
    index: KeyMap<u32>,
    rows: Vec<Vec<Cell>>,
    /// Number of training instances seen (for averaging).
    pub ticks: u64,
}

impl Perceptron {
    pub fn new(n_classes: usize) -> Perceptron {
        Perceptron {
            n_classes,
            ..Default::default()
        }
    }

    pub fn n_features(&self) -> usize {
        self.rows.len()
    }

    pub fn n_weights(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }

    /// Adds the weights of `feats` to `scores` (length `n_classes`).
    #[inline]
    pub fn score(&self, feats: &[u32], scores: &mut [f32]) {
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for c in &self.rows[r as usize] {
                    if let Some(s) = scores.get_mut(c.class as usize) {
                        *s += c.w;
                    }
                }
            }
        }
    }

    fn cell(&mut self, f: u32, class: usize) -> &mut Cell {
        let next = self.rows.len() as u32;
        let r = *self.index.entry(f).or_insert(next) as usize;
        if r == self.rows.len() {
            self.rows.push(Vec::with_capacity(2));
        }
        let row = &mut self.rows[r];
        let pos = match row.iter().position(|c| c.class as usize == class) {
            Some(p) => p,
            None => {
                row.push(Cell {
                    class: class as u8,
                    w: 0.0,
                    acc: 0.0,
                });
                row.len() - 1
            }
        };
        &mut row[pos]
    }

    /// One perceptron step: towards `gold`, away from `pred`. Call `tick` once per instance.
    pub fn update(&mut self, feats: &[u32], gold: usize, pred: usize, rate: f32) {
        if gold == pred || gold >= self.n_classes || pred >= self.n_classes {
            return;
        }
        let t = self.ticks as f32;
        for &f in feats {
            let c = self.cell(f, gold);
            c.w += rate;
            c.acc += t * rate;
            let c = self.cell(f, pred);
            c.w -= rate;
            c.acc -= t * rate;
        }
    }

    pub fn tick(&mut self) {
        self.ticks += 1;
    }

    /// Replaces the weights by their averages over all ticks (end of training).
    pub fn average(&mut self) {
        let t = self.ticks.max(1) as f32;
        for row in &mut self.rows {
            for c in row.iter_mut() {
                c.w -= c.acc / t;
                c.acc = 0.0;
            }
        }
    }

    /// Drops cells with `|w| < min_abs` and features left without cells.
    pub fn prune(&mut self, min_abs: f32) {
        let mut index = KeyMap::default();
        let mut rows = Vec::new();
        let mut entries: Vec<(u32, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        entries.sort_unstable();
        for (k, r) in entries {
            let row: Vec<Cell> = self.rows[r as usize]
                .iter()
                .copied()
                .filter(|c| c.w.abs() >= min_abs)
                .collect();
            if !row.is_empty() {
                index.insert(k, rows.len() as u32);
                rows.push(row);
            }
        }
        self.index = index;
        self.rows = rows;
    }

    /// All (key, cells) pairs sorted by key (for saving).
    pub fn entries(&self) -> Vec<(u32, &[Cell])> {
        let mut v: Vec<(u32, &[Cell])> = self
            .index
            .iter()
            .map(|(&k, &r)| (k, self.rows[r as usize].as_slice()))
            .collect();
        v.sort_unstable_by_key(|e| e.0);
        v
    }

    /// Adds a feature row (for loading). A repeated key replaces the old row.
    pub fn insert_row(&mut self, key: u32, cells: Vec<Cell>) {
        match self.index.get(&key) {
            Some(&r) => self.rows[r as usize] = cells,
            None => {
                self.index.insert(key, self.rows.len() as u32);
                self.rows.push(cells);
            }
        }
    }

    /// Largest absolute weight (for quantisation).
    pub fn max_abs(&self) -> f32 {
        self.rows
            .iter()
            .flatten()
            .fold(0.0f32, |m, c| m.max(c.w.abs()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_averages() {
        let mut p = Perceptron::new(3);
        let data = [(vec![1u32, 10], 0usize), (vec![2, 10], 1), (vec![3, 10], 2)];
        for _ in 0..10 {
            for (f, gold) in &data {
                let mut s = [0.0f32; 3];
                p.score(f, &mut s);
                let pred = argmax(&s);
                p.update(f, *gold, pred, 1.0);
                p.tick();
            }
        }
        p.average();
        for (f, gold) in &data {
            let mut s = [0.0f32; 3];
            p.score(f, &mut s);
            assert_eq!(argmax(&s), *gold);
        }
        let before = p.n_weights();
        p.prune(1e9);
        assert!(p.n_weights() < before);
        assert_eq!(p.n_features(), 0);
    }

    fn argmax(s: &[f32]) -> usize {
        let mut best = 0;
        for i in 1..s.len() {
            if s[i] > s[best] {
                best = i;
            }
        }
        best
    }
}
