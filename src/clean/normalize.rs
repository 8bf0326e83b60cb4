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
}
