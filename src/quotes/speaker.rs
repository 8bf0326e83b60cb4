//! Chooses each quote's speaker and cue: a PERSON or ORG entity in the same sentence, next to
//! a speech verb when there is one.

use super::marks::Quoted;
use crate::document::{Entity, Quote, QuoteKind, Source, Speaker, Status, TextSpan};
use crate::text::{offsets::CharIndex, Sentence, Token};

const CUES: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "noted",
    "wrote",
    "replied",
    "insisted",
    "stated",
    "stating",
    "asked",
    "explained",
    "argued",
    "declared",
    "according",
];

pub fn attribute(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    entities: &[Entity],
    spans: &[Quoted],
) -> Vec<Quote> {
    let idx = CharIndex::new(text);
    spans
        .iter()
        .map(|q| {
            let quoted = idx.slice(text, q.start, q.end).to_string();
            let words = quoted.split_whitespace().count();
            let sent = sentences
                .iter()
                .find(|s| s.start <= q.start && q.start < s.end.max(s.start + 1));
            let (s_start, s_end) = sent.map_or((q.start, q.end), |s| (s.start, s.end));
            let cue = tokens
                .iter()
                .filter(|t| {
                    t.start >= s_start && t.end <= s_end && (t.end <= q.start || t.start >= q.end)
                })
                .find(|t| CUES.contains(&t.text(text).to_lowercase().as_str()));
            let speaker = entities
                .iter()
                .filter(|e| {
                    (e.label == "PERSON" || e.label == "ORG")
                        && e.start >= s_start
                        && e.end <= s_end
                })
                .filter(|e| e.end <= q.start || e.start >= q.end)
                .min_by_key(|e| {
                    cue.map_or(0, |c| (e.start as isize - c.start as isize).unsigned_abs())
                });
            let kind = if cue.is_some() || words >= 5 {
                QuoteKind::Speech
            } else {
                QuoteKind::Scare
            };
            Quote {
                id: String::new(),
                start: q.start,
                end: q.end,
                text: quoted,
                kind,
                speaker: speaker
                    .filter(|_| kind == QuoteKind::Speech)
                    .map(|e| Speaker {
                        start: e.start,
                        end: e.end,
                        text: e.text.clone(),
                        entity: Some(e.id.clone()),
                        name: Some(e.text.clone()),
                    }),
                cue: cue.map(|t| TextSpan {
                    start: t.start,
                    end: t.end,
                    text: t.text(text).to_string(),
                }),
                score: 0.5,
                source: Source::Rule,
                status: Status::Suggested,
            }
        })
        .collect()
}
