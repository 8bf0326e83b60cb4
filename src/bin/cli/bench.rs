//! `newsmark bench [--clean-only] [--stage NAME] [--html FILE]... [FILE...]`: throughput of
//! each pipeline stage, native, single thread. Prints MB/s of input text (1 MB = 10^6 bytes of
//! UTF-8). Default input: the seed articles in ../shared/seeds; any text files can be given
//! instead. `--html FILE` adds an HTML cleaning stage over an .html file, or over the `html`
//! field of every line of a .jsonl file (the clean eval data); `--clean-only` stops after
//! cleaning (for profilers); `--stage NAME` times only the stages whose name contains NAME
//! (for profilers: `--stage tag` runs tokenize + tag alone). A benchmark, not a test: figures
//! vary with the machine, so nothing here asserts a speed.

use newsmark::{clean, ner, pipeline, quotes, text};
use std::time::Instant;

/// The HTML pages named by `--html`: an .html file, or the `html` field of each JSON line.
fn html_pages(path: &str) -> Result<Vec<String>, String> {
    let content = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    if !path.ends_with(".jsonl") {
        return Ok(vec![content]);
    }
    content
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).map_err(|e| e.to_string())?;
            Ok(v.get("html")
                .and_then(|h| h.as_str())
                .unwrap_or("")
                .to_string())
        })
        .collect()
}

pub fn run(all_args: &[String]) -> i32 {
    let clean_only = all_args.iter().any(|a| a == "--clean-only");
    let mut only = String::new();
    let mut html = Vec::new();
    let mut args = Vec::new();
    let mut it = all_args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--clean-only" => {}
            "--stage" => only = it.next().cloned().unwrap_or_default(),
            "--html" => match it.next().map(|p| html_pages(p)) {
                Some(Ok(pages)) => html.extend(pages),
                Some(Err(e)) => {
                    eprintln!("newsmark bench: {e}");
                    return 1;
                }
                None => {
                    eprintln!("newsmark bench: --html needs a file");
                    return 2;
                }
            },
            _ => args.push(a.clone()),
        }
    }
    let paths: Vec<std::path::PathBuf> = if args.is_empty() {
        match std::fs::read_dir("../shared/seeds") {
            Ok(dir) => {
                let mut v: Vec<_> = dir.flatten().map(|e| e.path()).collect();
                v.sort();
                v
            }
            Err(e) => {
                eprintln!("newsmark bench: no files given and ../shared/seeds unreadable ({e})");
                return 2;
            }
        }
    } else {
        args.iter().map(Into::into).collect()
    };
    let mut texts = Vec::new();
    for p in &paths {
        match std::fs::read_to_string(p) {
            Ok(t) => texts.push(t),
            Err(e) => {
                eprintln!("newsmark bench: cannot read {}: {e}", p.display());
                return 1;
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    if bytes == 0 {
        eprintln!("newsmark bench: no text");
        return 1;
    }
    // Repeat the corpus until each stage processes at least ~4 MB, so timings are stable.
    let rounds = (4_000_000 / bytes).max(1);
    let cleaned: Vec<String> = texts.iter().map(|t| clean::clean_text(t).text).collect();
    let clean_bytes: usize = cleaned.iter().map(String::len).sum();
    println!(
        "input: {} files, {} bytes, {} rounds",
        texts.len(),
        bytes,
        rounds
    );

    let stage = |name: &str, total: usize, f: &mut dyn FnMut()| {
        if !name.contains(only.as_str()) {
            return;
        }
        let t = Instant::now();
        for _ in 0..rounds {
            f();
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{name:<28} {:>8.2} MB/s",
            (total * rounds) as f64 / 1e6 / secs
        );
    };
    // Parse the embedded model before timing: it happens once per process (~0.1-0.3 s) and
    // would otherwise count as tagging time of the first stage that uses it.
    // The common words' feature sums are built on the model's first use, likewise.
    let t = Instant::now();
    match (!clean_only).then(ner::model) {
        None => {}
        Some(Ok(m)) => {
            let loaded = t.elapsed().as_secs_f64();
            m.common_types();
            println!(
                "model: parsed in {:.0} ms, common words' sums in {:.0} ms (once per process)",
                loaded * 1e3,
                (t.elapsed().as_secs_f64() - loaded) * 1e3
            );
        }
        Some(Err(e)) => {
            eprintln!("newsmark bench: embedded model unusable ({e}); timing the rule tagger")
        }
    }
    stage("clean (plain text)", bytes, &mut || {
        for t in &texts {
            std::hint::black_box(clean::clean_text(t));
        }
    });
    if !html.is_empty() && "clean (html)".contains(only.as_str()) {
        let html_bytes: usize = html.iter().map(String::len).sum();
        // Same total volume as the plain stage, whatever the size of the HTML set.
        let t = Instant::now();
        let mut done = 0usize;
        while done < bytes * rounds {
            for h in &html {
                std::hint::black_box(clean::clean_html(h));
            }
            done += html_bytes;
        }
        println!(
            "{:<28} {:>8.2} MB/s",
            "clean (html)",
            done as f64 / 1e6 / t.elapsed().as_secs_f64()
        );
    }
    if clean_only {
        return 0;
    }
    stage("tokenize + sentences", clean_bytes, &mut || {
        for t in &cleaned {
            let toks = text::tokenize(t);
            std::hint::black_box(text::split_sentences(t, &toks));
        }
    });
    stage("tokenize + tag entities", clean_bytes, &mut || {
        for t in &cleaned {
            let toks = text::tokenize(t);
            let sents = text::split_sentences(t, &toks);
            std::hint::black_box(ner::tag(t, &toks, &sents));
        }
    });
    let prepared: Vec<_> = cleaned
        .iter()
        .map(|t| {
            let toks = text::tokenize(t);
            let sents = text::split_sentences(t, &toks);
            let ents = ner::tag(t, &toks, &sents);
            (toks, sents, ents)
        })
        .collect();
    stage("quotes + speakers", clean_bytes, &mut || {
        for (t, (toks, sents, ents)) in cleaned.iter().zip(&prepared) {
            std::hint::black_box(quotes::find(t, toks, sents, ents));
        }
    });
    stage("whole pipeline (annotate)", bytes, &mut || {
        for t in &texts {
            let input = pipeline::Input {
                text: Some(t.clone()),
                ..Default::default()
            };
            std::hint::black_box(pipeline::annotate(&input, &Default::default()).ok());
        }
    });
    0
}
