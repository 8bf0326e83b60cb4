//! Label Studio JSON: an array of tasks, `data.text` plus `annotations[].result[]` with `labels`
//! regions (`value.start`, `.end`, `.text`, `.labels`) and `relation` items (quote -> speaker).
//! Accepted annotations go into `annotations`; suggestions, when asked for, into `predictions`.
//! Label Studio's editor counts JavaScript (UTF-16) offsets: export with `utf16` for texts
//! with emoji; `data.offsets` states the unit written.

use super::select::{self, SpanItem, SPEAKER_RELATION};
use super::ExportOptions;
use crate::document::{Document, Status};
use serde_json::{json, Value};

pub fn write(docs: &[Document], opts: &ExportOptions) -> Result<String, String> {
    let tasks: Vec<Value> = docs.iter().map(|d| task(d, opts)).collect();
    serde_json::to_string_pretty(&tasks).map_err(|e| e.to_string())
}

fn task(doc: &Document, opts: &ExportOptions) -> Value {
    let spans = select::spans(doc, opts);
    let units = select::Units::new(&doc.text, opts);
    let region = |s: &SpanItem| {
        json!({"id": s.id, "from_name": "label", "to_name": "text", "type": "labels", "score": s.score,
               "value": {"start": units.at(s.start), "end": units.at(s.end), "text": s.text, "labels": [s.label]}})
    };
    let results = |want: &dyn Fn(Status) -> bool| -> Vec<Value> {
        let mut r: Vec<Value> = spans
            .items
            .iter()
            .filter(|s| want(s.status))
            .map(region)
            .collect();
        for &(q, s) in &spans.speaker_links {
            if want(spans.items[q].status) {
                r.push(json!({"from_id": spans.items[q].id, "to_id": spans.items[s].id, "type": "relation", "direction": "right", "labels": [SPEAKER_RELATION]}));
            }
        }
        r
    };
    let mut t = json!({
        "data": {"text": doc.text, "newsmark_id": doc.id, "title": doc.meta.title, "offsets": units.name()},
        "annotations": [{"result": results(&|s| s == Status::Accepted), "was_cancelled": false}],
    });
    if opts.suggested {
        t["predictions"] =
            json!([{"model_version": "newsmark", "result": results(&|s| s == Status::Suggested)}]);
    }
    t
}
