//! Greedy left-to-right decoding with the perceptron: one token at a time, each choice
//! constrained to legal BILOU continuations and fed back as a feature for the next token.

use super::features::{self, DocStats, TokInfo, N_STATIC};
use super::perceptron::Perceptron;
use super::tags::{self, N_CLASSES};
use super::Mention;
use crate::document::Source;
use crate::text::{Sentence, Token};

/// Value standing for "no tag yet" in the dynamic features.
pub const NO_TAG: u64 = u64::MAX;

/// Collects the features of position `i` of a sentence into `buf`.
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
    for (c, &s) in scores.iter().enumerate().take(N_CLASSES) {
        if tags::allowed(prev, c, last) {
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

pub fn doc_features(text: &str, tokens: &[Token], sentences: &[Sentence]) -> DocFeatures {
    let infos = features::token_infos(text, tokens);
    let stats = DocStats::new(&infos, sentences);
    let mut feats = vec![0u32; tokens.len() * N_STATIC];
    let mut buf = Vec::new();
    let mut newline = Vec::new();
    for s in sentences {
        let (a, b) = (s.tok_start.min(tokens.len()), s.tok_end.min(tokens.len()));
        if a >= b {
            continue;
        }
        newline.clear();
        newline.extend(tokens[a..b].iter().map(|t| t.newline_before));
        buf.clear();
        features::static_features(&infos[a..b], &newline, &stats, &mut buf);
        feats[a * N_STATIC..b * N_STATIC].copy_from_slice(&buf);
    }
    DocFeatures { infos, feats }
}

/// Tags one sentence (tokens `a..b` of the document): returns the classes and their
/// confidences.
pub fn decode_sentence(
    model: &Perceptron,
    temp: f32,
    df: &DocFeatures,
    a: usize,
    b: usize,
) -> (Vec<usize>, Vec<f32>) {
    let infos = &df.infos[a..b];
    let sf = &df.feats[a * N_STATIC..b * N_STATIC];
    let n = b - a;
    let mut out = Vec::with_capacity(n);
    let mut probs = Vec::with_capacity(n);
    let mut buf = Vec::with_capacity(N_STATIC + features::N_DYNAMIC);
    let mut scores = [0f32; N_CLASSES];
    let (mut p1, mut p2) = (NO_TAG, NO_TAG);
    let mut prev = None;
    for i in 0..n {
        position_features(sf, infos, i, p1, p2, &mut buf);
        scores.iter_mut().for_each(|s| *s = 0.0);
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
    model: &Perceptron,
    temp: f32,
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
) -> Vec<Mention> {
    let df = doc_features(text, tokens, sentences);
    let mut out = Vec::new();
    for s in sentences {
        let (a, b) = (s.tok_start.min(tokens.len()), s.tok_end.min(tokens.len()));
        if a >= b {
            continue;
        }
        let (classes, probs) = decode_sentence(model, temp, &df, a, b);
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
    out
}
