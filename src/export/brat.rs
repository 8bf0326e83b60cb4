//! brat standoff: for each document `<id>.txt` (the clean text) and `<id>.ann` with
//! - `T` lines: entities (their label), quotes (`Quote`), speaker mentions that are not entities
//!   (`Speaker`); a span crossing a line break is written as fragments `start end;start end`;
//! - `R` lines: `Speaker Arg1:<quote> Arg2:<speaker mention>`;
//! - `A` lines: the quote's `Kind` (speech, scare, title, term) and, when suggestions or
//!   rejections are exported, each annotation's review `Status`;
//! - `#` lines: `AnnotatorNotes` with the score.
//!
//! plus one `annotation.conf` for the collection, all in a zip. brat offsets are character
//! (code point) offsets into the UTF-8 `.txt`, as newsmark's.

use super::select::{self, QUOTE_LABEL, SPEAKER_LABEL};
use super::{file_stem, zip, ExportOptions};
use crate::document::{Document, Status};
use std::collections::BTreeSet;
use std::fmt::Write;

pub fn write_zip(docs: &[Document], opts: &ExportOptions) -> Result<Vec<u8>, String> {
    let mut files = Vec::new();
    let mut labels = BTreeSet::new();
    let mut used = BTreeSet::new();
    for doc in docs {
        let mut stem = file_stem(&doc.id);
        let mut n = 2;
        while !used.insert(stem.clone()) {
            stem = format!("{}-{n}", file_stem(&doc.id));
            n += 1;
        }
        let (ann, doc_labels) = ann(doc, opts);
        labels.extend(doc_labels);
        files.push((format!("{stem}.txt"), doc.text.clone().into_bytes()));
        files.push((format!("{stem}.ann"), ann.into_bytes()));
    }
    files.push(("annotation.conf".to_string(), conf(&labels).into_bytes()));
    files.push(("README.txt".to_string(), b"Exported by newsmark. brat standoff format; offsets are Unicode code points (characters) into each .txt file.\n".to_vec()));
    zip::write(&files)
}

fn brat_type(label: &str) -> String {
    match label {
        QUOTE_LABEL => "Quote".into(),
        SPEAKER_LABEL => "Speaker".into(),
        other => other
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect(),
    }
}

/// The `.ann` content of one document and the entity types it uses.
pub fn ann(doc: &Document, opts: &ExportOptions) -> (String, BTreeSet<String>) {
    let spans = select::spans(doc, opts);
    let chars: Vec<char> = doc.text.chars().collect();
    let mut out = String::new();
    let mut types = BTreeSet::new();
    let (mut a, mut notes) = (0, 0);
    for (i, s) in spans.items.iter().enumerate() {
        let t = brat_type(&s.label);
        let frags = fragments(&chars, s.start, s.end);
        if frags.is_empty() {
            continue;
        }
        let offsets: Vec<String> = frags.iter().map(|(x, y)| format!("{x} {y}")).collect();
        let text: Vec<String> = frags
            .iter()
            .map(|&(x, y)| chars[x..y].iter().collect())
            .collect();
        let _ = writeln!(
            out,
            "T{}\t{t} {}\t{}",
            i + 1,
            offsets.join(";"),
            text.join(" ")
        );
        types.insert(t);
        if let Some(kind) = s.kind {
            a += 1;
            let _ = writeln!(
                out,
                "A{a}\tKind T{} {}",
                i + 1,
                format!("{kind:?}").to_lowercase()
            );
        }
        if (opts.suggested || opts.rejected) && s.status != Status::Accepted {
            a += 1;
            let _ = writeln!(
                out,
                "A{a}\tStatus T{} {}",
                i + 1,
                format!("{:?}", s.status).to_lowercase()
            );
        }
        notes += 1;
        let _ = writeln!(
            out,
            "#{notes}\tAnnotatorNotes T{}\tscore={:.3}",
            i + 1,
            s.score
        );
    }
    for (r, &(q, s)) in spans.speaker_links.iter().enumerate() {
        let _ = writeln!(out, "R{}\tSpeaker Arg1:T{} Arg2:T{}", r + 1, q + 1, s + 1);
    }
    (out, types)
}

/// Splits `start..end` at white space other than the plain space (line breaks, tabs: they cannot
/// stand in an .ann text field) into non-empty fragments with no white space at either edge.
fn fragments(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = start;
    for i in start..=end.min(chars.len()) {
        if i == end || (chars[i].is_whitespace() && chars[i] != ' ') {
            let (mut x, mut y) = (s, i);
            while x < y && chars[x].is_whitespace() {
                x += 1;
            }
            while y > x && chars[y - 1].is_whitespace() {
                y -= 1;
            }
            if x < y {
                out.push((x, y));
            }
            s = i + 1;
        }
    }
    out
}

fn conf(types: &BTreeSet<String>) -> String {
    let mut c = String::from("# newsmark export; offsets are Unicode code points\n[entities]\n");
    for t in types {
        let _ = writeln!(c, "{t}");
    }
    c.push_str("\n[relations]\nSpeaker\tArg1:Quote, Arg2:<ENTITY>\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\nKind\tArg:Quote, Value:speech|scare|title|term\nStatus\tArg:<ENTITY>, Value:suggested|accepted|rejected\n");
    c
}
