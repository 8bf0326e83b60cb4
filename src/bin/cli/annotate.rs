//! `newsmark annotate`: streaming JSONL in, one Document JSON a line out. Memory stays bounded
//! by the longest line, so a 1 GB file is fine. A bad line is reported on stderr with its
//! number and the run goes on.

use newsmark::{annotate, Input, Options};
use std::io::{BufRead, BufReader, BufWriter, Write};

pub fn run(args: &[String]) -> i32 {
    let mut opts = Options::default();
    let mut pretty = false;
    let mut file: Option<&str> = None;
    for a in args {
        match a.as_str() {
            "--no-clean" => opts.clean = false,
            "--pretty" => pretty = true,
            "-" => file = None,
            f if !f.starts_with("--") => file = Some(f),
            other => {
                eprintln!("newsmark annotate: unknown option {other:?}");
                return 2;
            }
        }
    }
    let reader: Box<dyn BufRead> = match file {
        Some(f) => match std::fs::File::open(f) {
            Ok(h) => Box::new(BufReader::with_capacity(1 << 20, h)),
            Err(e) => {
                eprintln!("newsmark annotate: cannot open {f}: {e}");
                return 1;
            }
        },
        None => Box::new(BufReader::with_capacity(1 << 20, std::io::stdin())),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match annotate_stream(reader, &mut out, opts, pretty) {
        Ok((total, failed)) => {
            if failed > 0 {
                eprintln!("newsmark annotate: {failed} of {total} lines failed");
                1
            } else {
                0
            }
        }
        Err(e) => {
            eprintln!("newsmark annotate: {e}");
            1
        }
    }
}

/// Returns (lines read, lines that failed).
fn annotate_stream(
    mut reader: Box<dyn BufRead>,
    out: &mut impl Write,
    opts: Options,
    pretty: bool,
) -> std::io::Result<(usize, usize)> {
    let mut buf = Vec::new();
    let (mut line_no, mut failed) = (0usize, 0usize);
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l.trim(),
            Err(e) => {
                eprintln!("line {line_no}: not valid UTF-8 (byte {})", e.valid_up_to());
                failed += 1;
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        let result = serde_json::from_str::<Input>(line)
            .map_err(|e| format!("not a JSON object with \"text\" or \"html\": {e}"))
            .and_then(|input| annotate(&input, &opts).map_err(|e| e.to_string()));
        match result {
            Ok(doc) => {
                if pretty {
                    serde_json::to_writer_pretty(&mut *out, &doc)?;
                } else {
                    serde_json::to_writer(&mut *out, &doc)?;
                }
                out.write_all(b"\n")?;
            }
            Err(e) => {
                eprintln!("line {line_no}: {e}");
                failed += 1;
            }
        }
    }
    out.flush()?;
    Ok((line_no, failed))
}
