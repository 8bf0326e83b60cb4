//! Dates the tagger's training data could not teach it, fixed by rules.
//!
//! - ISO 8601 calendar dates ("2024-03-15") are one DATE. The tagger splits word-inner hyphens
//!   (`subtokens`), so "2024-03-15" reaches it as five tokens, and neither OntoNotes nor
//!   CoNLL-2003 teaches it what to make of them: it tagged "2024" a CARDINAL and left "03-15"
//!   alone, or made a CARDINAL of "08-30" in CoNLL datelines ("1996-08-30"). Such a date is
//!   unambiguous when its month and day are valid, so a rule marks it, replacing whatever
//!   mentions the tagger put inside it.
//! - A year after "in", "since", "by", "until", "before", "after" or "during" is a DATE, not
//!   a CARDINAL: in OntoNotes train such a year is a DATE 1,050 times of 1,053 (twice no
//!   entity, once a CARDINAL), yet after an amount ("$240 billion in 2023", seed 003) the
//!   tagger made it a number.
//!
//! - A year the tagger split off a day ("Feb. 4" DATE + ", " + "2022") joins its date again
//!   (`join_year_to_date`, on entities, after the others).
//!
//! Offsets here are token indices into the tagger's (split) tokens; the entities built from
//! them are in code points.

use super::Mention;
use crate::document::{Entity, Source};
use crate::text::Token;

/// Confidence of a rule date: the pattern has no other reading, but the page may still
/// flag it below the most certain model mentions.
const SCORE: f32 = 0.95;

/// Replaces the mentions inside each ISO date written as one word of `text` by one DATE.
pub fn mark_iso_dates(text: &str, tokens: &[Token], mentions: &mut Vec<Mention>) {
    let mut dates = Vec::new();
    let mut i = 0;
    while i + 5 <= tokens.len() {
        if is_iso_date(text, &tokens[i..i + 5]) && stands_alone(text, tokens, i, i + 5) {
            dates.push((i, i + 5));
            i += 5;
        } else {
            i += 1;
        }
    }
    if dates.is_empty() {
        return;
    }
    // Dates are sorted and apart: the one a mention could overlap is the first that ends
    // after the mention starts (a binary search, so a paste full of dates stays linear).
    let inside = |m: &Mention| {
        let k = dates.partition_point(|&(_, b)| b <= m.tok_start);
        dates.get(k).is_some_and(|&(a, _)| a < m.tok_end)
    };
    // A mention that reaches beyond a date ("2024-03-15 Berlin" as one name) is wrong in
    // either part, so it goes too, as do the pieces inside.
    mentions.retain(|m| !inside(m));
    mentions.extend(dates.into_iter().map(|(a, b)| Mention {
        tok_start: a,
        tok_end: b,
        label: "DATE",
        score: SCORE,
        source: Source::Rule,
    }));
    mentions.sort_by_key(|m| (m.tok_start, m.tok_end));
}

/// Words after which a year is a point in time.
const TIME_PREPOSITIONS: [&str; 7] = ["in", "since", "by", "until", "before", "after", "during"];

/// Relabels as DATE each CARDINAL that is a lone year (1800-2099) right after one of
/// `TIME_PREPOSITIONS`.
pub fn years_after_prepositions(text: &str, tokens: &[Token], mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        let lone = m.tok_end == m.tok_start + 1 && m.tok_end <= tokens.len();
        if m.label != "CARDINAL" || !lone || m.tok_start == 0 {
            continue;
        }
        let year =
            digits(tokens[m.tok_start].text(text), 4).is_some_and(|y| (1800..2100).contains(&y));
        let before = tokens[m.tok_start - 1].text(text);
        if year
            && TIME_PREPOSITIONS
                .iter()
                .any(|p| p.eq_ignore_ascii_case(before))
        {
            m.label = "DATE";
        }
    }
}

/// Whether five adjacent tokens read year, "-", month, "-", day with nothing between them.
fn is_iso_date(text: &str, t: &[Token]) -> bool {
    let word = |k: usize| t[k].text(text);
    // Most tokens are no four-digit number: decide those at once.
    let Some(year) = digits(word(0), 4) else {
        return false;
    };
    let adjacent = t.windows(2).all(|w| w[0].bend == w[1].bstart);
    // The tokenizer keeps a time after the day in the day's token ("16T10:30"): the whole
    // timestamp is then the date.
    let day = word(4);
    let day = match day.find('T') {
        Some(2) if day[3..].starts_with(|c: char| c.is_ascii_digit()) => &day[..2],
        _ => day,
    };
    let (Some(month), Some(day)) = (digits(word(2), 2), digits(day, 2)) else {
        return false;
    };
    adjacent
        && word(1) == "-"
        && word(3) == "-"
        && (1000..3000).contains(&year)
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
}

/// The value of `w` when it is exactly `len` ASCII digits ("03" -> 3).
fn digits(w: &str, len: usize) -> Option<u32> {
    (w.len() == len && w.bytes().all(|c| c.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

/// "Feb. 4, 2022" is one date: a year the tagger split off a day ("Feb. 4" DATE, "2022"
/// CARDINAL or DATE) joins it again.
pub fn join_year_to_date(text: &str, tokens: &[Token], entities: &mut Vec<Entity>) {
    // One pass that writes each kept entity once (a 10 MB paste has many dates: removing
    // from the middle of the vector at each join would be quadratic).
    let mut out: Vec<Entity> = Vec::with_capacity(entities.len());
    for b in entities.drain(..) {
        if let Some(a) = out.last_mut() {
            if year_of(text, tokens, a, &b) {
                a.end = b.end;
                a.text = format!("{}, {}", a.text, b.text);
                a.score = a.score.min(b.score);
                continue;
            }
        }
        out.push(b);
    }
    *entities = out;
}

/// Whether `b` is a year that the tagger split off the date `a` ("Feb. 4" + ", " + "2022").
fn year_of(text: &str, tokens: &[Token], a: &Entity, b: &Entity) -> bool {
    let year = digits(&b.text, 4).is_some_and(|y| (1000..3000).contains(&y));
    let day =
        a.text.rsplit(' ').next().is_some_and(|w| {
            !w.is_empty() && w.len() <= 2 && w.bytes().all(|c| c.is_ascii_digit())
        });
    if !(a.label == "DATE" && matches!(b.label.as_str(), "DATE" | "CARDINAL") && year && day) {
        return false;
    }
    // Between them a comma right after the day, then one space (code point offsets): the
    // joined text is written as "{a}, {b}", so anything else there ("Feb. 4,)2022") would
    // give an entity whose text is not the document's.
    let k = tokens.partition_point(|t| t.start < a.end);
    b.start == a.end + 2
        && tokens.get(k).is_some_and(|t| {
            t.start == a.end
                && t.end == a.end + 1
                && t.text(text) == ","
                && text[t.bend..].starts_with(' ')
        })
}

/// Whether tokens `a..b` are not glued to a letter, digit or hyphen on either side
/// ("2024-03-15-07" is a code, not a date).
fn stands_alone(text: &str, tokens: &[Token], a: usize, b: usize) -> bool {
    let glued = |k: usize, j: usize| tokens[k].bend == tokens[j].bstart;
    let word_like = |c: char| c.is_alphanumeric() || c == '-';
    let before = a == 0
        || !glued(a - 1, a)
        || !tokens[a - 1]
            .text(text)
            .chars()
            .last()
            .is_some_and(word_like);
    let after = b == tokens.len()
        || !glued(b - 1, b)
        || !tokens[b].text(text).chars().next().is_some_and(word_like);
    before && after
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{split_sentences, tokenize};

    /// The dates `tag` gives for `text`, as text and label.
    fn tagged(text: &str) -> Vec<(String, String)> {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        super::super::tag(text, &tokens, &sentences)
            .into_iter()
            .map(|e| (e.text, e.label))
            .collect()
    }

    fn has_date(text: &str, date: &str) -> bool {
        tagged(text).iter().any(|(t, l)| t == date && l == "DATE")
    }

    #[test]
    fn iso_dates_are_one_date() {
        assert!(has_date(
            "The report was published on 2024-03-15 in Berlin.",
            "2024-03-15"
        ));
        assert!(has_date(
            "LONDON 1996-08-30\nEngland beat Wales.",
            "1996-08-30"
        ));
        assert!(has_date(
            "Updated: 2024-03-16T10:30 by staff.",
            "2024-03-16T10:30"
        ));
        // Nothing else is left inside it.
        let all = tagged("Filed 2023-11-05.");
        assert_eq!(
            all.iter()
                .filter(|(t, _)| "2023-11-05".contains(t.as_str()))
                .count(),
            1,
            "{all:?}"
        );
    }

    #[test]
    fn only_mentions_touching_a_date_give_way() {
        let text = "Oslo 2020-01-02 and Rome 2021-02-03, then Paris 2022-03-04.";
        let tokens = split(text);
        let at = |w: &str| tokens.iter().position(|t| t.text(text) == w).unwrap();
        let mention = |a: usize, b: usize, label| Mention {
            tok_start: a,
            tok_end: b,
            label,
            score: 0.5,
            source: Source::Model,
        };
        let mut ms = vec![
            mention(at("Oslo"), at("Oslo") + 1, "GPE"),
            // Runs from a name into the second date.
            mention(at("Rome"), at("2021") + 1, "ORG"),
            mention(at("2022"), at("2022") + 1, "CARDINAL"),
            mention(at("Paris"), at("Paris") + 1, "GPE"),
        ];
        mark_iso_dates(text, &tokens, &mut ms);
        let got: Vec<(String, &str)> = ms
            .iter()
            .map(|m| {
                let (a, b) = (&tokens[m.tok_start], &tokens[m.tok_end - 1]);
                (text[a.bstart..b.bend].to_string(), m.label)
            })
            .collect();
        let want = [
            ("Oslo", "GPE"),
            ("2020-01-02", "DATE"),
            ("2021-02-03", "DATE"),
            ("Paris", "GPE"),
            ("2022-03-04", "DATE"),
        ];
        assert_eq!(
            got,
            want.map(|(t, l)| (t.to_string(), l)).to_vec(),
            "{got:?}"
        );
    }

    /// The tagger's tokens of `text` (hyphens split off, as `tag_with` gives them).
    fn split(text: &str) -> Vec<Token> {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        match crate::ner::subtokens::split_hyphens(text, &tokens, &sentences) {
            Some((t, _)) => t,
            None => tokens,
        }
    }

    #[test]
    fn offsets_are_code_points_after_emoji_and_cjk() {
        let text = "🎉 北京 2024-03-15 ok";
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        let ents = super::super::tag(text, &tokens, &sentences);
        let d = ents.iter().find(|e| e.label == "DATE").expect("a date");
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(
            chars[d.start..d.end].iter().collect::<String>(),
            "2024-03-15"
        );
        assert_eq!(d.start, 5);
    }

    #[test]
    fn years_after_time_prepositions_are_dates() {
        let text = "Trade reached a record $240 billion in 2023, up 64% since 2021.";
        assert!(has_date(text, "2023"), "{:?}", tagged(text));
        let tokens = tokenize(text);
        let at = |w: &str| tokens.iter().position(|t| t.text(text) == w).unwrap();
        let mention = |k: usize, label| Mention {
            tok_start: k,
            tok_end: k + 1,
            label,
            score: 0.5,
            source: Source::Model,
        };
        let mut ms = vec![
            mention(at("2023"), "CARDINAL"),
            mention(at("240"), "CARDINAL"),
        ];
        years_after_prepositions(text, &tokens, &mut ms);
        assert_eq!(ms[0].label, "DATE");
        // An amount is no year, whatever comes before it.
        assert_eq!(ms[1].label, "CARDINAL");
        // Nor is a number after other words, or a year-like count after "in".
        for other in ["He scored 2023 points.", "It rose in 2150 ways."] {
            let tokens = tokenize(other);
            let k = tokens
                .iter()
                .position(|t| t.text(other).starts_with('2'))
                .unwrap();
            let mut ms = vec![mention(k, "CARDINAL")];
            years_after_prepositions(other, &tokens, &mut ms);
            assert_eq!(ms[0].label, "CARDINAL", "{other}");
        }
    }

    #[test]
    fn look_alikes_are_not_dates() {
        for (text, not) in [
            ("Call 2024-13-15 now.", "2024-13-15"),
            ("Part 2024-03-45 arrived.", "2024-03-45"),
            ("Code AB2024-03-15 here.", "2024-03-15"),
            ("Serial 2024-03-15-07 here.", "2024-03-15"),
            ("Model 2024-03-16Tx here.", "2024-03-16Tx"),
            ("Range 0999-01-01 here.", "0999-01-01"),
        ] {
            assert!(!has_date(text, not), "{text}");
        }
    }
}
