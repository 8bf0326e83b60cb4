//! Finds stretches of text between double quotation marks (straight or curly).

/// A quoted stretch in code points: `start..end` is inside the marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quoted {
    pub start: usize,
    pub end: usize,
}

pub fn find_quoted(text: &str) -> Vec<Quoted> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let opens =
            c == '“' || (c == '"' && (prev.is_whitespace() || "([—–-".contains(prev) || i == 0));
        let closes = c == '”' || c == '"';
        if c == '\n' {
            open = None;
        } else if open.is_none() && opens {
            open = Some(i + 1);
        } else if let (Some(s), true) = (open, closes) {
            let (mut a, mut b) = (s, i);
            while a < b && chars[a].is_whitespace() {
                a += 1;
            }
            while b > a && chars[b - 1].is_whitespace() {
                b -= 1;
            }
            if a < b {
                out.push(Quoted { start: a, end: b });
            }
            open = None;
        }
    }
    out
}
