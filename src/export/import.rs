//! Import of annotations made elsewhere, so they can be corrected here: newsmark JSON (lossless
//! round trip), spaCy/Prodigy JSONL, doccano JSONL and Label Studio JSON. Offsets are read as
//! code points unless the file says `"offsets": "utf16"` (as newsmark's own UTF-16 exports do) or
//! the caller asks for UTF-16. Every problem is reported with the line (JSONL) or task number;
//! an import either returns every document or fails whole, so a workspace is never half-changed.

use super::select::{QUOTE_LABEL, SPEAKER_LABEL};
use crate::document::*;
use crate::text::offsets::{utf16_to_codepoints, CharIndex};
use crate::validate;
use serde_json::Value;

/// Largest file accepted for import, in bytes.
pub const MAX_IMPORT_BYTES: usize = 200 * 1024 * 1024;

pub const IMPORT_FORMATS: &[&str] = &["auto", "json", "spacy", "doccano", "labelstudio"];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Offsets in the file are UTF-16 code units even if the file does not say so.
    pub utf16: bool,
}

pub fn import(content: &str, format: &str, opts: &ImportOptions) -> Result<Vec<Document>, String> {
    if content.len() > MAX_IMPORT_BYTES {
        return Err(format!(
            "the file is {:.0} MB; imports are limited to {} MB",
            content.len() as f64 / 1e6,
            MAX_IMPORT_BYTES / (1024 * 1024)
        ));
    }
    if content.trim().is_empty() {
        return Err("the file is empty".into());
    }
    let format = if format == "auto" {
        detect(content)?
    } else {
        format
    };
    let docs = match format {
        "json" | "jsonl" | "newsmark" => return super::json::read(content),
        "spacy" | "prodigy" => each_line(content, |v, n| from_spacy(v, n, opts))?,
        "doccano" => each_line(content, |v, n| from_doccano(v, n, opts))?,
        "labelstudio" => {
            let v: Value = serde_json::from_str(content).map_err(|e| format!("not JSON: {e}"))?;
            let tasks = match v {
                Value::Array(a) => a,
                one @ Value::Object(_) => vec![one],
                _ => return Err("a Label Studio export is an array of tasks".into()),
            };
            tasks
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    from_labelstudio(t, i + 1, opts).map_err(|e| format!("task {}: {e}", i + 1))
                })
                .collect::<Result<_, _>>()?
        }
        other => {
            return Err(format!(
                "unknown import format {other:?}; known: {}",
                IMPORT_FORMATS.join(", ")
            ))
        }
    };
    for (i, d) in docs.iter().enumerate() {
        if let Some(p) = validate::problems(d).into_iter().next() {
            return Err(format!("document {}: {p}", i + 1));
        }
    }
    Ok(docs)
}

/// Tells the format from the first record's fields.
pub fn detect(content: &str) -> Result<&'static str, String> {
    let first_line = content.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let first: Value = match serde_json::from_str(first_line) {
        Ok(v) => v,
        Err(_) => {
            serde_json::from_str(content).map_err(|e| format!("not JSON or JSON Lines: {e}"))?
        }
    };
    let rec = match &first {
        Value::Array(a) => a.first().cloned().unwrap_or(Value::Null),
        v => v.clone(),
    };
    Ok(
        if rec.get("schema").is_some()
            || rec.get("offsets").is_some_and(|o| o.is_string()) && rec.get("entities").is_some()
        {
            "json"
        } else if rec.get("data").is_some() {
            "labelstudio"
        } else if rec.get("tokens").is_some() || rec.get("spans").is_some() {
            "spacy"
        } else if rec.get("entities").is_some() || rec.get("label").is_some() {
            "doccano"
        } else {
            return Err("cannot tell the format: expected newsmark JSON, spaCy/Prodigy JSONL, doccano JSONL or Label Studio JSON".into());
        },
    )
}

fn each_line(
    content: &str,
    f: impl Fn(&Value, usize) -> Result<Document, String>,
) -> Result<Vec<Document>, String> {
    let mut docs = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: not JSON: {e}", i + 1))?;
        docs.push(f(&v, i + 1).map_err(|e| format!("line {}: {e}", i + 1))?);
    }
    Ok(docs)
}

/// Builds Documents from (start, end, label) spans in some offset unit, checking each one.
struct Builder {
    doc: Document,
    index: CharIndex,
    utf16: bool,
}

impl Builder {
    fn new(id: String, text: &str, utf16: bool) -> Self {
        Builder {
            doc: Document::new(id, text),
            index: CharIndex::new(text),
            utf16,
        }
    }

    /// Converts and checks a span; returns code point offsets.
    fn span(&self, start: &Value, end: &Value) -> Result<(usize, usize), String> {
        let (s, e) = match (start.as_u64(), end.as_u64()) {
            (Some(s), Some(e)) => (s as usize, e as usize),
            _ => {
                return Err(format!(
                    "span offsets must be whole numbers, found {start} and {end}"
                ))
            }
        };
        let (s, e) = if self.utf16 {
            let v = utf16_to_codepoints(&self.doc.text, &[s, e]);
            (v[0], v[1])
        } else {
            (s, e)
        };
        let n = self.index.len_chars();
        if s >= e || e > n {
            let hint = if !self.utf16 && self.doc.text.chars().any(|c| c.len_utf16() > 1) {
                " (if the file counts UTF-16 units, import it with the UTF-16 option)"
            } else {
                ""
            };
            return Err(format!(
                "span {s}..{e} is empty or outside the text ({n} code points){hint}"
            ));
        }
        Ok((s, e))
    }

    fn slice(&self, s: usize, e: usize) -> String {
        self.index.slice(&self.doc.text, s, e).to_string()
    }

    /// Adds a span under its label: `QUOTE` becomes a quote, anything else an entity.
    /// Returns a key ("e3" / "q1") for relations.
    fn add(
        &mut self,
        s: usize,
        e: usize,
        label: &str,
        status: Status,
        source: Source,
        score: f32,
    ) -> String {
        let text = self.slice(s, e);
        if label == QUOTE_LABEL {
            let id = format!("q{}", self.doc.quotes.len() + 1);
            self.doc.quotes.push(Quote {
                id: id.clone(),
                start: s,
                end: e,
                text,
                kind: QuoteKind::Speech,
                speaker: None,
                cue: None,
                score,
                source,
                status,
            });
            id
        } else {
            let id = format!("e{}", self.doc.entities.len() + 1);
            self.doc.entities.push(Entity {
                id: id.clone(),
                start: s,
                end: e,
                label: label.to_string(),
                text,
                score,
                source,
                status,
            });
            id
        }
    }

    /// Links quote `q` to the speaker span `s` (both keys from `add`).
    fn link(&mut self, q: &str, s: &str) {
        let Some((start, end, text, entity)) = self
            .doc
            .entities
            .iter()
            .find(|e| e.id == s)
            .map(|e| (e.start, e.end, e.text.clone(), e.id.clone()))
        else {
            return;
        };
        // A span labelled SPEAKER is a mention only; a real entity span is also the referent.
        let is_mention_only = self
            .doc
            .entities
            .iter()
            .any(|e| e.id == s && e.label == SPEAKER_LABEL);
        if let Some(quote) = self.doc.quotes.iter_mut().find(|x| x.id == q) {
            quote.speaker = Some(Speaker {
                start,
                end,
                name: (!is_mention_only).then(|| text.clone()),
                text,
                entity: (!is_mention_only).then_some(entity),
            });
        }
    }

    fn finish(mut self) -> Document {
        // SPEAKER mentions live in quotes' speaker fields, not in the entity list.
        self.doc.entities.retain(|e| e.label != SPEAKER_LABEL);
        renumber(&mut self.doc);
        self.doc
    }
}

/// Sorts annotations and gives them ids e1.., q1.. in text order, keeping speaker links.
fn renumber(doc: &mut Document) {
    doc.entities.sort_by_key(|e| (e.start, e.end));
    doc.quotes.sort_by_key(|q| (q.start, q.end));
    let mut map = std::collections::HashMap::new();
    for (i, e) in doc.entities.iter_mut().enumerate() {
        let new = format!("e{}", i + 1);
        map.insert(std::mem::replace(&mut e.id, new.clone()), new);
    }
    for (i, q) in doc.quotes.iter_mut().enumerate() {
        q.id = format!("q{}", i + 1);
        if let Some(sp) = &mut q.speaker {
            sp.entity = sp.entity.as_ref().and_then(|id| map.get(id).cloned());
        }
    }
}

fn text_field<'a>(v: &'a Value, what: &str) -> Result<&'a str, String> {
    v.get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{what} has no \"text\" string"))
}

fn says_utf16(meta: Option<&Value>) -> bool {
    meta.and_then(|m| m.get("offsets")).and_then(Value::as_str) == Some("utf16")
}

fn from_spacy(v: &Value, line: usize, opts: &ImportOptions) -> Result<Document, String> {
    let text = text_field(v, "the task")?;
    let id = v
        .pointer("/meta/id")
        .and_then(Value::as_str)
        .map_or_else(|| format!("spacy-{line}"), str::to_string);
    let mut b = Builder::new(id, text, opts.utf16 || says_utf16(v.get("meta")));
    let status = if v.get("answer").and_then(Value::as_str) == Some("reject") {
        Status::Rejected
    } else {
        Status::Accepted
    };
    let mut keys = std::collections::HashMap::new();
    for sp in v
        .get("spans")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (s, e) = b.span(&sp["start"], &sp["end"])?;
        let label = sp
            .get("label")
            .and_then(Value::as_str)
            .ok_or("a span has no label")?;
        let key = b.add(s, e, label, status, Source::User, 1.0);
        keys.insert((s, e), key);
    }
    for r in v
        .get("relations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(hs), Some(cs)) = (r.get("head_span"), r.get("child_span")) else {
            continue;
        };
        let (qs, qe) = b.span(&hs["start"], &hs["end"])?;
        let (ss, se) = b.span(&cs["start"], &cs["end"])?;
        let q = b.add(qs, qe, QUOTE_LABEL, status, Source::User, 1.0);
        let child_label = cs
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or(SPEAKER_LABEL);
        let s = match keys.get(&(ss, se)) {
            Some(k) => k.clone(),
            None => b.add(ss, se, child_label, status, Source::User, 1.0),
        };
        b.link(&q, &s);
    }
    Ok(b.finish())
}

fn from_doccano(v: &Value, line: usize, opts: &ImportOptions) -> Result<Document, String> {
    let text = text_field(v, "the record")?;
    let id = v
        .pointer("/meta/id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            v.get("id").map(|i| {
                format!(
                    "doccano-{}",
                    i.as_str().map_or(i.to_string(), str::to_string)
                )
            })
        })
        .unwrap_or_else(|| format!("doccano-{line}"));
    let mut b = Builder::new(id, text, opts.utf16 || says_utf16(v.get("meta")));
    let mut keys = std::collections::HashMap::new();
    if let Some(ents) = v.get("entities").and_then(Value::as_array) {
        for en in ents {
            let (s, e) = b.span(&en["start_offset"], &en["end_offset"])?;
            let label = en
                .get("label")
                .and_then(Value::as_str)
                .ok_or("an entity has no label")?;
            let key = b.add(s, e, label, Status::Accepted, Source::User, 1.0);
            keys.insert(en.get("id").map(Value::to_string).unwrap_or_default(), key);
        }
    } else if let Some(labels) = v.get("label").and_then(Value::as_array) {
        // doccano's older sequence-labelling export: "label": [[start, end, "LABEL"], ...]
        for l in labels {
            let (s, e) = b.span(&l[0], &l[1])?;
            let label = l
                .get(2)
                .and_then(Value::as_str)
                .ok_or("a label triple has no label")?;
            b.add(s, e, label, Status::Accepted, Source::User, 1.0);
        }
    }
    for r in v
        .get("relations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(from), Some(to)) = (
            r.get("from_id").map(Value::to_string),
            r.get("to_id").map(Value::to_string),
        ) else {
            continue;
        };
        if let (Some(q), Some(s)) = (keys.get(&from).cloned(), keys.get(&to).cloned()) {
            b.link(&q, &s);
        }
    }
    Ok(b.finish())
}

fn from_labelstudio(t: &Value, index: usize, opts: &ImportOptions) -> Result<Document, String> {
    let data = t.get("data").ok_or("no \"data\"")?;
    let text = text_field(data, "data")?;
    let id = data
        .get("newsmark_id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| t.get("id").map(|i| format!("labelstudio-{i}")))
        .unwrap_or_else(|| format!("labelstudio-{index}"));
    let mut b = Builder::new(id, text, opts.utf16 || says_utf16(Some(data)));
    let groups = [
        ("annotations", Status::Accepted, Source::User),
        ("predictions", Status::Suggested, Source::Model),
    ];
    for (field, status, source) in groups {
        // Only the first annotation (or prediction) set of a task is read.
        let Some(results) = t
            .get(field)
            .and_then(|a| a.get(0))
            .and_then(|a| a.get("result"))
            .and_then(Value::as_array)
        else {
            continue;
        };
        let mut keys = std::collections::HashMap::new();
        for r in results
            .iter()
            .filter(|r| r.get("type").and_then(Value::as_str) == Some("labels"))
        {
            let val = r.get("value").ok_or("a region has no value")?;
            let (s, e) = b.span(&val["start"], &val["end"])?;
            if let Some(txt) = val.get("text").and_then(Value::as_str) {
                if b.slice(s, e) != txt {
                    return Err(format!("region {s}..{e} says {txt:?} but the text there is {:?} (if the file counts UTF-16 units, import it with the UTF-16 option)", b.slice(s, e)));
                }
            }
            let label = val
                .pointer("/labels/0")
                .and_then(Value::as_str)
                .ok_or("a region has no label")?;
            let score = r.get("score").and_then(Value::as_f64).unwrap_or(1.0) as f32;
            let key = b.add(s, e, label, status, source, score);
            if let Some(rid) = r.get("id").and_then(Value::as_str) {
                keys.insert(rid.to_string(), key);
            }
        }
        for r in results
            .iter()
            .filter(|r| r.get("type").and_then(Value::as_str) == Some("relation"))
        {
            let (Some(from), Some(to)) = (
                r.get("from_id").and_then(Value::as_str),
                r.get("to_id").and_then(Value::as_str),
            ) else {
                continue;
            };
            if let (Some(q), Some(s)) = (keys.get(from).cloned(), keys.get(to).cloned()) {
                b.link(&q, &s);
            }
        }
    }
    Ok(b.finish())
}
