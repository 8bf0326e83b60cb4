// Autosave: documents live in IndexedDB (this browser profile only; nothing leaves the
// machine), so a reload or a crash loses no review work. One record per document id.
// If IndexedDB is unavailable (private mode in some browsers), the app keeps working in
// memory and says so. A second store, `settings`, holds workspace settings (the label set)
// under a key each.
// A review action does not rewrite the whole document (on a long article that is a copy of
// thousands of annotations on the main thread per key): it appends the annotations it
// changed to a `journal` (key [document id, sequence]), a write of a few hundred bytes that
// commits at once. Reading a document replays its journal over the record; compact() folds
// the journal into the record in one transaction when the person pauses. Each write is one
// transaction, so a document and its annotations are never half-saved.

import { tally } from './tally.js';

const DB = 'newsmark';
const STORE = 'documents';
const SETTINGS = 'settings';
const JOURNAL = 'journal';

let dbPromise = null;

function open() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') {
        reject(new Error('IndexedDB is not available'));
        return;
      }
      const req = indexedDB.open(DB, 3);
      req.onupgradeneeded = () => {
        // Version 1 had the documents only; version 2 adds the settings, version 3 the journal
        // (records of version 2 are read as they are: a document with an empty journal).
        const db = req.result;
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'id' });
        if (!db.objectStoreNames.contains(SETTINGS)) db.createObjectStore(SETTINGS);
        if (!db.objectStoreNames.contains(JOURNAL)) db.createObjectStore(JOURNAL);
      };
      // Another tab still has an older version open: say so instead of waiting for ever.
      req.onblocked = () => reject(new Error('close the other newsmark tabs once to upgrade the saved data'));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error || new Error('cannot open IndexedDB'));
    });
    dbPromise.catch(() => {
      dbPromise = null;
    });
  }
  return dbPromise;
}

// One transaction over `storeNames` (a name or a list); fn gets the object store(s) by name
// and may return a request whose result the promise gives once the transaction committed.
function tx(mode, fn, storeNames = STORE) {
  return open().then(
    (db) =>
      new Promise((resolve, reject) => {
        const t = db.transaction(storeNames, mode);
        const stores = Array.isArray(storeNames) ? Object.fromEntries(storeNames.map((n) => [n, t.objectStore(n)])) : t.objectStore(storeNames);
        const req = fn(stores);
        t.oncomplete = () => resolve(req ? req.result : undefined);
        t.onerror = () => reject(t.error);
        t.onabort = () => reject(t.error || new Error('IndexedDB transaction aborted'));
      }),
  );
}

// All journal keys of document `id`: [id, any sequence number].
const journalOf = (id) => IDBKeyRange.bound([id, -Infinity], [id, Infinity]);

// Journal sequence numbers grow across reloads too (wall clock, made strictly increasing).
let lastSeq = 0;
function nextSeq() {
  lastSeq = Math.max(lastSeq + 1e-3, Date.now());
  return lastSeq;
}

// Replays journal entries (in key order) over a record: the newest change of each annotation
// id wins (put, or removed when its `ann` is null); info and time from the newest entries.
function replay(record, entries) {
  if (!entries.length) return record;
  const latest = new Map();
  const out = { ...record };
  for (const e of entries) {
    for (const c of e.changes || []) latest.set(c.id, c);
    if (e.info) Object.assign(out, { name: e.info.name || null, status: e.info.status || null });
    out.updated = Math.max(out.updated || 0, e.updated || 0);
  }
  const doc = { ...record.doc };
  for (const kind of ['entities', 'quotes']) {
    const list = (record.doc[kind] || []).filter((a) => !latest.has(a.id));
    for (const c of latest.values()) if (c.ann && c.kind === kind) list.push(c.ann);
    doc[kind] = list.sort((x, y) => x.start - y.start || x.end - y.end);
  }
  out.doc = doc;
  return out;
}

/**
 * Review progress of a document: 'new', 'in progress' or 'done'. `counts`: its tally when the
 * caller has it already (a pass over a 10 MB article's annotations is 10-30 ms).
 */
export function progress(doc, counts = null) {
  const { suggested, total } = counts || tally(doc);
  if (total === 0 || suggested === total) return 'new';
  return suggested === 0 ? 'done' : 'in progress';
}

/**
 * Saves a document (replacing any record with the same id) with its workspace info
 * `{name, status}`: the person's name for it in the list and a status they set ('done'), both
 * outside the Document so that they never change an export.
 */
export function save(doc, info = {}, json = null) {
  const record = { id: doc.id, updated: Date.now(), name: info.name || null, status: info.status || null };
  // `json`: the document as JSON text (from the worker, for a new document), a string or a
  // Blob: IndexedDB copies text far faster than the object graph, and a Blob not at all on
  // this thread; read back by asDocRecord.
  if (typeof json === 'string') record.json = json;
  else if (json) record.blob = json;
  else record.doc = doc;
  // The record replaces the journal: both in one transaction.
  return tx('readwrite', (s) => {
    s[JOURNAL].delete(journalOf(doc.id));
    return s[STORE].put(record);
  }, [STORE, JOURNAL]);
}

/**
 * Saves a change to document `id` without rewriting it: `changes` are {id, kind, ann} for
 * each annotation put (kind 'entities' or 'quotes') or {id, ann: null} for one removed;
 * `info` ({name, status}) when that changed. The document must have been saved before.
 */
export function append(id, changes, info = null) {
  const entry = { changes, info, updated: Date.now() };
  return tx('readwrite', (s) => s.put(entry, [id, nextSeq()]), JOURNAL);
}

/** Puts back a record exactly as list() or get() returned it (undo of a delete). */
export function put(record) {
  return tx('readwrite', (s) => {
    s[JOURNAL].delete(journalOf(record.id));
    return s[STORE].put(record);
  }, [STORE, JOURNAL]);
}

const parseHere = async (blob) => JSON.parse(await blob.text());
let readJson = parseHere;

/**
 * Sets how a document's JSON Blob is read back: `read(blob)` resolves with the Document (app.js:
 * in the worker, since parsing a 10 MB document's JSON froze the page for a second). Should it
 * fail (the worker restarted, a Cancel), the Blob is parsed here.
 */
export function setJsonReader(read) {
  readJson = (blob) => read(blob).catch(() => parseHere(blob));
}

// A record saved with the document as JSON text (a string or a Blob), as one with the document
// object.
async function asDocRecord(rec) {
  if (rec.blob) {
    const { blob, ...rest } = rec;
    return { ...rest, doc: await readJson(blob) };
  }
  if (typeof rec.json !== 'string') return rec;
  const { json, ...rest } = rec;
  return { ...rest, doc: JSON.parse(json) };
}

// Reads records and the journal in one transaction (a consistent view) and replays.
function readMerged(fn, range = null) {
  let records = null;
  let entries = null;
  return tx('readonly', (s) => {
    const r = fn(s[STORE]);
    r.onsuccess = () => {
      records = r.result;
    };
    const j = s[JOURNAL].openCursor(range);
    const got = new Map();
    j.onsuccess = () => {
      const c = j.result;
      if (!c) {
        entries = got;
        return;
      }
      const [id, seq] = c.key;
      lastSeq = Math.max(lastSeq, seq);
      if (!got.has(id)) got.set(id, []);
      got.get(id).push(c.value);
      c.continue();
    };
    return null;
  }, [STORE, JOURNAL]).then(() => {
    const one = async (rec) => (rec ? replay(await asDocRecord(rec), entries.get(rec.id) || []) : rec);
    return Array.isArray(records) ? Promise.all(records.map(one)) : one(records);
  });
}

/** All saved records {id, doc, updated, name, status}, most recently updated first. */
export async function list() {
  const all = await readMerged((s) => s.getAll());
  return all.sort((a, b) => b.updated - a.updated);
}

/** The saved record {id, doc, updated} of one document, or undefined. */
export function get(id) {
  return readMerged((s) => s.get(id), journalOf(id));
}

export function remove(id) {
  return tx('readwrite', (s) => {
    s[JOURNAL].delete(journalOf(id));
    return s[STORE].delete(id);
  }, [STORE, JOURNAL]);
}

/** A workspace setting (undefined when never set). */
export function getSetting(key) {
  return tx('readonly', (s) => s.get(key), SETTINGS);
}

export function setSetting(key, value) {
  return tx('readwrite', (s) => s.put(value, key), SETTINGS);
}
