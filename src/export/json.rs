//! newsmark JSON, the lossless format of record: one Document (or an array of them) as JSON,
//! or one Document per line (JSONL). Offsets are Unicode code points ("offsets": "codepoints").

use crate::document::Document;
use crate::validate;

pub fn write_json(docs: &[Document]) -> Result<String, String> {
    let r = if docs.len() == 1 {
        serde_json::to_string_pretty(&docs[0])
    } else {
        serde_json::to_string_pretty(docs)
    };
    r.map_err(|e| e.to_string())
}

pub fn write_jsonl(docs: &[Document]) -> Result<String, String> {
    let mut out = String::new();
    for d in docs {
        out.push_str(&serde_json::to_string(d).map_err(|e| e.to_string())?);
        out.push('\n');
    }
    Ok(out)
}

/// Reads newsmark JSON: a Document, an array of Documents, or JSONL. Every document is
/// validated; the first problem is reported with its line (JSONL) or document number.
pub fn read(content: &str) -> Result<Vec<Document>, String> {
    let trimmed = content.trim_start();
    let docs: Vec<Document> = if trimmed.starts_with('[') {
        serde_json::from_str(trimmed).map_err(|e| format!("not a newsmark JSON array: {e}"))?
    } else {
        match serde_json::from_str::<Document>(trimmed) {
            Ok(d) => vec![d],
            Err(first_err) => {
                let mut docs = Vec::new();
                for (i, line) in content
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| !l.trim().is_empty())
                {
                    let d: Document = serde_json::from_str(line).map_err(|e| {
                        if i == 0 {
                            format!("not newsmark JSON: {first_err}")
                        } else {
                            format!("line {}: {e}", i + 1)
                        }
                    })?;
                    docs.push(d);
                }
                docs
            }
        }
    };
    for (i, d) in docs.iter().enumerate() {
        if let Some(p) = validate::problems(d).into_iter().next() {
            return Err(format!("document {} ({}): {p}", i + 1, d.id));
        }
    }
    Ok(docs)
}
