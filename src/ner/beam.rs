//! One step of the beam search over tag sequences, shared by the decoder (`tagger`) and
//! beam training (`beam_train`) so that training searches exactly as tagging does.
//!
//! The dynamic features only read the last two tags, so hypotheses that agree on them are
//! merged (the better one survives); each hypothesis only extends its `width` best legal
//! classes; hypotheses more than a margin behind the best are dropped.

use super::tagger::NO_TAG;
use super::tags::{self, N_CLASSES};

/// Widest beam the decoder accepts.
pub const MAX_BEAM: usize = 16;

/// One hypothesis: its last two tags, total score, place in the back-pointer arena, and (in
/// training) whether it is the gold prefix: merging may drop the gold prefix even when its
/// last two tags survive.
#[derive(Clone, Copy)]
pub struct Hyp {
    pub p1: u64,
    pub p2: u64,
    pub score: f32,
    pub node: usize,
    pub gold: bool,
}

impl Hyp {
    /// The empty prefix a sentence starts from.
    pub fn start() -> Hyp {
        Hyp {
            p1: NO_TAG,
            p2: NO_TAG,
            score: 0.0,
            node: usize::MAX,
            gold: true,
        }
    }
}

/// The `width` (at most `MAX_BEAM`) best classes legal after `prev`, best first, ties in
/// class order; unused slots have class `usize::MAX`. A hypothesis' other extensions each
/// have `width` better ones ending in distinct states, so they could not survive the merge.
/// Classes more than `margin` behind this hypothesis' best are left out too: `next_beam`
/// drops them whatever the other hypotheses score (the best candidate of the step is at
/// least as good as this hypothesis' best), so leaving them out changes nothing, and most
/// classes then fail one well-predicted comparison instead of sorting into the top slots.
pub fn top_classes(
    scores: &[f32; N_CLASSES],
    prev: u64,
    last: bool,
    width: usize,
    margin: f32,
) -> [(f32, usize); MAX_BEAM] {
    let prev = (prev != NO_TAG).then_some(prev as usize);
    let width = width.clamp(1, MAX_BEAM);
    let mut top = [(f32::NEG_INFINITY, usize::MAX); MAX_BEAM];
    let legal = tags::successors(prev, last);
    let best = legal
        .iter()
        .fold(f32::NEG_INFINITY, |m, &c| m.max(scores[c as usize]));
    // Strictly below the floor, like `next_beam`'s `retain`, which keeps a tie with it.
    let floor = best - margin;
    for &c in legal {
        let (c, sc) = (c as usize, scores[c as usize]);
        if sc >= floor && sc > top[width - 1].0 {
            let mut k = width - 1;
            while k > 0 && top[k - 1].0 < sc {
                top[k] = top[k - 1];
                k -= 1;
            }
            top[k] = (sc, c);
        }
    }
    top
}

/// Candidates `(total score, hypothesis, class)` best first; ties by hypothesis then class,
/// so the order is deterministic.
pub fn sort_candidates(cands: &mut [(f32, usize, usize)]) {
    cands.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
}

/// The next beam into `next` from the sorted candidates: at most `width` hypotheses, one per
/// state (last two tags), none more than `margin` score units behind the best. `gold` is the
/// gold class of this step in training (`None` when tagging).
pub fn next_beam(
    beam: &[Hyp],
    cands: &[(f32, usize, usize)],
    width: usize,
    margin: f32,
    gold: Option<usize>,
    arena: &mut Vec<(usize, usize)>,
    next: &mut Vec<Hyp>,
) {
    next.clear();
    for &(score, h_i, c) in cands {
        if next.len() >= width {
            break;
        }
        let h = beam[h_i];
        if next.iter().any(|x| x.p1 == c as u64 && x.p2 == h.p1) {
            continue;
        }
        arena.push((c, h.node));
        next.push(Hyp {
            p1: c as u64,
            p2: h.p1,
            score,
            node: arena.len() - 1,
            gold: h.gold && Some(c) == gold,
        });
    }
    // Where the model is sure (most tokens), the beam shrinks to one hypothesis and costs
    // what greedy decoding costs.
    let floor = next.first().map_or(0.0, |h| h.score) - margin;
    next.retain(|h| h.score >= floor);
}

/// Fills `out` with the classes of the path ending at arena `node`, first to last.
pub fn path(arena: &[(usize, usize)], mut node: usize, out: &mut [usize]) {
    for slot in out.iter_mut().rev() {
        let Some(&(c, parent)) = arena.get(node) else {
            break;
        };
        *slot = c;
        node = parent;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_classes_leave_out_what_the_margin_would_drop() {
        let mut scores = [0f32; N_CLASSES];
        let (a, b, c) = (
            tags::class(0, tags::Part::Unit),
            tags::class(3, tags::Part::Unit),
            tags::class(4, tags::Part::Begin),
        );
        scores[a] = 100.0;
        scores[b] = 90.0;
        scores[c] = 89.0;
        let classes = |margin: f32| -> Vec<usize> {
            top_classes(&scores, NO_TAG, false, 4, margin)
                .iter()
                .filter(|t| t.1 != usize::MAX)
                .map(|t| t.1)
                .collect()
        };
        // Without a margin, the four best (the fourth is one of the zeros, in class order).
        assert_eq!(classes(f32::INFINITY), vec![a, b, c, tags::O]);
        // A tie with the floor stays, as in `next_beam`.
        assert_eq!(classes(10.0), vec![a, b]);
        assert_eq!(classes(5.0), vec![a]);
    }
}
