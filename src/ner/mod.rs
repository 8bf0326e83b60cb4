//! Named-entity tagging: labels are the 18 OntoNotes types with spaCy's names.
//!
//! The tagger is an averaged perceptron over BILOU tags (`tags`), decoded left to right with
//! a small beam (`tagger`, one step of the search in `beam`) and trained with the same beam
//! (`beam_train`, early updates), with hashed features of each token and its neighbours
//! (`features`), a name dictionary (`gazetteer`) and word clusters (`clusters`) learned from
//! the training data, and the tags already chosen, on our tokens with inner hyphens split off
//! (`subtokens`). `history` gives each word the labels it got earlier in the document.
//! `tagger` decodes, `consistency` shares evidence between mentions of one name in a
//! document, `units` joins a number to the unit or currency after it ("61 hectares"), and
//! `results_tables` makes the places that stand as teams in sports results organisations,
//! `dates` makes "2024-03-15" one DATE, a year after "in" or "since" a DATE, and joins a
//! year split off its date ("Feb. 4" + "2022"); `headings` drops the unsure one-word names
//! of title-case headings that nothing in the article supports ("A World in Flux").
//! `type_cache` keeps each word type's summed single-token weights (those of the
//! `common_words` once per model). The model (`model_file`) is embedded in the binary and the
//! WASM module and parsed once; if it cannot be read, `rules` (the old hand-written tagger)
//! stands in.
//! Weights are 8-bit integers after loading (`perceptron::Frozen`, one scale per model); `Frozen::thaw`, `Perceptron::update`
//! and `Perceptron::freeze` allow learning online from a person's corrections.
//! Training (`train`, native only): `newsmark train ner` (see models/MODEL_CARD.md): a
//! teacher on OntoNotes alone refines CoNLL-2003's labels and tags unlabelled news (silver),
//! final models train on all of it, and the shipped weights average teachers and finals.

pub mod beam;
#[cfg(not(target_arch = "wasm32"))]
pub mod beam_train;
pub mod clusters;
pub mod common_words;
pub mod consistency;
pub mod dates;
pub mod doc_infos;
pub mod features;
pub mod gazetteer;
pub mod headings;
pub mod history;
pub mod model_file;
pub mod perceptron;
pub mod results_tables;
pub mod rules;
pub mod subtokens;
pub mod tagger;
pub mod tags;
#[cfg(not(target_arch = "wasm32"))]
pub mod train;
pub mod type_cache;
pub mod units;

use crate::document::{Entity, Source, Status};
use crate::text::{Sentence, Token};
use std::sync::OnceLock;

pub const LABELS: [&str; 18] = [
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
];

/// Dates, times, amounts and numbers (the labels whose spans are figures, not names).
pub fn is_numeric(label: &str) -> bool {
    matches!(
        label,
        "DATE" | "TIME" | "PERCENT" | "MONEY" | "QUANTITY" | "ORDINAL" | "CARDINAL"
    )
}

/// An entity before ids are assigned: token range, label, score, source.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub tok_start: usize,
    pub tok_end: usize,
    pub label: &'static str,
    pub score: f32,
    pub source: Source,
}

/// Tags `text` (already tokenized and split into sentences). Entities come back sorted by
/// start, non-overlapping, with ids `e1`, `e2`, ... in text order.
pub fn tag(text: &str, tokens: &[Token], sentences: &[Sentence]) -> Vec<Entity> {
    match model() {
        Ok(m) => tag_with(m, text, tokens, sentences),
        // Without a usable model the rules still give the page something to show.
        Err(_) => to_entities(text, tokens, rules::tag(text, tokens, sentences)),
    }
}

/// Tags with a given model (the embedded one, or one being trained or evaluated).
pub fn tag_with(
    model: &model_file::Model,
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
) -> Vec<Entity> {
    // The tagger works on its own tokens (hyphenated words split, see `subtokens`).
    let split = subtokens::split_hyphens(text, tokens, sentences);
    let (tokens, sentences) = match &split {
        Some((t, s)) => (t.as_slice(), s.as_slice()),
        None => (tokens, sentences),
    };
    let mut mentions = tagger::tag_document(model, text, tokens, sentences);
    units::attach_units(text, tokens, &mut mentions);
    units::drop_lone_currencies(text, tokens, &mut mentions);
    headings::drop_unsupported_heading_names(text, tokens, &model.gazetteer, &mut mentions);
    results_tables::teams_in_results(text, tokens, &mut mentions);
    dates::mark_iso_dates(text, tokens, &mut mentions);
    dates::years_after_prepositions(text, tokens, &mut mentions);
    let mut entities = to_entities(text, tokens, mentions);
    trim_sentence_final_periods(text, tokens, &mut entities);
    dates::join_year_to_date(text, tokens, &mut entities);
    entities
}

/// Words that, capitalised after an abbreviation's period, show that the period also ended
/// the sentence ("... Mazda Motor Corp. The new ...").
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "in",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "there",
    "as",
    "at",
    "for",
    "on",
    "so",
    "if",
    "after",
    "when",
    "what",
    "some",
    "however",
    "all",
    "to",
    "with",
    "now",
    "his",
    "her",
    "its",
    "their",
    "our",
    "mr.",
    "mrs.",
    "ms.",
    "while",
    "since",
    "meanwhile",
    "then",
    "also",
    "still",
    "yet",
    "many",
    "most",
    "both",
    "no",
    "by",
    "from",
    "during",
    "although",
    "because",
    "here",
    "according",
    "one",
    "last",
];

/// Opening quotes, which start a sentence when a capital follows them.
const OPENING_QUOTES: &[&str] = &["“", "\"", "‘"];

/// Titles that follow a company's name without starting a sentence ("Chrysler Corp.
/// Chairman Lee A. Iacocca"): in OntoNotes train, such a company keeps its period 17 times
/// of 17.
const TITLES_AFTER_COMPANIES: &[&str] = &[
    "president",
    "chairman",
    "chairwoman",
    "chief",
    "vice",
    "executive",
    "director",
    "spokesman",
    "spokeswoman",
    "official",
    "officials",
    "treasurer",
    "secretary",
    "analyst",
];

/// Abbreviations that end company names and US state names: a capitalised word after them
/// starts a new sentence far more often than it continues the name ("... Toyota Motor Corp.
/// Lexus sales were ...", "Palo Alto, Calif. Terms were not disclosed").
const NAME_FINAL_ABBREVIATIONS: &[&str] = &[
    "corp.", "inc.", "co.", "cos.", "ltd.", "plc.", "bros.", "s.a.", "n.v.", "a.g.", "l.p.",
    "ala.", "ariz.", "ark.", "calif.", "colo.", "conn.", "del.", "fla.", "ga.", "ill.", "ind.",
    "kan.", "ky.", "la.", "mass.", "md.", "mich.", "minn.", "miss.", "mo.", "mont.", "neb.",
    "nev.", "n.h.", "n.j.", "n.m.", "n.y.", "n.c.", "n.d.", "okla.", "ore.", "pa.", "r.i.", "s.c.",
    "s.d.", "tenn.", "tex.", "va.", "vt.", "wash.", "wis.", "w.va.", "wyo.", "d.c.",
];

/// The treebank convention of the training data ends a sentence-final abbreviation without
/// its period ("Corp" + "."); our tokenizer keeps "Corp." whole. Where the next word shows that
/// a new sentence starts, the entity ends before the period.
fn trim_sentence_final_periods(text: &str, tokens: &[Token], entities: &mut [Entity]) {
    for e in entities.iter_mut() {
        let i = tokens.partition_point(|t| t.end < e.end);
        let Some(last) = tokens.get(i) else {
            continue;
        };
        let word = last.text(text);
        // A list item's number ("1. Buy a new car"), whether or not "1." is one token.
        let item_number = e.text.len() >= 2
            && e.text.ends_with('.')
            && e.text[..e.text.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_digit());
        if last.end != e.end || !word.ends_with('.') || (word.chars().count() < 2 && !item_number) {
            continue;
        }
        // The end of the text ends the sentence too.
        let next_word = tokens.get(i + 1).map_or(".", |next| next.text(text));
        let capital = next_word.chars().next().is_some_and(|c| !c.is_lowercase());
        let lower = next_word.to_lowercase();
        let word_lower = word.to_lowercase();
        let ends_name = NAME_FINAL_ABBREVIATIONS.contains(&word_lower.as_str())
            && next_word.chars().next().is_some_and(char::is_alphabetic)
            && !NAME_FINAL_ABBREVIATIONS.contains(&lower.as_str())
            && !TITLES_AFTER_COMPANIES.contains(&lower.as_str());
        // An opening quote starts a sentence when a capital follows it: in OntoNotes train,
        // 47 of 49 abbreviations before a quote and a capital end the sentence, and the 4
        // before a quote and a lower-case word ("the U.S. “derivatives” market") do not.
        let quote = OPENING_QUOTES.contains(&next_word);
        let quoted_capital = tokens
            .get(i + 2)
            .and_then(|t| t.text(text).chars().next())
            .is_some_and(char::is_uppercase);
        let starts_sentence = SENTENCE_STARTERS.contains(&lower.as_str())
            || (quote && quoted_capital)
            || ends_name
            || item_number
            || tokens.get(i + 1).is_none();
        if capital && starts_sentence && e.text.ends_with('.') {
            e.end -= 1;
            e.text.pop();
        }
    }
}

/// The model shipped inside the binary (and the WASM module), so nothing is fetched at run time.
static MODEL_BYTES: &[u8] = include_bytes!("../../models/ner.bin");

/// The embedded model, parsed once on first use. A corrupt file is an error, not a panic.
pub fn model() -> Result<&'static model_file::Model, &'static str> {
    static MODEL: OnceLock<Result<model_file::Model, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| model_file::read(MODEL_BYTES))
        .as_ref()
        .map_err(String::as_str)
}

/// Turns token-range mentions into Document entities (code point offsets, ids in text order).
pub fn to_entities(text: &str, tokens: &[Token], mut mentions: Vec<Mention>) -> Vec<Entity> {
    mentions.sort_by_key(|m| (m.tok_start, m.tok_end));
    mentions
        .into_iter()
        .filter(|m| m.tok_start < m.tok_end && m.tok_end <= tokens.len())
        .enumerate()
        .map(|(i, m)| {
            let (a, b) = (&tokens[m.tok_start], &tokens[m.tok_end - 1]);
            Entity {
                id: format!("e{}", i + 1),
                start: a.start,
                end: b.end,
                label: m.label.to_string(),
                text: text[a.bstart..b.bend].to_string(),
                score: m.score,
                source: m.source,
                status: Status::Suggested,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{split_sentences, tokenize};

    fn run(text: &str) -> Vec<(String, String)> {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        tag(text, &tokens, &sentences)
            .into_iter()
            .map(|e| (e.text, e.label))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn embedded_model_loads_and_tags_a_sentence() {
        let m = model().expect("the embedded model loads");
        assert!(m.weights.n_weights() > 10_000);
        assert!(!m.gazetteer.is_empty());
        assert_eq!(
            run("Vladimir Putin met Xi Jinping in Beijing on Monday."),
            pairs(&[
                ("Vladimir Putin", "PERSON"),
                ("Xi Jinping", "PERSON"),
                ("Beijing", "GPE"),
                ("Monday", "DATE"),
            ])
        );
    }

    #[test]
    fn scores_are_probabilities_and_entities_are_well_formed() {
        let text = "Apple Inc. said on Tuesday that sales in China rose 12% to $4.5 billion, \
                    the company’s third record quarter. Tim Cook didn’t comment.";
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        let ents = tag(text, &tokens, &sentences);
        assert!(!ents.is_empty());
        let chars: Vec<char> = text.chars().collect();
        for w in ents.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        for e in &ents {
            assert!((0.0..=1.0).contains(&e.score), "{e:?}");
            assert!(e.start < e.end && e.end <= chars.len());
            assert_eq!(chars[e.start..e.end].iter().collect::<String>(), e.text);
            assert_ne!(e.text, "n’t");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            " ",
            ".",
            "’s",
            "\u{301}",
            "A.",
            "Mr. .",
            "$",
            "1 2 3 4 5 6 7 8 9",
        ] {
            let _ = run(text);
        }
        let long = "Putin ".repeat(3000);
        assert!(!run(&long).is_empty());
    }

    /// A model entity over the first occurrence of `s` in `text` (an ASCII text: byte and
    /// code point offsets agree).
    fn entity(text: &str, s: &str, label: &str) -> Entity {
        let start = text.find(s).unwrap_or(0);
        Entity {
            id: "e".into(),
            start,
            end: start + s.len(),
            label: label.into(),
            text: s.into(),
            score: 0.9,
            source: Source::Model,
            status: Status::Suggested,
        }
    }

    #[test]
    fn sentence_final_abbreviation_loses_its_period() {
        let text = "He joined Mazda Motor Corp. The firm grew. Daiwa Securities Co. Ltd. rose.";
        let tokens = tokenize(text);
        let mut ents = vec![
            entity(text, "Mazda Motor Corp.", "ORG"),
            entity(text, "Daiwa Securities Co.", "ORG"),
        ];
        let end = ents[0].end;
        trim_sentence_final_periods(text, &tokens, &mut ents);
        assert_eq!(ents[0].text, "Mazda Motor Corp");
        assert_eq!(ents[0].end, end - 1);
        // "Ltd." does not start a sentence: the period stays.
        assert_eq!(ents[1].text, "Daiwa Securities Co.");
    }

    #[test]
    fn company_and_state_abbreviations_before_a_capital_lose_their_period() {
        let text = "Sales of Toyota Motor Corp. Lexus rose in Troy, Mich. Prices: 1. Cars fell. \
                    It cost $5 at Acme Inc. (the maker) in the U.S. Senate. Made in Palo Alto, Calif.";
        let tokens = tokenize(text);
        let ent = |s: &str| entity(text, s, "ORG");
        let mut ents: Vec<Entity> = [
            "Toyota Motor Corp.",
            "Mich.",
            "1.",
            "Acme Inc.",
            "U.S.",
            "Calif.",
        ]
        .into_iter()
        .map(ent)
        .collect();
        trim_sentence_final_periods(text, &tokens, &mut ents);
        let texts: Vec<&str> = ents.iter().map(|e| e.text.as_str()).collect();
        // A parenthesis and a name after "U.S." continue the sentence; the text's end ends it.
        assert_eq!(
            texts,
            [
                "Toyota Motor Corp",
                "Mich",
                "1",
                "Acme Inc.",
                "U.S.",
                "Calif"
            ]
        );
    }

    #[test]
    fn titles_and_quoted_lower_case_words_keep_the_period() {
        let text = "Former CBS Inc. President John Backe said the U.S. “derivatives” market \
                    grew. Ask the U.S. “What now?” Then ask Acme Inc. “Why?”";
        let tokens = tokenize(text);
        // The `n`-th occurrence of `s`, with code point offsets (the quotes are not ASCII).
        let nth = |s: &str, n: usize| {
            let (b, _) = text.match_indices(s).nth(n).unwrap();
            let start = text[..b].chars().count();
            Entity {
                start,
                end: start + s.chars().count(),
                ..entity(text, s, "ORG")
            }
        };
        let mut ents = vec![
            nth("CBS Inc.", 0),
            nth("U.S.", 0),
            nth("U.S.", 1),
            nth("Acme Inc.", 0),
        ];
        trim_sentence_final_periods(text, &tokens, &mut ents);
        let texts: Vec<&str> = ents.iter().map(|e| e.text.as_str()).collect();
        // Before a quote and a capital, the abbreviation ends its sentence.
        assert_eq!(texts, ["CBS Inc.", "U.S.", "U.S", "Acme Inc"]);
    }

    #[test]
    fn a_year_split_off_a_date_joins_it() {
        let text = "Signed on Feb. 4, 2022, and on May 5, 120 people came.";
        let tokens = tokenize(text);
        let ent = |s: &str, label: &str| entity(text, s, label);
        let mut ents = vec![
            ent("Feb. 4", "DATE"),
            ent("2022", "CARDINAL"),
            ent("May 5", "DATE"),
            ent("120", "CARDINAL"),
        ];
        dates::join_year_to_date(text, &tokens, &mut ents);
        let got: Vec<(&str, &str)> = ents
            .iter()
            .map(|e| (e.text.as_str(), e.label.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Feb. 4, 2022", "DATE"),
                ("May 5", "DATE"),
                ("120", "CARDINAL")
            ]
        );
        assert_eq!(ents[0].end, text.find(", and").unwrap_or(0));
        // Found by fuzzing: anything but one space after the comma keeps them apart, since
        // the joined text would not be the document's.
        let text = "Signed on Feb. 4,)2022 at noon.";
        let tokens = tokenize(text);
        let mut ents = vec![
            entity(text, "Feb. 4", "DATE"),
            entity(text, "2022", "CARDINAL"),
        ];
        dates::join_year_to_date(text, &tokens, &mut ents);
        assert_eq!(ents.len(), 2);
    }
}
