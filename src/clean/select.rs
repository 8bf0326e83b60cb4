//! Chooses the article blocks. The idea (as in boilerpipe's densest-run heuristics): prose
//! blocks (long, sentence-like, lower-case text) score positively by their length, furniture
//! and short lines score negatively, and the article is the run of blocks with the highest
//! total score (a maximum-sum subarray). Inside that run, furniture is still taken out
//! ("Also read" teasers, share bars, captions), and the run's edges are nudged so that a short
//! last line ("All...") or the header (byline, date) land on the right side.

use super::blocks::{features, repeat_hash, Block, Features, Hint, Kind};
use super::boilerplate;
use super::meta;
use std::collections::HashMap;

/// What happens to each block: `None` keeps it, `Some(reason)` removes it.
#[derive(Debug, Clone)]
pub struct Selection {
    pub reasons: Vec<Option<&'static str>>,
    /// The article run, `start..end` block indices.
    pub start: usize,
    pub end: usize,
}

pub(crate) struct Info {
    pub f: Features,
    pub fam: Option<&'static str>,
    pub repeated: bool,
    /// First and last block index holding the same text (itself when unique).
    pub first_copy: usize,
    pub last_copy: usize,
    /// A date line ("January 5, 2024", "Published: ...").
    pub date: bool,
    /// A bare name ("Jane Roe"): author boxes and teaser cards.
    pub name: bool,
}

/// How much each further non-prose block in a row adds to the cost of the stretch.
const GAP_GROWTH: f32 = 1.0;

fn is_prose(f: &Features) -> bool {
    !f.teaser && f.words >= 8 && f.ends_sentence && f.title_case < 0.65 && f.link_density < 0.5
}

/// FNV-1a: the keys are short and not attacker-sensitive here (a page's own lines), and
/// SipHash showed up in profiles.
#[derive(Default, Clone, Copy)]
struct BuildFnv;
struct Fnv(u64);
impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }
}
impl std::hash::BuildHasher for BuildFnv {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf29ce484222325)
    }
}

pub(crate) fn infos(blocks: &[Block]) -> Vec<Info> {
    // hash of the repeat key -> (count, first index, last index). An empty key (no letters
    // or digits) never counts as a repeat.
    const EMPTY: u64 = 0xcbf29ce484222325;
    let keys: Vec<u64> = blocks.iter().map(|b| repeat_hash(&b.text)).collect();
    let mut counts: HashMap<u64, (usize, usize, usize), BuildFnv> =
        HashMap::with_capacity_and_hasher(keys.len(), BuildFnv);
    for (i, &k) in keys.iter().enumerate() {
        let e = counts.entry(k).or_insert((0, i, i));
        e.0 += 1;
        e.2 = i;
    }
    // Menus repeat: remember what short texts already seen looked like.
    type Look = (Features, Option<&'static str>, bool, bool);
    type Memo<'a> = HashMap<(&'a str, usize), Look, BuildFnv>;
    let mut memo: Memo = HashMap::with_hasher(BuildFnv);
    let look = |b: &Block| -> Look {
        let f = features(b);
        let date = f.words <= 12 && meta::looks_like_date_line(&b.text);
        let name = f.words <= 5 && !f.ends_sentence && meta::name_like(&b.text);
        (f, boilerplate::family(&b.text, f.words), date, name)
    };
    blocks
        .iter()
        .zip(&keys)
        .enumerate()
        .map(|(i, (b, k))| {
            let (f, fam, date, name) = if b.text.len() > 300 {
                look(b)
            } else {
                *memo
                    .entry((b.text.as_str(), b.link_chars))
                    .or_insert_with(|| look(b))
            };
            let (count, first, last) = counts.get(k).copied().unwrap_or((1, i, i));
            Info {
                fam,
                repeated: *k != EMPTY && count > 1 && f.words <= 30,
                first_copy: first,
                last_copy: last,
                date,
                name,
                f,
            }
        })
        .collect()
}

fn score(b: &Block, i: &Info) -> f32 {
    match b.hint {
        Hint::Boiler(_) => return -10.0,
        Hint::Outside => return -3.0,
        _ => {}
    }
    if i.fam.is_some() {
        return -5.0;
    }
    let f = &i.f;
    if is_prose(f) && !i.repeated {
        return f.words as f32 * (1.0 - f.link_density);
    }
    if f.link_density > 0.5 {
        return -3.0;
    }
    // Date lines and bare names between paragraphs are the rhythm of a teaser listing
    // (headline, author, date, snippet), not of an article body.
    if i.date {
        return -3.0;
    }
    if i.name {
        return -5.0;
    }
    if i.repeated {
        // Menus repeat, but so do the headings of a recipe or an interview: mild.
        return -2.0;
    }
    // Title-case lines without a full stop: a heading, or one of a list of headline links.
    if f.title_case >= 0.6 && f.words >= 4 && !f.ends_sentence {
        return -3.0;
    }
    if f.words < 8 {
        -2.0
    } else {
        -1.0
    }
}

/// Maximum-sum run of `scores` (Kadane); `(0, 0)` when nothing is positive.
fn best_run(scores: &[f32]) -> (usize, usize) {
    let (mut best, mut best_s, mut best_e) = (0.0f32, 0, 0);
    let (mut cur, mut cur_s) = (0.0f32, 0);
    for (k, &s) in scores.iter().enumerate() {
        if cur <= 0.0 {
            cur = 0.0;
            cur_s = k;
        }
        cur += s;
        if cur > best {
            best = cur;
            best_s = cur_s;
            best_e = k + 1;
        }
    }
    (best_s, best_e)
}

/// Header cluster: when a byline or date line sits among the first blocks of the run, what
/// comes before it is section label, headline and standfirst, not body (unless it is a
/// good share of the text). Returns the new start of the run.
fn header_cut(blocks: &[Block], info: &[Info], start: usize, end: usize) -> usize {
    let prose_words = |r: std::ops::Range<usize>| -> (usize, usize) {
        let mut w = 0;
        let mut n = 0;
        for k in r {
            if is_prose(&info[k].f) {
                w += info[k].f.words;
                n += 1;
            }
        }
        (w, n)
    };
    let (total, _) = prose_words(start..end);
    let limit = (start + 10).min(end);
    if let Some(k) = (start..limit).rev().find(|&k| {
        info[k].f.words <= 14
            && (meta::looks_like_byline(&blocks[k].text).is_some()
                || meta::looks_like_date_line(&blocks[k].text))
    }) {
        let (before, n) = prose_words(start..k);
        if n <= 2 && 2 * before < total && k + 1 < end {
            return k + 1;
        }
    }
    start
}

/// Most items of a list the article announces at its end (longer runs are link lists).
const MAX_LIST_ITEMS: usize = 30;

/// How many blocks from `end` on are items of a list announced by the block before `end`
/// (a kept line ending in a colon): list items (HTML `li`, or lines with a bullet) that show
/// no furniture (boilerplate family, markup hint, links, a copy before the run). 0 when the
/// list is not announced, so menus and link lists after an article never join this way.
fn announced_list(blocks: &[Block], info: &[Info], end: usize, run_start: usize) -> usize {
    if end == 0 || end >= blocks.len() || !blocks[end - 1].text.trim_end().ends_with(':') {
        return 0;
    }
    let item = |k: usize| {
        let (b, i) = (&blocks[k], &info[k]);
        (b.kind == Kind::Item || i.f.bullet)
            && !matches!(b.hint, Hint::Boiler(_) | Hint::Outside)
            && i.fam.is_none()
            && i.f.link_density < 0.5
            && !(i.repeated && i.first_copy < run_start)
    };
    let n = (end..blocks.len()).take_while(|&k| item(k)).count();
    if n > MAX_LIST_ITEMS {
        0
    } else {
        n
    }
}

/// True when block `k` is the last line of a header (a headline or standfirst right under
/// a line that is not prose), where growing the run upwards must stop.
fn headline_before(blocks: &[Block], info: &[Info], k: usize) -> bool {
    let i = &info[k];
    !is_prose(&i.f)
        || (k > 0 && !is_prose(&info[k - 1].f) && blocks[k].kind != Kind::Item && i.f.words < 40)
}

pub fn select(blocks: &[Block]) -> Selection {
    let info = infos(blocks);
    let mut scores: Vec<f32> = blocks.iter().zip(&info).map(|(b, i)| score(b, i)).collect();
    // A long stretch of non-prose (tag lists, teaser headlines with author and date lines)
    // separates two texts, while one or two headings inside an article do not: each further
    // non-prose block in a row costs more.
    let mut streak = 0usize;
    for s in scores.iter_mut() {
        if *s <= 0.0 {
            *s *= 1.0 + GAP_GROWTH * streak as f32;
            streak += 1;
        } else {
            streak = 0;
        }
    }
    let (mut start, mut end) = best_run(&scores);
    // No prose block at all (a short note, a list, a single line): never eat the paste. The
    // whole input is the run, and only clear furniture inside it is taken out below.
    if end <= start {
        start = 0;
        end = blocks.len();
    }
    // HTML: when the markup scorer found the article container, its span is the run (the
    // prose-density run would cut recipes, tables and lists inside it).
    let first_main = blocks.iter().position(|b| b.hint == Hint::Main);
    let last_main = blocks.iter().rposition(|b| b.hint == Hint::Main);
    if let (Some(a), Some(z)) = (first_main, last_main) {
        start = a;
        end = z + 1;
    }

    // Edge repair: the run stops where scores turn negative, but short lines are negative
    // only for lack of evidence (a closing "All...", a table, a list). Grow the run over
    // neighbours that show no sign of furniture, stopping at the first one that does.
    // Furniture evidence. A repeated line counts only when a copy stands before the run (a
    // menu echoed in header and footer); repeats that all sit below are often structure
    // (questions of an interview, steps of a recipe).
    let run_start = start;
    let furniture = |k: usize| {
        let (b, i) = (&blocks[k], &info[k]);
        matches!(b.hint, Hint::Boiler(_) | Hint::Outside)
            || i.fam.is_some()
            || (i.repeated && i.f.words <= 6 && (k < run_start || i.first_copy < run_start))
            || i.f.link_density >= 0.5
            || (i.f.bullet && i.f.words <= 4)
    };
    let neutral = |k: usize| {
        let b = &blocks[k];
        !furniture(k)
            && info[k].f.title_case < 0.6
            && meta::looks_like_byline(&b.text).is_none()
            && !info[k].date
            && !info[k].name
    };
    if end > start {
        // Never eat the article: a side of the run that shows no furniture at all (an
        // article-only paste) is kept whole; headline, byline and date are read off later.
        // (One stray line, a photo credit say, is not a page's furniture.)
        if (0..start).filter(|&k| furniture(k)).count() < 2 {
            start = 0;
        }
        if (end..blocks.len()).filter(|&k| furniture(k)).count() < 2 {
            end = blocks.len();
        }
        start = header_cut(blocks, &info, start, end);
        // A closing line joins when it reads like text; a heading joins when text follows it.
        // Lists of headlines (no sentence ending) stop the growth.
        let sentence = |k: usize| k < blocks.len() && neutral(k) && info[k].f.ends_sentence;
        loop {
            while end < blocks.len() {
                if sentence(end)
                    || (!furniture(end) && info[end].f.words <= 12 && sentence(end + 1))
                {
                    end += 1;
                } else {
                    break;
                }
            }
            // A list the article announces ("The measures include:") belongs to it, however
            // short its items; then the text after the list may join too.
            let items = announced_list(blocks, &info, end, run_start);
            if items == 0 {
                break;
            }
            end += items;
        }
        while start > 0 && neutral(start - 1) && !headline_before(blocks, &info, start - 1) {
            start -= 1;
        }
    }

    // A comment section ends the article: cut the run at its marker once the article has
    // had some substance. So does a teaser listing, recognised by date lines that recur
    // (headline, author, date, snippet; again and again).
    let date_lines: Vec<usize> = (start..end)
        .filter(|&k| info[k].f.words <= 12 && info[k].f.sentences <= 1 && info[k].date)
        .collect();
    let mut prose_words = 0usize;
    for k in start..end {
        if info[k].fam == Some("comments") && prose_words >= 100 {
            end = k;
            break;
        }
        if prose_words >= 150
            && date_lines.iter().filter(|&&d| d >= k).count() >= 2
            && date_lines.contains(&k)
        {
            // Back up over the teaser's headline and author lines.
            let mut cut = k;
            while cut > start + 1 && !is_prose(&info[cut - 1].f) && k - cut < 3 {
                cut -= 1;
            }
            end = cut;
            break;
        }
        if is_prose(&info[k].f) {
            prose_words += info[k].f.words;
        }
    }

    let mut reasons: Vec<Option<&'static str>> = vec![None; blocks.len()];
    for (k, r) in reasons.iter_mut().enumerate() {
        if k < start || k >= end {
            *r = Some(match (blocks[k].hint, info[k].fam) {
                (Hint::Boiler(x), _) => x,
                (_, Some(x)) => x,
                _ if info[k].repeated => "repeated",
                _ if k < start => "before article",
                _ => "after article",
            });
        }
    }
    let mut zone = 0usize; // blocks left in an "Also read" teaser zone
    for k in start..end {
        let (b, i) = (&blocks[k], &info[k]);
        let prose = is_prose(&i.f) && i.f.title_case < 0.5 && i.f.words >= 12;
        if zone > 0 {
            if prose {
                zone = 0;
            } else {
                zone -= 1;
                reasons[k] = Some("related");
                continue;
            }
        }
        reasons[k] = if let Hint::Boiler(x) = b.hint {
            Some(x)
        } else if let Some(x) = i.fam {
            if x == "related" && i.f.words <= 5 {
                zone = 8;
            }
            Some(x)
        } else if i.repeated && !prose && (i.first_copy < start || i.last_copy >= end) {
            Some("repeated")
        } else if i.f.link_density > 0.6 && i.f.words < 25 && b.kind != Kind::Heading(2) {
            Some("links")
        } else if k + 3 >= end && boilerplate::is_author_bio(&b.text, i.f.words) {
            Some("author bio")
        } else {
            None
        };
    }
    // Captions: a non-prose line repeated with a credit appended ("X" then "X (Photo: Y)").
    for k in start..end.saturating_sub(1) {
        let (a, b) = (&blocks[k].text, &blocks[k + 1].text);
        if !is_prose(&info[k].f) && a.len() >= 12 && b.len() > a.len() && b.starts_with(a.as_str())
        {
            reasons[k] = Some("caption");
            reasons[k + 1] = Some("caption");
        }
    }
    // HTML figure captions never belong to the body.
    for k in start..end {
        if blocks[k].kind == Kind::Caption && reasons[k].is_none() {
            reasons[k] = Some("caption");
        }
    }
    Selection {
        reasons,
        start,
        end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_run_finds_densest_stretch() {
        assert_eq!(
            best_run(&[-2.0, -2.0, 30.0, -1.0, 20.0, -5.0, -5.0]),
            (2, 5)
        );
        assert_eq!(best_run(&[-1.0, -1.0]), (0, 0));
        assert_eq!(best_run(&[]), (0, 0));
    }
}
