//! Article metadata from text blocks: headline, byline, publication date, site name. Used for
//! plain text, and for HTML to fill what the page's meta tags did not say.

use super::blocks::{repeat_key, Block};
use super::boilerplate;
use super::select::Selection;
use crate::document::Meta;

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

fn month(word: &str) -> Option<u32> {
    // The names are ASCII: no lower-case copy needed (no other character lower-cases to
    // their letters).
    MONTHS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(word))
        .map(|(_, m)| *m)
}

fn valid(y: u32, m: u32, d: u32) -> Option<String> {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days[(m - 1) as usize]
    {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn num(t: &str) -> Option<u32> {
    let t = t
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Finds the first unambiguous date in `text` and returns it as YYYY-MM-DD. Understands
/// "January 22, 2025", "Jan. 22 2025", "22 January 2025", "2025-01-22" (also with a time),
/// "2025/01/22", and d/m/y or m/d/y only when the day is above 12.
pub fn parse_date(text: &str) -> Option<String> {
    let toks: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(64)
        .collect();
    // ISO-like: 2025-01-22, 2025/01/22, 2025.01.22, also with a time glued on
    // ("2025-01-22T08:00"). The three numbers must be joined by one separator each.
    let b = text.as_bytes();
    for i in 0..b.len() {
        if i + 10 > b.len() || (i > 0 && b[i - 1].is_ascii_digit()) {
            continue;
        }
        let d = |k: usize| b[i + k].is_ascii_digit();
        let sep = b[i + 4];
        if d(0)
            && d(1)
            && d(2)
            && d(3)
            && matches!(sep, b'-' | b'/' | b'.')
            && d(5)
            && d(6)
            && b[i + 7] == sep
            && d(8)
            && d(9)
            && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit())
        {
            let n = |a: usize, z: usize| text[i + a..i + z].parse::<u32>().ok();
            if let (Some(y), Some(m), Some(dd)) = (n(0, 4), n(5, 7), n(8, 10)) {
                if let Some(s) = valid(y, m, dd) {
                    return Some(s);
                }
            }
        }
    }
    // CJK: 2013年04月09日
    if let Some(p) = text.find('年') {
        let y: String = text[..p]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let rest = &text[p + '年'.len_utf8()..];
        if let Some(q) = rest.find('月') {
            let m = &rest[..q];
            let rest2 = &rest[q + '月'.len_utf8()..];
            let dd: String = rest2.chars().take_while(|c| c.is_ascii_digit()).collect();
            if let (Ok(y), Ok(m), Ok(dd)) =
                (y.parse::<u32>(), m.trim().parse::<u32>(), dd.parse::<u32>())
            {
                if let Some(s) = valid(y, m, dd) {
                    return Some(s);
                }
            }
        }
    }
    for (k, t) in toks.iter().enumerate() {
        if let Some(m) = month(t) {
            // Month D(,) YYYY
            if let (Some(d), Some(y)) = (
                toks.get(k + 1).and_then(|t| num(t)),
                toks.get(k + 2).and_then(|t| num(t)),
            ) {
                if d <= 31 && y >= 1900 {
                    if let Some(s) = valid(y, m, d) {
                        return Some(s);
                    }
                }
            }
            // D Month YYYY
            if k >= 1 {
                if let (Some(d), Some(y)) = (num(toks[k - 1]), toks.get(k + 1).and_then(|t| num(t)))
                {
                    if d <= 31 && y >= 1900 {
                        if let Some(s) = valid(y, m, d) {
                            return Some(s);
                        }
                    }
                }
            }
        }
    }
    // 22/01/2025 or 01/22/2025 when only one reading is possible.
    for w in toks.windows(3) {
        if w[2].len() == 4 && w[0].len() <= 2 && w[1].len() <= 2 {
            if let (Some(a), Some(b), Some(y)) = (num(w[0]), num(w[1]), num(w[2])) {
                let s = match (a > 12, b > 12) {
                    (true, false) => valid(y, b, a),
                    (false, true) => valid(y, a, b),
                    _ => None,
                };
                if s.is_some() {
                    return s;
                }
            }
        }
    }
    None
}

/// A line that is (mostly) a date: "January 22, 2025", "Published: 22 Jan 2025 10:02 IST".
pub fn looks_like_date_line(text: &str) -> bool {
    // Every date form we read has digits (CJK dates included). An embedded post's
    // signature ("— Name (@handle) November 1, 2019") is not the page's date line.
    if !text.bytes().any(|b| b.is_ascii_digit()) || text.contains('@') {
        return false;
    }
    let words = super::blocks::word_count(text);
    words <= 12 && parse_date(text).is_some() && other_words(text) <= 3
}

/// Words of a line that are not part of a date or time ("Published", "Updated", "by" pass;
/// "Emmanuel Macron visited Berlin on Jan. 5, 2024." has four others and is a sentence).
fn other_words(text: &str) -> usize {
    // Month names come from MONTHS (via `month`); these are the other date-line words.
    const DATE_WORDS: &[&str] = &[
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "am",
        "pm",
        "a.m",
        "p.m",
        "utc",
        "gmt",
        "est",
        "edt",
        "pst",
        "pdt",
        "bst",
        "cet",
        "ist",
        "on",
        "at",
        "of",
        "the",
        "by",
        "published",
        "updated",
        "posted",
        "last",
        "modified",
        "date",
        "created",
    ];
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '|' | '/' | '-' | '–' | '—' | ':' | '(' | ')')
    })
    .map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    })
    .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
    .filter(|w| !w.chars().next().is_some_and(|c| c.is_ascii_digit()))
    .filter(|w| !DATE_WORDS.contains(&w.as_str()))
    .count()
}

pub fn name_like(name: &str) -> bool {
    let n = name.split_whitespace().count();
    if n == 0 || n > 8 || name.len() > 320 || name.chars().count() > 80 {
        return false;
    }
    name.split_whitespace().all(|w| {
        let c = w.chars().next().unwrap_or(' ');
        c.is_uppercase()
            || !c.is_alphabetic() && w.chars().count() <= 1
            || [
                "and", "de", "da", "van", "von", "der", "del", "la", "le", "bin", "al", "y",
            ]
            .contains(&w)
    })
}

/// Cuts a byline's name before a date, a role or a separator ("Jane Roe | Updated ...").
fn trim_name(s: &str) -> &str {
    let mut end = s.len();
    for sep in [
        " | ",
        " - ",
        " – ",
        " — ",
        ",",
        " on ",
        " in ",
        " and updated",
        " updated",
        " published",
        " Updated",
        " Published",
        "\u{2022}",
        "·",
    ] {
        if let Some(p) = s.find(sep) {
            // Keep "Jane Roe and John Doe" together; cut only at separators that follow a name.
            if p > 0 {
                end = end.min(p);
            }
        }
    }
    s[..end].trim().trim_end_matches(['.', ':', ';']).trim()
}

/// The author named by a byline line, if the line is one: "By Jane Roe", "Jane Roe by Jane Roe",
/// "Written by Jane Roe", "Author: Jane Roe".
pub fn looks_like_byline(text: &str) -> Option<String> {
    // Counting stops past the limit: this runs on every block, paragraphs included.
    let words = text.split_whitespace().take(15).count();
    if !(2..=14).contains(&words) {
        return None;
    }
    for prefix in [
        "by ",
        "by: ",
        "written by ",
        "reported by ",
        "words by ",
        "story by ",
        "author: ",
        "posted by ",
        "text by ",
    ] {
        if text
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        {
            let name = trim_name(text.get(prefix.len()..)?.trim());
            if name_like(name) {
                return Some(name.to_string());
            }
            return None;
        }
    }
    // "Jane Roe by Jane Roe" (an avatar's alt text followed by the byline).
    if let Some(p) = text.find(" by ").or_else(|| text.find(" By ")) {
        let (a, b) = (text[..p].trim(), trim_name(text[p + 4..].trim()));
        if !a.is_empty() && a == b && name_like(b) {
            return Some(b.to_string());
        }
    }
    None
}

/// The site name from a copyright line ("© 2025 Example News. All rights reserved.").
pub fn site_from_copyright(text: &str) -> Option<String> {
    if !(text.contains('©') || text.contains("opyright") || text.contains("OPYRIGHT")) {
        return None;
    }
    let l = text.to_lowercase();
    if !(l.contains('©') || l.starts_with("copyright")) || text.split_whitespace().count() > 14 {
        return None;
    }
    let mut s = text.replace('©', " ");
    for w in [
        "Copyright",
        "copyright",
        "COPYRIGHT",
        "All rights reserved",
        "All Rights Reserved",
        "ALL RIGHTS RESERVED",
        "(c)",
        "(C)",
    ] {
        s = s.replace(w, " ");
    }
    let s: Vec<&str> = s
        .split_whitespace()
        .filter(|w| {
            !w.trim_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .all(|c| c.is_ascii_digit())
        })
        .collect();
    let name = s.join(" ");
    let name = name.trim_matches(|c: char| !c.is_alphanumeric()).trim();
    let n = name.split_whitespace().count();
    if (1..=6).contains(&n) {
        Some(name.to_string())
    } else {
        None
    }
}

/// A headline candidate: a few words, not furniture, not a sentence-length paragraph.
fn headline_like(text: &str) -> bool {
    let words = super::blocks::word_count(text);
    (3..=30).contains(&words)
        && boilerplate::family(text, words).is_none()
        && looks_like_byline(text).is_none()
        && !looks_like_date_line(text)
        && !(text.trim_end().ends_with('.') && words > 14)
}

/// Fills `meta` from the blocks around the article run and marks the blocks it used (title,
/// byline and date lines inside the run are taken out of the body).
pub fn extract(blocks: &[Block], sel: &mut Selection, meta: &mut Meta) {
    let n = blocks.len();
    let (start, end) = (sel.start, sel.end);
    let head_from = start.saturating_sub(12);
    let head_to = (start + 3).min(end);
    let mut places: Vec<usize> = (head_from..head_to).collect();
    places.extend(end.saturating_sub(2).max(head_to)..(end + 2).min(n));

    // Every byline line around the article leaves the body; the first one names the author
    // unless the page's markup already did.
    for &k in &places {
        if let Some(name) = looks_like_byline(&blocks[k].text) {
            if meta.byline.is_none() {
                meta.byline = Some(name);
            }
            sel.reasons[k] = Some("byline");
        }
    }
    // Dates: only in the header and the first blocks (a date at the foot is often "related").
    let date_place = places
        .iter()
        .copied()
        .filter(|&k| k < head_to)
        .find(|&k| looks_like_date_line(&blocks[k].text));
    if let Some(k) = date_place {
        if meta.date.is_none() {
            meta.date = parse_date(&blocks[k].text);
        }
        if meta.date.is_some() && meta.date == parse_date(&blocks[k].text) {
            sel.reasons[k] = Some("date");
        }
    }
    // Headline: scan up from the first body block (or the byline/date header) past bylines,
    // dates, furniture and a standfirst.
    let mut title_k = None;
    if meta.title.is_none() {
        let mut k = start.min(n);
        let mut looked = 0;
        while k > head_from && looked < 8 {
            k -= 1;
            looked += 1;
            let t = &blocks[k].text;
            if headline_like(t) {
                title_k = Some(k);
                break;
            }
        }
        if let Some(k) = title_k {
            meta.title = Some(blocks[k].text.clone());
        }
    }
    if let Some(title) = &meta.title {
        let key = repeat_key(title);
        for (k, b) in blocks.iter().enumerate().take(head_to).skip(head_from) {
            if !key.is_empty() && repeat_key(&b.text) == key {
                sel.reasons[k] = Some("title");
            }
        }
    }
    if meta.site.is_none() {
        meta.site = blocks
            .iter()
            .rev()
            .find_map(|b| site_from_copyright(&b.text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("January 22, 2025").as_deref(),
            Some("2025-01-22")
        );
        assert_eq!(
            parse_date("Nov. 19, 2019 8:03 am ET").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(
            parse_date("Published 3 March 2024, 10:02 GMT").as_deref(),
            Some("2024-03-03")
        );
        assert_eq!(
            parse_date("2025-01-22T08:00:00Z").as_deref(),
            Some("2025-01-22")
        );
        assert_eq!(
            parse_date("Updated: 2024/12/01").as_deref(),
            Some("2024-12-01")
        );
        assert_eq!(parse_date("22/01/2025").as_deref(), Some("2025-01-22"));
        assert_eq!(parse_date("02/03/2025"), None);
        assert_eq!(parse_date("February 30, 2025"), None);
        assert_eq!(parse_date("May I help?"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("2013年04月09日").as_deref(), Some("2013-04-09"));
        assert_eq!(parse_date("Version 2019 8 03"), None);
    }

    #[test]
    fn bylines() {
        assert_eq!(
            looks_like_byline("By Dorothy Li").as_deref(),
            Some("Dorothy Li")
        );
        assert_eq!(
            looks_like_byline("Jane Roe by Jane Roe").as_deref(),
            Some("Jane Roe")
        );
        assert_eq!(
            looks_like_byline("By Sarah E. Needleman").as_deref(),
            Some("Sarah E. Needleman")
        );
        assert_eq!(
            looks_like_byline("By Jane Roe | Updated Jan 3, 2024").as_deref(),
            Some("Jane Roe")
        );
        assert_eq!(
            looks_like_byline("By the end of the year, prices fell."),
            None
        );
        assert_eq!(looks_like_byline("Stand by me"), None);
    }

    #[test]
    fn copyright_site() {
        assert_eq!(
            site_from_copyright("© 2025 Example News. All rights reserved.").as_deref(),
            Some("Example News")
        );
        assert_eq!(site_from_copyright("Prices rose."), None);
    }
}
