//! Word tokenizer with exact code point offsets.
//!
//! It follows the Penn Treebank / OntoNotes conventions that the entity model is trained on
//! (clitics `n't 's 're 've 'll 'd 'm` split off, `$` and `%` separate, punctuation separate,
//! abbreviations like `U.S.` and `Jan.` kept whole, hyphenated words and numbers like `1,000`
//! and `3.5` kept whole). UAX #29 word boundaries (unicode-segmentation's `split_word_bounds`)
//! disagree with those conventions in many places, so the rules are ours, but we walk the text
//! by grapheme cluster (unicode-segmentation) so that no token ever splits an emoji sequence,
//! a flag or a letter from its combining marks.

use unicode_segmentation::UnicodeSegmentation;

/// One token. `start`/`end` are code point offsets into the text; `bstart`/`bend` the same
/// places as UTF-8 byte offsets (for slicing in Rust without a second index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub bstart: usize,
    pub bend: usize,
    /// True when a line break lies between the previous token and this one.
    pub newline_before: bool,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.bstart..self.bend]
    }
}

/// Words that keep their final period ("Jan." is one token, as in the training corpora).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "gov", "sen", "rep",
    "rev", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "pres", "supt", "insp", "det", "hon",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "inc", "corp", "co", "ltd",
    "llc", "plc", "bros", "dept", "univ", "assn", "no", "nos", "vs", "etc", "approx", "ave",
    "blvd", "rd", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind",
    "kan", "kans", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev",
    "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "e.g", "i.e", "a.m",
    "p.m", "u.s", "u.k", "u.n", "d.c", "fig", "vol", "op", "cf", "al",
];

const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Word,
    /// Characters that may join two word parts: `U.S`, `1,000`, `well-known`, `don't`, `AT&T`.
    Joiner,
    Other,
}

fn classify(g: &str) -> Class {
    let c = g.chars().next().unwrap_or(' ');
    if c.is_whitespace() {
        Class::Space
    } else if c.is_alphanumeric() {
        Class::Word
    } else if matches!(
        c,
        '.' | ',' | '\'' | '’' | '-' | '‐' | '&' | '/' | ':' | '@' | '_' | '·' | '\u{AD}'
    ) {
        Class::Joiner
    } else {
        Class::Other
    }
}

fn joins(joiner: char, prev: &str, next: &str) -> bool {
    let p = prev.chars().last().unwrap_or(' ');
    let n = next.chars().next().unwrap_or(' ');
    match joiner {
        // 1,000 and 10:30 only between digits.
        ',' | ':' => p.is_ascii_digit() && n.is_ascii_digit(),
        _ => true,
    }
}

/// Splits `text` into tokens. Never panics; tokens are sorted, non-empty and non-overlapping.
pub fn tokenize(text: &str) -> Vec<Token> {
    let graphemes: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
    let mut raw: Vec<(usize, usize, bool)> = Vec::new(); // byte start, byte end, newline_before
    let mut i = 0;
    let mut newline = false;
    while i < graphemes.len() {
        let (b, g) = graphemes[i];
        match classify(g) {
            Class::Space => {
                if g.contains('\n') || g.contains('\r') || g.contains('\u{2029}') {
                    newline = true;
                }
                i += 1;
            }
            Class::Word => {
                let mut j = i + 1;
                while j < graphemes.len() {
                    match classify(graphemes[j].1) {
                        Class::Word => j += 1,
                        Class::Joiner
                            if j + 1 < graphemes.len()
                                && classify(graphemes[j + 1].1) == Class::Word
                                && joins(
                                    graphemes[j].1.chars().next().unwrap_or(' '),
                                    graphemes[j - 1].1,
                                    graphemes[j + 1].1,
                                ) =>
                        {
                            j += 2
                        }
                        _ => break,
                    }
                }
                let mut end = graphemes.get(j).map_or(text.len(), |x| x.0);
                // A final period that belongs to an abbreviation stays in the token.
                if j < graphemes.len() && graphemes[j].1 == "." && is_abbreviation(&text[b..end]) {
                    j += 1;
                    end = graphemes.get(j).map_or(text.len(), |x| x.0);
                }
                push_word(text, b, end, newline, &mut raw);
                newline = false;
                i = j;
            }
            Class::Joiner | Class::Other => {
                // Runs of the same punctuation ("...", "--", "!!") stay together.
                let mut j = i + 1;
                let c = g.chars().next().unwrap_or(' ');
                if matches!(c, '.' | '-' | '!' | '?' | '*' | '=' | '_' | '#' | '~') {
                    while j < graphemes.len() && graphemes[j].1 == g {
                        j += 1;
                    }
                }
                let end = graphemes.get(j).map_or(text.len(), |x| x.0);
                raw.push((b, end, newline));
                newline = false;
                i = j;
            }
        }
    }
    with_char_offsets(text, raw)
}

fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_lowercase();
    // Single letters ("J." in "Michael J. Fox") and dotted initialisms ("U.S", "a.m").
    let single_letter = word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic());
    let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() == 1);
    single_letter || dotted || ABBREVIATIONS.contains(&lower.as_str())
}

/// Splits trailing clitics off a word ("don't" -> "do" "n't", "Xi's" -> "Xi" "'s").
fn push_word(text: &str, b: usize, e: usize, newline: bool, out: &mut Vec<(usize, usize, bool)>) {
    let word = &text[b..e];
    let normalized: String = word
        .chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .collect();
    let lower = normalized.to_lowercase();
    for clitic in CLITICS {
        if lower.len() > clitic.len() && lower.ends_with(clitic) {
            // Byte length of the clitic in the original (’ is 3 bytes, ' is 1).
            let n_chars = clitic.chars().count();
            let split = word
                .char_indices()
                .rev()
                .nth(n_chars - 1)
                .map_or(b, |(i, _)| b + i);
            if split > b {
                out.push((b, split, newline));
                out.push((split, e, false));
                return;
            }
        }
    }
    out.push((b, e, newline));
}

fn with_char_offsets(text: &str, raw: Vec<(usize, usize, bool)>) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(raw.len());
    let mut char_pos = 0usize;
    let mut byte_pos = 0usize;
    for (bs, be, nl) in raw {
        char_pos += text[byte_pos..bs].chars().count();
        let start = char_pos;
        char_pos += text[bs..be].chars().count();
        byte_pos = be;
        tokens.push(Token {
            start,
            end: char_pos,
            bstart: bs,
            bend: be,
            newline_before: nl,
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn treebank_conventions() {
        assert_eq!(
            words("Moscow doesn’t end"),
            ["Moscow", "does", "n’t", "end"]
        );
        assert_eq!(
            words("Xi’s call with the U.S. on Jan. 21."),
            ["Xi", "’s", "call", "with", "the", "U.S.", "on", "Jan.", "21", "."]
        );
        assert_eq!(
            words("soared to $245 billion, 64%"),
            ["soared", "to", "$", "245", "billion", ",", "64", "%"]
        );
        assert_eq!(
            words("the two regimes’ relationships"),
            ["the", "two", "regimes", "’", "relationships"]
        );
        assert_eq!(
            words("“no limits” on Feb. 4, 2022"),
            ["“", "no", "limits", "”", "on", "Feb.", "4", ",", "2022"]
        );
        assert_eq!(
            words("Xi–Putin wait-and-see 1,000 3.5"),
            ["Xi", "–", "Putin", "wait-and-see", "1,000", "3.5"]
        );
        assert_eq!(words("great and … I"), ["great", "and", "…", "I"]);
        assert_eq!(words("Wait..."), ["Wait", "..."]);
    }

    #[test]
    fn offsets_are_code_points_and_graphemes_stay_whole() {
        let text = "👩‍👩‍👧 met e\u{301}milie in 北京\r\n🇫🇷!";
        let toks = tokenize(text);
        let chars: Vec<char> = text.chars().collect();
        for t in &toks {
            let by_chars: String = chars[t.start..t.end].iter().collect();
            assert_eq!(by_chars, t.text(text));
        }
        let w: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(w, ["👩‍👩‍👧", "met", "e\u{301}milie", "in", "北京", "🇫🇷", "!"]);
        assert!(toks[5].newline_before);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "", " ", "'", "’s", "\u{301}", "\0\0", ".", "a.", "n't", "\r\r\n", "x\u{AD}y",
        ] {
            let toks = tokenize(text);
            for w in toks.windows(2) {
                assert!(w[0].end <= w[1].start);
            }
            for t in &toks {
                assert!(t.start < t.end);
            }
        }
    }
}
