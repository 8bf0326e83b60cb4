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
    // Fast path: printable ASCII with single inner spaces is already normal.
    let b = s.as_bytes();
    if b.iter().all(|&c| (0x20..0x7F).contains(&c))
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !b.windows(2).any(|w| w == b"  ")
    {
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

/// Repairs and normalises inline text: mojibake first (it must see the raw C1 characters),
/// then character references, then white space.
pub fn repair_inline(s: &str, decode_entities: bool) -> String {
    // Most lines need none of the repairs: check cheaply before copying.
    let fixed: std::borrow::Cow<str> = if s.chars().any(|c| matches!(c as u32, 0xC2..=0xF4)) {
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
    fn inline_repairs_and_collapses() {
        assert_eq!(super::inline("  a\u{A0}\tb\u{AD}c\u{200B} "), "a bc");
        assert_eq!(
            super::repair_inline("Itâ€™s &ldquo;caf&eacute;&rdquo;", true),
            "It’s “café”"
        );
        assert_eq!(super::repair_inline("AT&amp;T", false), "AT&amp;T");
    }
}
