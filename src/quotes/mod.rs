//! Direct quotations and who said them.
//!
//! `marks` finds the quoted stretches; `speaker` chooses each quote's speaker and cue (with
//! helpers: `cues` word lists, `mentions` speaker phrases, `coref` names and entities behind
//! a mention, `kind` speech versus scare quote, title or term; `turns` the speaker labels of
//! interview transcripts).

pub mod coref;
pub mod cues;
pub mod kind;
pub mod marks;
pub mod mentions;
pub mod speaker;
pub mod turns;

use crate::document::{Entity, Quote};
use crate::text::{Sentence, Token};

/// Finds the quotes of `text` and attributes each speech quote to a speaker.
/// Quotes come back sorted by start, with ids `q1`, `q2`, ... in text order.
pub fn find(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    entities: &[Entity],
) -> Vec<Quote> {
    let spans = marks::find_quoted(text);
    let turns = turns::find_turns(text);
    if spans.is_empty() && turns.is_empty() {
        // Nothing quoted: skip building the word and name indexes.
        return Vec::new();
    }
    let mut quotes = speaker::attribute(text, tokens, sentences, entities, &spans, &turns);
    for (i, q) in quotes.iter_mut().enumerate() {
        q.id = format!("q{}", i + 1);
    }
    quotes
}
