//! CSV of quotes (RFC 4180: comma-separated, fields quoted when needed, CRLF line ends), one row
//! per quote: document, quote id, kind, status, quote, speaker as written, resolved speaker,
//! cue, and the offsets of quote, speaker and cue, with their unit in the last column.

use super::select::{self, Units};
use super::ExportOptions;
use crate::document::Document;

const HEADER: &[&str] = &[
    "document",
    "quote_id",
    "kind",
    "status",
    "quote",
    "speaker_as_written",
    "resolved_speaker",
    "cue",
    "quote_start",
    "quote_end",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
    "offset_unit",
];

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn write(docs: &[Document], opts: &ExportOptions) -> String {
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for doc in docs {
        let units = Units::new(&doc.text, opts);
        let at = |o: Option<usize>| o.map_or(String::new(), |v| units.at(v).to_string());
        for q in select::quotes(doc, opts) {
            let sp = q.speaker.as_ref();
            let row = [
                doc.id.clone(),
                q.id.clone(),
                format!("{:?}", q.kind).to_lowercase(),
                format!("{:?}", q.status).to_lowercase(),
                q.text.clone(),
                sp.map_or(String::new(), |s| s.text.clone()),
                sp.and_then(|s| s.name.clone()).unwrap_or_default(),
                q.cue.as_ref().map_or(String::new(), |c| c.text.clone()),
                at(Some(q.start)),
                at(Some(q.end)),
                at(sp.map(|s| s.start)),
                at(sp.map(|s| s.end)),
                at(q.cue.as_ref().map(|c| c.start)),
                at(q.cue.as_ref().map(|c| c.end)),
                units.name().to_string(),
            ];
            let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
    }
    out
}
