//! Export and import. One implementation serves the CLI and the page (through WASM).
//! Offsets in every format are Unicode code points unless the format's own section says otherwise.

pub mod json;

use crate::document::Document;

/// The formats `export` can write.
pub const FORMATS: &[&str] = &["json", "jsonl"];

/// Writes `docs` in `format`. Returns the file content.
pub fn export(docs: &[Document], format: &str) -> Result<String, String> {
    match format {
        "json" => json::write_json(docs),
        "jsonl" => json::write_jsonl(docs),
        other => Err(format!(
            "unknown export format {other:?}; known: {}",
            FORMATS.join(", ")
        )),
    }
}
