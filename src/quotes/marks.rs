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
    /// Position of the opening mark.
    open: usize,
    /// Length of the opening mark in code points (2 for `''`).
    width: usize,
    multi: bool,
}

/// Finds every quoted stretch of `text`, sorted by (start, end).
pub fn find_quoted(text: &str) -> Vec<Quoted> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut stack: Vec<Pending> = Vec::new();
    // Index of a re-opening mark at the start of a continued paragraph: part of the quote.
    let mut skip_mark: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' || c == '\r' || c == '\u{2029}' {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            end_paragraph(&chars, j, &mut stack, &mut skip_mark);
            i = j;
            continue;
        }
        if c == '<' {
            // Marks inside markup (`<tweet author="x">`, `<a href="…">`) are attribute quotes.
            if let Some(end) = tag_end(&chars, i) {
                i = end + 1;
                continue;
            }
        }
        let Some(fam) = family(c) else {
            i += 1;
            continue;
        };
        if let Some((at, width)) = skip_mark.filter(|&(at, _)| at == i) {
            skip_mark = None;
            i = at + width;
            continue;
        }
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        // Two apostrophes are a typewriter double quote (`''Yes,'' he said`).
        let doubled = c == '\'' && chars.get(i + 1) == Some(&'\'');
        let (c, fam, width) = if doubled {
            ('"', Family::Double, 2)
        } else {
            (c, fam, 1)
        };
        let next = chars.get(i + width).copied();
        let pending = stack.iter().rposition(|p| p.family == fam);
        match role(c, prev, next) {
            Role::Open => stack.push(Pending {
                family: fam,
                straight: c == '"',
                open: i,
                width,
                multi: false,
            }),
            Role::Either => match pending {
                Some(k) => close(&chars, &mut stack, k, i, &mut out),
                None => stack.push(Pending {
                    family: fam,
                    straight: c == '"',
                    open: i,
                    width,
                    multi: false,
                }),
            },
            Role::Close => {
                if let Some(k) = pending {
                    close(&chars, &mut stack, k, i, &mut out);
                }
            }
            Role::CloseOrApostrophe => {
                // Only the innermost pending quote may be closed by a single mark, and not by
                // a plural possessive ("the regimes’ ties") when a better closer follows.
                let top_single = stack.last().is_some_and(|p| p.family == Family::Single);
                if top_single && !(looks_possessive(&chars, i) && later_closer(&chars, i)) {
                    let k = stack.len() - 1;
                    close(&chars, &mut stack, k, i, &mut out);
                }
            }
            Role::None => {}
        }
        i += width;
    }
    out.sort_by_key(|q| (q.start, q.end));
    fill_byte_offsets(&chars, &mut out);
    out
}

/// Sets `bstart`/`bend` from the code point offsets in one walk over the text.
fn fill_byte_offsets(chars: &[char], quotes: &mut [Quoted]) {
    let mut bounds: Vec<(usize, usize, bool)> = Vec::with_capacity(quotes.len() * 2);
    for (k, q) in quotes.iter().enumerate() {
        bounds.push((q.start, k, false));
        bounds.push((q.end, k, true));
    }
    bounds.sort_unstable();
    let (mut ci, mut bi) = (0usize, 0usize);
    for (at, k, is_end) in bounds {
        while ci < at.min(chars.len()) {
            bi += chars[ci].len_utf8();
            ci += 1;
        }
        if is_end {
            quotes[k].bend = bi;
        } else {
            quotes[k].bstart = bi;
        }
    }
}

/// At a paragraph break: a double quote still open continues when the next paragraph starts
/// with an opening double mark (the newspaper convention); everything else pending is dropped.
fn end_paragraph(
    chars: &[char],
    next_start: usize,
    stack: &mut Vec<Pending>,
    skip_mark: &mut Option<(usize, usize)>,
) {
    let first = chars.get(next_start).copied();
    let reopen = if first == Some('\'') && chars.get(next_start + 1) == Some(&'\'') {
        Some(('"', 2))
    } else {
        first
            .filter(|&c| matches!(c, '“' | '"' | '„' | '«'))
            .map(|c| (c, 1))
    };
    let outer_double = stack.iter().position(|p| p.family == Family::Double);
    match (reopen, outer_double) {
        (Some((c, width)), Some(k)) if stack[k].straight == (c == '"') => {
            stack.truncate(k + 1);
            stack[k].multi = true;
            *skip_mark = Some((next_start, width));
        }
        _ => stack.clear(),
    }
}

/// Closes pending quote `k` at mark position `at`; quotes opened inside it and still pending
/// are dropped (their marks were not quotation marks after all).
fn close(chars: &[char], stack: &mut Vec<Pending>, k: usize, at: usize, out: &mut Vec<Quoted>) {
    let p = &stack[k];
    let (mut a, mut b) = (p.open + p.width, at);
    while a < b && chars[a].is_whitespace() {
        a += 1;
    }
    while b > a && chars[b - 1].is_whitespace() {
        b -= 1;
    }
    if a < b {
        out.push(Quoted {
            start: a,
            end: b,
            open: p.open,
            close: at,
            family: p.family,
            depth: k,
            bstart: 0,
            bend: 0,
            multi_paragraph: p.multi,
        });
    }
    stack.truncate(k);
}

/// End (the `>`) of a markup tag starting at `i`, if `<` opens one: a letter or `/` follows
/// and a `>` comes within 600 characters on the same line.
fn tag_end(chars: &[char], i: usize) -> Option<usize> {
    let next = *chars.get(i + 1)?;
    if !(next.is_ascii_alphabetic() || next == '/') {
        return None;
    }
    chars
        .iter()
        .enumerate()
        .skip(i + 1)
        .take(600)
        .take_while(|(_, &c)| c != '\n' && c != '<')
        .find(|(_, &c)| c == '>')
        .map(|(j, _)| j)
}

/// `s’ ` followed by a lower-case word: the plural possessive shape.
fn looks_possessive(chars: &[char], i: usize) -> bool {
    i > 0
        && matches!(chars[i - 1], 's' | 'z')
        && chars.get(i + 1) == Some(&' ')
        && chars.get(i + 2).is_some_and(|c| c.is_lowercase())
}

/// Another single closing mark later in the same paragraph.
fn later_closer(chars: &[char], i: usize) -> bool {
    let mut j = i + 1;
    while j < chars.len() && chars[j] != '\n' {
        if matches!(chars[j], '’' | '\'') {
            let prev = Some(chars[j - 1]);
            let next = chars.get(j + 1).copied();
            if role(chars[j], prev, next) == Role::CloseOrApostrophe {
                return true;
            }
        }
        j += 1;
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
