//! White space and character normalisation that keeps meaning (and keeps quote marks as typed,
//! since the quote finder needs them).

/// Normalises line ends (CRLF, CR, U+2028/2029 -> LF), turns NBSP and other space characters
/// into plain spaces, drops zero-width characters, soft hyphens, BOMs and control characters
/// (keeping ZWJ/ZWNJ, which join emoji and some scripts), collapses runs of spaces, trims each
/// line, and leaves exactly one blank line between paragraphs (non-empty lines).
pub fn normalize(input: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut pending_space = false;
    let mut chars = input.chars().peekable();
    let flush = |line: &mut String, paragraphs: &mut Vec<String>| {
        if !line.is_empty() {
            paragraphs.push(std::mem::take(line));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                flush(&mut line, &mut paragraphs);
                pending_space = false;
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' | '\u{85}' => {
                flush(&mut line, &mut paragraphs);
                pending_space = false;
            }
            '\u{200B}' | '\u{FEFF}' | '\u{2060}' | '\u{AD}' | '\u{180E}' => {}
            c if c.is_whitespace() => pending_space = !line.is_empty(),
            c if c.is_control() => {}
            c => {
                if pending_space {
                    line.push(' ');
                    pending_space = false;
                }
                line.push(c);
            }
        }
    }
    flush(&mut line, &mut paragraphs);
    paragraphs.join("\n\n")
}

/// Normalises one piece of inline text (a line of plain text, or the text of an HTML block):
/// white space of any kind becomes single spaces, invisible characters (zero-width space,
/// BOM, soft hyphen, word joiner) and control characters go, ZWJ/ZWNJ stay, ends are trimmed.
pub fn inline(s: &str) -> String {
    // Fast path: text with no character this function changes is already normal.
    if already_inline(s.as_bytes()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        match c {
            '\u{200B}' | '\u{FEFF}' | '\u{2060}' | '\u{AD}' | '\u{180E}' | '\u{200E}'
            | '\u{200F}' => {}
            c if c.is_whitespace() => pending_space = !out.is_empty(),
            c if c.is_control() => {}
            c => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
    }
    out
}

/// True when `inline` would return `b` unchanged: no leading, trailing or doubled space, and
/// no byte that may start a character `inline` drops or turns into a space. Checked on bytes
/// so that ordinary non-ASCII text (curly quotes, accents, dashes) keeps the fast path:
/// - C0 controls and DEL; `C2 80..=A0` (C1 controls, NEL, NBSP) and `C2 AD` (soft hyphen);
/// - `E1 9A 80` (ogham space) and `E1 A0 8E` (Mongolian vowel separator): any `E1 9A`/`E1 A0`;
/// - `E2 80 80..=8F` (spaces, zero-width, LRM/RLM), `E2 80 A8/A9/AF` (separators, narrow
///   NBSP), `E2 81 9F/A0` (medium space, word joiner);
/// - `E3 80 80` (ideographic space) and `EF BB BF` (BOM).
fn already_inline(b: &[u8]) -> bool {
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let n = b.len();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c < 0x80 {
            if c < 0x20 || c == 0x7F || (c == b' ' && at(i + 1) == b' ') {
                return false;
            }
            i += 1;
            continue;
        }
        let bad = match c {
            0xC2 => matches!(at(i + 1), 0x80..=0xA0 | 0xAD),
            0xE1 => matches!(at(i + 1), 0x9A | 0xA0),
            0xE2 => match at(i + 1) {
                0x80 => matches!(at(i + 2), 0x80..=0x8F | 0xA8 | 0xA9 | 0xAF),
                0x81 => matches!(at(i + 2), 0x9F | 0xA0),
                _ => false,
            },
            0xE3 => at(i + 1) == 0x80 && at(i + 2) == 0x80,
            0xEF => at(i + 1) == 0xBB && at(i + 2) == 0xBF,
            _ => false,
        };
        if bad {
            return false;
        }
        i += 1;
    }
    true
}

/// Repairs and normalises inline text: mojibake first (it must see the raw C1 characters),
/// then character references, then white space.
pub fn repair_inline(s: &str, decode_entities: bool) -> String {
    // Most lines need none of the repairs: check cheaply before copying.
    // U+00C2..=U+00F4 (the lead bytes of mojibake read as Latin-1) are encoded C3 82..=C3 B4:
    // a byte test finds them without decoding every character.
    let suspect = s
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == 0xC3 && (0x82..=0xB4).contains(&w[1]));
    let fixed: std::borrow::Cow<str> = if suspect {
        super::mojibake::repair(s).into()
    } else {
        s.into()
    };
    if decode_entities && fixed.contains('&') {
        inline(&super::entities::decode(&fixed))
    } else {
        inline(&fixed)
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalises_spaces_lines_and_invisibles() {
        assert_eq!(
            normalize("  a\u{A0}\u{A0}b\r\n\r\n\r\nc\u{200B}d\re "),
            "a b\n\nc d\n\ne".replace("c d", "cd")
        );
        assert_eq!(
            normalize("\u{FEFF}“Hi,” she said.\t\tOk"),
            "“Hi,” she said. Ok"
        );
        assert_eq!(normalize("👩\u{200D}👩 x\0y"), "👩\u{200D}👩 xy");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \n \r\n"), "");
    }

    #[test]
    fn fast_path_check_agrees_with_inline() {
        // Every character the slow path drops or turns into a space, alone and in context.
        let special = [
            '\u{0}', '\u{9}', '\u{1F}', '\u{7F}', '\u{80}', '\u{85}', '\u{9F}', '\u{A0}', '\u{AD}',
            '\u{1680}', '\u{180E}', '\u{2000}', '\u{200A}', '\u{200B}', '\u{200E}', '\u{200F}',
            '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{2060}', '\u{3000}', '\u{FEFF}',
        ];
        for c in special {
            let t = format!("a{c}b");
            assert!(!super::already_inline(t.as_bytes()), "{:?}", c);
            assert_ne!(super::inline(&t), t, "{:?}", c);
        }
        for t in [
            "“Hi,” she said — café ©2024 …",
            "a b",
            "日本語 テキスト",
            "x’s",
        ] {
            assert!(super::already_inline(t.as_bytes()), "{t}");
            assert_eq!(super::inline(t), t);
        }
        for t in [" a", "a ", "a  b", ""] {
            assert_eq!(
                super::already_inline(t.as_bytes()),
                super::inline(t) == t,
                "{t:?}"
            );
        }
    }

    #[test]
    fn inline_repairs_and_collapses() {
        assert_eq!(super::inline("  a\u{A0}\tb\u{AD}c\u{200B} "), "a bc");
        assert_eq!(
            super::repair_inline("Itâ€™s &ldquo;caf&eacute;&rdquo;", true),
            "It’s “café”"
        );
        assert_eq!(super::repair_inline("AT&amp;T", false), "AT&amp;T");
    }
}
