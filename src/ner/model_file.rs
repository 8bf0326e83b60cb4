//! The compact model file: a sparse perceptron with quantised weights.
//!
//! Layout (little endian), columnar so that gzip finds the repetition in each column:
//! ```text
//! "NMNER04\n"                  magic ("NMNER03\n": the same without the second view)
//! u32 n_classes, u32 n_features, u32 n_cells
//! f32 scale                    weight = quantised * scale
//! f32 temperature              for turning scores into confidences
//! u8  weight_bytes             1 (i8) or 2 (i16)
//! u32 meta_len, meta bytes     free text (UTF-8): how the model was trained
//! u32 n_gaz                    dictionary entries
//! n_gaz varints                entry keys, as deltas of the sorted keys
//! n_gaz u8                     label | rate << 5
//! u32 n_words                  word clusters
//! n_words varints              word keys, as deltas of the sorted keys
//! n_words u16, n_words u8      fine and coarse cluster of each word
//! n_words u8                   its cluster in the second view (not in version 3)
//! n_features varints           feature keys, as deltas of the sorted keys
//! n_features u8                number of cells per feature
//! n_cells u8                   class of each cell
//! n_cells i8/i16               quantised weight of each cell
//! u64 checksum                 FNV-1a of everything before
//! ```
//! Reading checks every length and the checksum, so a truncated or corrupt file gives an
//! error, never a panic or a half-loaded model.

use super::clusters::Clusters;
use super::common_words;
use super::gazetteer::{Entry, Gazetteer};
use super::perceptron::{FlatRows, Frozen};
use super::type_cache::CommonTypes;
use std::sync::OnceLock;

const MAGIC: &[u8; 8] = b"NMNER04\n";
/// Version 3 files have no second cluster view (read as "unknown" for every word).
const MAGIC_V3: &[u8; 8] = b"NMNER03\n";

/// A loaded model: weights plus the facts needed to use them.
#[derive(Debug, Clone)]
pub struct Model {
    pub weights: Frozen,
    pub temperature: f32,
    pub meta: String,
    pub gazetteer: Gazetteer,
    pub clusters: Clusters,
    /// Apply document-level consistency after tagging (not stored: a run-time switch).
    pub consistency: bool,
    /// Beam width of the decoder, 1 for greedy (not stored: a run-time switch; models read
    /// from a file use `tagger::BEAM_WIDTH`).
    pub beam: usize,
    /// Type sums of the common words for these weights, built on first use (not stored).
    pub common: OnceLock<CommonTypes>,
}

impl Model {
    /// The type sums of the embedded common words under this model's weights.
    pub fn common_types(&self) -> &CommonTypes {
        self.common.get_or_init(|| {
            CommonTypes::new(&self.weights, &self.clusters, common_words::embedded())
        })
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Serialises `model`; weights are quantised to `weight_bytes` (1 or 2) bytes each.
pub fn write(model: &Model, weight_bytes: u8) -> Vec<u8> {
    let weight_bytes = if weight_bytes == 1 { 1 } else { 2 };
    let thawed = model.weights.thaw();
    let entries = thawed.entries();
    let qmax = if weight_bytes == 1 { 127.0 } else { 32767.0 };
    let max = thawed.max_abs().max(1e-9);
    let scale = max / qmax;
    let n_cells: usize = entries.iter().map(|e| e.1.len().min(255)).sum();
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(model.weights.n_classes as u32).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    out.extend_from_slice(&(n_cells as u32).to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    out.extend_from_slice(&model.temperature.to_le_bytes());
    out.push(weight_bytes);
    out.extend_from_slice(&(model.meta.len() as u32).to_le_bytes());
    out.extend_from_slice(model.meta.as_bytes());
    let mut gaz: Vec<(u32, Entry)> = model.gazetteer.entries().collect();
    gaz.sort_unstable_by_key(|g| g.0);
    out.extend_from_slice(&(gaz.len() as u32).to_le_bytes());
    let mut prev = 0u64;
    for (k, _) in &gaz {
        put_varint(&mut out, *k as u64 - prev);
        prev = *k as u64;
    }
    for (_, e) in &gaz {
        out.push((e.label & 0x1f) | (e.rate & 0x7) << 5);
    }
    let mut words: Vec<(u32, u32)> = model.clusters.map.iter().map(|(&k, &c)| (k, c)).collect();
    words.sort_unstable();
    out.extend_from_slice(&(words.len() as u32).to_le_bytes());
    let mut prev = 0u64;
    for (k, _) in &words {
        put_varint(&mut out, *k as u64 - prev);
        prev = *k as u64;
    }
    for (_, c) in &words {
        out.extend_from_slice(&(*c as u16).to_le_bytes());
    }
    for (_, c) in &words {
        out.push((c >> 16) as u8);
    }
    for (_, c) in &words {
        out.push((c >> 24) as u8);
    }
    let mut prev = 0u64;
    for (k, _) in &entries {
        put_varint(&mut out, *k as u64 - prev);
        prev = *k as u64;
    }
    for (_, cells) in &entries {
        out.push(cells.len().min(255) as u8);
    }
    for (_, cells) in &entries {
        for c in cells.iter().take(255) {
            out.push(c.class);
        }
    }
    for (_, cells) in &entries {
        for c in cells.iter().take(255) {
            let q = (c.w / scale).round().clamp(-qmax, qmax);
            if weight_bytes == 1 {
                out.push(q as i8 as u8);
            } else {
                out.extend_from_slice(&(q as i16).to_le_bytes());
            }
        }
    }
    let sum = fnv(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        match end {
            Some(e) => {
                let s = &self.b[self.pos..e];
                self.pos = e;
                Ok(s)
            }
            None => Err("model file is truncated".into()),
        }
    }
    fn u32(&mut self) -> Result<u32, String> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err("bad varint in model file".into())
    }
}

/// Parses a model file. Never panics; any inconsistency is an error.
pub fn read(bytes: &[u8]) -> Result<Model, String> {
    let v3 = bytes.len() >= MAGIC.len() && &bytes[..MAGIC.len()] == MAGIC_V3;
    if bytes.len() < MAGIC.len() + 8 || (&bytes[..MAGIC.len()] != MAGIC && !v3) {
        return Err("not a newsmark entity model (bad magic)".into());
    }
    let (body, sum) = bytes.split_at(bytes.len() - 8);
    let mut sum_bytes = [0u8; 8];
    sum_bytes.copy_from_slice(sum);
    if fnv(body) != u64::from_le_bytes(sum_bytes) {
        return Err("model file is corrupt (checksum mismatch)".into());
    }
    let mut r = Reader {
        b: body,
        pos: MAGIC.len(),
    };
    let n_classes = r.u32()? as usize;
    let n_features = r.u32()? as usize;
    let n_cells = r.u32()? as usize;
    let scale = r.f32()?;
    let temperature = r.f32()?;
    let weight_bytes = r.take(1)?[0] as usize;
    if !(1..=2).contains(&weight_bytes) || n_classes == 0 || n_classes > 256 {
        return Err("model file header is invalid".into());
    }
    if !scale.is_finite() || !temperature.is_finite() || temperature <= 0.0 {
        return Err("model file has invalid scale or temperature".into());
    }
    // Every feature and cell takes at least one byte: bound the sizes before allocating.
    if n_features > body.len() || n_cells > body.len() {
        return Err("model file sizes are inconsistent".into());
    }
    let meta_len = r.u32()? as usize;
    let meta = String::from_utf8_lossy(r.take(meta_len)?).into_owned();
    let n_gaz = r.u32()? as usize;
    if n_gaz > body.len() {
        return Err("model file dictionary size is inconsistent".into());
    }
    let mut gaz_keys = Vec::with_capacity(n_gaz);
    let mut k = 0u64;
    for _ in 0..n_gaz {
        k = k.checked_add(r.varint()?).ok_or("bad key in model file")?;
        if k > u32::MAX as u64 {
            return Err("bad dictionary key in model file".into());
        }
        gaz_keys.push(k as u32);
    }
    let gaz_entries = r.take(n_gaz)?;
    let mut gazetteer = Gazetteer::default();
    for (key, &b) in gaz_keys.iter().zip(gaz_entries) {
        let entry = Entry {
            label: b & 0x1f,
            rate: b >> 5,
        };
        if entry.label as usize >= super::LABELS.len() {
            return Err("model file dictionary has a label out of range".into());
        }
        gazetteer.insert(*key, entry);
    }
    let n_words = r.u32()? as usize;
    if n_words > body.len() {
        return Err("model file cluster table size is inconsistent".into());
    }
    let mut word_keys = Vec::with_capacity(n_words);
    let mut k = 0u64;
    for _ in 0..n_words {
        k = k.checked_add(r.varint()?).ok_or("bad key in model file")?;
        if k > u32::MAX as u64 {
            return Err("bad word key in model file".into());
        }
        word_keys.push(k as u32);
    }
    let fine = r.take(2 * n_words)?;
    let coarse = r.take(n_words)?;
    let second = if v3 { None } else { Some(r.take(n_words)?) };
    let mut clusters = Clusters::default();
    for (i, key) in word_keys.iter().enumerate() {
        let f = u16::from_le_bytes([fine[2 * i], fine[2 * i + 1]]) as usize;
        let s = second.map_or(super::clusters::SECOND, |s| s[i] as usize);
        clusters
            .map
            .insert(*key, super::clusters::pack(f, coarse[i] as usize, s));
    }
    let mut keys = Vec::with_capacity(n_features);
    let mut k = 0u64;
    for i in 0..n_features {
        let delta = r.varint()?;
        // Keys are written in increasing order: a repeat would be a second row for one key.
        if i > 0 && delta == 0 {
            return Err("model file keys are not increasing".into());
        }
        k = k.checked_add(delta).ok_or("bad key in model file")?;
        if k > u32::MAX as u64 {
            return Err("bad key in model file".into());
        }
        keys.push(k as u32);
    }
    let counts = r.take(n_features)?;
    if counts.iter().map(|&c| c as usize).sum::<usize>() != n_cells {
        return Err("model file cell counts are inconsistent".into());
    }
    let classes = r.take(n_cells)?;
    let weights = r.take(n_cells * weight_bytes)?;
    if r.pos != body.len() {
        return Err("model file has trailing bytes".into());
    }
    if classes.iter().any(|&c| c as usize >= n_classes) {
        return Err("model file has a class out of range".into());
    }
    let weights: Vec<f32> = if weight_bytes == 1 {
        weights.iter().map(|&q| q as i8 as f32 * scale).collect()
    } else {
        weights
            .chunks_exact(2)
            .map(|q| i16::from_le_bytes([q[0], q[1]]) as f32 * scale)
            .collect()
    };
    let max_abs = weights.iter().fold(0.0f32, |m, w| m.max(w.abs()));
    let rows = FlatRows {
        keys,
        counts: counts.to_vec(),
        classes: classes.to_vec(),
        weights,
    };
    let weights = Frozen::from_rows(n_classes, &rows, max_abs);
    Ok(Model {
        weights,
        temperature,
        meta,
        gazetteer,
        clusters,
        consistency: true,
        beam: super::tagger::BEAM_WIDTH,
        common: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::perceptron::Perceptron;

    fn small() -> Model {
        let mut p = Perceptron::new(5);
        p.update(&[7, 1000, 1 << 30], 2, 4, 1.0);
        p.update(&[7], 1, 3, 0.5);
        let mut gazetteer = Gazetteer::default();
        gazetteer.insert(12345, Entry { label: 4, rate: 3 });
        Model {
            weights: p.freeze(),
            temperature: 2.0,
            meta: "test".into(),
            gazetteer,
            clusters: {
                let mut c = Clusters::default();
                c.map.insert(99, 3 << 16 | 300);
                c
            },
            consistency: true,
            beam: 1,
            common: Default::default(),
        }
    }

    #[test]
    fn round_trip_keeps_scores() {
        let m = small();
        for wb in [1u8, 2] {
            let bytes = write(&m, wb);
            let back = read(&bytes).expect("reads");
            assert_eq!(back.meta, "test");
            assert_eq!(back.clusters.map.get(&99), Some(&(3 << 16 | 300)));
            assert_eq!(back.gazetteer.get(12345), Some(Entry { label: 4, rate: 3 }));
            assert_eq!(back.weights.n_weights(), m.weights.n_weights());
            let (mut a, mut b) = ([0f32; 5], [0f32; 5]);
            m.weights.score(&[7, 1000, 1 << 30], &mut a);
            back.weights.score(&[7, 1000, 1 << 30], &mut b);
            for i in 0..5 {
                assert!((a[i] - b[i]).abs() < 0.02, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn many_rows_sparse_and_dense_read_back_with_the_same_scores() {
        // Rows of every width, some past the dense threshold, keys spread over 32 bits.
        let n_classes = 73;
        let mut p = Perceptron::new(n_classes);
        let mut x = 0x1234_5678u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let keys: Vec<u32> = (0..3000).map(|_| next() as u32).collect();
        for round in 0..6000 {
            let feats: Vec<u32> = (0..3).map(|_| keys[next() as usize % keys.len()]).collect();
            let (gold, pred) = (next() as usize % n_classes, next() as usize % n_classes);
            p.update(&feats, gold, pred, 1.0 + (round % 7) as f32);
        }
        let m = Model {
            weights: p.freeze(),
            ..small()
        };
        for wb in [1u8, 2] {
            let back = read(&write(&m, wb)).expect("reads");
            for chunk in keys.chunks(5) {
                let (mut a, mut b) = (vec![0f32; n_classes], vec![0f32; n_classes]);
                m.weights.score(chunk, &mut a);
                back.weights.score(chunk, &mut b);
                for (x, y) in a.iter().zip(&b) {
                    assert!((x - y).abs() <= 1e-3 * x.abs().max(1.0), "wb {wb}: {x} {y}");
                }
            }
        }
    }

    #[test]
    fn corrupt_files_are_errors_not_panics() {
        let bytes = write(&small(), 2);
        assert!(read(&[]).is_err());
        assert!(read(b"NMNER01\n").is_err());
        for cut in 0..bytes.len() {
            assert!(read(&bytes[..cut]).is_err());
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            assert!(read(&b).is_err());
        }
    }
}
