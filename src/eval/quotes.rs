//! `newsmark eval quotes FILE [--errors] [--kinds] [--limit N]`: quote finding and speaker attribution
//! against PolNeAR-style gold (`quotes`: start/end without marks, `speaker` segments, `cue`).
//!
//! Scoring rules (why they are what they are):
//! - Only predicted quotes of kind `speech` are scored: scare quotes, titles and terms are not
//!   reported speech, which is all the gold holds.
//! - Predicted quotes delimited by *single* marks are left out of scoring (counted apart): the
//!   gold ignores single quotes by construction, so it can neither confirm nor refute them.
//!   This includes the typewriter double quote `''…''` (NYT texts), which newsmark reads as a
//!   double mark but the gold, built from `"` and `“ ”` only, does not hold.
//!   Transcript turns (`PENCE: …`, no marks) are left out the same way.
//! - Spans are compared after trimming quote marks and white space at both ends. A predicted
//!   and a gold quote match when the character Jaccard overlap is >= 0.5; pairs are matched
//!   greedily, best overlap first, one-to-one.
//! - Speaker accuracy: among matched quotes whose gold speaker is not empty, the share whose
//!   predicted speaker mention overlaps one of the gold speaker segments.
//! - End-to-end: a matched quote is right when its speaker is right; a gold quote with an
//!   empty speaker (no source in the text) is right only when no speaker is predicted.

use crate::document::{Quote, QuoteKind};
use crate::pipeline::{annotate, Input, Options};
use serde::Deserialize;
use std::time::Instant;

#[derive(Debug, Deserialize)]
struct GoldDoc {
    #[serde(default)]
    id: String,
    text: String,
    #[serde(default)]
    quotes: Vec<GoldQuote>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub speaker: Vec<(usize, usize)>,
    #[serde(default)]
    pub cue: Vec<(usize, usize)>,
}

/// One predicted quote reduced to what scoring needs.
#[derive(Debug, Clone)]
pub struct Pred {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<(usize, usize)>,
}

/// Counts over one or more documents.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Counts {
    pub pred: usize,
    pub gold: usize,
    pub matched: usize,
    /// Matched quotes whose gold speaker is not empty.
    pub with_gold_speaker: usize,
    pub speaker_right: usize,
    pub e2e_right: usize,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.pred += o.pred;
        self.gold += o.gold;
        self.matched += o.matched;
        self.with_gold_speaker += o.with_gold_speaker;
        self.speaker_right += o.speaker_right;
        self.e2e_right += o.e2e_right;
    }
    pub fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
        let p = if pred == 0 {
            0.0
        } else {
            tp as f64 / pred as f64
        };
        let r = if gold == 0 {
            0.0
        } else {
            tp as f64 / gold as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }
    pub fn quote_prf(&self) -> (f64, f64, f64) {
        Self::prf(self.matched, self.pred, self.gold)
    }
    pub fn e2e_prf(&self) -> (f64, f64, f64) {
        Self::prf(self.e2e_right, self.pred, self.gold)
    }
    pub fn speaker_accuracy(&self) -> f64 {
        if self.with_gold_speaker == 0 {
            0.0
        } else {
            self.speaker_right as f64 / self.with_gold_speaker as f64
        }
    }
}

fn is_mark_or_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '“' | '”' | '„' | '«' | '»' | '\'' | '‘' | '’' | '‚'
        )
}

/// Trims quote marks and white space from both ends of `start..end` over `chars`.
pub fn trim_span(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let (mut a, mut b) = (start.min(chars.len()), end.min(chars.len()));
    while a < b && is_mark_or_space(chars[a]) {
        a += 1;
    }
    while b > a && is_mark_or_space(chars[b - 1]) {
        b -= 1;
    }
    (a, b)
}

fn jaccard(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let union = (a.1 - a.0) + (b.1 - b.0) - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Scores one document; also returns the matching (pred index, gold index) for error listing.
pub fn score(chars: &[char], pred: &[Pred], gold: &[GoldQuote]) -> (Counts, Vec<(usize, usize)>) {
    let ps: Vec<(usize, usize)> = pred
        .iter()
        .map(|p| trim_span(chars, p.start, p.end))
        .collect();
    let gs: Vec<(usize, usize)> = gold
        .iter()
        .map(|g| trim_span(chars, g.start, g.end))
        .collect();
    let mut pairs = Vec::new();
    for (i, p) in ps.iter().enumerate() {
        for (j, g) in gs.iter().enumerate() {
            let jac = jaccard(*p, *g);
            if jac >= 0.5 {
                pairs.push((jac, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_p, mut used_g) = (vec![false; ps.len()], vec![false; gs.len()]);
    let mut c = Counts {
        pred: pred.len(),
        gold: gold.len(),
        ..Default::default()
    };
    let mut matching = Vec::new();
    for (_, i, j) in pairs {
        if used_p[i] || used_g[j] {
            continue;
        }
        used_p[i] = true;
        used_g[j] = true;
        matching.push((i, j));
        c.matched += 1;
        let g = &gold[j];
        if g.speaker.is_empty() {
            if pred[i].speaker.is_none() {
                c.e2e_right += 1;
            }
        } else {
            c.with_gold_speaker += 1;
            let right = pred[i]
                .speaker
                .is_some_and(|s| g.speaker.iter().any(|&seg| overlaps(s, seg)));
            if right {
                c.speaker_right += 1;
                c.e2e_right += 1;
            }
        }
    }
    (c, matching)
}

/// True when the quote is not opened by a double mark: a single quote, or a transcript turn
/// with no marks at all (`PENCE: …`). The gold holds double-quoted spans only, so it can
/// neither confirm nor refute these.
fn single_marked(chars: &[char], q: &Quote) -> bool {
    let mut i = q.start.min(chars.len());
    while i > 0 {
        i -= 1;
        let c = chars[i];
        if c.is_whitespace() {
            continue;
        }
        return !matches!(c, '"' | '“' | '”' | '„' | '«' | '»');
    }
    true
}

pub fn run(path: &str, args: &[String]) -> Result<String, String> {
    let show_errors = args.iter().any(|a| a == "--errors");
    let show_kinds = args.iter().any(|a| a == "--kinds");
    let limit = args
        .iter()
        .position(|a| a == "--limit")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(usize::MAX);
    let content = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut total = Counts::default();
    let (mut docs, mut single_skipped) = (0usize, 0usize);
    let mut report = String::new();
    let (mut t_all, mut t_quotes) = (0f64, 0f64);
    for (n, line) in content.lines().enumerate().take(limit) {
        if line.trim().is_empty() {
            continue;
        }
        let gd: GoldDoc = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let input = Input {
            id: Some(gd.id.clone()),
            text: Some(gd.text.clone()),
            html: None,
        };
        let t0 = Instant::now();
        let doc = annotate(&input, &Options { clean: false }).map_err(|e| e.to_string())?;
        t_all += t0.elapsed().as_secs_f64();
        t_quotes += time_quotes(&doc);
        let chars: Vec<char> = doc.text.chars().collect();
        let speech: Vec<&Quote> = doc
            .quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Speech)
            .collect();
        let scored: Vec<&Quote> = speech
            .iter()
            .copied()
            .filter(|q| !single_marked(&chars, q))
            .collect();
        single_skipped += speech.len() - scored.len();
        let pred: Vec<Pred> = scored
            .iter()
            .map(|q| Pred {
                start: q.start,
                end: q.end,
                speaker: q.speaker.as_ref().map(|s| (s.start, s.end)),
            })
            .collect();
        let (c, matching) = score(&chars, &pred, &gd.quotes);
        total.add(&c);
        docs += 1;
        if show_errors {
            list_errors(&mut report, &gd, &chars, &scored, &doc.quotes, &matching);
        }
        if show_kinds {
            list_non_speech(&mut report, &gd, &chars, &doc.quotes);
        }
    }
    let (p, r, f) = total.quote_prf();
    let (ep, er, ef) = total.e2e_prf();
    report.push_str(&format!(
        "documents {docs}\nquotes: gold {} predicted {} matched {}  (single-quote and unmarked speech quotes not scored: {single_skipped})\n\
         quote P {p:.3} R {r:.3} F1 {f:.3}\n\
         speaker accuracy {:.3} ({} / {})\n\
         end-to-end P {ep:.3} R {er:.3} F1 {ef:.3}\n\
         time: annotate {:.1} ms total, quote finding + attribution {:.1} ms ({:.1}% of annotate)\n",
        total.gold,
        total.pred,
        total.matched,
        total.speaker_accuracy(),
        total.speaker_right,
        total.with_gold_speaker,
        t_all * 1e3,
        t_quotes * 1e3,
        if t_all > 0.0 { 100.0 * t_quotes / t_all } else { 0.0 },
    ));
    Ok(report)
}

/// Re-runs only the quote stage on an annotated document, for the speed figure.
fn time_quotes(doc: &crate::Document) -> f64 {
    let tokens = crate::text::tokenize(&doc.text);
    let sentences = crate::text::split_sentences(&doc.text, &tokens);
    let t0 = Instant::now();
    let q = crate::quotes::find(&doc.text, &tokens, &sentences, &doc.entities);
    let dt = t0.elapsed().as_secs_f64();
    std::hint::black_box(q);
    dt
}

fn span_text(chars: &[char], s: usize, e: usize) -> String {
    let s = s.min(chars.len());
    let e = e.min(chars.len()).max(s);
    let t: String = chars[s..e].iter().collect();
    let t = t.replace('\n', " ");
    if t.chars().count() > 70 {
        let head: String = t.chars().take(67).collect();
        format!("{head}...")
    } else {
        t
    }
}

fn list_errors(
    out: &mut String,
    gd: &GoldDoc,
    chars: &[char],
    scored: &[&Quote],
    all: &[Quote],
    matching: &[(usize, usize)],
) {
    let mut gold_matched = vec![None; gd.quotes.len()];
    let mut pred_matched = vec![false; scored.len()];
    for &(i, j) in matching {
        gold_matched[j] = Some(i);
        pred_matched[i] = true;
    }
    for (j, g) in gd.quotes.iter().enumerate() {
        let gs: Vec<String> = g
            .speaker
            .iter()
            .map(|&(s, e)| span_text(chars, s, e))
            .collect();
        match gold_matched[j] {
            None => {
                let other = all
                    .iter()
                    .find(|q| overlaps((q.start, q.end), (g.start, g.end)));
                out.push_str(&format!(
                    "FN {} [{}..{}] {:?} gold speaker {:?}{}\n",
                    gd.id,
                    g.start,
                    g.end,
                    span_text(chars, g.start, g.end),
                    gs,
                    other.map_or(String::new(), |q| format!(
                        " (predicted {:?} {}..{})",
                        q.kind, q.start, q.end
                    ))
                ));
            }
            Some(i) => {
                let q = scored[i];
                let ok = if g.speaker.is_empty() {
                    q.speaker.is_none()
                } else {
                    q.speaker.as_ref().is_some_and(|s| {
                        g.speaker.iter().any(|&seg| overlaps((s.start, s.end), seg))
                    })
                };
                if !ok {
                    out.push_str(&format!(
                        "SPK {} {:?} gold {:?} predicted {:?} (cue {:?})\n",
                        gd.id,
                        span_text(chars, g.start, g.end),
                        gs,
                        q.speaker.as_ref().map(|s| (s.text.clone(), s.name.clone())),
                        q.cue.as_ref().map(|c| c.text.clone())
                    ));
                }
            }
        }
    }
    for (i, q) in scored.iter().enumerate() {
        if !pred_matched[i] {
            out.push_str(&format!(
                "FP {} [{}..{}] {:?} speaker {:?}\n",
                gd.id,
                q.start,
                q.end,
                span_text(chars, q.start, q.end),
                q.speaker.as_ref().map(|s| s.text.clone())
            ));
        }
    }
}

/// Lists every double-marked quote not classed as speech, with the words before it, and
/// whether the gold holds it (`NS-GOLD`) or not (`NS-NONE`): the material for telling scare
/// quotes from reported speech.
fn list_non_speech(out: &mut String, gd: &GoldDoc, chars: &[char], all: &[Quote]) {
    for q in all {
        if q.kind == QuoteKind::Speech || single_marked(chars, q) {
            continue;
        }
        let t = trim_span(chars, q.start, q.end);
        let in_gold = gd
            .quotes
            .iter()
            .any(|g| jaccard(t, trim_span(chars, g.start, g.end)) >= 0.5);
        let ctx_start = q.start.saturating_sub(60);
        out.push_str(&format!(
            "{} {:?} {} ...{:?} [{:?}]\n",
            if in_gold { "NS-GOLD" } else { "NS-NONE" },
            q.kind,
            gd.id,
            span_text(chars, ctx_start, q.start.saturating_sub(1)),
            span_text(chars, q.start, q.end),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(start: usize, end: usize, speaker: &[(usize, usize)]) -> GoldQuote {
        GoldQuote {
            start,
            end,
            speaker: speaker.to_vec(),
            cue: vec![],
        }
    }
    fn p(start: usize, end: usize, speaker: Option<(usize, usize)>) -> Pred {
        Pred {
            start,
            end,
            speaker,
        }
    }

    #[test]
    fn exact_match_with_right_speaker() {
        let text: Vec<char> = "“We will win,” Smith said.".chars().collect();
        let (c, m) = score(&text, &[p(1, 13, Some((15, 20)))], &[g(1, 13, &[(15, 20)])]);
        assert_eq!(m, vec![(0, 0)]);
        assert_eq!((c.matched, c.speaker_right, c.e2e_right), (1, 1, 1));
        assert_eq!(c.quote_prf(), (1.0, 1.0, 1.0));
        assert_eq!(c.speaker_accuracy(), 1.0);
    }

    #[test]
    fn marks_and_spaces_are_trimmed_and_jaccard_threshold_holds() {
        let text: Vec<char> = "“ abcdefghij ” x".chars().collect();
        // Prediction includes the marks: same span after trimming.
        let (c, _) = score(&text, &[p(0, 14, None)], &[g(2, 12, &[])]);
        assert_eq!(c.matched, 1);
        assert_eq!(c.e2e_right, 1); // empty gold speaker, none predicted
                                    // Half of the gold: Jaccard 5/10 = 0.5 matches; 4/10 does not.
        let (c, _) = score(&text, &[p(2, 7, None)], &[g(2, 12, &[])]);
        assert_eq!(c.matched, 1);
        let (c, _) = score(&text, &[p(2, 6, None)], &[g(2, 12, &[])]);
        assert_eq!(c.matched, 0);
        assert_eq!(c.quote_prf(), (0.0, 0.0, 0.0));
    }

    #[test]
    fn greedy_one_to_one_and_wrong_speaker() {
        let text: Vec<char> = "x".repeat(100).chars().collect();
        let preds = [p(0, 20, Some((50, 55))), p(0, 18, Some((60, 65)))];
        let golds = [g(0, 20, &[(60, 70)])];
        let (c, m) = score(&text, &preds, &golds);
        assert_eq!(m, vec![(0, 0)]); // the exact one wins, the other is a false positive
        assert_eq!((c.pred, c.gold, c.matched), (2, 1, 1));
        assert_eq!(c.speaker_right, 0);
        assert_eq!(c.e2e_right, 0);
        let (pp, r, _) = c.quote_prf();
        assert!((pp - 0.5).abs() < 1e-9 && (r - 1.0).abs() < 1e-9);
        // A predicted speaker where the gold has none is wrong end to end.
        let (c, _) = score(&text, &[p(0, 20, Some((1, 2)))], &[g(0, 20, &[])]);
        assert_eq!((c.matched, c.with_gold_speaker, c.e2e_right), (1, 0, 0));
    }
}
