//! Greedy left-to-right decoding with the perceptron: one token at a time, each choice
//! constrained to legal BILOU continuations and fed back as a feature for the next token.

use super::doc_infos::DocInfos;
use super::features::{self, DocStats, TokInfo, HIST_AT, N_STATIC};
use super::gazetteer::Gazetteer;
use super::history::{History, N_HIST};
use super::model_file::Model;
use super::perceptron::Frozen;
use super::tags::{self, N_CLASSES};
use super::Mention;
use crate::document::Source;
use crate::text::{Sentence, Token};

/// Value standing for "no tag yet" in the dynamic features.
pub const NO_TAG: u64 = u64::MAX;

/// Collects the features of position `i` of a sentence into `buf` (the static block must
/// already carry the history keys, see `with_history`).
#[inline]
pub fn position_features(
    static_feats: &[u32],
    infos: &[TokInfo],
    i: usize,
    prev1: u64,
    prev2: u64,
    buf: &mut Vec<u32>,
) {
    buf.clear();
    buf.extend_from_slice(&static_feats[i * N_STATIC..(i + 1) * N_STATIC]);
    let p1 = if i > 0 { infos.get(i - 1) } else { None };
    if let Some(t) = infos.get(i) {
        buf.extend_from_slice(&features::dynamic(prev1, prev2, t, p1));
    }
}

/// Best class among those allowed after `prev`.
#[inline]
pub fn best_allowed(scores: &[f32], prev: Option<usize>, last: bool) -> usize {
    let mut best = tags::O;
    let mut best_score = f32::NEG_INFINITY;
    for (c, &s) in scores.iter().enumerate().take(N_CLASSES) {
        if s > best_score && tags::allowed(prev, c, last) {
            best = c;
            best_score = s;
        }
    }
    best
}

/// Softmax probability of class `chosen` among the allowed classes.
fn confidence(scores: &[f32], chosen: usize, prev: Option<usize>, last: bool, temp: f32) -> f32 {
    let top = scores.get(chosen).copied().unwrap_or(0.0);
    let mut z = 0.0f32;
    // Classes more than 20 temperatures below the best add less than 2e-9 each: skip the exp.
    let floor = top - 20.0 * temp;
    for (c, &s) in scores.iter().enumerate().take(N_CLASSES) {
        if s > floor && tags::allowed(prev, c, last) {
            z += ((s - top) / temp).exp();
        }
    }
    if z > 0.0 && z.is_finite() {
        (1.0 / z).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Static features of every sentence of a document, in sentence order, plus token summaries.
pub struct DocFeatures {
    pub infos: Vec<TokInfo>,
    /// `N_STATIC` keys per token, tokens in document order (sentences are contiguous).
    pub feats: Vec<u32>,
}

/// Static features of a document from its token summaries. Training keeps this table for the
/// whole corpus (it is read every epoch); tagging computes one sentence at a time instead.
pub fn doc_features_from(
    infos: Vec<TokInfo>,
    tokens: &[Token],
    sentences: &[Sentence],
    gaz: &Gazetteer,
) -> DocFeatures {
    let stats = DocStats::new(&infos, sentences);
    let mut feats = vec![0u32; tokens.len() * N_STATIC];
    let mut scratch = SentenceScratch::default();
    for s in sentences {
        let (a, b) = (s.tok_start.min(tokens.len()), s.tok_end.min(tokens.len()));
        if a >= b {
            continue;
        }
        let buf = scratch.static_features(&infos[a..b], &tokens[a..b], &stats, gaz);
        feats[a * N_STATIC..b * N_STATIC].copy_from_slice(buf);
    }
    DocFeatures { infos, feats }
}

/// Buffers reused from sentence to sentence for their static features.
#[derive(Default)]
struct SentenceScratch {
    newline: Vec<bool>,
    feats: Vec<u32>,
}

impl SentenceScratch {
    /// The `N_STATIC` keys per token of one sentence (its tokens and their summaries).
    fn static_features(
        &mut self,
        infos: &[TokInfo],
        tokens: &[Token],
        stats: &DocStats,
        gaz: &Gazetteer,
    ) -> &[u32] {
        self.newline.clear();
        self.newline.extend(tokens.iter().map(|t| t.newline_before));
        self.feats.clear();
        let matches = gaz.matches(infos);
        features::static_features(
            infos,
            &self.newline,
            stats,
            &matches,
            &mut self.feats,
        );
        &self.feats
    }
}

/// The static features of one sentence with the history keys of each token filled in.
pub fn with_history(sf: &[u32], infos: &[TokInfo], hist: &History, out: &mut Vec<u32>) {
    out.clear();
    out.extend_from_slice(sf);
    for (block, t) in out.chunks_exact_mut(N_STATIC).zip(infos) {
        block[HIST_AT..HIST_AT + N_HIST].copy_from_slice(&hist.features(t));
    }
}

/// Scores of the static features of every token of a sentence (`N_CLASSES` per token),
/// computed as a three-stage software pipeline (prefetch slots two tokens ahead, resolve slots
/// and prefetch cells one token ahead, add cells) so that cache misses overlap.
fn static_scores(model: &Frozen, sf: &[u32], n: usize) -> Vec<f32> {
    let mut out = vec![0f32; n * N_CLASSES];
    let mut ranges = [[(0u32, 0u32); N_STATIC]; 2];
    let feats = |i: usize| &sf[i * N_STATIC..(i + 1) * N_STATIC];
    for i in 0..n + 2 {
        if i < n {
            for &f in feats(i) {
                model.prefetch_slot(f);
            }
        }
        if (1..=n).contains(&i) {
            let r = &mut ranges[(i - 1) % 2];
            for (slot, &f) in r.iter_mut().zip(feats(i - 1)) {
                *slot = model.lookup(f);
                model.prefetch_cells(*slot);
            }
        }
        if i >= 2 {
            let j = i - 2;
            // N_STATIC rows per token, far below what 16-bit sums hold.
            const _: () = assert!(N_STATIC <= super::perceptron::MAX_ADDS);
            let mut acc = [0i16; 128];
            for &(a, b) in &ranges[j % 2] {
                model.add_cells_int((a as usize, b as usize), &mut acc);
            }
            let scale = model.scale();
            for (o, &a) in out[j * N_CLASSES..(j + 1) * N_CLASSES].iter_mut().zip(&acc) {
                *o = a as f32 * scale;
            }
        }
    }
    out
}

/// Tags one sentence from its static features (`N_STATIC` per token) and token summaries:
/// returns the classes and their confidences.
pub fn decode_sentence(
    model: &Frozen,
    temp: f32,
    statics: &[u32],
    infos: &[TokInfo],
    hist: &History,
) -> (Vec<usize>, Vec<f32>) {
    let mut sf = Vec::new();
    with_history(statics, infos, hist, &mut sf);
    let sf = sf.as_slice();
    let n = infos.len();
    let mut out = Vec::with_capacity(n);
    let mut probs = Vec::with_capacity(n);
    // The dynamic features of a token are only known once the previous tag is chosen, so
    // their lookups cannot overlap like the static ones. Most tokens follow an O: start
    // loading the keys for that case now, while the static scores are computed.
    for i in 0..n {
        let p1_info = if i > 0 { infos.get(i - 1) } else { None };
        if let Some(t) = infos.get(i) {
            let prev = if i > 0 { tags::O as u64 } else { NO_TAG };
            let prev2 = if i > 1 { tags::O as u64 } else { NO_TAG };
            for f in features::dynamic(prev, prev2, t, p1_info) {
                model.prefetch_slot(f);
            }
        }
    }
    let statics = static_scores(model, sf, n);
    let mut buf = [0u32; features::N_DYNAMIC];
    let mut scores = [0f32; N_CLASSES];
    let (mut p1, mut p2) = (NO_TAG, NO_TAG);
    let mut prev = None;
    for i in 0..n {
        let p1_info = if i > 0 { infos.get(i - 1) } else { None };
        if let Some(t) = infos.get(i) {
            buf = features::dynamic(p1, p2, t, p1_info);
        }
        scores.copy_from_slice(&statics[i * N_CLASSES..(i + 1) * N_CLASSES]);
        model.score(&buf, &mut scores);
        let last = i + 1 == n;
        let c = best_allowed(&scores, prev, last);
        probs.push(confidence(&scores, c, prev, last, temp));
        out.push(c);
        p2 = p1;
        p1 = c as u64;
        prev = Some(c);
    }
    (out, probs)
}

/// Tags a document: mentions with token ranges and confidence (the lowest tag probability
/// inside the mention).
pub fn tag_document(
    model: &Model,
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
) -> Vec<Mention> {
    let (weights, temp) = (&model.weights, model.temperature);
    // Token summaries for the whole document (the history and consistency passes need them),
    // once per distinct word; the wide static feature keys only for one sentence at a time:
    // a 10 MB paste has two million tokens.
    let mut infos = DocInfos::new(text, tokens);
    infos.assign_clusters(&model.clusters);
    let stats = DocStats::new(&infos, sentences);
    let mut scratch = SentenceScratch::default();
    let mut sent = Vec::new();
    let mut out = Vec::new();
    let mut hist = History::new();
    for s in sentences {
        let (a, b) = (s.tok_start.min(tokens.len()), s.tok_end.min(tokens.len()));
        if a >= b {
            continue;
        }
        infos.copy_range(a, b, &mut sent);
        let statics = scratch.static_features(&sent, &tokens[a..b], &stats, &model.gazetteer);
        let (classes, probs) = decode_sentence(weights, temp, statics, &sent, &hist);
        hist.record(&sent, &classes);
        for (s0, e0, l) in tags::decode(&classes) {
            let score = probs[s0..e0].iter().copied().fold(1.0f32, f32::min);
            out.push(Mention {
                tok_start: a + s0,
                tok_end: a + e0,
                label: super::LABELS.get(l).copied().unwrap_or("ORG"),
                score,
                source: Source::Model,
            });
        }
    }
    if model.consistency {
        out = super::consistency::apply(&infos, out);
    }
    out
}
