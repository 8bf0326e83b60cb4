// newsmark as an npm package: the WASM core with a small typed API.
// All offsets are Unicode code points (see Document.offsets). Call `init()` once first (in a
// browser it fetches newsmark_bg.wasm next to this file; in Node pass the bytes:
// `await init({ module_or_path: readFileSync(require.resolve('newsmark/newsmark_bg.wasm')) })`).
import initWasm, * as core from './newsmark.js';

export { initWasm as init, initWasm as default };

/** Cleans and annotates one article: `{id?, text}` or `{id?, html}`. */
export function annotate(input, options = {}) {
  return core.annotate(input, options.clean !== false);
}

/** Writes documents in a format ('json', 'jsonl', 'spacy', 'doccano', 'labelstudio', 'brat', 'conll', 'w3c', 'csv'). */
function exportDocuments(docs, format = 'json', options = {}) {
  return core.exportFile(docs, format, options);
}

/** Reads annotations made elsewhere ('auto', 'json', 'spacy', 'doccano', 'labelstudio'). */
function importDocuments(content, format = 'auto', options = {}) {
  return core.importFile(content, format, Boolean(options.utf16));
}

/** The export formats as [name, description] pairs. */
export function formats() {
  return core.exportFormats();
}

export function version() {
  return core.version();
}

export { exportDocuments as export, importDocuments as import };
