//! Unsupported guesses in headings: a web article's section headings are written in title
//! case ("The Bigger Picture: A World in Flux", "My Take: What's Really Happening?"), so
//! every word looks like a name to the tagger, which has little else to go on there. A
//! low-scored one-word name in a heading whose word the article never writes capitalised
//! in its running text, nor tags there, and which the training data does not know as a name
//! ("Flux", "Take"), is dropped; a name the body supports ("Putin Meets Xi" in an article
//! about Putin and Xi), a known name ("U.S.") or one the model is sure of stays.
//!
//! OntoNotes and CoNLL have almost no such headings (their dev annotations do not change),
//! so the rule was judged on pasted pages (the seeds and the article-extraction pages), and
//! kept narrow because lines of capitalised words are often names themselves: a first
//! version that took any title-case line dropped 20 mentions of the extraction pages, 17 of
//! them real (credits of one name per line, "A: Bob Marley, Bruno Mars, Drake",
//! "ITV, ASSOCIATED PRESS"). Now a heading has 3 to `MAX_WORDS` words, every one
//! capitalised but short function words, and no comma, figure or final period, and only
//! one-word names go. Left alone: "TL;DR" (two words), whose "DR" stays a weak GPE.

use super::features::TokInfo;
use super::gazetteer::{self, Gazetteer};
use super::tags;
use super::Mention;
use crate::document::Source;
use crate::text::Token;

/// Longest heading, in words.
const MAX_WORDS: usize = 12;
/// Shortest heading, in words: a line of one or two capitalised words is as often a name
/// on its own (a credit, "NASA Worldview") as a heading.
const MIN_WORDS: usize = 3;

/// Below this score a heading's unsupported name is dropped. On OntoNotes dev, model
/// entities scored 0.5-0.6 are right about two times in three in running text; headings
/// give the model less to go on than that.
const MAX_SCORE: f32 = 0.6;

/// A word a title-case heading leaves in lower case: a small word or a clitic ("of", "’s").
fn is_small(w: &str) -> bool {
    let w = w.to_lowercase().replace('’', "'");
    crate::quotes::kind::TITLE_SMALL.contains(&w.as_str())
}

fn has_letter(w: &str) -> bool {
    w.chars().any(char::is_alphabetic)
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Token ranges of the lines of a text (a line starts at a token after a line break).
fn lines(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate().skip(1) {
        if t.newline_before {
            out.push((start, i));
            start = i;
        }
    }
    if start < tokens.len() {
        out.push((start, tokens.len()));
    }
    out
}

/// Whether the tokens `a..b` form a title-case heading.
fn is_heading(text: &str, tokens: &[Token], (a, b): (usize, usize)) -> bool {
    if tokens[b - 1].text(text) == "." {
        return false;
    }
    let mut words = 0;
    for t in &tokens[a..b] {
        let w = t.text(text);
        // Figures make a line a table row or a dateline ("Chonan 3 0 1", "LONDON 1996-08-30"),
        // whose names `results_tables` and the tagger read; commas make a list of names
        // ("Bob Marley, Bruno Mars, Drake"), not a heading.
        if w == "," || w.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        if has_letter(w) {
            if !capitalised(w) && !is_small(w) {
                return false;
            }
            words += 1;
        }
    }
    (MIN_WORDS..=MAX_WORDS).contains(&words)
}

/// Whether the dictionary learned from the training data has `word` alone as an entity at
/// least half the times it occurs.
fn known_name(gaz: &Gazetteer, word: &str) -> bool {
    let key = gazetteer::fold(gazetteer::extend(gazetteer::SEQ_START, &TokInfo::new(word)));
    gaz.get(key).is_some_and(|e| e.rate >= 2)
}

/// Drops the low-scored names in headings that the running text does not support (see the
/// module comment). `mentions` are over `tokens`.
pub fn drop_unsupported_heading_names(
    text: &str,
    tokens: &[Token],
    gaz: &Gazetteer,
    mentions: &mut Vec<Mention>,
) {
    let mut in_heading = vec![false; tokens.len()];
    let mut any = false;
    for line in lines(tokens) {
        if is_heading(text, tokens, line) {
            in_heading[line.0..line.1]
                .iter_mut()
                .for_each(|h| *h = true);
            any = true;
        }
    }
    if !any {
        return;
    }
    // The candidates: unsure one-word names in headings. Most articles have none, and
    // then nothing more is read.
    let unsure = |m: &Mention| {
        let (a, b) = (m.tok_start, m.tok_end.min(tokens.len()));
        // One word: a name of several words in a heading is the model's reading of a phrase,
        // more often right ("A: Lebron James").
        b == a + 1
            && in_heading[a]
            && m.source == Source::Model
            && m.score < MAX_SCORE
            // Names only: a date or figure in a heading ("2024") is what it says.
            && tags::is_name_label(m.label)
            && !known_name(gaz, tokens[a].text(text))
    };
    let mut candidates: Vec<String> = mentions
        .iter()
        .filter(|m| unsure(m))
        .map(|m| tokens[m.tok_start].text(text).to_lowercase())
        .collect();
    if candidates.is_empty() {
        return;
    }
    // A candidate is supported when the running text writes it capitalised, not first in
    // its sentence or line (where any word is capitalised), or tags it in a name.
    let mut supported = vec![false; candidates.len()];
    let mut support = |w: &str| {
        let w = w.to_lowercase();
        for (c, s) in candidates.iter().zip(supported.iter_mut()) {
            *s |= w == *c;
        }
    };
    for (i, t) in tokens.iter().enumerate() {
        let line_start = i == 0 || t.newline_before;
        let after_stop = i > 0 && matches!(tokens[i - 1].text(text), "." | "!" | "?" | ":");
        if !in_heading[i] && !line_start && !after_stop && capitalised(t.text(text)) {
            support(t.text(text));
        }
    }
    for m in mentions.iter() {
        let (a, b) = (m.tok_start, m.tok_end.min(tokens.len()));
        if a < b && !in_heading[a] && tags::is_name_label(m.label) {
            tokens[a..b].iter().for_each(|t| support(t.text(text)));
        }
    }
    candidates = candidates
        .into_iter()
        .zip(supported)
        .filter_map(|(c, s)| (!s).then_some(c))
        .collect();
    mentions.retain(|m| {
        !(unsure(m) && candidates.contains(&tokens[m.tok_start].text(text).to_lowercase()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    /// A mention over the tokens of `word` (its first occurrence as a whole token).
    fn mention(
        text: &str,
        tokens: &[Token],
        word: &str,
        label: &'static str,
        score: f32,
    ) -> Mention {
        let i = tokens.iter().position(|t| t.text(text) == word).unwrap();
        Mention {
            tok_start: i,
            tok_end: i + 1,
            label,
            score,
            source: Source::Model,
        }
    }

    fn kept(text: &str, ms: &[(&str, &'static str, f32)]) -> Vec<String> {
        let tokens = tokenize(text);
        let mut mentions: Vec<Mention> = ms
            .iter()
            .map(|&(w, l, s)| mention(text, &tokens, w, l, s))
            .collect();
        drop_unsupported_heading_names(text, &tokens, &Gazetteer::default(), &mut mentions);
        mentions
            .iter()
            .map(|m| tokens[m.tok_start].text(text).to_string())
            .collect()
    }

    #[test]
    fn unsupported_low_scored_heading_names_go() {
        let text = "The Bigger Picture: A World in Flux\n\
                    Xi and Putin met in Moscow on Monday, and the world took note.\n\
                    My Take: What’s Really Happening?\n\
                    Putin Meets Xi\n\
                    Take the trade figures: they doubled.";
        let got = kept(
            text,
            &[
                ("Flux", "GPE", 0.57),
                ("Take", "PERSON", 0.46),
                ("Meets", "ORG", 0.3),
                ("Moscow", "GPE", 0.5),
            ],
        );
        // "Take" opens a sentence in the body, which is no evidence of a name.
        assert_eq!(got, ["Moscow"]);
        // A name the training data knows stays (here "Flux", as if it were one).
        let tokens = tokenize(text);
        let mut gaz = Gazetteer::default();
        let flux = gazetteer::fold(gazetteer::extend(
            gazetteer::SEQ_START,
            &TokInfo::new("flux"),
        ));
        gaz.insert(flux, gazetteer::Entry { label: 4, rate: 3 });
        let mut mentions = vec![mention(text, &tokens, "Flux", "GPE", 0.57)];
        drop_unsupported_heading_names(text, &tokens, &gaz, &mut mentions);
        assert_eq!(mentions.len(), 1);
        gaz.insert(flux, gazetteer::Entry { label: 4, rate: 1 });
        drop_unsupported_heading_names(text, &tokens, &gaz, &mut mentions);
        assert!(mentions.is_empty());
        // Supported by the body ("Putin", "Xi"), or confident: kept.
        // "Putin" opens the body's sentence: the body's mention of him is the support.
        let text2 = "Putin Meets Xi\nPutin and Xi met.\nA Talk With Zelenskyy\nThe call was long.";
        let tokens = tokenize(text2);
        let body_putin = Mention {
            tok_start: 3,
            tok_end: 4,
            ..mention(text2, &tokens, "Putin", "PERSON", 0.9)
        };
        assert_eq!(tokens[3].text(text2), "Putin");
        let mut mentions: Vec<Mention> = [("Putin", "PERSON", 0.4), ("Xi", "PERSON", 0.5)]
            .iter()
            .map(|&(w, l, s)| mention(text2, &tokens, w, l, s))
            .chain([
                body_putin,
                mention(text2, &tokens, "Zelenskyy", "PERSON", 0.9),
            ])
            .collect();
        drop_unsupported_heading_names(text2, &tokens, &Gazetteer::default(), &mut mentions);
        let names: Vec<&str> = mentions
            .iter()
            .map(|m| tokens[m.tok_start].text(text2))
            .collect();
        assert_eq!(mentions.len(), 4, "{names:?}");
        // Without it, the heading's unsure "Putin" goes.
        mentions.remove(2);
        drop_unsupported_heading_names(text2, &tokens, &Gazetteer::default(), &mut mentions);
        assert_eq!(mentions.len(), 2);
    }

    #[test]
    fn running_text_and_sentences_are_not_headings() {
        // A line with lower case words, or one ending in a period, is running text; a
        // line with figures is a table row or a dateline.
        let text = "Officials said Flux rose.\nThe Team Met In Flux.\nChonan 3 Pohang 1";
        let got = kept(text, &[("Flux", "ORG", 0.3), ("Chonan", "GPE", 0.3)]);
        assert_eq!(got, ["Flux", "Chonan"]);
        // Lists of names, lines of one or two words, and names of several words stay.
        let text = "A: Bob Marley, Bruno Mars, Drake\nNASA Worldview\nA: The Best of Lebron James";
        let tokens = tokenize(text);
        let mut mentions = vec![
            mention(text, &tokens, "Drake", "PERSON", 0.3),
            mention(text, &tokens, "NASA", "ORG", 0.3),
            Mention {
                tok_end: tokens.len(),
                ..mention(text, &tokens, "Lebron", "PERSON", 0.3)
            },
        ];
        drop_unsupported_heading_names(text, &tokens, &Gazetteer::default(), &mut mentions);
        assert_eq!(mentions.len(), 3);
        // CRLF line ends, emoji and CJK before the heading: token offsets are code points,
        // and the line logic reads only tokens.
        let text = "🙂 漢字 notes here.\r\nA World in Flux\r\nNothing else.";
        let got = kept(text, &[("Flux", "GPE", 0.5)]);
        assert!(got.is_empty());
    }
}
