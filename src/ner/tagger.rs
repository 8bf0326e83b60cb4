//! Left-to-right decoding with the perceptron: one token at a time, each choice constrained
//! to legal BILOU continuations and fed back as a feature for the next token, greedily
//! (`Model::beam` 1) or with a small beam (`BEAM_WIDTH`, as in training: `beam_train`).

use super::beam::{self as search, Hyp, MAX_BEAM};
use super::doc_infos::DocInfos;
use super::features::{
    self, DocStats, TokInfo, CTX_HIST_AT, HIST_AT, N_CTX, N_STATIC, UNI_OFFSETS,
};
use super::gazetteer::Gazetteer;
use super::history::{History, N_HIST};
use super::model_file::Model;
use super::perceptron::Frozen;
use super::tags::{self, N_CLASSES};
use super::type_cache::TypeCache;
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
    if i < infos.len() {
        buf.extend_from_slice(&features::dynamic_at(infos, i, prev1, prev2));
    }
}

/// Best class among those allowed after `prev`.
#[inline]
pub fn best_allowed(scores: &[f32], prev: Option<usize>, last: bool) -> usize {
    let mut best = tags::O;
    let mut best_score = f32::NEG_INFINITY;
    for &c in tags::successors(prev, last) {
        let s = scores[c as usize];
        if s > best_score {
            best = c as usize;
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
    for &c in tags::successors(prev, last) {
        let s = scores[c as usize];
        if s > floor {
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
        let buf = scratch.sentence(
            &infos[a..b],
            &tokens[a..b],
            &stats,
            gaz,
            features::static_features,
        );
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
    /// The keys of one sentence (its tokens and their summaries) that `keys` writes:
    /// `features::static_features` (`N_STATIC` per token) or `features::context_features`
    /// (`N_CTX`), from the sentence's line breaks and dictionary matches.
    fn sentence(
        &mut self,
        infos: &[TokInfo],
        tokens: &[Token],
        stats: &DocStats,
        gaz: &Gazetteer,
        keys: fn(&[TokInfo], &[bool], &DocStats, &[super::gazetteer::Match], &mut Vec<u32>),
    ) -> &[u32] {
        self.newline.clear();
        self.newline.extend(tokens.iter().map(|t| t.newline_before));
        self.feats.clear();
        let matches = gaz.matches(infos);
        keys(infos, &self.newline, stats, &matches, &mut self.feats);
        &self.feats
    }
}

/// The static features of one sentence with the history keys of each token filled in.
pub fn with_history(sf: &[u32], infos: &[TokInfo], hist: &History, out: &mut Vec<u32>) {
    fill_history(sf, N_STATIC, HIST_AT, infos, hist, out);
}

/// `with_history` for blocks of `width` keys with the history at `at`.
fn fill_history(
    sf: &[u32],
    width: usize,
    at: usize,
    infos: &[TokInfo],
    hist: &History,
    out: &mut Vec<u32>,
) {
    out.clear();
    out.extend_from_slice(sf);
    for (block, t) in out.chunks_exact_mut(width).zip(infos) {
        block[at..at + N_HIST].copy_from_slice(&hist.features(t));
    }
}

/// Scores of the static features of every token of a sentence (`N_CLASSES` per token): the
/// cached single-token sums of the token and its neighbours, plus the context features,
/// looked up as a three-stage software pipeline (prefetch slots two tokens ahead, resolve
/// slots and prefetch cells one token ahead, add cells) so that cache misses overlap.
fn static_scores(model: &Frozen, cache: &TypeCache, ids: &[u32], ctx: &[u32], out: &mut Vec<f32>) {
    let n = ids.len();
    out.clear();
    out.resize(n * N_CLASSES, 0.0);
    let mut ranges = [[(0u32, 0u32); N_CTX]; 2];
    let feats = |i: usize| &ctx[i * N_CTX..(i + 1) * N_CTX];
    let scale = model.scale();
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
            for (k, off) in UNI_OFFSETS.iter().enumerate() {
                let id = match features::neighbour(j as isize + off, n) {
                    Ok(t) => ids[t],
                    Err(p) => p as u32,
                };
                for (x, &w) in acc.iter_mut().zip(cache.vec(id, k)) {
                    *x = x.wrapping_add(w);
                }
            }
            for &(a, b) in &ranges[j % 2] {
                model.add_cells_int((a as usize, b as usize), &mut acc);
            }
            for (o, &a) in out[j * N_CLASSES..(j + 1) * N_CLASSES].iter_mut().zip(&acc) {
                *o = a as f32 * scale;
            }
        }
    }
}

/// Buffers of the decoder, reused from sentence to sentence.
#[derive(Default)]
pub struct Decoder {
    ctx: Vec<u32>,
    ids: Vec<u32>,
    statics: Vec<f32>,
    pub classes: Vec<usize>,
    pub probs: Vec<f32>,
}

impl Decoder {
    /// Tags one sentence from its context features (`N_CTX` per token, from
    /// `features::context_features`) and token summaries: fills `classes` and, for tokens
    /// inside entities, `probs` (1 for `O`, whose confidence nothing reads).
    pub fn decode_sentence(
        &mut self,
        model: &Frozen,
        cache: &mut TypeCache,
        temp: f32,
        width: usize,
        ctx: &[u32],
        infos: &[TokInfo],
        hist: &History,
    ) {
        fill_history(ctx, N_CTX, CTX_HIST_AT, infos, hist, &mut self.ctx);
        let n = infos.len();
        // The dynamic features of a token are only known once the previous tag is chosen,
        // so their lookups cannot overlap like the static ones. Most tokens follow an O:
        // start loading the keys for that case now, while the static scores are computed.
        for i in 0..n {
            let prev = if i > 0 { tags::O as u64 } else { NO_TAG };
            let prev2 = if i > 1 { tags::O as u64 } else { NO_TAG };
            for f in features::dynamic_at(infos, i, prev, prev2) {
                model.prefetch_slot(f);
            }
        }
        cache.ids(model, infos, &mut self.ids);
        static_scores(model, cache, &self.ids, &self.ctx, &mut self.statics);
        self.classes.clear();
        self.probs.clear();
        let width = width.clamp(1, MAX_BEAM);
        if width > 1 {
            self.beam(model, temp, infos, width);
            return;
        }
        let mut scores = [0f32; N_CLASSES];
        let (mut p1, mut p2) = (NO_TAG, NO_TAG);
        let mut prev = None;
        for i in 0..n {
            let buf = features::dynamic_at(infos, i, p1, p2);
            scores.copy_from_slice(&self.statics[i * N_CLASSES..(i + 1) * N_CLASSES]);
            model.score(&buf, &mut scores);
            let last = i + 1 == n;
            let c = best_allowed(&scores, prev, last);
            self.probs.push(if c == tags::O {
                1.0
            } else {
                confidence(&scores, c, prev, last, temp)
            });
            self.classes.push(c);
            p2 = p1;
            p1 = c as u64;
            prev = Some(c);
        }
    }
}

/// Beam width of the decoder for shipped models (`Model::beam`). Measured on OntoNotes dev
/// with the model of this version: greedy 0.821 F1, beam 2 0.837, 4 0.839, 8 0.840.
pub const BEAM_WIDTH: usize = 4;
/// Hypotheses whose score is more than this many temperatures behind the best are dropped
/// (their softmax share is below e^-4, 2 %): on OntoNotes dev the beam then averages 1.2
/// hypotheses per token instead of 4, for 0.0003 F1.
pub const BEAM_MARGIN: f32 = 4.0;

impl Decoder {
    /// Beam search over the tag sequence: the dynamic features only read the last two tags,
    /// so hypotheses that agree on them are merged (the better one survives).
    fn beam(&mut self, model: &Frozen, temp: f32, infos: &[TokInfo], width: usize) {
        let n = infos.len();
        // Back-pointer arena: (class, parent node).
        let mut arena: Vec<(usize, usize)> = Vec::with_capacity(n * width);
        let mut beam = vec![Hyp::start()];
        let mut cands: Vec<(f32, usize, usize)> = Vec::with_capacity(width * N_CLASSES);
        let mut next: Vec<Hyp> = Vec::with_capacity(width);
        for i in 0..n {
            let last = i + 1 == n;
            cands.clear();
            // Start loading every hypothesis' dynamic keys before scoring any.
            let mut bufs = [[0u32; features::N_DYNAMIC]; MAX_BEAM];
            for (b, h) in bufs.iter_mut().zip(&beam) {
                *b = features::dynamic_at(infos, i, h.p1, h.p2);
                for &f in b.iter() {
                    model.prefetch_slot(f);
                }
            }
            let margin = BEAM_MARGIN * temp;
            for (h_i, h) in beam.iter().enumerate() {
                let mut scores = [0f32; N_CLASSES];
                scores.copy_from_slice(&self.statics[i * N_CLASSES..(i + 1) * N_CLASSES]);
                model.score(&bufs[h_i], &mut scores);
                let top = search::top_classes(&scores, h.p1, last, width, margin);
                for &(sc, c) in top[..width].iter().filter(|t| t.1 != usize::MAX) {
                    cands.push((h.score + sc, h_i, c));
                }
            }
            search::sort_candidates(&mut cands);
            search::next_beam(&beam, &cands, width, margin, None, &mut arena, &mut next);
            std::mem::swap(&mut beam, &mut next);
        }
        self.classes.resize(n, tags::O);
        self.probs.resize(n, 1.0);
        let best = beam.first().map_or(usize::MAX, |h| h.node);
        search::path(&arena, best, &mut self.classes);
        // Confidence of the chosen tags (entity tokens only), from the scores on the path.
        let (mut p1, mut p2) = (NO_TAG, NO_TAG);
        for i in 0..n {
            let c = self.classes[i];
            if c != tags::O {
                let buf = features::dynamic_at(infos, i, p1, p2);
                let mut scores = [0f32; N_CLASSES];
                scores.copy_from_slice(&self.statics[i * N_CLASSES..(i + 1) * N_CLASSES]);
                model.score(&buf, &mut scores);
                let prev = (p1 != NO_TAG).then_some(p1 as usize);
                self.probs[i] = confidence(&scores, c, prev, i + 1 == n, temp);
            }
            p2 = p1;
            p1 = c as u64;
        }
    }
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
    let mut dec = Decoder::default();
    let mut cache = TypeCache::new(model.common_types());
    let mut out = Vec::new();
    let mut hist = History::new();
    for s in sentences {
        let (a, b) = (s.tok_start.min(tokens.len()), s.tok_end.min(tokens.len()));
        if a >= b {
            continue;
        }
        infos.copy_range(a, b, &mut sent);
        let ctx = scratch.sentence(
            &sent,
            &tokens[a..b],
            &stats,
            &model.gazetteer,
            features::context_features,
        );
        dec.decode_sentence(weights, &mut cache, temp, model.beam, ctx, &sent, &hist);
        hist.record(&sent, &dec.classes);
        for (s0, e0, l) in tags::decode(&dec.classes) {
            let score = dec.probs[s0..e0].iter().copied().fold(1.0f32, f32::min);
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
        out = super::consistency::apply(&infos, sentences, out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{split_sentences, tokenize};

    /// A text's tokens, sentences, token summaries (with clusters) and document statistics.
    fn prepared(model: &Model, text: &str) -> (Vec<Token>, Vec<Sentence>, Vec<TokInfo>, DocStats) {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        let mut infos = features::token_infos(text, &tokens);
        model.clusters.assign(&mut infos);
        let stats = DocStats::new(&infos, &sentences);
        (tokens, sentences, infos, stats)
    }

    #[test]
    fn cached_static_scores_equal_full_lookups() {
        let model = super::super::model().expect("embedded model");
        let w = &model.weights;
        let text = "Vladimir Putin met Xi Jinping in Beijing. Putin said the talks with Xi \
                    went well , and Xi agreed. THE END";
        let (tokens, sentences, infos, stats) = prepared(model, text);
        let mut scratch = SentenceScratch::default();
        let mut cache = TypeCache::new(model.common_types());
        for s in &sentences {
            let (a, b) = (s.tok_start, s.tok_end.min(tokens.len()));
            let [full, ctx] = [features::static_features, features::context_features].map(|f| {
                let (i, t) = (&infos[a..b], &tokens[a..b]);
                scratch.sentence(i, t, &stats, &model.gazetteer, f).to_vec()
            });
            let mut ids = Vec::new();
            cache.ids(w, &infos[a..b], &mut ids);
            let mut got = Vec::new();
            static_scores(w, &cache, &ids, &ctx, &mut got);
            for i in 0..b - a {
                let mut want = [0f32; N_CLASSES];
                w.score(&full[i * N_STATIC..(i + 1) * N_STATIC], &mut want);
                assert_eq!(&got[i * N_CLASSES..(i + 1) * N_CLASSES], &want[..]);
            }
        }
    }

    #[test]
    fn beam_gives_legal_tags_and_width_one_is_greedy() {
        let model = super::super::model().expect("embedded model");
        let text = "Apple Inc. said on Tuesday that sales in New York rose 12% to $4.5 billion.";
        let (tokens, sentences, infos, stats) = prepared(model, text);
        let mut scratch = SentenceScratch::default();
        let (a, b) = (sentences[0].tok_start, sentences[0].tok_end);
        let ctx = scratch
            .sentence(
                &infos[a..b],
                &tokens[a..b],
                &stats,
                &model.gazetteer,
                features::context_features,
            )
            .to_vec();
        let mut cache = TypeCache::new(model.common_types());
        let hist = History::new();
        let mut runs = Vec::new();
        for width in [1, 4, 16] {
            let mut dec = Decoder::default();
            dec.decode_sentence(
                &model.weights,
                &mut cache,
                model.temperature,
                width,
                &ctx,
                &infos[a..b],
                &hist,
            );
            let mut prev = None;
            for (i, &c) in dec.classes.iter().enumerate() {
                assert!(tags::allowed(prev, c, i + 1 == b - a), "width {width}");
                prev = Some(c);
            }
            assert!(dec.probs.iter().all(|p| (0.0..=1.0).contains(p)));
            runs.push(dec.classes.clone());
        }
        // Greedy decoding, written out: the best legal class after the previous choice.
        let mut dec = Decoder::default();
        fill_history(&ctx, N_CTX, CTX_HIST_AT, &infos[a..b], &hist, &mut dec.ctx);
        cache.ids(&model.weights, &infos[a..b], &mut dec.ids);
        static_scores(&model.weights, &cache, &dec.ids, &dec.ctx, &mut dec.statics);
        let (mut p1, mut p2, mut prev) = (NO_TAG, NO_TAG, None);
        let mut greedy = Vec::new();
        for i in 0..b - a {
            let p1_info = if i > 0 { infos.get(a + i - 1) } else { None };
            let mut s = [0f32; N_CLASSES];
            s.copy_from_slice(&dec.statics[i * N_CLASSES..(i + 1) * N_CLASSES]);
            model
                .weights
                .score(&features::dynamic(p1, p2, &infos[a + i], p1_info), &mut s);
            let c = best_allowed(&s, prev, i + 1 == b - a);
            greedy.push(c);
            (p2, p1, prev) = (p1, c as u64, Some(c));
        }
        assert_eq!(runs[0], greedy);
    }
}
