//! Finds quoted stretches: pairs quotation marks with a stack, reading each mark's direction
//! from its context (space or punctuation on either side) and only falling back to the glyph
//! when the context does not say.
//!
//! Handles straight and curly double quotes, single quotes (a `’` between letters, after a
//! plural `s` or before a decade is an apostrophe, not a closing quote), « » and „ “, nested
//! quotes, and quotations that run over several paragraphs (each paragraph re-opens with a mark,
//! only the last one closes). A mark that cannot be paired is dropped at the end of its
//! paragraph, so one stray mark never swallows the rest of the article.

/// Which family of marks a quote uses; a closing mark only closes an opener of its family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `"` `“` `”` `„` `«` `»`
    Double,
    /// `'` `‘` `’` `‚`
    Single,
}

/// A quoted stretch in code points: `start..end` is inside the marks, trimmed of white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quoted {
    pub start: usize,
    pub end: usize,
    /// Position of the opening mark (code points).
    pub open: usize,
    /// Position of the closing mark.
    pub close: usize,
    pub family: Family,
    /// Number of quotes this one sits inside (0 = top level).
    pub depth: usize,
    /// `start..end` as UTF-8 byte offsets, for slicing without a second index.
    pub bstart: usize,
    pub bend: usize,
    /// True when the quote runs over more than one paragraph.
    pub multi_paragraph: bool,
}

/// What a mark can do, from its glyph and its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// Context is silent: close if an opener of the family is pending, else open.
    Either,
    /// `’` / `'` after a word: closes a pending single quote, else an apostrophe.
    CloseOrApostrophe,
    /// Not a quotation mark here (apostrophe, elision).
    None,
}

fn family(c: char) -> Option<Family> {
    match c {
        '"' | '“' | '”' | '„' | '«' | '»' => Some(Family::Double),
        '\'' | '‘' | '’' | '‚' => Some(Family::Single),
        _ => None,
    }
}

fn is_quote_char(c: char) -> bool {
    family(c).is_some()
}

/// Characters after which an opening mark may stand ("(“", "—'", "[\"").
fn opens_after(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '\u{2026}'
    ) || is_quote_char(c)
}

/// Characters before which a closing mark may stand ("”,", "’.", "\")").
fn closes_before(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '…' | '/'
    ) || is_quote_char(c)
}

fn blank(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// Reads one mark's role from its glyph and its two neighbours.
fn role(c: char, prev: Option<char>, next: Option<char>) -> Role {
    let open_ctx = (blank(prev) || prev.is_some_and(opens_after)) && !blank(next);
    let close_ctx = !blank(prev) && (blank(next) || next.is_some_and(closes_before));
    let word_before = prev.is_some_and(char::is_alphanumeric);
    let word_after = next.is_some_and(char::is_alphanumeric);
    match c {
        '"' => match (open_ctx, close_ctx) {
            (true, false) => Role::Open,
            (false, true) => Role::Close,
            _ => Role::Either,
        },
        '“' | '„' | '«' => {
            if close_ctx && !open_ctx && c == '“' {
                Role::Close
            } else {
                Role::Open
            }
        }
        '”' | '»' => {
            if open_ctx && !close_ctx {
                Role::Open
            } else {
                Role::Close
            }
        }
        '‘' | '‚' => {
            if close_ctx && !open_ctx {
                Role::CloseOrApostrophe
            } else {
                Role::Open
            }
        }
        '’' | '\'' => {
            // doesn’t, Xi’s, O'Brien; ’90s
            let apostrophe =
                (word_before && word_after) || next.is_some_and(|n| n.is_ascii_digit());
            if apostrophe {
                Role::None
            } else if close_ctx {
                Role::CloseOrApostrophe
            } else if open_ctx && c == '\'' && word_after {
                Role::Open
            } else {
                Role::None // ’em, stray marks
            }
        }
        _ => Role::None,
    }
}

struct Pending {
    family: Family,
    /// Straight (`"`) or typographic opener: a block quote opened with straight marks is not
    /// continued by a paragraph that opens with a curly mark (and vice versa).
    straight: bool,
    /// Position of the opening mark: code points and bytes.
    open: usize,
    bopen: usize,
    /// Length of the opening mark in code points (2 for `''`) and in bytes.
    width: usize,
    bwidth: usize,
    multi: bool,
}

/// Code point index of byte offsets visited in increasing order (one walk over the text).
struct Cursor {
    byte: usize,
    chars: usize,
}

impl Cursor {
    fn char_at(&mut self, bytes: &[u8], b: usize) -> usize {
        while self.byte < b.min(bytes.len()) {
            // Count every byte that starts a character (not a UTF-8 continuation byte).
            if bytes[self.byte] & 0xC0 != 0x80 {
                self.chars += 1;
            }
            self.byte += 1;
        }
        self.chars
    }
}

fn char_at(text: &str, b: usize) -> Option<char> {
    text.get(b..).and_then(|t| t.chars().next())
}

fn char_before(text: &str, b: usize) -> Option<char> {
    text.get(..b).and_then(|t| t.chars().next_back())
}

/// Finds every quoted stretch of `text`, sorted by (start, end).
///
/// Walks the bytes and only decodes characters at bytes that can start a quotation mark, a
/// line break or a tag (`"`, `'`, `<`, `\n`, `\r`, and the lead bytes 0xE2 / 0xC2 of “ ” ‘ ’ „
/// ‚ « » and U+2029), so the scan costs little more than reading the text.
pub fn find_quoted(text: &str) -> Vec<Quoted> {
    let bytes = text.as_bytes();
    let mut cursor = Cursor { byte: 0, chars: 0 };
    let mut out = Vec::new();
    let mut stack: Vec<Pending> = Vec::new();
    // Byte offset and byte width of a re-opening mark at the start of a continued paragraph:
    // part of the quote, not a mark of its own.
    let mut skip_mark: Option<(usize, usize)> = None;
    // Inside a transcript whose turns each open with a quote mark (see `end_paragraph`).
    let mut transcript = false;
    let mut i = 0;
    while i < bytes.len() {
        if !matches!(bytes[i], b'"' | b'\'' | b'<' | b'\n' | b'\r' | 0xE2 | 0xC2) {
            i += 1;
            continue;
        }
        let Some(c) = char_at(text, i) else {
            i += 1;
            continue;
        };
        let clen = c.len_utf8();
        if c == '\n' || c == '\r' || c == '\u{2029}' {
            let mut j = i;
            while let Some(w) = char_at(text, j).filter(|w| w.is_whitespace()) {
                j += w.len_utf8();
            }
            end_paragraph(
                text,
                j,
                &mut stack,
                &mut skip_mark,
                &mut transcript,
                &mut out,
            );
            i = j;
            continue;
        }
        if c == '<' {
            // Marks inside markup (`<tweet author="x">`, `<a href="…">`) are attribute quotes.
            i = tag_end(bytes, i).map_or(i + 1, |end| end + 1);
            continue;
        }
        let Some(fam) = family(c) else {
            i += clen;
            continue;
        };
        if let Some((at, width)) = skip_mark.filter(|&(at, _)| at == i) {
            skip_mark = None;
            i = at + width;
            continue;
        }
        let prev = char_before(text, i);
        // Two apostrophes are a typewriter double quote (`''Yes,'' he said`).
        let doubled = c == '\'' && bytes.get(i + 1) == Some(&b'\'');
        let (c, fam, width, bwidth) = if doubled {
            ('"', Family::Double, 2, 2)
        } else {
            (c, fam, 1, clen)
        };
        let next = char_at(text, i + bwidth);
        let at = cursor.char_at(bytes, i);
        let pending = stack.iter().rposition(|p| p.family == fam);
        let push = |stack: &mut Vec<Pending>| {
            stack.push(Pending {
                family: fam,
                straight: c == '"',
                open: at,
                bopen: i,
                width,
                bwidth,
                multi: false,
            })
        };
        // A double mark that starts a paragraph opens a quote whatever its glyph or the
        // space after it (`” … he delivered …,” Barabak wrote.`), unless it continues one.
        let para_start = prev.is_none_or(|p| matches!(p, '\n' | '\r' | '\u{2029}'));
        let r = if fam == Family::Double && para_start && pending.is_none() {
            Role::Open
        } else {
            role(c, prev, next)
        };
        match r {
            Role::Open => push(&mut stack),
            Role::Either => match pending {
                Some(k) => close(text, &mut stack, k, (at, i), &mut out),
                None => push(&mut stack),
            },
            Role::Close => {
                if let Some(k) = pending {
                    close(text, &mut stack, k, (at, i), &mut out);
                }
            }
            Role::CloseOrApostrophe => {
                // Only the innermost pending quote may be closed by a single mark, and not by
                // a plural possessive ("the regimes’ ties") when a better closer follows.
                let top_single = stack.last().is_some_and(|p| p.family == Family::Single);
                if top_single && !(looks_possessive(text, i, clen) && later_closer(text, i + clen))
                {
                    let k = stack.len() - 1;
                    close(text, &mut stack, k, (at, i), &mut out);
                }
            }
            Role::None => {}
        }
        i += bwidth;
    }
    out.sort_by_key(|q| (q.start, q.end));
    out
}

/// At a paragraph break: a double quote still open continues when the next paragraph starts
/// with an opening double mark of the same style (the newspaper convention); everything else
/// pending is dropped. `next_start` is the byte offset of the next paragraph.
///
/// A transcript set in quotation marks (`"WALLACE: …¶"PENCE: …¶…"`) looks like one quote
/// running over every paragraph, but each paragraph is a turn of its own speaker: when the
/// continued paragraph opens with a speaker label, the pending quotes are dropped (quotes
/// already closed inside them move up to the top level), and while the transcript lasts the
/// mark opening each paragraph wraps a turn instead of opening a quote.
fn end_paragraph(
    text: &str,
    next_start: usize,
    stack: &mut Vec<Pending>,
    skip_mark: &mut Option<(usize, usize)>,
    transcript: &mut bool,
    out: &mut [Quoted],
) {
    let first = char_at(text, next_start);
    let reopen = if text.get(next_start..).is_some_and(|t| t.starts_with("''")) {
        Some(('"', 2))
    } else {
        first
            .filter(|&c| matches!(c, '“' | '"' | '„' | '«'))
            .map(|c| (c, c.len_utf8()))
    };
    let outer_double = stack.iter().position(|p| p.family == Family::Double);
    let labelled = super::turns::label_at(text, next_start).is_some();
    match (reopen, outer_double) {
        (Some((_, width)), Some(k)) if labelled => {
            let wrapper = stack[k].open;
            for q in out.iter_mut().filter(|q| q.open > wrapper) {
                q.depth = q.depth.saturating_sub(k + 1);
            }
            stack.clear();
            *transcript = true;
            *skip_mark = Some((next_start, width));
        }
        (Some((c, width)), Some(k)) if stack[k].straight == (c == '"') => {
            stack.truncate(k + 1);
            stack[k].multi = true;
            *skip_mark = Some((next_start, width));
        }
        (Some((_, width)), None) if *transcript => {
            stack.clear();
            *skip_mark = Some((next_start, width));
        }
        _ => {
            stack.clear();
            *transcript = false;
        }
    }
}

/// Closes pending quote `k` at the mark at `at` (code points, bytes); quotes opened inside
/// it and still pending are dropped (their marks were not quotation marks after all).
fn close(
    text: &str,
    stack: &mut Vec<Pending>,
    k: usize,
    at: (usize, usize),
    out: &mut Vec<Quoted>,
) {
    let p = &stack[k];
    let (mut a, mut ba) = (p.open + p.width, p.bopen + p.bwidth);
    let (mut b, mut bb) = at;
    while ba < bb {
        match char_at(text, ba) {
            Some(c) if c.is_whitespace() => {
                a += 1;
                ba += c.len_utf8();
            }
            _ => break,
        }
    }
    while bb > ba {
        match char_before(text, bb) {
            Some(c) if c.is_whitespace() => {
                b -= 1;
                bb -= c.len_utf8();
            }
            _ => break,
        }
    }
    if ba < bb {
        out.push(Quoted {
            start: a,
            end: b,
            open: p.open,
            close: at.0,
            family: p.family,
            depth: k,
            bstart: ba,
            bend: bb,
            multi_paragraph: p.multi,
        });
    }
    stack.truncate(k);
}

/// End (byte offset of the `>`) of a markup tag starting at byte `i`, if `<` opens one: a
/// letter or `/` follows and a `>` comes within 600 bytes on the same line.
fn tag_end(bytes: &[u8], i: usize) -> Option<usize> {
    let next = *bytes.get(i + 1)?;
    if !(next.is_ascii_alphabetic() || next == b'/') {
        return None;
    }
    bytes
        .iter()
        .enumerate()
        .skip(i + 1)
        .take(600)
        .take_while(|(_, &b)| b != b'\n' && b != b'<')
        .find(|(_, &b)| b == b'>')
        .map(|(j, _)| j)
}

/// `s’ ` followed by a lower-case word: the plural possessive shape (mark at byte `i`).
fn looks_possessive(text: &str, i: usize, len: usize) -> bool {
    let mut after = text.get(i + len..).unwrap_or("").chars();
    matches!(char_before(text, i), Some('s' | 'z'))
        && after.next() == Some(' ')
        && after.next().is_some_and(char::is_lowercase)
}

/// Another single closing mark later in the same paragraph (from byte `from`).
fn later_closer(text: &str, from: usize) -> bool {
    let rest = text.get(from..).unwrap_or("");
    let mut prev = char_before(text, from);
    let mut it = rest.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\n' {
            return false;
        }
        if matches!(c, '’' | '\'') && role(c, prev, it.peek().copied()) == Role::CloseOrApostrophe
        {
            return true;
        }
        prev = Some(c);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        find_quoted(text)
            .iter()
            .map(|q| chars[q.start..q.end].iter().collect())
            .collect()
    }

    #[test]
    fn straight_and_curly_double_quotes() {
        assert_eq!(
            quoted(r#"He said "we will win," and she said “no way.”"#),
            ["we will win,", "no way."]
        );
        assert_eq!(quoted("mixed \"pair” here"), ["pair"]);
        assert_eq!(quoted("«Bonjour» et „Hallo“"), ["Bonjour", "Hallo"]);
    }

    #[test]
    fn apostrophes_are_not_closing_quotes() {
        let t =
            "‘Moscow doesn’t care about the regimes’ ties or Xi’s plans from the ’90s,’ he said.";
        assert_eq!(
            quoted(t),
            ["Moscow doesn’t care about the regimes’ ties or Xi’s plans from the ’90s,"]
        );
        assert!(quoted("The voters’ choice and Xi’s call.").is_empty());
        assert_eq!(quoted("He said 'it's fine' today"), ["it's fine"]);
        assert_eq!(quoted("''It's a deal,'' he said."), ["It's a deal,"]);
        assert_eq!(quoted("He said ''no.'' Then 'yes'"), ["no.", "yes"]);
    }

    #[test]
    fn nested_quotes() {
        let t = "“He called it ‘a hoax’ twice,” she said.";
        let q = find_quoted(t);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].depth, 0);
        assert_eq!(q[1].depth, 1);
        assert_eq!(quoted(t), ["He called it ‘a hoax’ twice,", "a hoax"]);
    }

    #[test]
    fn multi_paragraph_quote_is_one_quote() {
        let t = "“First part of it.\n\n“Second part ends here,” he said.\n\nNext “x” y.";
        let q = find_quoted(t);
        assert!(q[0].multi_paragraph);
        assert_eq!(
            quoted(t),
            ["First part of it.\n\n“Second part ends here,", "x"]
        );
    }

    #[test]
    fn mark_starting_a_paragraph_opens() {
        let t = "Intro.\n\n” … he spoke well,” Barabak wrote.";
        assert_eq!(quoted(t), vec!["… he spoke well,"]);
    }

    #[test]
    fn transcript_in_quote_marks_is_no_quote() {
        let t = "Transcript:\n\n\"WALLACE: Is it “fair”?\n\n\"PENCE: It is “Shark Tank.”\n\n\"Follow us.\"";
        let q = find_quoted(t);
        let texts: Vec<&str> = q.iter().map(|q| &t[q.bstart..q.bend]).collect();
        assert_eq!(texts, vec!["fair", "Shark Tank."]);
        assert!(q.iter().all(|q| q.depth == 0));
    }

    #[test]
    fn unbalanced_marks_stay_local() {
        let t = "A stray “mark here.\nThen “a real quote” follows.\nAnd 5\" of snow.";
        assert_eq!(quoted(t), ["a real quote"]);
        assert_eq!(quoted("”"), Vec::<String>::new());
        assert_eq!(quoted("\"\"\"'''‘’“”"), Vec::<String>::new());
    }

    #[test]
    fn marks_inside_markup_are_ignored() {
        let t = "<tweet author=\"x\" id=\"1\">“Big win” tonight</tweet> and “more”";
        assert_eq!(quoted(t), ["Big win", "more"]);
        assert_eq!(quoted("a < b \"c\""), ["c"]);
    }

    #[test]
    fn offsets_are_code_points() {
        let t = "😀 北京 “你好 👩‍👩‍👧” end";
        let q = find_quoted(t);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].start, 6);
        let chars: Vec<char> = t.chars().collect();
        assert_eq!(
            chars[q[0].start..q[0].end].iter().collect::<String>(),
            "你好 👩‍👩‍👧"
        );
    }
}
