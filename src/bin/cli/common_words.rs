//! `newsmark train words [--text FILE]... [--size N] [--out FILE]`: the list of common words
//! whose feature sums the tagger computes once per model (`ner::common_words`). Reads the
//! `text` field of every JSON line of each FILE; default: the three training files the
//! model is trained on, written to models/common-words.txt. Deterministic.

use newsmark::ner::common_words::{most_frequent, DEFAULT_SIZE};

pub fn run(args: &[String]) -> i32 {
    let mut files: Vec<String> = Vec::new();
    let mut size = DEFAULT_SIZE;
    let mut out = "models/common-words.txt".to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it.next();
        match (a.as_str(), value) {
            ("--text", Some(v)) => files.push(v.clone()),
            ("--out", Some(v)) => out = v.clone(),
            ("--size", Some(v)) if v.parse::<usize>().is_ok_and(|n| n > 0) => {
                size = v.parse().unwrap_or(DEFAULT_SIZE)
            }
            _ => {
                eprintln!("usage: newsmark train words [--text FILE]... [--size N] [--out FILE]");
                return 2;
            }
        }
    }
    if files.is_empty() {
        files = [
            "../shared/data/ner/ontonotes-train.jsonl",
            "../shared/data/ner/conll2003-train.jsonl",
            "../shared/data/quotes/polnear-train.jsonl",
        ]
        .map(String::from)
        .to_vec();
    }
    let mut texts = Vec::new();
    for f in &files {
        let content = match std::fs::read_to_string(f) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("newsmark train words: cannot read {f}: {e}");
                return 1;
            }
        };
        for (n, line) in content
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(v) => texts.extend(v.get("text").and_then(|t| t.as_str()).map(String::from)),
                Err(e) => {
                    eprintln!("newsmark train words: {f} line {}: {e}", n + 1);
                    return 1;
                }
            }
        }
    }
    let words = most_frequent(texts.iter().map(String::as_str), size);
    let mut body = words.join("\n");
    body.push('\n');
    if let Err(e) = std::fs::write(&out, body) {
        eprintln!("newsmark train words: cannot write {out}: {e}");
        return 1;
    }
    eprintln!(
        "wrote {out}: {} words from {} texts",
        words.len(),
        texts.len()
    );
    0
}
