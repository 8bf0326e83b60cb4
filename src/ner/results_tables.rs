//! Teams in sports results and standings are organisations, though most are named after a
//! place: "Chonan 3 0 1 13 10 9 Pohang 2 1 1 ...", "SEATTLE 9 Baltimore 6", "Warwickshire
//! 195, Surrey 42". The tagger, taught by OntoNotes (which has no such tables), calls them
//! places.
//!
//! The sign is the layout: a name with a score right after it (a number of one to three
//! digits) and, right before it, another number, a dash or the start of a line. In CoNLL-2003
//! train the names in that position are ORG 1,719 times and LOC 24 times; in OntoNotes train
//! and dev no entity at all stands there, so prose is left alone ("In Beijing 15 people
//! died" has a word before the name, "Paris 2024" a year after it). Works on token ranges
//! (`Mention`), before entities get their offsets.
//!
//! A table of figures also confuses the tagger into one long number running through the
//! team names ("3 1 0 6 1 10 Chonan 3 0 1 13 10 9 Pohang ..." as one QUANTITY): such a
//! mention is cut before the first team, and the teams inside it become ORG mentions.

use super::Mention;
use crate::document::Source;
use crate::text::Token;

/// Longest team name, in tokens ("LOS ANGELES", "Notts County", "Bayer Leverkusen").
const MAX_TEAM_LEN: usize = 3;
/// Confidence of a team found inside a run-together table: a guess the page should flag.
const TEAM_SCORE: f32 = 0.5;

/// Relabels places (GPE, LOC) that stand as a team in a results table as ORG, and splits
/// numeric mentions that run through a table's team names.
pub fn teams_in_results(text: &str, tokens: &[Token], mentions: &mut Vec<Mention>) {
    let mut teams = Vec::new();
    for m in mentions.iter_mut() {
        if m.tok_end > tokens.len() || m.tok_start >= m.tok_end {
            continue;
        }
        if matches!(m.label, "GPE" | "LOC") {
            if score_after(text, tokens, m.tok_end) && table_before(text, tokens, m.tok_start) {
                m.label = "ORG";
            }
        } else if super::is_numeric(m.label) {
            let inside = teams_inside(text, tokens, m.tok_start, m.tok_end);
            if let Some(&(first, _)) = inside.first() {
                m.tok_end = first;
                teams.extend(inside);
            }
        }
    }
    mentions.retain(|m| m.tok_start < m.tok_end);
    if teams.is_empty() {
        return;
    }
    mentions.extend(teams.into_iter().map(|(a, b)| Mention {
        tok_start: a,
        tok_end: b,
        label: "ORG",
        score: TEAM_SCORE,
        source: Source::Model,
    }));
    mentions.sort_by_key(|m| (m.tok_start, m.tok_end));
}

/// The team names (token ranges) inside the numeric mention `a..b`: runs of capitalised
/// words after one of its figures, with a score right after them.
fn teams_inside(text: &str, tokens: &[Token], a: usize, b: usize) -> Vec<(usize, usize)> {
    let capitalised = |k: usize| {
        let w = tokens[k].text(text);
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    };
    let mut out = Vec::new();
    let mut k = a + 1;
    while k < b {
        if !capitalised(k) || !table_before(text, tokens, k) {
            k += 1;
            continue;
        }
        let mut e = k + 1;
        while e < b && e - k < MAX_TEAM_LEN && capitalised(e) && spaced(text, tokens, e) {
            e += 1;
        }
        if score_after(text, tokens, e) {
            out.push((k, e));
        }
        k = e;
    }
    out
}

/// Whether only spaces or tabs lie between token `k - 1` and token `k`.
fn spaced(text: &str, tokens: &[Token], k: usize) -> bool {
    let gap = &text[tokens[k - 1].bend..tokens[k].bstart];
    !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\t')
}

/// Whether token `k` is a score (one to three digits) on the same line as the name before it.
fn score_after(text: &str, tokens: &[Token], k: usize) -> bool {
    k > 0
        && k < tokens.len()
        && spaced(text, tokens, k)
        && (1..=3).contains(&tokens[k].text(text).len())
        && tokens[k].text(text).bytes().all(|b| b.is_ascii_digit())
}

/// Whether the name starting at token `k` starts a line (or the text) or follows a number or
/// a dash on its line: the previous row's last figure.
fn table_before(text: &str, tokens: &[Token], k: usize) -> bool {
    if k == 0 {
        return text[..tokens.first().map_or(0, |t| t.bstart)]
            .chars()
            .all(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r');
    }
    let gap = &text[tokens[k - 1].bend..tokens[k].bstart];
    if gap.contains('\n') {
        return true;
    }
    if !spaced(text, tokens, k) {
        return false;
    }
    let prev = tokens[k - 1].text(text);
    prev == "-"
        || (prev.ends_with(|c: char| c.is_ascii_digit())
            && prev
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ','))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;
    use crate::text;

    /// Labels after the pass for mentions on `names` (each first occurrence), all tagged
    /// `label` to begin with.
    fn run(t: &str, names: &[&str], label: &'static str) -> Vec<&'static str> {
        let tokens = text::tokenize(t);
        let mut ms: Vec<Mention> = names
            .iter()
            .map(|n| {
                let k = tokens.iter().position(|x| x.text(t) == *n).unwrap();
                Mention {
                    tok_start: k,
                    tok_end: k + 1,
                    label,
                    score: 0.9,
                    source: Source::Model,
                }
            })
            .collect();
        teams_in_results(t, &tokens, &mut ms);
        ms.iter().map(|m| m.label).collect()
    }

    #[test]
    fn places_in_results_tables_are_teams() {
        let t = "Results: SEATTLE 9 Baltimore 6 Detroit 4 Kansas 3";
        assert_eq!(
            run(t, &["Baltimore", "Detroit", "Kansas"], "GPE"),
            ["ORG"; 3]
        );
        let t = "Chonan 3 0 1 13 10 9\nPohang 2 1 1 11 10 7";
        assert_eq!(run(t, &["Chonan", "Pohang"], "GPE"), ["ORG", "ORG"]);
        let t = "TEXAS 75 58 .564 - SEATTLE 70 63 .526 5";
        assert_eq!(run(t, &["SEATTLE"], "LOC"), ["ORG"]);
        // Non-ASCII text before a row keeps the offsets right (bytes, not characters).
        let t = "Ergebnisse 🙂 Köln\n1. FC – München 2 1\nDüsseldorf 3 0";
        assert_eq!(run(t, &["Düsseldorf"], "GPE"), ["ORG"]);
    }

    #[test]
    fn a_table_run_together_into_one_number_is_split_into_teams() {
        let t = "Standings: W D L P Puchon 3 1 0 10 Chonan 3 0 1 9 NEW YORK 2 1 1 7 end";
        let tokens = text::tokenize(t);
        let at = |w: &str| tokens.iter().position(|x| x.text(t) == w).unwrap();
        let mut ms = vec![Mention {
            tok_start: at("Puchon") + 1,
            tok_end: at("end"),
            label: "QUANTITY",
            score: 0.12,
            source: Source::Model,
        }];
        teams_in_results(t, &tokens, &mut ms);
        let got: Vec<(&str, &str)> = ms
            .iter()
            .map(|m| {
                (
                    &t[tokens[m.tok_start].bstart..tokens[m.tok_end - 1].bend],
                    m.label,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("3 1 0 10", "QUANTITY"),
                ("Chonan", "ORG"),
                ("NEW YORK", "ORG")
            ]
        );
        // A date that starts with a month keeps it: the name is not after a figure.
        let t = "On December 6 the board met.";
        let tokens = text::tokenize(t);
        let mut ms = vec![Mention {
            tok_start: 1,
            tok_end: 3,
            label: "DATE",
            score: 0.9,
            source: Source::Model,
        }];
        teams_in_results(t, &tokens, &mut ms);
        assert_eq!((ms.len(), ms[0].tok_end, ms[0].label), (1, 3, "DATE"));
    }

    #[test]
    fn places_in_prose_stay_places() {
        assert_eq!(
            run("In Beijing 15 people died.", &["Beijing"], "GPE"),
            ["GPE"]
        );
        assert_eq!(run("Paris 2024 was a success.", &["Paris"], "GPE"), ["GPE"]);
        assert_eq!(
            run("LONDON 1996-08-30 Prices rose.", &["LONDON"], "GPE"),
            ["GPE"]
        );
        assert_eq!(
            run("It rose 4 % in Ohio 3 times.", &["Ohio"], "GPE"),
            ["GPE"]
        );
        // A person in a scorecard stays a person: only places are relabelled.
        assert_eq!(run("Simmons 38 Smith 12", &["Smith"], "PERSON"), ["PERSON"]);
        assert_eq!(run("Ohio", &["Ohio"], "GPE"), ["GPE"]);
    }
}
