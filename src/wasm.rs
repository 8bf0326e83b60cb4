//! The WASM API, kept thin: each function converts JS values, calls the library, converts back.
//! Errors come back as JS exceptions with a message; panics are caught by the hook below and
//! reported by the worker, which then starts a fresh module (the page's work is never lost).
//! All offsets crossing this boundary are Unicode code points; the page converts to UTF-16.

use crate::document::Document;
use crate::{export, ner, pipeline, restore, text};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(msg: &str);
}

#[wasm_bindgen(start)]
pub fn start() {
    // One JS string per label for all entities (wasm-bindgen's "enable-interning"): a 10 MB
    // paste has 200,000 entities, and a fresh "PERSON" string each is megabytes of worker heap.
    for label in crate::ner::LABELS {
        wasm_bindgen::intern(label);
    }
    std::panic::set_hook(Box::new(|info| {
        // The worker turns this into a visible error message and reloads the module.
        console_error(&format!("newsmark core panic: {info}"));
    }));
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Annotates `{id?, text}` or `{id?, html}`; `clean` false keeps plain text as given.
#[wasm_bindgen]
pub fn annotate(input: JsValue, clean: bool) -> Result<JsValue, JsError> {
    let input: pipeline::Input = serde_wasm_bindgen::from_value(input)
        .map_err(|e| JsError::new(&format!("bad input: {e}")))?;
    let doc = pipeline::annotate_owned(input, &pipeline::Options { clean }, &mut |_, _| {})
        .map_err(|e| JsError::new(&e.0))?;
    to_js(&doc)
}

#[wasm_bindgen]
extern "C" {
    /// A JS function `(stage: string, done: number) => void` (no js-sys needed for one call).
    #[wasm_bindgen(js_name = Function)]
    pub type ProgressFn;
    #[wasm_bindgen(method, catch, js_name = call)]
    fn call2(this: &ProgressFn, ctx: &JsValue, stage: &str, done: f64) -> Result<JsValue, JsValue>;
}

/// `annotate`, calling `onProgress(stage, done)` as each stage starts (`done` from 0 to 1;
/// stages in `pipeline::STAGES`, then "sending" while the result becomes JS objects). The
/// worker forwards these to the page's progress bar. A throwing callback is ignored: progress
/// is a courtesy and must not fail the annotation.
#[wasm_bindgen(js_name = annotateWithProgress)]
pub fn annotate_with_progress(
    input: JsValue,
    clean: bool,
    on_progress: &ProgressFn,
) -> Result<JsValue, JsError> {
    let input: pipeline::Input = serde_wasm_bindgen::from_value(input)
        .map_err(|e| JsError::new(&format!("bad input: {e}")))?;
    let mut progress = |stage: &'static str, done: f64| {
        let _ = on_progress.call2(&JsValue::NULL, stage, done);
    };
    let doc = pipeline::annotate_owned(input, &pipeline::Options { clean }, &mut progress)
        .map_err(|e| JsError::new(&e.0))?;
    progress("sending", 0.97);
    to_js(&doc)
}

/// The largest input `annotate` takes, in bytes of UTF-8, so the page can refuse a bigger paste
/// at once, before copying it into the worker.
#[wasm_bindgen(js_name = maxInputBytes)]
pub fn max_input_bytes() -> u32 {
    pipeline::MAX_INPUT_BYTES as u32
}

/// Token boundaries of `text` as a flat array [start0, end0, start1, end1, ...] in code points.
#[wasm_bindgen]
pub fn tokens(text: &str) -> Vec<u32> {
    text::tokenize(text)
        .iter()
        .flat_map(|t| [t.start as u32, t.end as u32])
        .collect()
}

/// Number of entities the tagger finds in `text`: tokenize, sentences and tag, without
/// cleaning and without building JS objects. `scripts/bench-wasm.mjs` times it as the
/// tagger's own speed in WASM (the figure `newsmark bench` gives natively).
#[wasm_bindgen(js_name = tagCount)]
pub fn tag_count(text: &str) -> u32 {
    let toks = text::tokenize(text);
    let sents = text::split_sentences(text, &toks);
    ner::tag(text, &toks, &sents).len() as u32
}

/// Options of `exportFile`, as the page sends them (all optional).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct JsExportOptions {
    suggested: bool,
    rejected: bool,
    utf16: bool,
}

/// A file made by `exportFile`.
#[derive(Serialize)]
struct JsExportFile {
    name: String,
    mime: String,
    #[serde(with = "serde_bytes_as_array")]
    bytes: Vec<u8>,
}

mod serde_bytes_as_array {
    pub fn serialize<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(b)
    }
}

fn docs_from_js(docs: JsValue) -> Result<Vec<Document>, JsError> {
    match serde_wasm_bindgen::from_value(docs) {
        Ok(OneOrMany::Many(docs)) => Ok(docs),
        Ok(OneOrMany::One(doc)) => Ok(vec![doc]),
        Err(e) => Err(JsError::new(&format!("not a newsmark document: {e}"))),
    }
}

/// Writes one Document (or an array) in `format` with `options` ({suggested, rejected, utf16});
/// returns `{name, mime, bytes: Uint8Array}` ready for a download.
#[wasm_bindgen(js_name = exportFile)]
pub fn export_file(docs: JsValue, format: &str, options: JsValue) -> Result<JsValue, JsError> {
    export_docs(docs_from_js(docs)?, format, options)
}

fn export_docs(docs: Vec<Document>, format: &str, options: JsValue) -> Result<JsValue, JsError> {
    let o: JsExportOptions = if options.is_undefined() || options.is_null() {
        JsExportOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsError::new(&format!("bad export options: {e}")))?
    };
    let opts = export::ExportOptions {
        suggested: o.suggested,
        rejected: o.rejected,
        utf16: o.utf16,
    };
    let f = export::export(&docs, format, &opts).map_err(|e| JsError::new(&e))?;
    let out = JsExportFile {
        name: f.name,
        mime: f.mime.to_string(),
        bytes: f.bytes,
    };
    out.serialize(&serde_wasm_bindgen::Serializer::new())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// `exportFile` for documents given as JSON text (one Document or an array): for a big
/// workspace, `JSON.stringify` plus serde_json is several times faster than converting every
/// field of every object across the JS boundary (issue 7.5: 1,000 documents under 2 s).
#[wasm_bindgen(js_name = exportFileJson)]
pub fn export_file_json(
    docs_json: &str,
    format: &str,
    options: JsValue,
) -> Result<JsValue, JsError> {
    // Not through the untagged OneOrMany: that buffers the whole input once more.
    let parsed = if docs_json.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<Document>>(docs_json)
    } else {
        serde_json::from_str::<Document>(docs_json).map(|d| vec![d])
    };
    let docs = parsed.map_err(|e| JsError::new(&format!("not a newsmark document: {e}")))?;
    export_docs(docs, format, options)
}

/// Writes one Document (or an array) in a text `format` with default options; returns the text.
#[wasm_bindgen(js_name = exportDocuments)]
pub fn export_documents(docs: JsValue, format: &str) -> Result<String, JsError> {
    let docs = docs_from_js(docs)?;
    let f = export::export(&docs, format, &Default::default()).map_err(|e| JsError::new(&e))?;
    String::from_utf8(f.bytes)
        .map_err(|_| JsError::new(&format!("{format} is a binary format: use exportFile")))
}

/// The export formats as [[name, description], ...] for the page's menu.
#[wasm_bindgen(js_name = exportFormats)]
pub fn export_formats() -> Result<JsValue, JsError> {
    to_js(&export::FORMATS)
}

/// Reads annotations from a file's text in `format` (auto, json, spacy, doccano, labelstudio);
/// `utf16` when its offsets are UTF-16 units. Returns validated Documents or throws a message
/// naming the line or task; never returns part of a file.
#[wasm_bindgen(js_name = importFile)]
pub fn import_file(content: &str, format: &str, utf16: bool) -> Result<JsValue, JsError> {
    let opts = export::import::ImportOptions { utf16 };
    let docs = export::import::import(content, format, &opts).map_err(|e| JsError::new(&e))?;
    to_js(&docs)
}

/// Reads newsmark JSON/JSONL and returns an array of validated Documents.
#[wasm_bindgen(js_name = importDocuments)]
pub fn import_documents(content: &str) -> Result<JsValue, JsError> {
    let docs = export::json::read(content).map_err(|e| JsError::new(&e))?;
    to_js(&docs)
}

/// Restores removed block `index` of `doc` into its text (own paragraph, later offsets moved,
/// its words pre-tagged as suggestions); returns the new Document.
#[wasm_bindgen(js_name = restoreRemoved)]
pub fn restore_removed(doc: JsValue, index: usize) -> Result<JsValue, JsError> {
    let doc: Document = serde_wasm_bindgen::from_value(doc)
        .map_err(|e| JsError::new(&format!("not a newsmark document: {e}")))?;
    let out = restore::restore_removed(&doc, index).map_err(|e| JsError::new(&e))?;
    to_js(&out)
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The page may pass one Document or an array of them.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(Vec<Document>),
    One(Document),
}
