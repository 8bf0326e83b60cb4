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

/// Bytes of text tokenized at a time (see `tokenize`).
const PIECE_BYTES: usize = 1 << 16;

/// Splits `text` into tokens. Never panics; tokens are sorted, non-empty and non-overlapping.
///
/// The text is walked in pieces of about `PIECE_BYTES`, cut just before a white space
/// character, where no token can continue: the piece's grapheme table then stays small
/// (tabling a 10 MB paste's graphemes at once took more memory than everything else the
/// pipeline keeps). Tokens are the same as from one pass over the whole text.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_in_pieces(text, PIECE_BYTES)
}

fn tokenize_in_pieces(text: &str, piece_bytes: usize) -> Vec<Token> {
    // About one token per 5.3 bytes in English news; a little over avoids regrowing.
    let mut tokens = Vec::with_capacity(text.len() / 5 + 16);
    let mut newline = false;
    let (mut byte_pos, mut char_pos) = (0usize, 0usize);
    while byte_pos < text.len() {
        let end = piece_end(text, byte_pos, piece_bytes);
        let piece = &text[byte_pos..end];
        let raw = tokenize_piece(piece, &mut newline);
        char_pos = with_char_offsets(piece, raw, byte_pos, char_pos, &mut tokens);
        byte_pos = end;
    }
    tokens
}

/// Where the piece starting at `from` ends: the first cut point after `PIECE_BYTES`, or the
/// end of the text. A cut point is a space or line feed after an ASCII character other than
/// CR: a grapheme cluster boundary (a line feed only joins a preceding CR, and a space only
/// joins a preceding non-ASCII prepend mark) where no token runs on, since tokens never
/// contain white space.
fn piece_end(text: &str, from: usize, piece_bytes: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from.saturating_add(piece_bytes.max(1));
    while i < bytes.len() {
        let prev = bytes[i - 1];
        if matches!(bytes[i], b' ' | b'\n') && prev.is_ascii() && prev != b'\r' {
            return i;
        }
        i += 1;
    }
    text.len()
}

/// Byte spans `(start, end, newline_before)` of the tokens of one piece of text; `newline`
/// carries "a line break since the last token" from piece to piece.
fn tokenize_piece(text: &str, newline_out: &mut bool) -> Vec<(usize, usize, bool)> {
    // Sized for the worst case (one grapheme per byte) so the table never regrows.
    let mut graphemes: Vec<(usize, &str)> = Vec::with_capacity(text.len());
    grapheme_table(text, &mut graphemes);
    // byte start, byte end, newline_before
    let mut raw: Vec<(usize, usize, bool)> = Vec::with_capacity(text.len() / 4 + 1);
    let mut i = 0;
    let mut newline = *newline_out;
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
    *newline_out = newline;
    raw
}

/// Appends the grapheme clusters of `text` with their byte offsets, exactly as
/// `grapheme_indices(true)` gives them, but cutting ASCII stretches byte by byte: between two
/// ASCII characters there is always a cluster boundary except inside CR LF, as every rule
/// that joins characters (extending and spacing marks, ZWJ, prepend marks, Hangul syllables,
/// regional indicator pairs, Indic conjuncts, emoji sequences) involves a non-ASCII one. Only
/// the stretches around non-ASCII characters go through the segmenter, which is most of the
/// tokenizer's time on English text otherwise.
fn grapheme_table<'t>(text: &'t str, out: &mut Vec<(usize, &'t str)>) {
    let b = text.as_bytes();
    let n = b.len();
    // A boundary between ASCII bytes at k - 1 and k that the segmenter would also make.
    let ascii_cut =
        |k: usize| b[k - 1] < 0x80 && b[k] < 0x80 && !(b[k - 1] == b'\r' && b[k] == b'\n');
    let mut i = 0;
    while i < n {
        if i + 1 == n && b[i] < 0x80 || i + 1 < n && ascii_cut(i + 1) {
            out.push((i, &text[i..i + 1]));
            i += 1;
            continue;
        }
        // Up to the next such boundary (or the end): `i` and `k` are both boundaries, so the
        // segmenter cuts the stretch as it would cut it within the whole text.
        let mut k = i + 1;
        while k < n && !ascii_cut(k) {
            k += 1;
        }
        out.extend(text[i..k].grapheme_indices(true).map(|(o, g)| (i + o, g)));
        i = k;
    }
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
    // Only a word with an apostrophe can end in a clitic: most words stop here.
    if word.contains(['\'', '’']) {
        for clitic in CLITICS {
            if let Some(split) = clitic_start(word, clitic).filter(|&at| at > 0) {
                out.push((b, b + split, newline));
                out.push((b + split, e, false));
                return;
            }
        }
    }
    out.push((b, e, newline));
}

/// Byte offset in `word` where it ends with `clitic` (ASCII, apostrophe '), comparing
/// without case and with ’ for the apostrophe, if it does.
fn clitic_start(word: &str, clitic: &str) -> Option<usize> {
    let mut chars = word.char_indices().rev();
    let mut at = word.len();
    for want in clitic.chars().rev() {
        let (i, c) = chars.next()?;
        let c = if c == '’' { '\'' } else { c };
        // The clitics' letters are ASCII, and no other character lower-cases to one of them.
        if c.to_ascii_lowercase() != want {
            return None;
        }
        at = i;
    }
    Some(at)
}

/// Appends the tokens of a piece that starts at byte `base_byte` and code point `base_char` of
/// the whole text, and returns the code point offset where the piece ends.
fn with_char_offsets(
    piece: &str,
    raw: Vec<(usize, usize, bool)>,
    base_byte: usize,
    base_char: usize,
    tokens: &mut Vec<Token>,
) -> usize {
    let mut char_pos = base_char;
    let mut byte_pos = 0usize;
    for (bs, be, nl) in raw {
        char_pos += piece[byte_pos..bs].chars().count();
        let start = char_pos;
        char_pos += piece[bs..be].chars().count();
        byte_pos = be;
        tokens.push(Token {
            start,
            end: char_pos,
            bstart: base_byte + bs,
            bend: base_byte + be,
            newline_before: nl,
        });
    }
    char_pos + piece[byte_pos..].chars().count()
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
    fn pieces_give_the_tokens_of_one_pass() {
        let text = "Mr. Xi’s U.S. visit:\r\n “no limits” \u{301}é 👩‍👩‍👧 in 北京\n\n\
                    1,000 wait-and-see... don't  \r\r\n‐ x\u{AD}y \u{600} a b\nc";
        let whole = tokenize_in_pieces(text, usize::MAX / 2);
        for piece in 1..40 {
            assert_eq!(
                tokenize_in_pieces(text, piece),
                whole,
                "pieces of {piece} bytes"
            );
        }
        let chars: Vec<char> = text.chars().collect();
        for t in &whole {
            assert_eq!(
                chars[t.start..t.end].iter().collect::<String>(),
                t.text(text)
            );
        }
    }

    #[test]
    fn clitics_split_in_any_case_and_apostrophe() {
        assert_eq!(
            words("DON’T I'm Xi’S it's' n't"),
            ["DO", "N’T", "I", "'m", "Xi", "’S", "it", "'s", "'", "n't"]
        );
    }

    proptest::proptest! {
        #[test]
        fn grapheme_table_equals_the_segmenter(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Z", " ", "\r", "\n", "\r\n", ".", "'", "\u{301}", "\u{200D}", "👩", "🏽",
                "🇺", "🇸", "\u{1100}", "\u{1161}", "\u{11A8}", "क", "\u{94D}", "ष", "\u{600}", "1",
                "\u{A9}", "\u{FE0F}", "中", "\t", "\u{85}", "\u{2028}", "e\u{308}",
            ]), 0..40)
        ) {
            let text: String = parts.concat();
            let mut got = Vec::new();
            grapheme_table(&text, &mut got);
            let want: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        #[test]
        fn pieces_never_change_tokens(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "Xi", " ", "\n", "\r", "\r\n", "U.S.", "’s", "\u{301}", "\u{600}", "👍🏽", "北京",
                "-", ",", "1", ".", "\u{AD}", "\u{2029}", "\0", "é", "—", "...",
            ]), 0..60),
            piece in 1usize..24,
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(tokenize_in_pieces(&text, piece), tokenize_in_pieces(&text, 1 << 30));
        }
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
