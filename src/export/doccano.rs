//! doccano JSONL (sequence labelling with relations): `text`, `entities` (`id`, `label`,
//! `start_offset`, `end_offset`), `relations` (`id`, `from_id` = quote, `to_id` = speaker,
//! `type`). Quotes are entities labelled `QUOTE`; a speaker mention that is not an entity is
//! labelled `SPEAKER`. Offsets: code points (doccano is Python), stated in `meta.offsets`.

use super::select::{self, SPEAKER_RELATION};
use super::ExportOptions;
use crate::document::Document;
use serde_json::json;

pub fn write(docs: &[Document], opts: &ExportOptions) -> Result<String, String> {
    let mut out = String::new();
    for doc in docs {
        let spans = select::spans(doc, opts);
        let units = select::Units::new(&doc.text, opts);
        let entities: Vec<_> = spans
            .items
            .iter()
            .enumerate()
            .map(|(i, s)| json!({"id": i + 1, "label": s.label, "start_offset": units.at(s.start), "end_offset": units.at(s.end)}))
            .collect();
        let relations: Vec<_> = spans
            .speaker_links
            .iter()
            .enumerate()
            .map(|(i, &(q, s))| json!({"id": i + 1, "from_id": q + 1, "to_id": s + 1, "type": SPEAKER_RELATION}))
            .collect();
        let task = json!({"text": doc.text, "entities": entities, "relations": relations, "meta": {"id": doc.id, "offsets": units.name()}});
        out.push_str(&serde_json::to_string(&task).map_err(|e| e.to_string())?);
        out.push('\n');
    }
    Ok(out)
}
