//! Export (and import) in the formats annotation and NLP tools read. One implementation serves
//! the CLI and the page (through WASM).
//!
//! Offsets are Unicode code points in every format unless `ExportOptions::utf16` asks for UTF-16
//! code units (Label Studio and other JavaScript tools count those); each file states its unit
//! where the format has room for it.

pub mod brat;
pub mod conll;
pub mod csv;
pub mod doccano;
pub mod import;
pub mod json;
pub mod labelstudio;
pub mod select;
pub mod spacy;
pub mod tokens;
pub mod w3c;
pub mod zip;

use crate::document::Document;

/// The formats `export` can write, with a one-line description for menus and `--help`.
pub const FORMATS: &[(&str, &str)] = &[
    (
        "json",
        "newsmark JSON: lossless, re-importable (one document, or an array)",
    ),
    (
        "jsonl",
        "newsmark JSON Lines: lossless, one document a line",
    ),
    (
        "spacy",
        "spaCy / Prodigy JSONL: text, tokens, spans, quote->speaker relations",
    ),
    (
        "doccano",
        "doccano JSONL: entities with start_offset/end_offset, relations",
    ),
    (
        "labelstudio",
        "Label Studio JSON tasks: labels regions and relation items",
    ),
    (
        "brat",
        "brat standoff: .txt + .ann per document and annotation.conf, in a zip",
    ),
    (
        "conll",
        "CoNLL-2003 style IOB2: token and tag, -DOCSTART- between documents",
    ),
    (
        "w3c",
        "W3C Web Annotation JSON-LD with TextQuote and TextPosition selectors",
    ),
    (
        "csv",
        "CSV of quotes: document, quote, speaker as written, resolved speaker, cue, offsets",
    ),
];

/// Which annotations go out, and in which offset unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Include annotations still `suggested` (not yet reviewed). Accepted ones always go out.
    pub suggested: bool,
    /// Include `rejected` annotations, in the formats that can mark them as such.
    pub rejected: bool,
    /// Write UTF-16 code unit offsets instead of code points (spacy, doccano, labelstudio, w3c, csv).
    pub utf16: bool,
}

/// One exported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// Writes `docs` in `format`. newsmark JSON is always lossless (every annotation with its
/// status); the other formats carry what `opts` selects.
pub fn export(docs: &[Document], format: &str, opts: &ExportOptions) -> Result<ExportFile, String> {
    let stem = match docs {
        [one] => file_stem(&one.id),
        _ => "newsmark-workspace".to_string(),
    };
    let text = |name: String, mime, s: String| ExportFile {
        name,
        mime,
        bytes: s.into_bytes(),
    };
    Ok(match format {
        "json" => text(
            format!("{stem}.newsmark.json"),
            "application/json",
            json::write_json(docs)?,
        ),
        "jsonl" => text(
            format!("{stem}.newsmark.jsonl"),
            "application/jsonl",
            json::write_jsonl(docs)?,
        ),
        "spacy" => text(
            format!("{stem}.spacy.jsonl"),
            "application/jsonl",
            spacy::write(docs, opts)?,
        ),
        "doccano" => text(
            format!("{stem}.doccano.jsonl"),
            "application/jsonl",
            doccano::write(docs, opts)?,
        ),
        "labelstudio" => text(
            format!("{stem}.labelstudio.json"),
            "application/json",
            labelstudio::write(docs, opts)?,
        ),
        "brat" => ExportFile {
            name: format!("{stem}.brat.zip"),
            mime: "application/zip",
            bytes: brat::write_zip(docs, opts)?,
        },
        "conll" => text(
            format!("{stem}.conll"),
            "text/plain",
            conll::write(docs, opts),
        ),
        "w3c" => text(
            format!("{stem}.w3c.jsonld"),
            "application/ld+json",
            w3c::write(docs, opts)?,
        ),
        "csv" => text(
            format!("{stem}.quotes.csv"),
            "text/csv",
            csv::write(docs, opts),
        ),
        other => {
            let known: Vec<&str> = FORMATS.iter().map(|f| f.0).collect();
            return Err(format!(
                "unknown export format {other:?}; known: {}",
                known.join(", ")
            ));
        }
    })
}

/// A file name stem from a document id: letters, digits, `-`, `_` and `.` kept, the rest `_`.
pub fn file_stem(id: &str) -> String {
    let s: String = id
        .chars()
        .take(80)
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_matches('.').to_string();
    if s.is_empty() {
        "document".to_string()
    } else {
        s
    }
}
