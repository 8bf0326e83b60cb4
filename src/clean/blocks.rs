//! Blocks: the unit the cleaner keeps or removes (a line of plain text, a paragraph-level
//! element of HTML), with the surface features the selection looks at.

/// What kind of element a block came from. Plain text only knows `Text` and `Item` (bullets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Heading(u8),
    Item,
    Caption,
    Quote,
    Pre,
}

/// Structural evidence from HTML markup (plain text has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hint {
    #[default]
    None,
    /// Inside the container the HTML scorer picked as the article.
    Main,
    /// Outside the main container.
    Outside,
    /// Inside page furniture (nav, footer, share bar...): the reason to give.
    Boiler(&'static str),
}

#[derive(Debug, Clone)]
pub struct Block {
    /// Normalised text (single spaces, no invisibles).
    pub text: String,
    /// Code point offset in the input where the block's text starts.
    pub src: usize,
    pub kind: Kind,
    /// Characters inside links (HTML only).
    pub link_chars: usize,
    pub hint: Hint,
}

impl Block {
    pub fn new(text: String, src: usize, kind: Kind) -> Self {
        Block {
            text,
            src,
            kind,
            link_chars: 0,
            hint: Hint::None,
        }
    }
}

/// Surface features of one block's text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Features {
    pub words: usize,
    pub chars: usize,
    /// Sentence-final punctuation marks followed by a space or the end.
    pub sentences: usize,
    /// Ends like a sentence (after stripping closing quotes and brackets).
    pub ends_sentence: bool,
    /// Share of longer words that start with a capital letter (headlines, menus, names).
    pub title_case: f32,
    /// Share of characters inside links.
    pub link_density: f32,
    /// Starts with a bullet character.
    pub bullet: bool,
    /// Looks like a flattened teaser card (see `teaser_glue`).
    pub teaser: bool,
}

const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', '›', ')', ']', '*'];

pub fn features(b: &Block) -> Features {
    let t = b.text.as_str();
    let bytes = t.as_bytes();
    // Byte loops: this runs on every block of every page. Text in spaced scripts (most
    // lines, curly quotes and accents included) gets its word count and title-case share in
    // one pass over its words.
    let (chars, words, mut sentences, long, caps) = if simple_text(bytes) {
        simple_pass(t)
    } else {
        let chars = bytes.iter().filter(|&&x| (x & 0xC0) != 0x80).count();
        let (long, caps) = title_words(t);
        (chars, word_count(t), sentence_marks(bytes), long, caps)
    };
    let trimmed = t.trim_end_matches(CLOSERS);
    let ends_sentence =
        trimmed.ends_with(['.', '!', '?', '…', ':', ';', '。', '！', '？', '」', '）']);
    if ends_sentence {
        sentences += 1;
    }
    let title_case = if long == 0 {
        0.0
    } else {
        caps as f32 / long as f32
    };
    let bullet = t.starts_with(['•', '·', '▪', '■', '►', '▶', '●', '◦'])
        || t.starts_with("- ")
        || t.starts_with("* ");
    Features {
        words,
        chars,
        sentences,
        ends_sentence,
        title_case,
        link_density: if chars == 0 {
            0.0
        } else {
            (b.link_chars as f32 / chars as f32).min(1.0)
        },
        bullet,
        teaser: teaser_glue(t),
    }
}

/// True when `b` needs no script-aware handling: only ASCII white space (no vertical tab),
/// and no character
/// of a script written without spaces. Allowed beyond ASCII: two-byte characters (Latin,
/// Greek, Cyrillic, Hebrew, Arabic...) except NEL and NBSP, and the E2 block (punctuation,
/// curly quotes, dashes, symbols) except its spaces and separators. Every unspaced script
/// lies at E0 and beyond, outside E2.
fn simple_text(b: &[u8]) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    b.iter().enumerate().all(|(i, &c)| match c {
        // Vertical tab: white space to `split_whitespace`, not to `is_ascii_whitespace`.
        0x0B => false,
        0x00..=0xC1 => true,
        0xC2 => !matches!(at(i + 1), 0x85 | 0xA0),
        0xC3..=0xDF => true,
        0xE2 => match at(i + 1) {
            0x80 => !matches!(at(i + 2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
            0x81 => at(i + 2) != 0x9F,
            _ => true,
        },
        _ => false,
    })
}

/// One pass over `simple_text`: (chars, words, sentence marks, longer words, capitalised
/// ones), with the same definitions as the general path (`word_count`, `sentence_marks`,
/// `title_words`).
fn simple_pass(t: &str) -> (usize, usize, usize, usize, usize) {
    let bytes = t.as_bytes();
    let (mut words, mut long, mut caps) = (0, 0, 0);
    let chars = bytes.iter().filter(|&&x| (x & 0xC0) != 0x80).count();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // A word: bytes[i..j], cut at ASCII bytes so always a whole UTF-8 slice.
        let mut j = i;
        while j < n && !bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        words += 1;
        let w = &bytes[i..j];
        if w[0].is_ascii_alphanumeric() {
            if w.len() >= 4
                && w[0].is_ascii_alphabetic()
                && (w.is_ascii() || t[i..j].chars().nth(3).is_some())
            {
                long += 1;
                if w[0].is_ascii_uppercase() {
                    caps += 1;
                }
            }
        } else {
            let (l, c) = title_words(&t[i..j]);
            long += l;
            caps += c;
        }
        i = j;
    }
    (chars, words, sentence_marks(bytes), long, caps)
}

/// Sentence-final marks followed by white space (any script).
fn sentence_marks(bytes: &[u8]) -> usize {
    let mut sentences = 0;
    for i in 0..bytes.len() {
        let x = bytes[i];
        if x.is_ascii_whitespace() && i > 0 {
            let p = bytes[i - 1];
            // "…" is E2 80 A6 and "”" E2 80 9D: compared by hand, no slice compare per space.
            let three =
                i >= 3 && bytes[i - 3] == 0xE2 && bytes[i - 2] == 0x80 && matches!(p, 0xA6 | 0x9D);
            if matches!(p, b'.' | b'!' | b'?' | b'"') || three {
                sentences += 1;
            }
        } else if x >= 0xE3 {
            let at = |s: &str| bytes[i..].starts_with(s.as_bytes());
            if at("。") || at("！") || at("？") {
                sentences += 1;
            }
        }
    }
    sentences
}

/// Words of four or more characters that start with a letter, and how many are capitalised.
fn title_words(t: &str) -> (usize, usize) {
    let (mut long, mut caps) = (0usize, 0usize);
    for w in t.split_whitespace() {
        let w = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        if w.len() >= 4 && (w.is_ascii() || w.chars().nth(3).is_some()) {
            if let Some(c) = w.chars().next() {
                if c.is_alphabetic() {
                    long += 1;
                    if c.is_uppercase() {
                        caps += 1;
                    }
                }
            }
        }
    }
    (long, caps)
}

/// A teaser card flattened to text: a title-case headline glued to its summary with no
/// space ("... Strike PossibleThe union said ..."), as page text copies of link cards read.
pub fn teaser_glue(t: &str) -> bool {
    // Cheap pre-check: a glued word needs a lower-case letter directly followed by a capital.
    if !lower_then_upper(t) {
        return false;
    }
    let mut prefix_long = 0usize;
    let mut prefix_caps = 0usize;
    for (n, w) in t.split_whitespace().enumerate() {
        if n >= 25 {
            return false;
        }
        if glued_word(w) {
            return prefix_long >= 2 && prefix_caps * 10 >= prefix_long * 6;
        }
        let mut letters = w.chars().skip_while(|c| !c.is_alphabetic());
        if let Some(first) = letters.next() {
            if letters.take(3).count() == 3 {
                prefix_long += 1;
                if first.is_uppercase() {
                    prefix_caps += 1;
                }
            }
        }
    }
    false
}

/// "PossibleThe": a capital, two or more lower-case letters, a capital, a lower-case letter.
/// A lower-case letter directly followed by a capital somewhere in `t` (any script).
fn lower_then_upper(t: &str) -> bool {
    let b = t.as_bytes();
    if b.is_ascii() {
        return b
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    }
    let mut prev_lower = false;
    for c in t.chars() {
        if prev_lower && c.is_uppercase() {
            return true;
        }
        prev_lower = c.is_lowercase();
    }
    false
}

fn glued_word(w: &str) -> bool {
    let mut cs = w.chars();
    if !cs.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let mut lowers = 0usize;
    let mut after_upper = false;
    for c in cs {
        if after_upper {
            return c.is_lowercase();
        }
        if c.is_lowercase() {
            lowers += 1;
        } else if c.is_uppercase() && lowers >= 2 {
            after_upper = true;
        } else {
            return false;
        }
    }
    false
}

/// True for scripts written without spaces between words (Chinese, Japanese, Thai...).
fn unspaced(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x0E00..=0x0E7F | 0x0E80..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
}

/// Words in `t`: white-space separated tokens, where a token in an unspaced script counts
/// one word per two characters (the typical length of a Chinese or Japanese word).
pub fn word_count(t: &str) -> usize {
    if t.is_ascii() {
        return t.split_ascii_whitespace().count();
    }
    t.split_whitespace()
        .map(|w| {
            let u = w.chars().filter(|c| unspaced(*c)).count();
            if u == 0 {
                1
            } else {
                u.div_ceil(2).max(1)
            }
        })
        .sum()
}

/// FNV-1a hash of `repeat_key(text)` without building the key (one per block, so cheap).
pub fn repeat_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut feed = |c: char| {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h = (h ^ b as u64).wrapping_mul(0x100000001b3);
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                feed(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            c.to_lowercase().for_each(&mut feed);
        }
    }
    h
}

/// Key used to spot the same block repeated on a page (menus, headline echoes).
pub fn repeat_key(text: &str) -> String {
    let mut k = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                k.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            k.extend(c.to_lowercase());
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_then_upper_matches_a_walk_over_characters() {
        let walk = |t: &str| {
            let cs: Vec<char> = t.chars().collect();
            cs.windows(2)
                .any(|w| w[0].is_lowercase() && w[1].is_uppercase())
        };
        for t in [
            "",
            "a",
            "aB",
            "ab",
            "AB",
            "éA",
            "aÉ",
            "“Hello” there",
            "ÉÉ",
            "aé",
            "ΑβΓ",
            "βγ",
            "PossibleThe",
            "iPhone",
            "x “Y",
            "北京A",
            "aß",
            "ßA",
            "e\u{301}A",
            "Ａｂ",
        ] {
            assert_eq!(lower_then_upper(t), walk(t), "{t:?}");
        }
    }

    #[test]
    fn teaser_cards() {
        assert!(teaser_glue("Auto Union Opens Talks With Fiat Chrysler; Strike PossibleThe union turned its focus to talks."));
        assert!(!teaser_glue(
            "YouTube said on Monday that it would change its rules."
        ));
        assert!(!teaser_glue(
            "The company's PlayStation sales rose by a third."
        ));
        assert!(!teaser_glue(""));
    }

    #[test]
    fn simple_pass_agrees_with_the_general_path() {
        for t in [
            "One two. Three \"four\" five! Six? seven",
            "  Menu  Home  News ",
            "(Reuters) - The U.S. said: \"no.\" Then 1234 ok",
            "“Élan,” she said — Ånd ÉCOLE café… Über “Ⅻ” ½ ok.” Next",
            "",
        ] {
            assert!(simple_text(t.as_bytes()), "{t}");
            let (chars, words, sentences, long, caps) = simple_pass(t);
            assert_eq!(chars, t.chars().count(), "{t}");
            assert_eq!(words, word_count(t), "{t}");
            assert_eq!(sentences, sentence_marks(t.as_bytes()), "{t}");
            assert_eq!((long, caps), title_words(t), "{t}");
        }
    }

    #[test]
    fn spaces_and_unspaced_scripts_take_the_general_path() {
        for t in [
            "a\u{A0}b",
            "a\u{2009}b",
            "a\u{3000}b",
            "商標権",
            "ไทย",
            "a 😀",
        ] {
            assert!(!simple_text(t.as_bytes()), "{t}");
        }
    }

    #[test]
    fn words_in_unspaced_scripts() {
        assert_eq!(word_count("one two"), 2);
        assert_eq!(word_count("商標権侵害"), 3);
    }
}
