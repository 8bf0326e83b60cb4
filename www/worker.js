// Worker hosting the newsmark WASM core (a module worker; classic in the single-file build), so
// that annotating a long article never freezes the page. Protocol: the page posts {id, type, ...}; we answer {id, ok, result} or
// {id, ok:false, error, trapped}; while an 'annotate' runs we also post {id, progress: {stage,
// done}} as each stage starts (done from 0 to 1). Types: 'annotate' {input, clean, withJson,
// inPieces} (the Document, or {doc, json} with withJson, json a Blob of its JSON text; with inPieces most of its annotations
// come first in {id, more, progress} messages, see sendAhead), 'export' {docs, format}
// (text), 'readJson' {blob, inPieces} (the Document in a JSON Blob, parsed), 'exportFile'
// {docs, format, options} ({name, mime, bytes}), 'formats', 'import'
// {content}, 'version'.
//
// If the core traps (a Rust panic ends in a WebAssembly `unreachable`), its memory may be in a
// half-updated state, so we never call into that instance again: we report the message and
// instantiate a fresh copy. wasm-bindgen's glue keeps its instance in module-level variables
// and ignores a second init(), so a fresh copy means a fresh import of the glue (a distinct URL
// gives a distinct module record); the compiled WebAssembly.Module is reused, so this is cheap.

// The single-file build (scripts/build-single.mjs) runs this worker from a blob: URL and gives
// it the glue's source (and the WASM as a blob: URL) in globalThis.__newsmarkAssets; the page
// also sends the WASM bytes ('core-bytes'), since a file:// worker may not fetch that URL.
const ASSETS = globalThis.__newsmarkAssets || null;
const GLUE = './pkg/newsmark.js';
// self.location, not import.meta: this file must also parse as a classic worker script, which
// is what the single-file build starts (Chromium cannot start a module worker from a blob: URL
// on a file:// page; a classic one can, and it can still import() the glue module).
const WASM = ASSETS ? new URL(ASSETS.wasm) : new URL('./pkg/newsmark_bg.wasm', self.location.href);

/** A URL for a fresh copy of the glue module (a new URL gives a new module instance). */
function glueUrl(n) {
  if (ASSETS) return URL.createObjectURL(new Blob([ASSETS.glueSource], { type: 'text/javascript' }));
  return n === 1 ? GLUE : `${GLUE}?instance=${n}`;
}

let compiled = null; // Promise<WebAssembly.Module>, compiled once
let core = null; // Promise<glue module> for the live instance
let generation = 0;
let lastPanic = null;

// The core's panic hook writes the panic message with console.error; keep it so the page can
// show it, and leave the console quiet (the page reports the error itself).
const consoleError = console.error.bind(console);
console.error = (...args) => {
  const msg = args.map(String).join(' ');
  if (msg.startsWith('newsmark core panic')) lastPanic = msg;
  else consoleError(...args);
};

let coreBytes = null; // the core as bytes, when the page sends them (single-file build)

async function compile() {
  if (coreBytes) return WebAssembly.compile(coreBytes);
  const response = await fetch(WASM);
  if (!response.ok) throw new Error(`cannot load the annotator (HTTP ${response.status} for ${ASSETS ? 'the core' : WASM.pathname})`);
  try {
    // Compiles while downloading; needs the server to say application/wasm.
    return await WebAssembly.compileStreaming(response.clone());
  } catch (err) {
    if (!(err instanceof TypeError)) throw err; // a real compile error
    return WebAssembly.compile(await response.arrayBuffer()); // wrong MIME type: the slow way
  }
}

function load() {
  if (!compiled) {
    compiled = compile();
    // Awaited below only after the glue is imported; until then, a failure is not "unhandled".
    compiled.catch(() => {});
  }
  generation += 1;
  const url = glueUrl(generation);
  core = (async () => {
    const glue = await import(url);
    await glue.default({ module_or_path: await compiled });
    return glue;
  })();
  // A failed load must not stay cached: the next request tries again.
  core.catch(() => {
    core = null;
    compiled = null;
  });
  return core;
}

// Older cores only had newsmark JSON/JSONL (exportDocuments/importDocuments); newer ones add
// exportFile/exportFormats/importFile for every format. Use what the loaded core offers.
const BASIC_FORMATS = [
  ['json', 'newsmark JSON: lossless, re-importable'],
  ['jsonl', 'newsmark JSON Lines: lossless, one document a line'],
];

function exportFile(glue, docs, format, options) {
  if (glue.exportFile) return glue.exportFile(docs, format, options || {});
  const text = glue.exportDocuments(docs, format);
  const one = !Array.isArray(docs) || docs.length === 1;
  const id = one ? (Array.isArray(docs) ? docs[0] : docs).id : 'newsmark';
  return {
    name: `${id}.newsmark.${format}`,
    mime: format === 'json' ? 'application/json' : 'application/jsonl',
    bytes: new TextEncoder().encode(text),
  };
}

// Annotations per message when a document is sent in pieces: the page decodes each message in
// a task of its own, and 4,000-5,000 annotations take it 20-60 ms (traced on a loaded 2-core
// machine), where the whole of a 10 MB document (250,000 of them) took it most of a second.
const PIECE = 4000;

/**
 * Posts all but the first PIECE entities and quotes of `doc` as {id, more: {entities, quotes}}
 * messages, ahead of the answer, and leaves `doc` holding only those first ones: the page
 * (worker-client.js) appends each piece to the answer's lists as it arrives. Each piece also
 * moves the progress bar ("sending"), after the core's own 0.97.
 */
function sendAhead(id, doc) {
  const entities = doc.entities || [];
  const quotes = doc.quotes || [];
  const total = entities.length + quotes.length;
  if (total <= PIECE) return;
  const pieces = Math.ceil(total / PIECE) - 1;
  let e = Math.min(entities.length, PIECE);
  let q = Math.min(quotes.length, PIECE - e);
  const keep = { entities: entities.slice(0, e), quotes: quotes.slice(0, q) };
  for (let k = 1; e < entities.length || q < quotes.length; k++) {
    const more = { entities: entities.slice(e, e + PIECE), quotes: [] };
    e += more.entities.length;
    more.quotes = quotes.slice(q, q + PIECE - more.entities.length);
    q += more.quotes.length;
    self.postMessage({ id, more, progress: { stage: 'sending', done: 0.97 + (0.03 * k) / (pieces + 1) } });
  }
  doc.entities = keep.entities;
  doc.quotes = keep.quotes;
}

function run(glue, msg) {
  switch (msg.type) {
    case 'annotate': {
      // Cores before annotateWithProgress simply show no progress.
      const doc = !glue.annotateWithProgress ? glue.annotate(msg.input, msg.clean !== false)
        : glue.annotateWithProgress(msg.input, msg.clean !== false, (stage, done) => {
          // Posted while the core is still busy: the page gets it at once (its own thread).
          self.postMessage({ id: msg.id, progress: { stage, done } });
        });
      // withJson: the document also as JSON text in a Blob, made here, off the page's thread.
      // The page saves that Blob as the new document's record: posting and storing a Blob
      // copies no bytes on the page's thread, where a 10 MB document's JSON string took a
      // second there (IndexedDB clones a value twice) and its objects longer still.
      const json = msg.withJson ? new Blob([JSON.stringify(doc)], { type: 'application/json' }) : null;
      // inPieces: most annotations go ahead in messages of their own (see sendAhead).
      if (msg.inPieces) sendAhead(msg.id, doc);
      return msg.withJson ? { doc, json } : doc;
    }
    case 'readJson': {
      // A saved document's JSON Blob (store.js) parsed here, not on the page: for a 10 MB
      // document that was a second's freeze when the page opened. Sent back like a new one.
      const doc = JSON.parse(new FileReaderSync().readAsText(msg.blob));
      if (msg.inPieces) sendAhead(msg.id, doc);
      return doc;
    }
    case 'export':
      return glue.exportDocuments(msg.docs, msg.format || 'json');
    case 'exportFile':
      return exportFile(glue, msg.docs, msg.format || 'json', msg.options);
    case 'formats':
      return glue.exportFormats ? glue.exportFormats() : BASIC_FORMATS;
    case 'import':
      // 'auto' recognises newsmark JSON/JSONL and the other importable formats.
      return glue.importFile ? glue.importFile(msg.content, 'auto', false) : glue.importDocuments(msg.content);
    case 'exportJson':
      // Documents as JSON text: much faster than a structured object for 1,000 documents.
      return glue.exportFileJson(msg.json, msg.format || 'json', msg.options || {});
    case 'restoreRemoved':
      // Puts removed block msg.index back into msg.doc (panels2: issue 5.5).
      return glue.restoreRemoved(msg.doc, msg.index);
    case 'tokens':
      // Token edges for resizing spans on the page (code points, flat [start, end, ...]).
      return glue.tokens(msg.text);
    case 'version':
      return glue.version();
    case 'selftest-trap':
      // Lets the browser tests exercise the crash-and-restart path without a real panic.
      throw new WebAssembly.RuntimeError('unreachable executed (self-test)');
    default:
      throw new Error(`unknown request type ${JSON.stringify(msg.type)}`);
  }
}

self.onmessage = async (event) => {
  const msg = event.data || {};
  if (msg.type === 'core-bytes') {
    coreBytes = msg.bytes; // not a request: no answer
    return;
  }
  lastPanic = null;
  try {
    const glue = await (core || load());
    const result = run(glue, msg);
    // Token edges (a Uint32Array the glue copied out of the core's memory, 16 MB for a 10 MB
    // text) are handed over, not copied: the copy was a long task on the page.
    const transfer = msg.type === 'tokens' && ArrayBuffer.isView(result) ? [result.buffer] : [];
    self.postMessage({ id: msg.id, ok: true, result }, transfer);
  } catch (err) {
    const trapped = err instanceof WebAssembly.RuntimeError || lastPanic !== null;
    let error = err && err.message ? err.message : String(err);
    if (trapped) {
      error = `The annotator crashed (${lastPanic || error}). It has been restarted; your work is safe.`;
      core = null; // next request gets a fresh instance
      load().catch(() => {});
    }
    self.postMessage({ id: msg.id, ok: false, error, trapped });
  }
};
