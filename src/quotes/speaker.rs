//! THE place where a quote's speaker and cue are chosen (and, with them, its kind).
//!
//! For each quote, in order of preference (`attribute` below):
//! 1. right after the closing mark: `“…,” said X` / `“…,” X said` / `“…,” X, a spokesman, said`
//!    / `“…,” according to X` / `“…?” X shot back`;
//! 2. before the opening mark in the same sentence: the nearest cue (`X said “…”`,
//!    `X said: “…”`, `X told reporters that “…”`, `X described ties as “…”`, `calling it “…”`,
//!    `According to X, “…”`, a colon `X put it bluntly: “…”`); a participle cue without its
//!    own subject (`…, stating that “…”`) takes the subject of the sentence, and a cue inside a
//!    clause reported by an earlier speech verb takes that verb's subject (`X said that Y
//!    called it “…”` -> X);
//! 3. a cue later in the same sentence;
//! 4. a quote inside a sentence without any cue: the sentence's subject;
//! 5. outside the sentence (`previous`): the previous quote's speaker when adjacent (a run of
//!    quote paragraphs), a cue with a subject in the previous sentence (`He added:`), a recent
//!    speaker, the subject of the previous sentence for a quote that opens its paragraph.
//!
//! The mention is kept as written ("he", "the president") and resolved by `coref` to a name
//! and an entity of the document. Speaker phrases come from `mentions`, cue words from `cues`,
//! the quote kind from `kind`.

use super::coref::Coref;
use super::cues::CueKind;
use super::kind::{classify, Shape};
use super::marks::Quoted;
use super::mentions::{flag, Mention, MentionKind, Words};
use super::turns::{turn_at, Turn};
use crate::document::{Entity, Quote, QuoteKind, Source, Speaker, Status, TextSpan};
use crate::text::{Sentence, Token};

/// How an attribution was found; decides the score and whether a short quote is speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    After,
    Before,
    Later,
    Previous,
}

#[derive(Debug, Clone, Copy)]
struct Found {
    mention: Mention,
    /// Cue token range.
    cue: (usize, usize),
    via: Via,
    naming: bool,
}

struct Ctx<'w, 'a> {
    w: &'w Words<'a>,
    /// True for tokens inside (or marking) a quote: never a speaker or cue.
    quoted: Vec<bool>,
}

impl Ctx<'_, '_> {
    fn cue(&self, i: usize) -> Option<CueKind> {
        if self.quoted.get(i).copied().unwrap_or(true) {
            return None;
        }
        self.w.cue(i)
    }

    fn free(&self, m: &Mention) -> bool {
        (m.start..m.end).all(|i| !self.quoted.get(i).copied().unwrap_or(true))
    }

    /// Any cue word (verb or reporting noun) outside quotes in tokens `a..b`.
    fn any_cue(&self, a: usize, b: usize) -> bool {
        (a..b).any(|i| self.cue(i).is_some() || (!self.quoted[i] && self.w.has(i, flag::CUE_NOUN)))
    }

    /// `according to` at `i` (token "according").
    fn according(&self, i: usize) -> bool {
        self.w.low(i) == "according" && self.w.low(i + 1) == "to"
    }

    /// `“…” ― Sonya Herridge` / `"…"¶- Sanders.`: a dash and a bare name right after the
    /// quote (same line or the next one), ending its line or sentence.
    fn dash_byline(&self, close_t: usize) -> Option<Found> {
        let w = self.w;
        let j = close_t + 1;
        if !matches!(w.low(j), "—" | "―" | "–" | "-" | "--" | "~") {
            return None;
        }
        let n = w.len();
        let m = w.np_after(j + 1, n)?;
        let line_end = m.end >= n
            || w.tokens[m.end].newline_before
            || matches!(w.low(m.end), "," | "." | "“" | "\"" | "(")
                && (m.end + 1 >= n || w.tokens[m.end + 1].newline_before || w.low(m.end) == ",");
        (m.kind == MentionKind::Name && line_end)
            .then(|| self.found(m, (j, j + 1), Via::After, false))
            .flatten()
    }

    /// 1. Right after the closing mark, up to `limit`.
    fn after(&self, close_t: usize, limit: usize) -> Option<Found> {
        let w = self.w;
        let mut j = close_t + 1;
        while j < limit && matches!(w.low(j), "," | "—" | "–" | "-" | "--") {
            j += 1;
        }
        if j >= limit {
            return None;
        }
        if self.according(j) {
            let m = w.np_after(j + 2, limit)?;
            return self.found(m, (j, j + 2), Via::After, false);
        }
        let ends_open = close_t > 0 && matches!(w.low(close_t - 1), "," | "?" | "!");
        // Any speech verb right after the quote may invert when a name follows ("agrees
        // Michelle Stevens"); unlisted ones only in past tense ("exhorted X").
        let unknown_verb = !w.is_cap(j)
            && ((w.low(j).ends_with("ed") && ends_open) || self.cue(j) == Some(CueKind::Speech));
        if (self.cue(j) == Some(CueKind::Speech) && w.has(j, flag::INVERTS)) || unknown_verb {
            // `“…,” said X`; also `“…,” exhorted X` with a verb missing from the lists.
            if let Some(m) = w.np_after(j + 1, limit) {
                if !unknown_verb || matches!(m.kind, MentionKind::Name | MentionKind::Description) {
                    return self.found(m, (j, j + 1), Via::After, false);
                }
            }
        }
        let m = w.np_after(j, limit)?;
        if m.end + 1 < limit && phrasal_cue(w, m.end) {
            return self.found(m, (m.end, m.end + 2), Via::After, false);
        }
        let mut k = m.end;
        // Apposition or relative clause between subject and verb: "X, a spokesman, said".
        if k < limit && w.low(k) == "," {
            let mut c = k + 1;
            while c < limit && c <= k + 20 && !matches!(w.low(c), "," | "." | "”" | "\"" | "“")
            {
                c += 1;
            }
            if c < limit && w.low(c) == "," {
                k = c + 1;
            }
        }
        // "a Democratic staffer in the room wondered": a short phrase after the subject.
        if k < limit
            && matches!(
                w.low(k),
                "in" | "at" | "from" | "for" | "of" | "with" | "on"
            )
        {
            if let Some(v) = (k + 1..limit.min(k + 6))
                .take_while(|&v| w.raw(v).chars().next().is_some_and(char::is_alphanumeric))
                .find(|&v| self.cue(v) == Some(CueKind::Speech))
            {
                k = v;
            }
        }
        while k < limit && k < m.end + 25 && w.has(k, flag::BETWEEN) {
            k += 1;
        }
        if k < limit && self.cue(k) == Some(CueKind::Speech) {
            return self.found(m, (k, k + 1), Via::After, false);
        }
        if k + 1 < limit && phrasal_cue(w, k) {
            return self.found(m, (k, k + 2), Via::After, false);
        }
        // `“…,” Trump barked`: a quote ending in , ? ! followed by a name or pronoun and a
        // past-tense verb is attributed to them even when the verb is not on the list.
        let verbish = !w.is_cap(k) && (w.low(k).ends_with("ed") || w.low(k).ends_with("s"));
        if ends_open
            && k == m.end
            && k < limit
            && verbish
            && (matches!(m.kind, MentionKind::Name | MentionKind::Pronoun)
                || (m.kind == MentionKind::Description && w.low(k).ends_with("ed")))
            && !self.quoted[k]
        {
            return self.found(m, (k, k + 1), Via::After, false);
        }
        None
    }

    /// 2. The nearest cue before the opening mark, back to `floor`.
    fn before(&self, open_t: usize, floor: usize) -> Option<Found> {
        let w = self.w;
        let mut k = open_t;
        while k > floor {
            k -= 1;
            if self.quoted[k] {
                continue;
            }
            let lw = w.low(k);
            if lw == ":" && k + 1 == open_t {
                // "X said:", "X said in a statement:", "he's said the same thing at every
                // rally:" -> the nearest speech verb of the clause; else "X:".
                let verb = (floor..k)
                    .rev()
                    .take(12)
                    .take_while(|&j| !matches!(w.low(j), "“" | "”" | "\"" | ";" | ":"))
                    .find(|&j| self.cue(j) == Some(CueKind::Speech));
                if let Some(v) = verb {
                    let f = self.with_subject(v, floor, Via::Before)?;
                    return Some(self.outermost(f, floor).unwrap_or(f));
                }
                // "Jeb Bush broke down what was wrong to the newspaper NRC: “…”" -> the
                // subject of the sentence; "Trump: “…”" -> the name before the colon.
                if let Some(m) = self.sentence_subject(floor, k) {
                    return self.found(m, (k, k + 1), Via::Before, false);
                }
                if let Some(m) = w.np_before(k, floor) {
                    if matches!(m.kind, MentionKind::Name | MentionKind::Pronoun) {
                        return self.found(m, (k, k + 1), Via::Before, false);
                    }
                }
                continue;
            }
            if lw == "to" && k > floor && self.according(k - 1) {
                let m = w.np_after(k + 1, open_t)?;
                return self.found(m, (k - 1, k + 1), Via::Before, false);
            }
            if self.cue(k).is_some() {
                let f = self.with_subject(k, floor, Via::Before)?;
                return Some(self.outermost(f, floor).unwrap_or(f));
            }
        }
        None
    }

    /// "Cardin said that Republicans rejected it, calling it “…”": when the cue found sits in
    /// a clause reported by an earlier speech verb of the sentence, the reporting speaker is
    /// the source (the attribution whose content holds the quote).
    fn outermost(&self, f: Found, floor: usize) -> Option<Found> {
        let w = self.w;
        let (lo, hi) = (floor, f.mention.start);
        // No quote between the outer verb and this one: a quoted stretch there would be the
        // outer verb's own quotation.
        for k in lo..hi {
            if self.quoted[k] {
                return None;
            }
            if self.cue(k) != Some(CueKind::Speech) || w.low(k).ends_with("ing") {
                continue;
            }
            // Coordination is no embedding: "a woman asked for a photo and Clinton said".
            if (k + 1..hi).any(|j| matches!(w.low(j), "and" | "but" | ";" | "while" | "as")) {
                continue;
            }
            let Some(m) = w.np_before(k, floor) else {
                continue;
            };
            if self.free(&m) && m.kind != MentionKind::Relative {
                return Some(Found {
                    mention: self.antecedent(m, floor),
                    cue: (k, k + 1),
                    ..f
                });
            }
        }
        None
    }

    /// The subject of the cue verb at `k`; for a participle or a verb without a subject of its
    /// own ("…, stating that", "and added"), the subject of an earlier cue or of the sentence.
    fn with_subject(&self, k: usize, floor: usize, via: Via) -> Option<Found> {
        let w = self.w;
        let naming = self.cue(k) == Some(CueKind::Naming);
        let after_comma = k > floor && w.low(k - 1) == ",";
        // Passive "Rubio was asked by moderator Gerard Baker whether “…”": the agent.
        if w.low(k + 1) == "by"
            && k > floor
            && matches!(w.low(k - 1), "was" | "were" | "is" | "been")
        {
            if let Some(m) = w.np_after(k + 2, w.len()) {
                if matches!(m.kind, MentionKind::Name | MentionKind::Description) {
                    return self.found(m, (k, k + 2), via, naming);
                }
            }
        }
        // ", saying “…”": a participle after a comma has the subject of the main clause.
        let participle = after_comma && w.low(k).ends_with("ing");
        // "he looked at the camera and said": the subject of the clause the verb joins.
        let mut b = k;
        while b > floor && w.has(b - 1, flag::BETWEEN) {
            b -= 1;
        }
        if b > floor && matches!(w.low(b - 1), "and" | "but" | "then") {
            let clause_starts = (floor..b - 1)
                .rev()
                .filter(|&j| w.low(j) == ",")
                .map(|j| j + 1);
            for c in clause_starts.chain(std::iter::once(floor)) {
                let c = skip_openers(w, c, b - 1);
                if let Some(m) = w.np_after(c, b - 1) {
                    if self.free(&m) && m.kind != MentionKind::Relative {
                        return self.found(m, (k, k + 1), via, naming);
                    }
                }
            }
        }
        if !participle {
            if let Some(m) = w.np_before(k, floor) {
                // "Mackler issued a statement saying …": the issuer, not the document.
                let document = m.kind == MentionKind::Description
                    && w.has(m.end - 1, flag::CUE_NOUN)
                    && w.low(k).ends_with("ing");
                if document {
                    if let Some(s) = self.sentence_subject(floor, m.start) {
                        if matches!(s.kind, MentionKind::Name | MentionKind::Pronoun) {
                            return self.found(s, (k, k + 1), via, naming);
                        }
                    }
                }
                if self.free(&m) {
                    return self.found(m, (k, k + 1), via, naming);
                }
            }
        }
        // ", says Carl Anthony, historian": an inverted verb after a comma.
        if after_comma && w.has(k, flag::INVERTS) {
            if let Some(m) = w.np_after(k + 1, w.len()) {
                if matches!(m.kind, MentionKind::Name | MentionKind::Description) {
                    return self.found(m, (k, k + 1), via, naming);
                }
            }
        }
        // Inverted at the start of a sentence: "Said Dorothy Poynter, “…”".
        if w.has(k, flag::INVERTS) && w.sentence_initial(k) {
            if let Some(m) = w.np_after(k + 1, w.len()) {
                return self.found(m, (k, k + 1), via, naming);
            }
        }
        // Passive "was asked", object-first "told by X": try the phrase after.
        if w.low(k + 1) == "by" {
            if let Some(m) = w.np_after(k + 2, w.len()) {
                return self.found(m, (k, k + 1), via, naming);
            }
        }
        // Back to an earlier cue of the sentence, then the sentence start.
        let mut j = k;
        while j > floor {
            j -= 1;
            if self.cue(j).is_some() {
                if let Some(m) = w.np_before(j, floor) {
                    if self.free(&m) {
                        // "an official who spoke anonymously said": the official, not "who".
                        let m = self.antecedent(m, floor);
                        return self.found(m, (k, k + 1), via, naming);
                    }
                }
            }
        }
        let m = self.sentence_subject(floor, k)?;
        self.found(m, (k, k + 1), via, naming)
    }

    /// The phrase a relative pronoun stands for ("a White House official who ..."), or the
    /// mention itself.
    fn antecedent(&self, m: Mention, floor: usize) -> Mention {
        if m.kind != MentionKind::Relative {
            return m;
        }
        let mut at = m.start;
        if at > floor && self.w.low(at - 1) == "," {
            at -= 1;
        }
        self.w
            .np_before(at, floor)
            .filter(|a| self.free(a) && a.kind != MentionKind::Relative)
            .unwrap_or(m)
    }

    /// The first speaker-like phrase of the sentence (skipping an opening clause up to its
    /// comma: "While signing orders on Jan. 20, Trump told reporters").
    fn sentence_subject(&self, floor: usize, limit: usize) -> Option<Mention> {
        let w = self.w;
        let mut starts = vec![floor];
        for j in floor..limit.min(floor + 30) {
            if matches!(w.low(j), "," | "—" | "–") {
                starts.push(j + 1);
            }
        }
        for s in starts {
            // Skip clause openers: "And then Trump went on the attack, saying …".
            let s = skip_openers(w, s, limit);
            // A dateline ("MANCHESTER, N.H. -") is no subject.
            let r = w.raw(s);
            if r.chars().count() >= 5 && r.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) {
                continue;
            }
            if let Some(m) = w.np_after(s, limit) {
                if self.free(&m) && m.kind != MentionKind::Relative {
                    return Some(m);
                }
            }
        }
        None
    }

    /// 3. A cue later in the sentence (after the quote, not adjacent).
    fn later(&self, close_t: usize, limit: usize, floor: usize) -> Option<Found> {
        let w = self.w;
        for k in close_t + 1..limit {
            if self.cue(k) == Some(CueKind::Speech) {
                if let Some(m) = w.np_before(k, close_t + 1) {
                    if self.free(&m) {
                        return self.found(m, (k, k + 1), Via::Later, false);
                    }
                }
                if w.has(k, flag::INVERTS) {
                    if let Some(m) = w.np_after(k + 1, limit) {
                        return self.found(m, (k, k + 1), Via::Later, false);
                    }
                }
                let _ = floor;
                return None;
            }
        }
        None
    }

    fn found(&self, m: Mention, cue: (usize, usize), via: Via, naming: bool) -> Option<Found> {
        self.free(&m).then_some(Found {
            mention: m,
            cue,
            via,
            naming,
        })
    }
}

/// "went on", "shot back", "fired back": two-word speech verbs at token `k`.
fn phrasal_cue(w: &Words, k: usize) -> bool {
    matches!(
        (w.low(k), w.low(k + 1)),
        ("went", "on")
            | (
                "shot" | "fired" | "hit" | "pushed" | "snapped" | "struck",
                "back"
            )
    )
}

/// The first token at or after `s` (before `limit`) that is not a clause opener.
fn skip_openers(w: &Words, mut s: usize, limit: usize) -> usize {
    let stop = limit.min(s + 4);
    while s < stop && is_opener(w.low(s)) {
        s += 1;
    }
    s
}

/// Words that open a clause before its subject.
#[rustfmt::skip]
const OPENERS: &[&str] = &[
    "and", "but", "so", "then", "yet", "still", "also", "when", "later", "now", "meanwhile",
    "instead", "indeed", "again", "finally", "or", "as", "because", "since", "if", "although",
    "though", "while", "after", "before", "once", "until", "unless", "whether", "moreover",
    "however", "furthermore", "nevertheless", "nonetheless", "besides", "otherwise", "likewise",
    "thus", "hence", "therefore", "similarly", "additionally", "overall", "today", "yesterday",
    "tonight", "first", "second", "third", "next", "last", ",",
];

fn is_opener(lw: &str) -> bool {
    OPENERS.contains(&lw)
}

/// Token index of the token starting at or after code point `c`.
fn token_at(tokens: &[Token], c: usize) -> usize {
    tokens.partition_point(|t| t.start < c)
}

pub fn attribute(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    entities: &[Entity],
    spans: &[Quoted],
    turns: &[Turn],
) -> Vec<Quote> {
    let w = Words::new(text, tokens);
    let n = tokens.len();
    let mut quoted = vec![false; n];
    let mut tok_ranges = Vec::with_capacity(spans.len());
    for q in spans {
        let (a, b) = (token_at(tokens, q.open), token_at(tokens, q.close + 1));
        if q.depth == 0 {
            for x in quoted.iter_mut().take(b.min(n)).skip(a) {
                *x = true;
            }
        }
        tok_ranges.push((a, b.saturating_sub(1).max(a)));
    }
    let mut sent_of = vec![0usize; n];
    for (k, s) in sentences.iter().enumerate() {
        for x in sent_of.iter_mut().take(s.tok_end.min(n)).skip(s.tok_start) {
            *x = k;
        }
    }
    let coref = Coref::new(&w, entities, &quoted);
    let ctx = Ctx { w: &w, quoted };
    // End of the first line: quotes before it are in the headline.
    let first_break = tokens
        .iter()
        .find(|t| t.newline_before)
        .map_or(usize::MAX, |t| t.start);
    let span_of = |s: usize, e: usize| -> Option<(usize, usize, String)> {
        let (a, b) = (tokens.get(s)?, tokens.get(e.checked_sub(1)?)?);
        Some((a.start, b.end, text[a.bstart..b.bend].to_string()))
    };

    let mut out = Vec::with_capacity(spans.len());
    // The last speech quote's attribution: (close token, sentence of close, mention, cue).
    let mut last: Option<(usize, usize, Found)> = None;
    for (qi, q) in spans.iter().enumerate() {
        let (open_t, close_t) = tok_ranges[qi];
        let quoted_text = text.get(q.bstart..q.bend).unwrap_or("").to_string();
        let (s_open, s_close) = if n == 0 {
            (0, 0)
        } else {
            (sent_of[open_t.min(n - 1)], sent_of[close_t.min(n - 1)])
        };
        let floor = sentences.get(s_open).map_or(0, |s| s.tok_start);
        let limit = sentences.get(s_close).map_or(n, |s| s.tok_end).min(n);

        let mut found = None;
        if q.depth == 0 && n > 0 {
            // The splitter ends a sentence at `?”` / `.”` before "Trump said": the
            // attribution after a quote may sit in the next sentence.
            let same_line = tokens.get(close_t + 1).is_some_and(|t| !t.newline_before);
            // Last token inside the quote that is not a closing mark (`?’”`).
            let last_in = (open_t + 1..close_t)
                .rev()
                .find(|&i| !matches!(w.low(i), "'" | "’" | "\"" | "”"));
            let asks = last_in.is_some_and(|i| matches!(w.low(i), "?" | "!" | ","));
            let after_limit = sent_of
                .get(close_t + 1)
                .filter(|_| same_line && asks)
                .and_then(|&k| sentences.get(k))
                .map_or(limit, |s| s.tok_end.min(n).max(limit));
            let after = ctx
                .dash_byline(close_t)
                .or_else(|| ctx.after(close_t, after_limit));
            // "X said “…”, according to a statement": the person before wins over the
            // document named after.
            let document_after = after.is_some_and(|f| w.low(f.cue.0) == "according");
            // Weaker attributions after the quote yield to a speech verb before it: an
            // unlisted verb ("the crowd applauded"), or a cue that introduces the next quote
            // (`“Why now?” Mills then writes back, “You look cute.”`).
            let weak_after = after.is_some_and(|f| {
                let unlisted = w.cue(f.cue.0).is_none() && f.cue.1 - f.cue.0 == 1;
                let introduces_next = (f.cue.1..(f.cue.1 + 3).min(n))
                    .take_while(|&k| matches!(w.low(k), "," | ":" | "back" | "“" | "\""))
                    .any(|k| matches!(w.low(k), "“" | "\""));
                unlisted || introduces_next
            });
            found = match after {
                Some(a) if !document_after && !weak_after => Some(a),
                _ => ctx
                    .before(open_t, floor)
                    .filter(|b| {
                        !document_after
                            || matches!(b.mention.kind, MentionKind::Name | MentionKind::Pronoun)
                    })
                    .or(after),
            }
            .or_else(|| ctx.later(close_t, limit, floor));
        }
        if q.depth == 0 && found.is_none_or(|f| f.via != Via::After) {
            // Inside a transcript turn the labelled speaker says everything, words they
            // quote included; only a cue right after the quote (`“…,” Trump said`) names
            // someone else. A name before the quote is more often who the question is
            // about ("as the Journal wrote, Governor, …").
            if let Some(f) = turn_at(turns, q.bstart).and_then(|t| turn_found(tokens, t)) {
                found = Some(f);
            }
        }
        // A quote right after `“…,” X said.` in the same paragraph goes on with X's words
        // (`“Does anybody know?” Graham asked. “Neither do I.”`).
        let follows_speech = q.depth == 0
            && last.is_some_and(|(prev_close, _, _)| {
                prev_close < open_t
                    && open_t - prev_close <= FOLLOW_GAP
                    && (prev_close + 1..=open_t).all(|k| !tokens[k].newline_before)
                    && (prev_close + 1..open_t).any(|k| ctx.cue(k) == Some(CueKind::Speech))
            });
        let para_start = open_t == 0 || tokens.get(open_t).is_some_and(|t| t.newline_before);
        let headline = q.open < first_break;
        let before_t = open_t.checked_sub(1);
        let shape = Shape::of(&w, (open_t + 1, close_t), before_t, q, para_start, headline);
        let cue_near = q.depth == 0 && ctx.any_cue(floor, limit);
        let kind = classify(
            &shape,
            found.map(|f| f.naming),
            found.is_some(),
            cue_near,
            follows_speech,
        );
        if kind == QuoteKind::Speech && found.is_none() && q.depth == 0 && open_t > floor + 1 {
            // A quote inside a sentence without a speech verb ("Sanders used the question to
            // demand that the rich “pay their fair share”"): the subject of the sentence.
            found = ctx.sentence_subject(floor, open_t).and_then(|m| {
                let named = matches!(m.kind, MentionKind::Name | MentionKind::Pronoun)
                    || (m.kind == MentionKind::Description && w.is_determiner(m.start));
                // "Trump, who has postured himself as the “law and order candidate,”": the
                // relative pronoun is the mention, resolved to the name.
                let relative =
                    m.end + 2 < open_t && w.low(m.end) == "," && w.has(m.end + 1, flag::RELATIVE);
                let mention = if relative {
                    Mention {
                        start: m.end + 1,
                        end: m.end + 2,
                        kind: MentionKind::Relative,
                    }
                } else {
                    m
                };
                let verb = m.end < open_t && w.raw(m.end).chars().all(char::is_alphabetic);
                (named && (verb || relative)).then_some(Found {
                    mention,
                    cue: (mention.end, mention.end + 1),
                    via: Via::Later,
                    naming: false,
                })
            });
        }
        if kind == QuoteKind::Speech && found.is_none() && q.depth == 0 {
            found = previous(&ctx, &last, s_open, sentences, para_start)
                .or_else(|| next_sentence(&ctx, s_close, sentences));
        }
        let speaker = found.filter(|_| kind == QuoteKind::Speech).and_then(|f| {
            let (start, end, mtext) = span_of(f.mention.start, f.mention.end)?;
            let (entity, name) = coref.resolve(&f.mention);
            Some(Speaker {
                start,
                end,
                text: mtext,
                entity,
                name,
            })
        });
        let cue = found
            .filter(|_| kind == QuoteKind::Speech)
            .and_then(|f| span_of(f.cue.0, f.cue.1))
            .map(|(start, end, text)| TextSpan { start, end, text });
        if kind == QuoteKind::Speech {
            if let Some(f) = found {
                last = Some((close_t, s_close, f));
            }
        }
        let score = match found.map(|f| f.via) {
            Some(Via::After) | Some(Via::Before) => 0.9,
            Some(Via::Later) => 0.7,
            Some(Via::Previous) => 0.6,
            None => 0.4,
        };
        out.push(Quote {
            id: String::new(),
            start: q.start,
            end: q.end,
            text: quoted_text,
            kind,
            speaker,
            cue,
            score,
            source: Source::Rule,
            status: Status::Suggested,
        });
    }
    out.extend(turn_quotes(text, tokens, turns, &coref));
    out.sort_by_key(|q| (q.start, q.end));
    out
}

/// Tokens between a quote's closing mark and the next quote's opening mark that still let
/// the next quote continue the previous speaker's words (`“…,” the senator said. “…”`).
const FOLLOW_GAP: usize = 8;

/// The label of a transcript turn as a speaker mention, its colon as the cue.
fn turn_found(tokens: &[Token], t: &Turn) -> Option<Found> {
    let a = tokens.partition_point(|k| k.bstart < t.label.0);
    let b = tokens.partition_point(|k| k.bstart < t.label.1);
    let colon = tokens.partition_point(|k| k.bstart < t.colon);
    (a < b && tokens.get(colon).is_some_and(|k| k.bstart == t.colon)).then_some(Found {
        mention: Mention {
            start: a,
            end: b,
            kind: MentionKind::Name,
        },
        cue: (colon, colon + 1),
        via: Via::Before,
        naming: false,
    })
}

/// Each transcript turn is speech of its labelled speaker: a quote without marks whose
/// words are the turn's body, the label its speaker and the colon its cue.
fn turn_quotes(text: &str, tokens: &[Token], turns: &[Turn], coref: &Coref) -> Vec<Quote> {
    if turns.is_empty() {
        return Vec::new();
    }
    // Turn spans are byte ranges; one index converts them all (a long transcript has many).
    let ix = crate::text::offsets::CharIndex::new(text);
    let cp = |b: usize| ix.char(b);
    let span = |s: (usize, usize)| TextSpan {
        start: cp(s.0),
        end: cp(s.1),
        text: text[s.0..s.1].to_string(),
    };
    turns
        .iter()
        .filter_map(|t| {
            let f = turn_found(tokens, t)?;
            let (entity, name) = coref.resolve(&f.mention);
            let label = span(t.label);
            Some(Quote {
                id: String::new(),
                start: cp(t.body.0),
                end: cp(t.body.1),
                text: text[t.body.0..t.body.1].to_string(),
                kind: QuoteKind::Speech,
                speaker: Some(Speaker {
                    start: label.start,
                    end: label.end,
                    text: label.text,
                    entity,
                    name,
                }),
                cue: Some(span((t.colon, t.colon + 1))),
                score: 0.9,
                source: Source::Rule,
                status: Status::Suggested,
            })
        })
        .collect()
}

/// Step 5, outside the sentence, in this order: the previous quote's speaker when it is adjacent;
/// a cue with a subject in the previous sentence; a speaker of the last few sentences; for a
/// quote opening its paragraph, the subject of the previous sentence.
fn previous(
    ctx: &Ctx,
    last: &Option<(usize, usize, Found)>,
    s_open: usize,
    sentences: &[Sentence],
    para_start: bool,
) -> Option<Found> {
    let inherit = |f: &Found| Found {
        via: Via::Previous,
        ..*f
    };
    if let Some((_, s_prev, f)) = last {
        // Adjacent: the previous quote closed in this or the previous sentence.
        if *s_prev + 1 >= s_open {
            return Some(inherit(f));
        }
    }
    let prev = sentences.get(s_open.checked_sub(1)?)?;
    // "President Clinton released the following statement:" introduces what follows.
    let colon = prev.tok_end > prev.tok_start && ctx.w.low(prev.tok_end - 1) == ":";
    if colon {
        // "Cruz called them on it:" -> the subject of its last cue, else of the sentence.
        let by_cue = (prev.tok_start..prev.tok_end)
            .rev()
            .find(|&k| ctx.cue(k).is_some())
            .and_then(|k| ctx.w.np_before(k, prev.tok_start))
            .filter(|m| ctx.free(m) && m.kind != MentionKind::Relative);
        let subject = by_cue.or_else(|| ctx.sentence_subject(prev.tok_start, prev.tok_end - 1));
        if let Some(m) = subject {
            if m.kind != MentionKind::Relative {
                return Some(Found {
                    mention: m,
                    cue: (prev.tok_end - 1, prev.tok_end),
                    via: Via::Previous,
                    naming: false,
                });
            }
        }
    }
    for k in (prev.tok_start..prev.tok_end).rev() {
        if ctx.cue(k) == Some(CueKind::Speech) {
            if let Some(m) = ctx.w.np_before(k, prev.tok_start) {
                if ctx.free(&m) && m.kind != MentionKind::Relative {
                    return Some(Found {
                        mention: m,
                        cue: (k, k + 1),
                        via: Via::Previous,
                        naming: false,
                    });
                }
            }
        }
    }
    if let Some((_, s_prev, f)) = last {
        if *s_prev + RECENT_SENTENCES >= s_open {
            return Some(inherit(f));
        }
    }
    if para_start {
        let m = ctx.sentence_subject(prev.tok_start, prev.tok_end)?;
        if matches!(m.kind, MentionKind::Name | MentionKind::Pronoun) {
            return Some(Found {
                mention: m,
                cue: (m.start, m.end),
                via: Via::Previous,
                naming: false,
            });
        }
    }
    None
}

/// Last resort: the next sentence of the same paragraph names the speaker with a speech verb
/// (`“We are done.” Ortiz said so twice.`, `… That is what Ortiz told the board.`).
fn next_sentence(ctx: &Ctx, s_close: usize, sentences: &[Sentence]) -> Option<Found> {
    let next = sentences.get(s_close + 1)?;
    let w = ctx.w;
    if w.tokens
        .get(next.tok_start)
        .is_some_and(|t| t.newline_before)
    {
        return None;
    }
    let end = next.tok_end.min(next.tok_start + 12);
    (next.tok_start..end)
        .find(|&k| ctx.cue(k) == Some(CueKind::Speech))
        .and_then(|k| {
            let m = w.np_before(k, next.tok_start)?;
            let named = matches!(m.kind, MentionKind::Name | MentionKind::Pronoun);
            (named && ctx.free(&m)).then_some(Found {
                mention: m,
                cue: (k, k + 1),
                via: Via::Previous,
                naming: false,
            })
        })
}

/// How many sentences back a speaker still carries over to an unattributed quote.
const RECENT_SENTENCES: usize = 4;

#[cfg(test)]
mod tests {
    use crate::document::{Document, QuoteKind};
    use crate::pipeline::{annotate, Input, Options};

    fn run(text: &str) -> Document {
        let input = Input {
            id: Some("t".into()),
            text: Some(text.into()),
            html: None,
        };
        let doc = annotate(&input, &Options { clean: false }).expect("annotate");
        let problems = crate::validate::problems(&doc);
        assert!(problems.is_empty(), "{problems:?}");
        doc
    }

    /// (quote text, kind, speaker mention, resolved name) for every quote.
    fn attributions(text: &str) -> Vec<(String, QuoteKind, Option<String>, Option<String>)> {
        run(text)
            .quotes
            .iter()
            .map(|q| {
                (
                    q.text.clone(),
                    q.kind,
                    q.speaker.as_ref().map(|s| s.text.clone()),
                    q.speaker.as_ref().and_then(|s| s.name.clone()),
                )
            })
            .collect()
    }

    /// The speaker mention of the quote that starts with `quote_start`.
    fn speaker_of(text: &str, quote_start: &str) -> Option<String> {
        let doc = run(text);
        let q = doc.quotes.iter().find(|q| q.text.starts_with(quote_start));
        q.unwrap_or_else(|| panic!("no quote {quote_start:?} in {:?}", doc.quotes))
            .speaker
            .as_ref()
            .map(|s| s.text.clone())
    }

    fn name_of(text: &str, quote_start: &str) -> Option<String> {
        let doc = run(text);
        let q = doc
            .quotes
            .iter()
            .find(|q| q.text.starts_with(quote_start))?;
        q.speaker.as_ref().and_then(|s| s.name.clone())
    }

    #[test]
    fn speaker_after_the_quote() {
        let t = "“We will build the bridge this year,” Mayor Ana Ortiz said on Monday.";
        assert_eq!(speaker_of(t, "We will").as_deref(), Some("Mayor Ana Ortiz"));
        let t = "“The vote is rigged,” said Sen. Paul Drummond, a Republican from Ohio.";
        assert_eq!(
            speaker_of(t, "The vote").as_deref(),
            Some("Sen. Paul Drummond")
        );
        let t = "“Nobody asked us,” said former city councilman Leo Grant.";
        assert_eq!(
            speaker_of(t, "Nobody").as_deref(),
            Some("former city councilman Leo Grant")
        );
        let t = "“It was a mistake,” Ortiz, who chairs the panel, told reporters.";
        assert_eq!(speaker_of(t, "It was").as_deref(), Some("Ortiz"));
    }

    #[test]
    fn speaker_before_the_quote() {
        let t = "Ana Ortiz said: “The bridge will open in May.”";
        assert_eq!(speaker_of(t, "The bridge").as_deref(), Some("Ana Ortiz"));
        let t = "Ortiz told reporters that the plan was “dead on arrival.”";
        assert_eq!(speaker_of(t, "dead").as_deref(), Some("Ortiz"));
        let t = "Ortiz described relations with the council as “rocky but improving.”";
        assert_eq!(speaker_of(t, "rocky").as_deref(), Some("Ortiz"));
        let t = "The governor later wrote that the budget was “a fantasy.”";
        assert_eq!(speaker_of(t, "a fantasy").as_deref(), Some("The governor"));
        let t = "Drummond, calling his rival “a fraud,” left the stage.";
        assert_eq!(speaker_of(t, "a fraud").as_deref(), Some("Drummond"));
    }

    #[test]
    fn according_to_and_colon_introductions() {
        let t = "The talks collapsed, and the deal is “off the table for now,” according to a statement from Interfax.";
        assert_eq!(
            speaker_of(t, "off the table").as_deref(),
            Some("a statement from Interfax")
        );
        let t = "According to Ortiz, “the money is already spent.”";
        assert_eq!(speaker_of(t, "the money").as_deref(), Some("Ortiz"));
        let t = "The minister put it bluntly: “There will be no second vote.”";
        assert_eq!(speaker_of(t, "There will").as_deref(), Some("The minister"));
        // A speaker who says something and is then quoted by a document: the speaker wins.
        let t = "Drummond called the vote fair, stating that “nobody was turned away,” according to a statement issued by the party.";
        assert_eq!(speaker_of(t, "nobody").as_deref(), Some("Drummond"));
    }

    #[test]
    fn cue_verbs_added_noted_replied_insisted() {
        for verb in [
            "added", "noted", "replied", "insisted", "wrote", "argued", "warned",
        ] {
            let t = format!("“We are not done yet,” Ortiz {verb}.");
            assert_eq!(speaker_of(&t, "We are").as_deref(), Some("Ortiz"), "{verb}");
        }
    }

    #[test]
    fn pronouns_and_descriptions_resolve_to_names() {
        let t = "Governor Maria Lindqvist signed the bill on Friday. “This is a good day for the state,” she said.";
        assert_eq!(speaker_of(t, "This is").as_deref(), Some("she"));
        assert_eq!(name_of(t, "This is").as_deref(), Some("Maria Lindqvist"));
        let t = "President Tomas Varga met the press. When asked about the strike, Varga said he would act. “I will not wait for them,” the president replied.";
        assert_eq!(speaker_of(t, "I will").as_deref(), Some("the president"));
        assert_eq!(name_of(t, "I will").as_deref(), Some("Tomas Varga"));
        let t = "Varga’s foreign policy adviser Ilona Kis spoke later. “Nothing has changed,” Varga’s foreign policy adviser said.";
        assert_eq!(
            speaker_of(t, "Nothing").as_deref(),
            Some("Varga’s foreign policy adviser")
        );
        assert_eq!(name_of(t, "Nothing").as_deref(), Some("Ilona Kis"));
        let t = "Tomas Varga spoke first. “We are ready,” Varga said.";
        assert_eq!(name_of(t, "We are").as_deref(), Some("Tomas Varga"));
    }

    #[test]
    fn consecutive_quote_paragraphs_keep_their_speaker() {
        let t = "“We will not sign this,” the minister said.\n\n“The terms are unfair. Our farmers lose.\n\n“And we will say so in Brussels.”\n\nThe talks resume on Monday.";
        let a = attributions(t);
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[0].2.as_deref(), Some("the minister"));
        assert!(a[1].0.starts_with("The terms are unfair") && a[1].0.ends_with("Brussels."));
        assert_eq!(a[1].2.as_deref(), Some("the minister"));
        // A quote paragraph after a sentence that names its speaker.
        let t = "Ana Ortiz was blunt when she spoke to the council on Tuesday evening.\n\n“You have failed this city, and you know it.”";
        assert_eq!(name_of(t, "You have").as_deref(), Some("Ana Ortiz"));
    }

    #[test]
    fn next_sentence_names_the_speaker() {
        let t =
            "The board met at noon.\n\n“We are done with this plan for good.” Ortiz said so twice.";
        assert_eq!(speaker_of(t, "We are").as_deref(), Some("Ortiz"));
    }

    #[test]
    fn previous_sentence_cue() {
        let t = "Ortiz then turned to the budget. She added that cuts were coming. “Every department will feel it.”";
        assert_eq!(speaker_of(t, "Every").as_deref(), Some("She"));
    }

    #[test]
    fn kinds_of_quotes() {
        let t = "Supporters in red caps chanted ‘Make America Great Again’ outside.";
        assert_eq!(attributions(t)[0].1, QuoteKind::Title);
        let t = "The two neighbours now share a partnership with “no limits” in trade.";
        let a = attributions(t);
        assert_eq!(a[0].1, QuoteKind::Scare);
        assert_eq!(a[0].2, None);
        let t = "Ortiz repeated the word “resilience” six times.";
        assert_eq!(attributions(t)[0].1, QuoteKind::Term);
        let t = "Drummond was calling his opponent “an abuser” all week.";
        let a = attributions(t);
        assert_eq!(a[0].1, QuoteKind::Speech);
        assert_eq!(a[0].2.as_deref(), Some("Drummond"));
    }

    #[test]
    fn single_quotes_and_apostrophes() {
        let t = "If the city doesn’t pay, ‘the workers’ union is going to strike,’ Ortiz said on the ’90s-style stage.";
        let a = attributions(t);
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].0, "the workers’ union is going to strike,");
        assert_eq!(a[0].2.as_deref(), Some("Ortiz"));
    }

    #[test]
    fn nested_quotes_are_not_speech_of_their_own() {
        let t = "“They called it ‘a done deal’ before we even met,” Ortiz said.";
        let a = attributions(t);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].2.as_deref(), Some("Ortiz"));
        assert_ne!(a[1].1, QuoteKind::Speech);
    }

    #[test]
    fn offsets_with_emoji_and_cjk() {
        let t = "“Nobody listens to us anymore.” ― Carla Ruiz\n“It is a disgrace.” — Tom Bell, 45, Ohio";
        let a = attributions(t);
        assert_eq!(a[0].2.as_deref(), Some("Carla Ruiz"));
        assert_eq!(a[1].2.as_deref(), Some("Tom Bell"));
        let t = "😀 北京 update. “我们准备好了 👍 and ready,” said Li Wei 🇨🇳.";
        let doc = run(t);
        assert_eq!(doc.quotes.len(), 1);
        let q = &doc.quotes[0];
        assert_eq!(q.start, 14);
        assert_eq!(q.speaker.as_ref().map(|s| s.text.as_str()), Some("Li Wei"));
    }

    #[test]
    fn never_panics_on_random_mixtures() {
        // Deterministic pseudo-random strings over marks, words, breaks and wide characters.
        let pieces = [
            "“",
            "”",
            "\"",
            "'",
            "‘",
            "’",
            "„",
            "«",
            "»",
            "''",
            " ",
            "\n",
            "\n\n",
            "said",
            "Ortiz",
            "he",
            ",",
            ".",
            ":",
            "—",
            "according",
            "to",
            "the",
            "president",
            "who",
            "<a x=\"",
            ">",
            "😀",
            "北京",
            "e\u{301}",
            "s’",
            "’90s",
            "Mr.",
            "(",
            ")",
            "-",
            "told",
            "calling",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..1500 {
            let mut t = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let _ = run(&t);
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "",
            "“",
            "”",
            "\"",
            "'",
            "“”",
            "said",
            "“a” said",
            ": “",
            "\n\n“\n\n“x",
            "<tweet a=\"“\">",
            "“x,” said",
            "according to",
            "“x” according to",
            "he said: “",
            "\u{301}“\u{301}”",
        ] {
            let _ = run(t);
        }
    }
}
