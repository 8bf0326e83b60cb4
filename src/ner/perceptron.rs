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
    fn write_u64(&mut self, k: u64) {
        self.0 = (k ^ (k >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
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
        self.add(feats, gold, rate);
        self.add(feats, pred, -rate);
    }

    /// Adds `delta` to the weight of `class` for each of `feats` (half of a structured
    /// update, where the gold and predicted tags were scored with different features).
    pub fn add(&mut self, feats: &[u32], class: usize, delta: f32) {
        if class >= self.n_classes {
            return;
        }
        let t = self.ticks as f32;
        for &f in feats {
            let c = self.cell(f, class);
            c.w += delta;
            c.acc += t * delta;
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

    /// Adds `factor` times the weights of `other` (a model over the same features): the
    /// average of several models is one model whose scores are their average.
    pub fn mix(&mut self, other: &Perceptron, factor: f32) {
        for (key, cells) in other.entries() {
            for c in cells {
                self.cell(key, c.class as usize).w += factor * c.w;
            }
        }
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

/// Read-only weights laid out for fast scoring: an open-addressing table of feature keys
/// pointing into one contiguous array of cells, both packed small (8-byte slots, 4-byte
/// cells) so that the hot part of the model stays in the CPU caches. Scoring a feature then
/// touches two cache lines instead of three scattered allocations. `thaw` turns it back into
/// a `Perceptron` for online updates; `Perceptron::freeze` goes the other way.
#[derive(Debug, Clone, Default)]
pub struct Frozen {
    pub n_classes: usize,
    shift: u32,
    /// key (bits 0-31) | first cell (bits 32-55) | number of cells (bits 56-63, 0 = empty).
    slots: Vec<u64>,
    /// class (bits 0-7) | weight / scale as a signed integer (bits 8-31, within ±127).
    cells: Vec<u32>,
    /// Dense rows (`n_classes` weights / scale each), for features with many cells.
    dense: Vec<i8>,
    scale: f32,
}

/// Number-of-cells value that marks a dense row (its "first cell" is then the row number).
const DENSE: usize = 0xff;

#[inline]
fn slot_hash(key: u32, shift: u32) -> usize {
    ((key as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize
}

const MAX_CELLS: usize = 1 << 24;
/// Rows that 16-bit accumulators can sum without overflow (32767 / 127).
pub const MAX_ADDS: usize = 258;
/// Rows with at least this many cells are stored dense.
const DENSE_MIN: usize = 12;

#[inline(always)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults, whatever the address.
    unsafe {
        core::arch::x86_64::_mm_prefetch(p as *const i8, core::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

impl Frozen {
    pub fn n_weights(&self) -> usize {
        self.cells.len() + self.dense.iter().filter(|&&w| w != 0).count()
    }

    #[inline]
    fn find(&self, key: u32) -> Option<(usize, usize)> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = slot_hash(key, self.shift) & mask;
        loop {
            let s = self.slots[i];
            let len = (s >> 56) as usize;
            if len == 0 {
                return None;
            }
            if s as u32 == key {
                let start = ((s >> 32) & 0xff_ffff) as usize;
                if len == DENSE {
                    return Some((start, usize::MAX));
                }
                return Some((start, start + len));
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds the weights of `feats` to `scores` (length `n_classes`).
    #[inline]
    pub fn score(&self, feats: &[u32], scores: &mut [f32]) {
        // 16-bit sums hold MAX_ADDS weights of ±127; longer lists are summed in chunks.
        for chunk in feats.chunks(MAX_ADDS) {
            let mut acc = [0i16; 128];
            for &f in chunk {
                if let Some(r) = self.find(f) {
                    self.add_cells_int(r, &mut acc);
                }
            }
            for (s, &a) in scores.iter_mut().zip(&acc) {
                *s += a as f32 * self.scale;
            }
        }
    }

    /// Cell range of a feature (empty if the model does not know it).
    #[inline]
    pub fn lookup(&self, key: u32) -> (u32, u32) {
        self.find(key)
            .map_or((0, 0), |(a, b)| (a as u32, b.min(u32::MAX as usize) as u32))
    }

    /// Adds the cells `range` (from `lookup`) to `scores`.
    #[inline]
    pub fn add_cells(&self, range: (usize, usize), scores: &mut [f32]) {
        let mut acc = [0i16; 128];
        self.add_cells_int(range, &mut acc);
        for (x, &a) in scores.iter_mut().zip(&acc) {
            *x += a as f32 * self.scale;
        }
    }

    /// Adds the cells `range` to integer accumulators (in units of `scale()`): the hot loop
    /// then needs no conversion, and the 128-wide array needs no bounds check. The sums are
    /// 16-bit (twice as many lanes per vector instruction as 32-bit): each weight is within
    /// ±127, so up to `MAX_ADDS` rows can be added before a sum could overflow.
    #[inline]
    pub fn add_cells_int(&self, range: (usize, usize), acc: &mut [i16; 128]) {
        if range.1 >= u32::MAX as usize {
            // A dense row (see `freeze`): weight k is class k, so the loop vectorises, and
            // one byte per weight keeps the row to two cache lines.
            let a = range.0 * self.n_classes;
            for (x, &w) in acc
                .iter_mut()
                .zip(self.dense.get(a..a + self.n_classes).unwrap_or(&[]))
            {
                *x = x.wrapping_add(w as i16);
            }
            return;
        }
        let cells = self.cells.get(range.0..range.1).unwrap_or(&[]);
        for &c in cells {
            let slot = &mut acc[(c & 0x7f) as usize];
            *slot = slot.wrapping_add(((c as i32) >> 8) as i16);
        }
    }

    /// Size of one integer weight unit.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Asks the CPU to start loading the slot of `key`. Scoring is bound by cache misses on a
    /// table of a few MB; issuing the loads of the next tokens early lets them overlap.
    #[inline]
    pub fn prefetch_slot(&self, key: u32) {
        if !self.slots.is_empty() {
            let i = slot_hash(key, self.shift) & (self.slots.len() - 1);
            prefetch(self.slots.as_ptr().wrapping_add(i) as *const u8);
        }
    }

    /// Same for the cells starting at `start`.
    #[inline]
    pub fn prefetch_cells(&self, range: (u32, u32)) {
        if range.1 == u32::MAX {
            let a = range.0 as usize * self.n_classes;
            prefetch(self.dense.as_ptr().wrapping_add(a) as *const u8);
            prefetch(self.dense.as_ptr().wrapping_add(a + 64) as *const u8);
        } else if (range.0 as usize) < self.cells.len() {
            prefetch(self.cells.as_ptr().wrapping_add(range.0 as usize) as *const u8);
        }
    }

    /// Back to the trainable form (for online updates).
    pub fn thaw(&self) -> Perceptron {
        let mut p = Perceptron::new(self.n_classes);
        for &s in &self.slots {
            let len = (s >> 56) as usize;
            if len == 0 {
                continue;
            }
            let start = ((s >> 32) & 0xff_ffff) as usize;
            let cells: Vec<Cell> = if len == DENSE {
                let a = start * self.n_classes;
                self.dense[a..a + self.n_classes]
                    .iter()
                    .enumerate()
                    .map(|(k, &w)| Cell {
                        class: k as u8,
                        w: w as f32 * self.scale,
                        acc: 0.0,
                    })
                    .collect()
            } else {
                self.cells[start..start + len]
                    .iter()
                    .map(|&c| Cell {
                        class: (c & 0xff) as u8,
                        w: ((c as i32) >> 8) as f32 * self.scale,
                        acc: 0.0,
                    })
                    .collect()
            };
            p.insert_row(
                s as u32,
                cells.into_iter().filter(|c: &Cell| c.w != 0.0).collect(),
            );
        }
        p
    }
}

impl Perceptron {
    /// The fast read-only form of the current weights. Rows beyond 255 cells or cells beyond
    /// 2^24 in total cannot be packed and are cut (no real model comes near either limit).
    pub fn freeze(&self) -> Frozen {
        let mut rows = FlatRows::default();
        for (key, row) in self.entries() {
            if row.is_empty() {
                continue;
            }
            // Longer rows are cut in `Frozen::from_rows` anyway.
            let n = row.len().min(DENSE - 1);
            rows.keys.push(key);
            rows.counts.push(n as u8);
            rows.classes.extend(row[..n].iter().map(|c| c.class));
            rows.weights.extend(row[..n].iter().map(|c| c.w));
        }
        Frozen::from_rows(self.n_classes, &rows, self.max_abs())
    }
}

/// Feature rows in flat arrays, as a model file stores them: row `r` has key `keys[r]` and
/// `counts[r]` cells, whose classes and weights follow those of row `r - 1`.
#[derive(Debug, Default)]
pub struct FlatRows {
    pub keys: Vec<u32>,
    pub counts: Vec<u8>,
    pub classes: Vec<u8>,
    pub weights: Vec<f32>,
}

impl Frozen {
    /// The frozen table of `rows`, weights quantised against `max_abs` (the largest weight of
    /// the model). Loading a model file builds it directly, without the growable per-row
    /// tables of a `Perceptron` (that detour was most of the page's first-annotation wait).
    pub fn from_rows(n_classes: usize, rows: &FlatRows, max_abs: f32) -> Frozen {
        let max = max_abs.max(1e-12);
        // 8-bit weights: the model file's precision, and what keeps dense rows small.
        let scale = max / 127.0;
        let n_rows = rows.keys.len().min(rows.counts.len());
        // Load factor at most 1/2 keeps probe chains short.
        let size = (n_rows * 2).next_power_of_two().max(16);
        let shift = 64 - size.trailing_zeros();
        let mut slots = vec![0u64; size];
        let mut cells: Vec<u32> = Vec::with_capacity(rows.classes.len());
        let mut dense: Vec<i8> = Vec::new();
        let quant = |w: f32| (w / scale).round().clamp(-127.0, 127.0) as i32;
        let mut first = 0usize;
        for (&key, &count) in rows.keys.iter().zip(&rows.counts) {
            let count = count as usize;
            let (a, b) = (first, (first + count).min(rows.classes.len()));
            first += count;
            let (classes, weights) = (&rows.classes[a..b], &rows.weights[a..b]);
            let n = classes
                .len()
                .min(DENSE - 1)
                .min(MAX_CELLS.saturating_sub(cells.len() + 256));
            if n == 0 {
                if classes.is_empty() {
                    continue;
                }
                break;
            }
            let mut i = slot_hash(key, shift) & (size - 1);
            while slots[i] >> 56 != 0 {
                i = (i + 1) & (size - 1);
            }
            let row_no = dense.len() / n_classes.max(1);
            if n >= DENSE_MIN && n_classes <= 128 && row_no < MAX_CELLS {
                // Rows with many cells are stored dense, weight k for class k (zeros where
                // the row has no weight), so that adding them vectorises.
                slots[i] = key as u64 | (row_no as u64) << 32 | (DENSE as u64) << 56;
                let base = dense.len();
                dense.resize(base + n_classes, 0);
                for (&c, &w) in classes[..n].iter().zip(weights) {
                    if let Some(x) = dense.get_mut(base + c as usize) {
                        *x = quant(w) as i8;
                    }
                }
            } else {
                slots[i] = key as u64 | (cells.len() as u64) << 32 | (n as u64) << 56;
                cells.extend(
                    classes[..n]
                        .iter()
                        .zip(weights)
                        .map(|(&c, &w)| (quant(w) << 8) as u32 | c as u32),
                );
            }
        }
        Frozen {
            n_classes,
            shift,
            slots,
            cells,
            dense,
            scale,
        }
    }
}

#[cfg(test)]
mod frozen_tests {
    use super::*;

    #[test]
    fn frozen_scores_like_the_perceptron_and_thaws_back() {
        let mut p = Perceptron::new(4);
        for k in 0..1000u32 {
            p.update(
                &[k * 7919, k],
                (k % 4) as usize,
                ((k + 1) % 4) as usize,
                1.0,
            );
        }
        let f = p.freeze();
        for k in [0u32, 5, 999, 123_456] {
            let (mut a, mut b) = ([0f32; 4], [0f32; 4]);
            p.score(&[k, k * 7919], &mut a);
            f.score(&[k, k * 7919], &mut b);
            for i in 0..4 {
                // Frozen weights are 8-bit: within half a step (max / 254) per feature.
                assert!(
                    (a[i] - b[i]).abs() <= 2.0 * p.max_abs() / 254.0 + 1e-6,
                    "{a:?} {b:?}"
                );
            }
        }
        assert!(f.thaw().n_weights() <= p.n_weights());
        // Dense rows (many classes for one feature) score like sparse ones.
        let mut q = Perceptron::new(20);
        for c in 1..20 {
            q.update(&[42], c, 0, c as f32);
        }
        let fq = q.freeze();
        let (mut a, mut b) = ([0f32; 20], [0f32; 20]);
        q.score(&[42], &mut a);
        fq.score(&[42], &mut b);
        for i in 0..20 {
            assert!(
                (a[i] - b[i]).abs() <= q.max_abs() / 254.0 + 1e-6,
                "{a:?} {b:?}"
            );
        }
        assert_eq!(fq.thaw().n_weights(), q.n_weights());
        let empty = Perceptron::new(4).freeze();
        let mut s = [0f32; 4];
        empty.score(&[1, 2, 3], &mut s);
        assert_eq!(s, [0.0; 4]);
    }
}
