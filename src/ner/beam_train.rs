//! Training with the decoder's search (native only): the structured perceptron with inexact
//! search of Collins & Roark (2004) and Huang, Fayong & Guo (2012).
//!
//! The shipped decoder is a beam (`tagger::BEAM_WIDTH`, hypotheses merged on their last two
//! tags, margin pruning); a model trained greedily learns to fix the errors greedy decoding
//! makes, not those the beam makes. Here each sentence is decoded with the same beam, scored
//! by the weights being learned, and the update compares the gold prefix with the beam's best
//! prefix of the same length, at the step chosen by `Update`:
//! - `Early`: the first step where no hypothesis in the beam is the gold prefix (or the end);
//! - `MaxViolation`: the step where the best prefix beats the gold prefix by most.
//!
//! Both are "valid" updates (the wrong prefix scores at least as high as the gold one), which
//! keeps the perceptron's convergence guarantee under inexact search; a full-sequence update
//! after a beam error is not.

use super::beam::{self as beam_search, Hyp};
use super::features::{self, TokInfo, N_STATIC};
use super::perceptron::Perceptron;
use super::tagger::NO_TAG;
use super::tags::{self, N_CLASSES};

/// Which prefix pair the perceptron update uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    Early,
    MaxViolation,
}

/// The search and update of one training run.
#[derive(Debug, Clone, Copy)]
pub struct Search {
    pub width: usize,
    /// Hypotheses further than this (score units) behind the best are dropped, as in the
    /// decoder (`BEAM_MARGIN` temperatures).
    pub margin: f32,
    pub update: Update,
}

/// Scores of all classes at position `i` after tags `p1`, `p2`: the static part plus the
/// dynamic features, which also come back (for an update).
fn scores_at(
    p: &Perceptron,
    statics: &[f32; N_CLASSES],
    infos: &[TokInfo],
    i: usize,
    p1: u64,
    p2: u64,
) -> [f32; N_CLASSES] {
    let mut s = *statics;
    p.score(&features::dynamic_at(infos, i, p1, p2), &mut s);
    s
}

/// The step and beam node of the update, if any.
#[derive(Clone, Copy)]
struct Violation {
    step: usize,
    node: usize,
    by: f32,
}

/// Decodes one sentence (static features `sf`, with history keys, `N_STATIC` per token) with
/// the beam under the current weights, updates `p` towards `gold`, ticks once per token, and
/// returns the beam's best tag sequence (the model's own prediction, for the history).
/// `rate` scales the update (less trusted data moves the weights less).
pub fn train_sentence(
    p: &mut Perceptron,
    search: &Search,
    sf: &[u32],
    infos: &[TokInfo],
    gold: &[usize],
    rate: f32,
) -> Vec<usize> {
    let n = gold.len();
    let width = search.width.clamp(1, beam_search::MAX_BEAM);
    let mut arena: Vec<(usize, usize)> = Vec::with_capacity(n * width);
    let mut beam = vec![Hyp::start()];
    let mut next = Vec::with_capacity(width);
    let (mut g1, mut g2, mut gold_score) = (NO_TAG, NO_TAG, 0f32);
    let mut chosen: Option<Violation> = None;
    let mut cands: Vec<(f32, usize, usize)> = Vec::new();
    // The whole sentence is decoded even after an early update's step: its best path is the
    // history that later sentences read.
    for i in 0..n {
        let last = i + 1 == n;
        let mut statics = [0f32; N_CLASSES];
        p.score(&sf[i * N_STATIC..(i + 1) * N_STATIC], &mut statics);
        cands.clear();
        for (h_i, h) in beam.iter().enumerate() {
            let scores = scores_at(p, &statics, infos, i, h.p1, h.p2);
            let top = beam_search::top_classes(&scores, h.p1, last, width, search.margin);
            for &(s, c) in top[..width].iter().filter(|t| t.1 != usize::MAX) {
                cands.push((h.score + s, h_i, c));
            }
        }
        gold_score += scores_at(p, &statics, infos, i, g1, g2)[gold[i]];
        (g2, g1) = (g1, gold[i] as u64);
        beam_search::sort_candidates(&mut cands);
        let margin = search.margin;
        beam_search::next_beam(
            &beam,
            &cands,
            width,
            margin,
            Some(gold[i]),
            &mut arena,
            &mut next,
        );
        std::mem::swap(&mut beam, &mut next);
        let best = beam[0];
        let by = if best.gold {
            0.0
        } else {
            best.score - gold_score
        };
        let gold_lost = !beam.iter().any(|h| h.gold);
        let take = match search.update {
            Update::Early => chosen.is_none() && (gold_lost || (last && !best.gold)),
            // A prefix pair where gold scores higher is no violation: the gold prefix left
            // the beam earlier and has since overtaken the best.
            Update::MaxViolation => !best.gold && by >= 0.0 && chosen.is_none_or(|v| by > v.by),
        };
        if take {
            chosen = Some(Violation {
                step: i,
                node: best.node,
                by,
            });
        }
    }
    if let Some(v) = chosen {
        let mut pred = vec![tags::O; v.step + 1];
        beam_search::path(&arena, v.node, &mut pred);
        update_prefix(p, sf, infos, &gold[..=v.step], &pred, rate);
    }
    for _ in 0..n {
        p.tick();
    }
    let mut best = vec![tags::O; n];
    beam_search::path(&arena, beam[0].node, &mut best);
    best
}

/// The perceptron update for two tag prefixes: the gold prefix's features towards their gold
/// classes, the predicted prefix's away from its classes. Positions where both prefixes have
/// the same tag after the same two tags have the same features and cancel.
fn update_prefix(
    p: &mut Perceptron,
    sf: &[u32],
    infos: &[TokInfo],
    gold: &[usize],
    pred: &[usize],
    rate: f32,
) {
    let (mut g1, mut g2, mut p1, mut p2) = (NO_TAG, NO_TAG, NO_TAG, NO_TAG);
    for (i, (&g, &c)) in gold.iter().zip(pred).enumerate() {
        if (g, g1, g2) != (c, p1, p2) {
            // The static features are shared: only a different class moves them.
            p.update(&sf[i * N_STATIC..(i + 1) * N_STATIC], g, c, rate);
            p.add(&features::dynamic_at(infos, i, g1, g2), g, rate);
            p.add(&features::dynamic_at(infos, i, p1, p2), c, -rate);
        }
        (g2, g1, p2, p1) = (g1, g as u64, p1, c as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Toy sentences whose tags the dynamic features must carry: "X" after "Y" (or after
    /// a capitalised word) is written the same way but tagged by its context.
    fn toy() -> Vec<(Vec<TokInfo>, Vec<usize>)> {
        let person = tags::label_index("PERSON").unwrap();
        let gpe = tags::label_index("GPE").unwrap();
        let enc = |n, spans: &[(usize, usize, usize)]| tags::encode(n, spans);
        [
            (
                "Anna Berg met Carl in Oslo",
                vec![(0, 2, person), (3, 4, person), (5, 6, gpe)],
            ),
            ("Carl Dahl flew to Rome", vec![(0, 2, person), (4, 5, gpe)]),
            ("Eva said Lima was warm", vec![(0, 1, person), (2, 3, gpe)]),
        ]
        .into_iter()
        .map(|(s, spans)| {
            let infos: Vec<TokInfo> = s.split(' ').map(TokInfo::new).collect();
            let n = infos.len();
            (infos, enc(n, &spans))
        })
        .collect()
    }

    /// Static features of a toy sentence: the word and its lower case form.
    fn statics(infos: &[TokInfo]) -> Vec<u32> {
        let mut sf = vec![0u32; infos.len() * N_STATIC];
        for (block, t) in sf.chunks_exact_mut(N_STATIC).zip(infos) {
            for (k, slot) in block.iter_mut().enumerate() {
                *slot = features::key1(k as u32, t.word.wrapping_add(k as u64));
            }
        }
        sf
    }

    #[test]
    fn both_updates_learn_a_toy_corpus() {
        for update in [Update::Early, Update::MaxViolation] {
            let search = Search {
                width: 4,
                margin: f32::INFINITY,
                update,
            };
            let mut p = Perceptron::new(N_CLASSES);
            let data = toy();
            let mut last = Vec::new();
            for _ in 0..10 {
                last.clear();
                for (infos, gold) in &data {
                    let pred = train_sentence(&mut p, &search, &statics(infos), infos, gold, 1.0);
                    last.push(pred == *gold);
                }
            }
            assert!(last.iter().all(|&ok| ok), "{update:?}");
            assert_eq!(
                p.ticks,
                10 * data.iter().map(|d| d.1.len() as u64).sum::<u64>()
            );
        }
    }

    #[test]
    fn an_update_moves_the_gold_prefix_above_the_wrong_one() {
        let data = toy();
        let (infos, gold) = &data[0];
        let sf = statics(infos);
        let mut p = Perceptron::new(N_CLASSES);
        // Untrained, every score is 0 and the beam's best path is all O.
        let pred = vec![tags::O; 3];
        update_prefix(&mut p, &sf, infos, &gold[..3], &pred, 1.0);
        let prefix_score = |classes: &[usize]| {
            let (mut p1, mut p2, mut total) = (NO_TAG, NO_TAG, 0.0);
            for (i, &c) in classes.iter().enumerate() {
                let mut s = [0f32; N_CLASSES];
                p.score(&sf[i * N_STATIC..(i + 1) * N_STATIC], &mut s);
                total += scores_at(&p, &s, infos, i, p1, p2)[c];
                (p2, p1) = (p1, c as u64);
            }
            total
        };
        assert!(prefix_score(&gold[..3]) > prefix_score(&pred));
    }
}
