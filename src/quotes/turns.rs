//! Interview transcripts: paragraphs that open with a speaker label (`WALLACE: …`,
//! `Q: …` / `A: …`, optionally after an opening quote mark that wraps the whole transcript).
//! Each such paragraph is one turn: its words are said by the labelled speaker.

/// One labelled paragraph, in byte offsets of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turn {
    /// The label without its colon ("WALLACE", "Q").
    pub label: (usize, usize),
    /// Byte offset of the colon.
    pub colon: usize,
    /// The turn's words: after the label up to the end of the paragraph, trimmed.
    pub body: (usize, usize),
}

/// Longest label in bytes ("SEN. ELIZABETH WARREN").
const MAX_LABEL: usize = 40;
/// Most words in a label.
const MAX_LABEL_WORDS: usize = 4;

/// Label of a paragraph starting at byte `p`: `(label start, label end)` when the paragraph
/// opens with capitalised words and a colon followed by a space.
pub(crate) fn label_at(text: &str, p: usize) -> Option<(usize, usize)> {
    let rest = &text[p..];
    // A transcript set in quotation marks opens every paragraph with a mark.
    let skip = rest
        .char_indices()
        .find(|&(_, c)| !matches!(c, '"' | '“' | '„' | '«' | ' '))
        .map_or(rest.len(), |(i, _)| i);
    let start = p + skip;
    let head = &text[start..];
    // Look for the colon in the first few bytes only: this runs at every paragraph break.
    let colon = head
        .char_indices()
        .take_while(|&(i, c)| i <= MAX_LABEL && c != '\n')
        .find(|&(_, c)| c == ':')
        .map(|(i, _)| i)?;
    if colon == 0 {
        return None;
    }
    let after = head[colon + 1..].chars().next();
    if !after.is_some_and(char::is_whitespace) {
        return None;
    }
    let label = &head[..colon];
    let words: Vec<&str> = label.split(' ').collect();
    let ok = words.len() <= MAX_LABEL_WORDS
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        });
    ok.then_some((start, start + colon))
}

/// True for a label written all in capitals ("PENCE", "MR. TRUMP", "Q").
fn all_caps(label: &str) -> bool {
    label
        .chars()
        .all(|c| !c.is_alphabetic() || c.is_uppercase())
}

/// The turns of `text`. Labels count only in a transcript: at least two labelled paragraphs,
/// and each label either in capitals or repeated (a lone "Update:" or "Washington:" is not an
/// interview, nor are two different title-case lead-ins).
pub fn find_turns(text: &str) -> Vec<Turn> {
    let mut cands = Vec::new();
    let mut p = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end();
        if !content.trim().is_empty() {
            if let Some(label) = label_at(text, p) {
                let colon = label.1;
                let after = &text[colon + 1..];
                let body_start = colon + 1 + (after.len() - after.trim_start().len());
                let body_end = p + content.len();
                if body_start < body_end {
                    cands.push(Turn {
                        label,
                        colon,
                        body: (body_start, body_end),
                    });
                }
            }
        }
        p += line.len();
    }
    if cands.len() < 2 {
        return Vec::new();
    }
    let label_text = |t: &Turn| &text[t.label.0..t.label.1];
    let kept: Vec<Turn> = cands
        .iter()
        .filter(|t| {
            let l = label_text(t);
            all_caps(l) || cands.iter().filter(|o| label_text(o) == l).count() >= 2
        })
        .copied()
        .collect();
    // A transcript needs two turns after filtering as well.
    if kept.len() >= 2 {
        kept
    } else {
        Vec::new()
    }
}

/// The turn whose body holds byte offset `b`.
/// `turns` are in text order, so a binary search (a transcript may have many turns, each
/// with quotes in it).
pub fn turn_at(turns: &[Turn], b: usize) -> Option<&Turn> {
    let k = turns.partition_point(|t| t.body.0 <= b);
    turns[..k].last().filter(|t| b < t.body.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<&str> {
        find_turns(text)
            .iter()
            .map(|t| &text[t.label.0..t.label.1])
            .collect()
    }

    #[test]
    fn capital_labels_and_q_and_a() {
        let t = "Intro.\n\nWALLACE: Why now?\n\nPENCE: Well, look.\n\nQ: And then?\nA: We left.";
        assert_eq!(labels(t), vec!["WALLACE", "PENCE", "Q", "A"]);
        let turns = find_turns(t);
        assert_eq!(&t[turns[1].body.0..turns[1].body.1], "Well, look.");
        let inside = t.find("look").unwrap();
        assert_eq!(turn_at(&turns, inside), Some(&turns[1]));
        assert_eq!(turn_at(&turns, t.find("Intro").unwrap()), None);
    }

    #[test]
    fn transcript_in_quote_marks() {
        let t = "As follows:\n\n\"WALLACE: Why?\n\n\"PENCE: Because.\"";
        assert_eq!(labels(t), vec!["WALLACE", "PENCE"]);
    }

    #[test]
    fn lone_or_title_case_lead_ins_are_not_turns() {
        assert!(find_turns("Update: the vote is delayed.\n\nMore text here.").is_empty());
        assert!(find_turns("Washington: a city.\n\nEditor's Note: see below.").is_empty());
        assert!(find_turns("He said: no.\n\nShe said: yes.").is_empty());
        // Repeated title-case labels are a transcript; a one-off title-case label is not.
        assert_eq!(
            labels("Trump: We win.\n\nClinton: No.\n\nTrump: Yes."),
            vec!["Trump", "Trump"]
        );
    }
}
