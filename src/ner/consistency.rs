//! Document-level consistency: a name the model tagged confidently once informs the other
//! mentions of the same name in the document. "Vladimir Putin" tagged PERSON makes a later
//! "Putin" (and "Vladimir Putin") PERSON too, even where the local context alone was unclear
//! (a sentence start, a headline, a list).
//!
//! Only names are propagated (not dates or numbers), matching is on the exact (cased) token
//! sequence, and an existing mention is only relabelled when the document's evidence for the
//! other label is stronger than the mention's own confidence.

use super::doc_infos::TokSeq;
use super::features::{hash_str, TokInfo};
use super::tags::label_index;
use super::{is_numeric, Mention, LABELS};
use crate::document::Source;
use crate::text::Sentence;
use std::collections::HashMap;

/// Labels that are names (propagated); the rest (titles, dates, numbers...) depend on context.
fn is_name(label: &str) -> bool {
    label != "WORK_OF_ART" && super::tags::is_name_label(label)
}

/// Names that end a date or number they seem to run into ("on Jan. 20, Trump told ...").
/// Places and nationalities do not: they belong inside amounts ("716 million US dollars",
/// "41.4 billion Canadian dollars").
fn cuts_numbers(label: &str) -> bool {
    matches!(label, "PERSON" | "ORG")
}

/// Mentions below this confidence do not vote.
const MIN_ANCHOR: f32 = 0.6;
/// Weight of a part of a full PERSON name, against 0.5 for a lone word's own mention.
const FULL_NAME_PART: f32 = 16.0;
/// Longest name (in tokens) that is propagated.
const MAX_LEN: usize = 6;

/// Whether a token next to a candidate mention makes it part of something longer: another
/// capitalised word ("Cie. Financiere de Paribas"), a number ("S&P 500") or a hyphen
/// ("Israeli-Palestinian", "House-Senate", where the tagger's own choice stands).
fn joins(t: &TokInfo) -> bool {
    let number = !t.cap && !t.all_lower && !t.punct;
    t.cap || number || t.word == *HYPHEN
}

static HYPHEN: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| hash_str("-"));

/// A key for the word sequence of tokens `a..b`.
fn seq_key<S: TokSeq + ?Sized>(infos: &S, a: usize, b: usize) -> u64 {
    (a..b).fold(0x243f_6a88_85a3_08d3u64, |h, i| {
        let z = (h.rotate_left(11) ^ infos.at(i).word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        z ^ (z >> 31)
    })
}

/// Applies the document's evidence to `mentions` (sorted or not); returns them sorted.
/// `sentences` tell which tokens are in a headline (a sentence without a lower case word).
pub fn apply<S: TokSeq + ?Sized>(
    infos: &S,
    sentences: &[Sentence],
    mut mentions: Vec<Mention>,
) -> Vec<Mention> {
    // Votes: token sequence -> score mass per label.
    let mut votes: HashMap<u64, [f32; LABELS.len()]> = HashMap::new();
    let mut add_vote = |key: u64, label: usize, w: f32| {
        votes.entry(key).or_insert([0.0; LABELS.len()])[label] += w;
    };
    let person = label_index("PERSON").unwrap_or(0);
    for m in &mentions {
        let (a, b) = (m.tok_start, m.tok_end);
        if m.score < MIN_ANCHOR || !is_name(m.label) || b > infos.len() || b - a > MAX_LEN {
            continue;
        }
        let Some(l) = label_index(m.label) else {
            continue;
        };
        // A single word is weaker evidence than a full name: "Trump" alone may be a company,
        // "Donald Trump" tagged PERSON settles it for the document.
        let weight = if b - a == 1 { 0.5 } else { 1.0 };
        add_vote(seq_key(infos, a, b), l, weight * m.score);
        // Parts of a person's full name refer to the same person ("Putin", "Xi"), and they
        // outweigh the word's lone mentions: a model unsure of a new surname tends to make
        // the same mistake at each of them ("Trump" as a company), while "Donald Trump" is
        // unambiguous.
        // Not the parts of a hyphenated name ("Ben-Ami", "Marie-Louise").
        let hyphenated = (a..b).any(|t| infos.at(t).word == *HYPHEN);
        if l == person && b - a >= 2 && !hyphenated {
            for t in [a, b - 1] {
                if infos.at(t).cap {
                    add_vote(seq_key(infos, t, t + 1), l, FULL_NAME_PART * m.score);
                }
            }
        }
    }
    if votes.is_empty() {
        return mentions;
    }
    let best = |key: u64| -> Option<(usize, f32, f32)> {
        let v = votes.get(&key)?;
        let total: f32 = v.iter().sum();
        let (l, &w) = v.iter().enumerate().max_by(|x, y| x.1.total_cmp(y.1))?;
        Some((l, w, w / total.max(1e-9)))
    };
    // A date or number does not run through a word the document knows as a name
    // ("on Jan. 20, Trump told ..." is not one DATE): cut it before that word, and drop the
    // punctuation left at its end.
    for m in mentions.iter_mut() {
        // Only dates, times, amounts and numbers are cut: titles (WORK_OF_ART) keep the
        // names inside them ("The Cosby Show").
        if !is_numeric(m.label) || m.tok_end > infos.len() {
            continue;
        }
        let cut = (m.tok_start + 1..m.tok_end).find(|&t| {
            infos.at(t).cap
                && best(seq_key(infos, t, t + 1)).is_some_and(|(l, w, share)| {
                    cuts_numbers(LABELS[l]) && share > 0.5 && w >= MIN_ANCHOR
                })
        });
        if let Some(mut end) = cut {
            while end > m.tok_start && infos.at(end - 1).punct {
                end -= 1;
            }
            m.tok_end = end;
        }
    }
    mentions.retain(|m| m.tok_start < m.tok_end);
    // Token -> whether a mention covers it (a bit per token: a 10 MB paste has two
    // million tokens).
    let mut covered = vec![false; infos.len()];
    for m in &mentions {
        for c in covered.iter_mut().take(m.tok_end).skip(m.tok_start) {
            *c = true;
        }
    }
    // Relabel mentions whose exact token sequence the document votes for more strongly.
    for m in mentions.iter_mut() {
        if !is_name(m.label) || m.tok_end > infos.len() || m.tok_end - m.tok_start > MAX_LEN {
            continue;
        }
        if let Some((l, w, share)) = best(seq_key(infos, m.tok_start, m.tok_end)) {
            // "Chinese" is a language in "in Chinese" and a nationality in "Chinese
            // officials" in the same article: the sentence, not the document, decides.
            let syntactic = matches!(
                (LABELS[l], m.label),
                ("NORP", "LANGUAGE") | ("LANGUAGE", "NORP")
            );
            // The document outvotes the mention only when its label is surer than the
            // mention's own: "Hearst" the company, tagged confidently, stays a company in an
            // article that also names William Randolph Hearst.
            let score = (share * 0.9).min(w).clamp(0.0, 1.0);
            if LABELS[l] != m.label && share > 0.5 && score > m.score && !syntactic {
                m.label = LABELS[l];
                m.score = score;
            }
        }
    }
    split_joined_people(infos, &mut mentions, &best);
    // Add mentions for untagged capitalised occurrences, longest names first.
    let mut added = Vec::new();
    let mut i = 0;
    while i < infos.len() {
        let mut step = 1;
        if !covered[i] && infos.at(i).cap {
            for len in (1..=MAX_LEN.min(infos.len() - i)).rev() {
                if covered[i..i + len].iter().any(|&c| c) {
                    continue;
                }
                let Some((l, w, share)) = best(seq_key(infos, i, i + len)) else {
                    continue;
                };
                // A match inside a longer capitalised run is part of another name, unless it
                // is a part of a confident full name of a person: a headline in title case
                // ("The Trump Factor") is one run.
                let before = i > 0 && joins(infos.at(i - 1)) && !covered[i - 1];
                let after = i + len < infos.len() && joins(infos.at(i + len)) && !covered[i + len];
                let person_part = l == person
                    && w >= FULL_NAME_PART * MIN_ANCHOR
                    && in_headline(infos, sentences, i);
                if (before || after) && !person_part {
                    continue;
                }
                // Nationalities and languages are adjectives as often as names
                // ("Western culture", "in Chinese"): the tagger's local choice stands.
                let adjective = matches!(LABELS[l], "NORP" | "LANGUAGE");
                if share > 0.5 && w >= 0.5 * MIN_ANCHOR && !adjective {
                    added.push(Mention {
                        tok_start: i,
                        tok_end: i + len,
                        label: LABELS[l],
                        score: (share * 0.8).clamp(0.0, 1.0),
                        source: Source::Model,
                    });
                    step = len;
                    break;
                }
            }
        }
        i += step;
    }
    mentions.extend(added);
    mentions.sort_by_key(|m| (m.tok_start, m.tok_end));
    mentions
}

/// Whether token `i` is in a sentence without a lower case word (a headline in title case
/// or capitals).
fn in_headline<S: TokSeq + ?Sized>(infos: &S, sentences: &[Sentence], i: usize) -> bool {
    let k = sentences.partition_point(|s| s.tok_end <= i);
    sentences.get(k).is_some_and(|s| {
        s.tok_start <= i && super::doc_infos::no_lower_case(infos, s.tok_start, s.tok_end)
    })
}

/// Splits a PERSON mention at an inner hyphen when the document knows each side as a person
/// of its own: "the Xi-Putin call" names two people ("Jean-Pierre" has no such evidence).
fn split_joined_people<S: TokSeq + ?Sized>(
    infos: &S,
    mentions: &mut Vec<Mention>,
    best: &dyn Fn(u64) -> Option<(usize, f32, f32)>,
) {
    let person = label_index("PERSON").unwrap_or(0);
    let is_person = |a: usize, b: usize| {
        best(seq_key(infos, a, b)).is_some_and(|(l, w, share)| {
            l == person && share > 0.5 && w >= FULL_NAME_PART * MIN_ANCHOR
        })
    };
    let mut parts = Vec::new();
    for m in mentions.iter_mut() {
        if m.label != "PERSON" || m.tok_end > infos.len() {
            continue;
        }
        let hyphen =
            (m.tok_start + 1..m.tok_end.saturating_sub(1)).find(|&h| infos.at(h).word == *HYPHEN);
        if let Some(h) = hyphen {
            if is_person(m.tok_start, h) && is_person(h + 1, m.tok_end) {
                parts.push(Mention {
                    tok_start: h + 1,
                    ..m.clone()
                });
                m.tok_end = h;
            }
        }
    }
    mentions.extend(parts);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::features::TokInfo;

    fn infos(words: &[&str]) -> Vec<TokInfo> {
        words.iter().map(|w| TokInfo::new(w)).collect()
    }

    fn m(a: usize, b: usize, label: &'static str, score: f32) -> Mention {
        Mention {
            tok_start: a,
            tok_end: b,
            label,
            score,
            source: Source::Model,
        }
    }

    #[test]
    fn full_name_informs_later_mentions() {
        let words = [
            "Vladimir", "Putin", "spoke", ".", "Putin", "left", ".", "Then", "Putin", "said",
        ];
        let out = apply(
            &infos(&words),
            &[],
            vec![m(0, 2, "PERSON", 0.95), m(8, 9, "ORG", 0.3)],
        );
        let labels = spans(&out);
        assert_eq!(
            labels,
            [(0, 2, "PERSON"), (4, 5, "PERSON"), (8, 9, "PERSON")]
        );
        assert!(out.iter().all(|m| (0.0..=1.0).contains(&m.score)));
    }

    #[test]
    fn dates_do_not_swallow_known_names() {
        let words = [
            "Donald", "Trump", "spoke", ".", "On", "Jan.", "20", ",", "Trump", "told", "us",
        ];
        let out = pass(&words, vec![m(0, 2, "PERSON", 0.95), m(5, 10, "DATE", 0.7)]);
        assert_eq!(out, [(0, 2, "PERSON"), (5, 7, "DATE"), (8, 9, "PERSON")]);
        // A title keeps the name inside it.
        let words = [
            "Bill", "Cosby", "spoke", ".", "The", "Cosby", "Show", "ran", ".",
        ];
        let out = pass(
            &words,
            vec![m(0, 2, "PERSON", 0.95), m(4, 7, "WORK_OF_ART", 0.7)],
        );
        assert_eq!(out, [(0, 2, "PERSON"), (4, 7, "WORK_OF_ART")]);
    }

    #[test]
    fn weak_or_numeric_mentions_do_not_spread() {
        let words = ["Monday", "came", ".", "Monday", "went", "."];
        let out = apply(&infos(&words), &[], vec![m(0, 1, "DATE", 0.99)]);
        assert_eq!(out.len(), 1);
        let words = ["Apple", "rose", ".", "Apple", "fell"];
        let out = apply(&infos(&words), &[], vec![m(0, 1, "ORG", 0.3)]);
        assert_eq!(out.len(), 1);
        // Part of a longer capitalised run: not a mention of the name.
        let words = ["Putin", "said", ".", "Putin", "Street", "is", "long"];
        let out = apply(&infos(&words), &[], vec![m(0, 1, "PERSON", 0.9)]);
        assert_eq!(out.len(), 1);
        assert!(apply(&infos(&[]), &[], vec![]).is_empty());
    }

    fn spans(out: &[Mention]) -> Vec<(usize, usize, &'static str)> {
        out.iter()
            .map(|m| (m.tok_start, m.tok_end, m.label))
            .collect()
    }

    /// The document pass over `words` with the tagger's `mentions`, as (start, end, label).
    fn pass(words: &[&str], mentions: Vec<Mention>) -> Vec<(usize, usize, &'static str)> {
        spans(&apply(&infos(words), &[], mentions))
    }

    #[test]
    fn a_language_and_a_nationality_keep_their_own_labels() {
        let words = [
            "Chinese",
            "officials",
            "met",
            ".",
            "Chinese",
            "leaders",
            "spoke",
            "in",
            "Chinese",
        ];
        let tagged = vec![
            m(0, 1, "NORP", 0.99),
            m(4, 5, "NORP", 0.99),
            m(8, 9, "LANGUAGE", 0.6),
        ];
        let out = pass(&words, tagged);
        assert_eq!(out, [(0, 1, "NORP"), (4, 5, "NORP"), (8, 9, "LANGUAGE")]);
        // Other labels still follow the document's vote.
        let words = ["Acme", "Corp", "rose", ".", "Acme", "Corp", "fell"];
        let out = pass(&words, vec![m(0, 2, "ORG", 0.99), m(4, 6, "PERSON", 0.4)]);
        assert_eq!(out, [(0, 2, "ORG"), (4, 6, "ORG")]);
    }

    #[test]
    fn amounts_keep_the_place_or_nationality_of_their_currency() {
        let words = [
            "The", "US", "grew", ".", "It", "cost", "716", "million", "US", "dollars", ".",
        ];
        let out = pass(&words, vec![m(1, 2, "GPE", 0.99), m(6, 10, "MONEY", 0.9)]);
        assert_eq!(out, [(1, 2, "GPE"), (6, 10, "MONEY")]);
    }

    #[test]
    fn a_full_name_outweighs_many_lone_mistakes() {
        // The tagger called every lone "Trump" a company, each time surer than not; one
        // "Donald Trump" settles it.
        let words = [
            "Donald", "Trump", "won", ".", "Trump", "said", ".", "Trump", "left", ".", "Trump",
            "came", ".", "Trump", "spoke",
        ];
        let run = |lone_score: f32| {
            let lone = [4, 7, 10, 13].map(|t| m(t, t + 1, "ORG", lone_score));
            let mut ms = vec![m(0, 2, "PERSON", 0.95)];
            ms.extend(lone);
            apply(&infos(&words), &[], ms)
        };
        let out = run(0.7);
        assert_eq!(out.len(), 5);
        assert!(out.iter().all(|m| m.label == "PERSON"), "{:?}", spans(&out));
        // A lone mention tagged surer than the document's vote keeps its label: "Hearst" the
        // company next to William Randolph Hearst.
        let out = run(0.97);
        let labels: Vec<&str> = out.iter().map(|m| m.label).collect();
        assert_eq!(labels, ["PERSON", "ORG", "ORG", "ORG", "ORG"]);
    }

    #[test]
    fn no_mention_is_added_inside_hyphenated_words_numbers_or_as_an_adjective() {
        let words = [
            "Palestinian",
            "leaders",
            "met",
            ".",
            "A",
            "House",
            "-",
            "Senate",
            "deal",
            ".",
            "The",
            "S&P",
            "rose",
            ".",
            "The",
            "S&P",
            "500",
            "fell",
            ".",
            "Palestinian",
            "food",
            ".",
            "The",
            "Senate",
            "voted",
        ];
        let out = apply(
            &infos(&words),
            &[],
            vec![
                m(0, 1, "NORP", 0.99),
                m(11, 12, "ORG", 0.99),
                m(23, 24, "ORG", 0.99),
            ],
        );
        assert_eq!(
            spans(&out),
            [(0, 1, "NORP"), (11, 12, "ORG"), (23, 24, "ORG")]
        );
    }

    fn sentence(a: usize, b: usize) -> Sentence {
        Sentence {
            tok_start: a,
            tok_end: b,
            start: 0,
            end: 0,
        }
    }

    #[test]
    fn two_known_people_joined_by_a_hyphen_are_two_mentions() {
        let words = [
            "Xi", "Jinping", "met", "Vladimir", "Putin", ".", "The", "Xi", "-", "Putin", "call",
            ".", "Mr.", "Ben", "-", "Ami", "spoke",
        ];
        let out = pass(
            &words,
            vec![
                m(0, 2, "PERSON", 0.95),
                m(3, 5, "PERSON", 0.95),
                m(7, 10, "PERSON", 0.8),
                m(13, 16, "PERSON", 0.8),
            ],
        );
        // A hyphenated name is one person: its parts are no evidence of two.
        assert_eq!(
            out,
            [
                (0, 2, "PERSON"),
                (3, 5, "PERSON"),
                (7, 8, "PERSON"),
                (9, 10, "PERSON"),
                (13, 16, "PERSON")
            ]
        );
    }

    #[test]
    fn a_known_surname_is_found_in_a_headline_but_not_inside_a_name() {
        let words = [
            "Donald", "Trump", "won", ".", "The", "Trump", "Factor", "Trump", "Tower", "is", "tall",
        ];
        let sentences = [sentence(0, 4), sentence(4, 7), sentence(7, 11)];
        let out = apply(&infos(&words), &sentences, vec![m(0, 2, "PERSON", 0.95)]);
        assert_eq!(spans(&out), [(0, 2, "PERSON"), (5, 6, "PERSON")]);
    }
}
