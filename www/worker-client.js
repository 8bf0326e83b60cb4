// Promise-based calls to the annotation worker. One worker, requests matched by id. If the
// worker itself dies (a load error, an out-of-memory kill), every pending request is rejected
// with a message and a new worker is started for the next call; the page's state is untouched.

let worker = null;
let nextId = 1;
const pending = new Map(); // id -> {resolve, reject}

function start() {
  // The single-file build (scripts/build-single.mjs) has no worker.js file: it hands us a
  // blob: URL of the worker instead, which must start as a classic worker (on a file:// page
  // Chromium refuses module workers from blob: URLs); worker.js is written to work as both.
  const single = globalThis.__newsmarkWorkerUrl;
  worker = single
    ? new Worker(single)
    : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  // There the worker cannot fetch the core either (a blob: URL made by this page belongs to
  // another opaque origin than the worker's), so the page hands it the bytes first.
  const embedded = single && document.getElementById('nm-wasm');
  if (embedded) {
    const bytes = Uint8Array.from(atob(JSON.parse(embedded.textContent)), (c) => c.charCodeAt(0));
    worker.postMessage({ type: 'core-bytes', bytes }, [bytes.buffer]);
  }
  worker.onmessage = (event) => {
    const { id, ok, result, error, progress, more } = event.data;
    const p = pending.get(id);
    if (!p) return;
    // A piece of a document sent ahead of the answer (worker.js, sendAhead): kept in order.
    if (more) (p.more || (p.more = [])).push(more);
    if (progress) {
      // Not an answer: the request goes on.
      if (p.onProgress) p.onProgress(progress);
      return;
    }
    pending.delete(id);
    if (ok) p.resolve(p.more ? withPieces(result, p.more) : result);
    else p.reject(new Error(error));
  };
  const fail = (event) => {
    if (event && event.preventDefault) event.preventDefault();
    const reason = event && event.message ? event.message : 'the annotation worker stopped';
    for (const p of pending.values()) p.reject(new Error(`${reason}. It will be restarted.`));
    pending.clear();
    worker.terminate();
    worker = null;
  };
  worker.onerror = fail;
  worker.onmessageerror = fail;
}

// The answer's document ({doc} or the document itself) with the pieces sent ahead appended to
// its lists: a push per annotation, no copy of what is already there.
function withPieces(result, pieces) {
  const doc = result && result.doc ? result.doc : result;
  for (const piece of pieces) {
    for (const kind of ['entities', 'quotes']) {
      const list = doc[kind] || (doc[kind] = []);
      for (const a of piece[kind]) list.push(a);
    }
  }
  return result;
}

/**
 * Sends one request ({type, ...}) and resolves with the worker's result. `onProgress` gets
 * {stage, done} (done from 0 to 1) while a long request runs ('annotate').
 */
export function call(type, payload = {}, { onProgress } = {}) {
  if (!worker) start();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ ...payload, id, type });
  });
}

/** Starts the worker (and its WASM download) ahead of the first request. */
export function warmUp() {
  return call('version');
}

/**
 * Stops whatever the worker is doing (a huge paste, say): the worker is terminated, pending
 * calls reject with an Error whose `cancelled` is true, and the next call starts a new one.
 */
export function cancel() {
  if (!worker) return;
  worker.terminate();
  worker = null;
  for (const p of pending.values()) {
    const err = new Error('cancelled');
    err.cancelled = true;
    p.reject(err);
  }
  pending.clear();
}
