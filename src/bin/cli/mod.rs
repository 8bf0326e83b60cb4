//! Subcommands of the `newsmark` binary.

pub mod annotate;
pub mod train;

use std::io::Read;

pub const USAGE: &str = "\
newsmark: offline annotator for news articles (all offsets are Unicode code points)

usage:
  newsmark annotate [FILE] [--no-clean] [--pretty]
      Reads JSONL (FILE or stdin), one {\"id\", \"text\"} or {\"id\", \"html\"} object a line,
      writes one annotated Document JSON a line. --no-clean keeps plain text byte-for-byte.
  newsmark export --format FORMAT [FILE]
      Reads newsmark Documents (JSON or JSONL) and writes FORMAT (json, jsonl).
  newsmark train ner [--data FILE]... [--unlabelled FILE]... [--dev FILE] [--out models/ner.bin]
      Trains the entity model (default: ../shared/data OntoNotes + CoNLL-2003 train, PolNeAR
      train as unlabelled text; see models/MODEL_CARD.md).
  newsmark eval ner FILE [--map conll]
  newsmark eval quotes FILE
  newsmark eval clean FILE
      Print accuracy figures on a data file of ../shared/data.
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
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--format" | "-f" => {
                format = args.get(i + 1).cloned();
                i += 1;
            }
            f => file = Some(f.to_string()),
        }
        i += 1;
    }
    let Some(format) = format else {
        eprintln!("usage: newsmark export --format FORMAT [FILE]");
        return 2;
    };
    let mut content = String::new();
    let read = match &file {
        Some(f) => std::fs::read_to_string(f).map(|c| content = c),
        None => std::io::stdin().read_to_string(&mut content).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!("newsmark export: cannot read input: {e}");
        return 1;
    }
    match newsmark::export::json::read(&content)
        .and_then(|docs| newsmark::export::export(&docs, &format))
    {
        Ok(out) => {
            print!("{out}");
            0
        }
        Err(e) => {
            eprintln!("newsmark export: {e}");
            1
        }
    }
}
