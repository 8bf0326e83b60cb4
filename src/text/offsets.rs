//! Conversions between the three offset units that meet in this project:
//! UTF-8 bytes (Rust `str` indices), Unicode code points (what newsmark stores and exports),
//! and UTF-16 code units (what the DOM and JavaScript strings use).

/// Maps code point offsets of one text to byte offsets and back, in O(log n) per lookup.
/// Built once per text; cheap for ASCII-only text (no table at all).
pub struct CharIndex {
    /// Byte offset of every code point, plus one entry for the end of the text.
    /// Empty when the text is ASCII (byte offset == code point offset).
    byte_of_char: Vec<usize>,
    len_bytes: usize,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                byte_of_char: Vec::new(),
                len_bytes: text.len(),
            };
        }
        let mut byte_of_char: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of_char.push(text.len());
        CharIndex {
            byte_of_char,
            len_bytes: text.len(),
        }
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        if self.byte_of_char.is_empty() {
            self.len_bytes
        } else {
            self.byte_of_char.len() - 1
        }
    }

    /// Byte offset of code point `c`; clamps to the end of the text.
    pub fn byte(&self, c: usize) -> usize {
        if self.byte_of_char.is_empty() {
            c.min(self.len_bytes)
        } else {
            self.byte_of_char[c.min(self.byte_of_char.len() - 1)]
        }
    }

    /// Code point offset of byte `b`. A byte inside a character maps to that character's start.
    pub fn char(&self, b: usize) -> usize {
        if self.byte_of_char.is_empty() {
            return b.min(self.len_bytes);
        }
        match self.byte_of_char.binary_search(&b) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The text between two code point offsets (clamped, never panics).
    pub fn slice<'a>(&self, text: &'a str, start: usize, end: usize) -> &'a str {
        let (s, e) = (self.byte(start), self.byte(end.max(start)));
        &text[s..e]
    }
}

/// Text between code point offsets `start..end`, for one-off lookups (O(n)).
pub fn char_slice(text: &str, start: usize, end: usize) -> &str {
    let mut it = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let s = it.by_ref().nth(start).unwrap_or(text.len());
    let e = if end > start {
        it.nth(end - start - 1).unwrap_or(text.len())
    } else {
        s
    };
    &text[s..e]
}

/// UTF-16 offset of every code point of `text`, plus one entry for the end of the text.
pub fn utf16_table(text: &str) -> Vec<usize> {
    let mut table = Vec::with_capacity(text.len() + 1);
    let mut u16pos = 0usize;
    for ch in text.chars() {
        table.push(u16pos);
        u16pos += ch.len_utf16();
    }
    table.push(u16pos);
    table
}

/// Code point offset -> UTF-16 offset for a list of offsets (clamped to the end of the text).
pub fn codepoints_to_utf16(text: &str, offsets: &[usize]) -> Vec<usize> {
    let table = utf16_table(text);
    offsets
        .iter()
        .map(|&o| table[o.min(table.len() - 1)])
        .collect()
}

/// UTF-16 offset -> code point offset. An offset inside a surrogate pair maps to the pair's start.
pub fn utf16_to_codepoints(text: &str, offsets: &[usize]) -> Vec<usize> {
    let starts = utf16_table(text);
    offsets
        .iter()
        .map(|&o| match starts.binary_search(&o) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_unicode_agree() {
        for text in ["plain ascii", "Zelenskyy’s 😀 北京 e\u{301}!", ""] {
            let idx = CharIndex::new(text);
            assert_eq!(idx.len_chars(), text.chars().count());
            for (c, (b, _)) in text.char_indices().enumerate() {
                assert_eq!(idx.byte(c), b);
                assert_eq!(idx.char(b), c);
            }
            assert_eq!(idx.byte(idx.len_chars()), text.len());
        }
    }

    #[test]
    fn slices_by_code_points() {
        let t = "a😀b北c";
        assert_eq!(char_slice(t, 1, 3), "😀b");
        assert_eq!(CharIndex::new(t).slice(t, 3, 5), "北c");
        assert_eq!(char_slice(t, 4, 99), "c");
        assert_eq!(char_slice(t, 2, 2), "");
    }

    #[test]
    fn utf16_round_trip() {
        let t = "x😀y👩‍👩‍👧z";
        let cps: Vec<usize> = (0..=t.chars().count()).collect();
        let u = codepoints_to_utf16(t, &cps);
        assert_eq!(u[2], 3); // the emoji takes two UTF-16 units
        assert_eq!(utf16_to_codepoints(t, &u), cps);
    }
}
