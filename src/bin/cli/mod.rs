//! Subcommands of the `newsmark` binary.

pub mod annotate;
pub mod bench;
pub mod common_words;
pub mod train;

use std::io::{Read, Write};

pub const USAGE: &str = "\
newsmark: offline annotator for news articles (all offsets are Unicode code points)

usage:
  newsmark annotate [FILE] [--no-clean] [--pretty]
      Reads JSONL (FILE or stdin), one {\"id\", \"text\"} or {\"id\", \"html\"} object a line,
      writes one annotated Document JSON a line. --no-clean keeps plain text byte-for-byte.
  newsmark export --format FORMAT [--suggested] [--rejected] [--utf16] [-o OUT] [FILE]
      Reads newsmark Documents (JSON or JSONL) and writes FORMAT: json, jsonl (lossless),
      spacy, doccano, labelstudio, brat (zip), conll, w3c, csv. Accepted annotations only,
      unless --suggested / --rejected (or --all). Offsets in code points unless --utf16.
  newsmark import [--format auto|json|spacy|doccano|labelstudio] [--utf16] [FILE]
      Reads annotations made elsewhere and writes newsmark JSONL. --utf16: the file's offsets
      are UTF-16 code units (also read from the file's own \"offsets\": \"utf16\").
  newsmark bench [--stage NAME] [--clean-only] [--html FILE]... [FILE...]
      Throughput of each stage in MB/s (default input: ../shared/seeds).
  newsmark train ner [--data FILE]... [--unlabelled FILE]... [--dev FILE] [--out models/ner.bin]
      Trains the entity model (default: ../shared/data OntoNotes + CoNLL-2003 train, PolNeAR
      train as unlabelled text; see models/MODEL_CARD.md).
  newsmark train words [--text FILE]... [--size N] [--out models/common-words.txt]
      The common words whose feature sums the tagger computes once (speed only).
  newsmark eval ner FILE [--map conll]
  newsmark eval quotes FILE
  newsmark eval clean FILE [--input html|inner_text|gold_body] [--pages] [--show ID]
      Print accuracy figures on a data file of ../shared/data. For clean: shingle P/R/F1
      per input kind (default all three) and throughput; --pages per page, --show ID the
      kept and removed blocks of one page.
";

pub fn eval(args: &[String]) -> i32 {
    let (what, path) = match (args.first(), args.get(1)) {
        (Some(w), Some(p)) => (w.as_str(), p.as_str()),
        _ => {
            eprintln!("usage: newsmark eval ner|quotes|clean FILE [options]");
            return 2;
        }
    };
    let rest = &args[2..];
    let result = match what {
        "ner" => newsmark::eval::ner::run(path, rest),
        "quotes" => newsmark::eval::quotes::run(path, rest),
        "clean" => newsmark::eval::clean::run(path, rest),
        other => Err(format!("unknown evaluation {other:?} (ner, quotes, clean)")),
    };
    match result {
        Ok(report) => {
            print!("{report}");
            0
        }
        Err(e) => {
            eprintln!("newsmark eval {what}: {e}");
            1
        }
    }
}

pub fn export(args: &[String]) -> i32 {
    let mut format = None;
    let mut file = None;
    let mut out_path = None;
    let mut opts = newsmark::export::ExportOptions::default();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--format" | "-f" => {
                format = args.get(i + 1).cloned();
                i += 1;
            }
            "--out" | "-o" => {
                out_path = args.get(i + 1).cloned();
                i += 1;
            }
            "--suggested" => opts.suggested = true,
            "--rejected" => opts.rejected = true,
            "--all" => {
                opts.suggested = true;
                opts.rejected = true;
            }
            "--utf16" => opts.utf16 = true,
            f if !f.starts_with('-') || f == "-" => file = Some(f.to_string()),
            other => {
                eprintln!("newsmark export: unknown option {other:?}");
                return 2;
            }
        }
        i += 1;
    }
    let Some(format) = format else {
        eprintln!("usage: newsmark export --format FORMAT [--suggested] [--rejected] [--utf16] [-o OUT] [FILE]");
        for (name, what) in newsmark::export::FORMATS {
            eprintln!("  {name:<12} {what}");
        }
        return 2;
    };
    let content = match read_input(file.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("newsmark export: cannot read input: {e}");
            return 1;
        }
    };
    let result = newsmark::export::json::read(&content)
        .and_then(|docs| newsmark::export::export(&docs, &format, &opts));
    let exported = match result {
        Ok(f) => f,
        Err(e) => {
            eprintln!("newsmark export: {e}");
            return 1;
        }
    };
    let written = match out_path {
        Some(p) => std::fs::write(&p, &exported.bytes),
        None => std::io::stdout().write_all(&exported.bytes),
    };
    if let Err(e) = written {
        eprintln!("newsmark export: cannot write: {e}");
        return 1;
    }
    0
}

/// `newsmark import [--format F] [--utf16] [FILE]`: annotations from other tools to newsmark JSONL.
pub fn import(args: &[String]) -> i32 {
    let mut format = "auto".to_string();
    let mut file = None;
    let mut opts = newsmark::export::import::ImportOptions::default();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--format" | "-f" => {
                format = args.get(i + 1).cloned().unwrap_or_default();
                i += 1;
            }
            "--utf16" => opts.utf16 = true,
            f if !f.starts_with('-') || f == "-" => file = Some(f.to_string()),
            other => {
                eprintln!("newsmark import: unknown option {other:?}");
                return 2;
            }
        }
        i += 1;
    }
    let content = match read_input(file.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("newsmark import: cannot read input: {e}");
            return 1;
        }
    };
    match newsmark::export::import::import(&content, &format, &opts)
        .and_then(|docs| newsmark::export::json::write_jsonl(&docs))
    {
        Ok(out) => {
            print!("{out}");
            0
        }
        Err(e) => {
            eprintln!("newsmark import: {e}");
            1
        }
    }
}

/// The whole input: FILE, or stdin when FILE is absent or "-".
fn read_input(file: Option<&str>) -> std::io::Result<String> {
    match file {
        Some(f) if f != "-" => std::fs::read_to_string(f),
        _ => {
            let mut content = String::new();
            std::io::stdin().read_to_string(&mut content)?;
            Ok(content)
        }
    }
}
