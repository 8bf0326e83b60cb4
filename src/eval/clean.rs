//! `newsmark eval clean FILE [--input html|inner_text|gold_body]`.
//!
//! Scores the cleaner with the article-extraction benchmark's metric: tokens are `\w+`
//! matches, each page's gold and output become multisets of 4-token shingles, the page's
//! TP/FP/FN are normalised to sum to 1 (so long pages do not weigh more), precision and
//! recall are averaged over pages, and F1 is taken from the two means.

use crate::clean;
use std::collections::HashMap;
use std::time::Instant;

/// Per-page shingle counts, normalised so that tp + fp + fn = 1 (all zero for two empty texts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

impl PageScore {
    pub fn precision(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fp == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fp)
        }
    }
    pub fn recall(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fn_ == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fn_)
        }
    }
}

/// `\w+` tokens (Unicode letters, digits and underscore).
pub fn word_tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric() || c == '_';
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Multiset of `n`-token shingles; a text shorter than `n` tokens is one shorter shingle
/// (as in the benchmark), an empty text has none.
fn shingles(text: &str, n: usize) -> HashMap<Vec<&str>, usize> {
    let toks = word_tokens(text);
    let mut m = HashMap::new();
    if toks.is_empty() {
        return m;
    }
    let count = toks.len().saturating_sub(n) + 1;
    for i in 0..count.max(1) {
        let end = (i + n).min(toks.len());
        *m.entry(toks[i..end].to_vec()).or_insert(0) += 1;
    }
    m
}

/// Scores one page's output against its gold body.
pub fn score_page(gold: &str, pred: &str) -> PageScore {
    let g = shingles(gold, 4);
    let p = shingles(pred, 4);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (k, &gc) in &g {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += gc.min(pc) as f64;
        fn_ += gc.saturating_sub(pc) as f64;
    }
    for (k, &pc) in &p {
        let gc = g.get(k).copied().unwrap_or(0);
        fp += pc.saturating_sub(gc) as f64;
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        PageScore {
            tp: tp / s,
            fp: fp / s,
            fn_: fn_ / s,
        }
    } else {
        PageScore {
            tp: 0.0,
            fp: 0.0,
            fn_: 0.0,
        }
    }
}

/// (mean precision, mean recall, F1 of the two means).
pub fn aggregate(pages: &[PageScore]) -> (f64, f64, f64) {
    if pages.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let n = pages.len() as f64;
    let p = pages.iter().map(PageScore::precision).sum::<f64>() / n;
    let r = pages.iter().map(PageScore::recall).sum::<f64>() / n;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// CPU time this thread has run, in ns (Linux), so that speed figures do not depend on how
/// busy the machine is.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

struct Row {
    id: String,
    html: String,
    inner_text: String,
    gold_body: String,
}

fn read_rows(path: &str) -> Result<Vec<Row>, String> {
    let content = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut rows = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        rows.push(Row {
            id: s("id"),
            html: s("html"),
            inner_text: s("inner_text"),
            gold_body: s("gold_body"),
        });
    }
    Ok(rows)
}

/// Runs the evaluation and returns the report to print.
/// Options: `--input html|inner_text|gold_body` (default all three), `--pages` (per-page lines).
pub fn run(path: &str, args: &[String]) -> Result<String, String> {
    let mut inputs: Vec<String> = Vec::new();
    let mut per_page = false;
    let mut show: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--input" => {
                let v = args.get(i + 1).ok_or("--input needs a value")?;
                if !["html", "inner_text", "gold_body"].contains(&v.as_str()) {
                    return Err(format!(
                        "unknown --input {v:?} (html, inner_text, gold_body)"
                    ));
                }
                inputs.push(v.clone());
                i += 1;
            }
            "--pages" => per_page = true,
            "--show" => {
                show = Some(
                    args.get(i + 1)
                        .ok_or("--show needs a page id prefix")?
                        .clone(),
                );
                i += 1;
            }
            other => return Err(format!("unknown option {other:?}")),
        }
        i += 1;
    }
    if inputs.is_empty() {
        inputs = vec!["html".into(), "inner_text".into(), "gold_body".into()];
    }
    let rows = read_rows(path)?;
    let mut report = format!("{} pages from {path}\n", rows.len());
    for input in &inputs {
        let mut scores = Vec::new();
        let mut bytes = 0usize;
        let start = Instant::now();
        let cpu_start = cpu_ns();
        let mut outputs = Vec::new();
        for r in &rows {
            let (src, out) = match input.as_str() {
                "html" => (&r.html, clean::clean_html(&r.html)),
                "inner_text" => (&r.inner_text, clean::clean_text(&r.inner_text)),
                _ => (&r.gold_body, clean::clean_text(&r.gold_body)),
            };
            bytes += src.len();
            if show.as_ref().is_some_and(|p| r.id.starts_with(p.as_str())) {
                report.push_str(&format!("== {input} {} meta {:?}\n", r.id, out.meta));
                for rb in &out.removed {
                    report.push_str(&format!(
                        "  - [{}@{}] {}\n",
                        rb.reason,
                        rb.at,
                        rb.text.chars().take(100).collect::<String>()
                    ));
                }
                for p in out.text.split("\n\n") {
                    report.push_str(&format!(
                        "  + {}\n",
                        p.chars().take(100).collect::<String>()
                    ));
                }
            }
            outputs.push(out.text);
        }
        // Speed: clean the whole set again until at least half a second has passed, so the
        // figure is not dominated by timer resolution and first-touch page faults.
        let mut passes = 1usize;
        while start.elapsed().as_secs_f64() < 0.5 && passes < 1000 {
            for r in &rows {
                let out = match input.as_str() {
                    "html" => clean::clean_html(&r.html),
                    "inner_text" => clean::clean_text(&r.inner_text),
                    _ => clean::clean_text(&r.gold_body),
                };
                std::hint::black_box(out);
            }
            passes += 1;
        }
        let secs = start.elapsed().as_secs_f64().max(1e-9) / passes as f64;
        let cpu_secs = match (cpu_start, cpu_ns()) {
            (Some(a), Some(b)) if b > a => Some((b - a) as f64 / 1e9 / passes as f64),
            _ => None,
        };
        for (r, out) in rows.iter().zip(&outputs) {
            let s = score_page(&r.gold_body, out);
            if per_page {
                report.push_str(&format!(
                    "  {input} {} P {:.3} R {:.3}\n",
                    &r.id[..r.id.len().min(12)],
                    s.precision(),
                    s.recall()
                ));
            }
            scores.push(s);
        }
        let (p, r, f) = aggregate(&scores);
        let cpu = cpu_secs.map_or(String::new(), |c| {
            format!(" ({:.1} MB/s of CPU time)", bytes as f64 / 1e6 / c)
        });
        report.push_str(&format!(
            "{input:<11} P {p:.4}  R {r:.4}  F1 {f:.4}  speed {:.1} MB/s{cpu}\n",
            bytes as f64 / 1e6 / secs
        ));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unicode_words() {
        assert_eq!(
            word_tokens("Ça va? l'été_2 ok"),
            vec!["Ça", "va", "l", "été_2", "ok"]
        );
        assert!(word_tokens(" ,. ").is_empty());
    }

    #[test]
    fn identical_texts_score_one() {
        let s = score_page("a b c d e f", "a b c d e f");
        assert_eq!((s.precision(), s.recall()), (1.0, 1.0));
        assert!((s.tp - 1.0).abs() < 1e-12);
    }

    #[test]
    fn empty_against_empty_is_perfect_and_empty_output_is_zero() {
        let s = score_page("", "");
        assert_eq!((s.precision(), s.recall()), (1.0, 1.0));
        let s = score_page("a b c d e", "");
        assert_eq!((s.precision(), s.recall()), (0.0, 0.0));
    }

    #[test]
    fn extra_and_missing_shingles() {
        // gold: 6 tokens -> 3 shingles; pred adds 2 tokens -> 5 shingles, 3 shared.
        let s = score_page("a b c d e f", "a b c d e f g h");
        assert!((s.tp - 3.0 / 5.0).abs() < 1e-12);
        assert!((s.fp - 2.0 / 5.0).abs() < 1e-12);
        assert_eq!(s.fn_, 0.0);
        assert!((s.precision() - 0.6).abs() < 1e-12);
        assert_eq!(s.recall(), 1.0);
        // Repeated shingles count as a multiset.
        let s = score_page("a b c d", "a b c d a b c d");
        // pred shingles: abcd, bcda, cdab, dabc, abcd -> 1 tp, 4 fp.
        assert!((s.precision() - 0.2).abs() < 1e-12);
    }

    #[test]
    fn short_texts_are_one_shingle() {
        let s = score_page("a b", "a b");
        assert_eq!(s.precision(), 1.0);
        let s = score_page("a b", "a c");
        assert_eq!(s.precision(), 0.0);
    }

    #[test]
    fn means_then_f1() {
        let pages = [
            score_page("a b c d e f", "a b c d e f"),
            score_page("a b c d", ""),
        ];
        let (p, r, f) = aggregate(&pages);
        assert!((p - 0.5).abs() < 1e-12 && (r - 0.5).abs() < 1e-12 && (f - 0.5).abs() < 1e-12);
    }
}
