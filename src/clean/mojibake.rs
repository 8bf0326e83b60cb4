//! Repairs mojibake: UTF-8 text that was once decoded as Windows-1252 (or Latin-1), so that
//! "â€™" shows instead of "’" and "Ã©" instead of "é".
//!
//! Each character that Windows-1252 could have produced from a byte is mapped back to that
//! byte; a run is replaced only when the bytes form one complete, valid multi-byte UTF-8
//! sequence whose first byte is a lead byte. That is the "unambiguous" rule: genuine text
//! practically never holds a lead-byte letter (Â, Ã, â, Ð...) directly followed by the exact
//! continuation characters a UTF-8 sequence needs.

/// The byte Windows-1252 decodes to `c`, if any (C1 controls stand for the five bytes that
/// Windows-1252 leaves undefined, as lenient decoders pass them through).
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 {
        return Some(u as u8);
    }
    if (0xA0..=0xFF).contains(&u) || (0x80..=0x9F).contains(&u) {
        return Some(u as u8);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// Length of the UTF-8 sequence a lead byte starts (0 when it is not a multi-byte lead).
fn seq_len(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

/// True when `s` may hold mojibake (cheap pre-check so clean text is not copied).
fn suspicious(s: &str) -> bool {
    s.chars().any(|c| matches!(c as u32, 0xC2..=0xF4))
}

/// Returns `s` with every unambiguous mojibake sequence repaired.
pub fn repair(s: &str) -> String {
    if !suspicious(s) {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let n = cp1252_byte(c).map_or(0, seq_len);
        if n >= 2 && (c as u32) >= 0xC2 && i + n <= chars.len() {
            let mut bytes = [0u8; 4];
            let mut ok = true;
            for k in 0..n {
                match cp1252_byte(chars[i + k]) {
                    Some(b) if k == 0 || (0x80..=0xBF).contains(&b) => bytes[k] = b,
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                if let Ok(dec) = std::str::from_utf8(&bytes[..n]) {
                    out.push_str(dec);
                    i += n;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::repair;

    #[test]
    fn repairs_common_mojibake() {
        assert_eq!(repair("Trumpâ€™s"), "Trump’s");
        assert_eq!(repair("cafÃ©"), "café");
        assert_eq!(repair("â€œHiâ€\u{9d}"), "“Hi”");
        assert_eq!(repair("Â£5"), "£5");
        assert_eq!(repair("â€”"), "—");
        assert_eq!(repair("ðŸ˜€"), "😀");
    }

    #[test]
    fn leaves_real_text_alone() {
        for s in [
            "café",
            "Ãx",
            "naïve Â",
            "Über",
            "â",
            "“quoted”",
            "Ã",
            "Ã and",
        ] {
            assert_eq!(repair(s), s);
        }
    }
}
