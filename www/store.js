// Autosave: documents live in IndexedDB (this browser profile only; nothing leaves the
// machine), so a reload or a crash loses no review work. One record per document id.
// If IndexedDB is unavailable (private mode in some browsers), the app keeps working in
// memory and says so. A second store, `settings`, holds workspace settings (the label set)
// under a key each.

const DB = 'newsmark';
const STORE = 'documents';
const SETTINGS = 'settings';

let dbPromise = null;

function open() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') {
        reject(new Error('IndexedDB is not available'));
        return;
      }
      const req = indexedDB.open(DB, 2);
      req.onupgradeneeded = () => {
        // Version 1 had the documents only; version 2 adds the settings.
        const db = req.result;
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'id' });
        if (!db.objectStoreNames.contains(SETTINGS)) db.createObjectStore(SETTINGS);
      };
      // Another tab still has version 1 open: say so instead of waiting for ever.
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

function tx(mode, fn, storeName = STORE) {
  return open().then(
    (db) =>
      new Promise((resolve, reject) => {
        const t = db.transaction(storeName, mode);
        const req = fn(t.objectStore(storeName));
        t.oncomplete = () => resolve(req ? req.result : undefined);
        t.onerror = () => reject(t.error);
        t.onabort = () => reject(t.error || new Error('IndexedDB transaction aborted'));
      }),
  );
}

/** Review progress of a document: 'new', 'in progress' or 'done'. */
export function progress(doc) {
  const anns = [...(doc.entities || []), ...(doc.quotes || [])];
  const open = anns.filter((a) => a.status === 'suggested').length;
  if (anns.length === 0 || open === anns.length) return 'new';
  return open === 0 ? 'done' : 'in progress';
}

/**
 * Saves a document (replacing any record with the same id) with its workspace info
 * `{name, status}`: the person's name for it in the list and a status they set ('done'), both
 * outside the Document so that they never change an export.
 */
export function save(doc, info = {}) {
  const record = { id: doc.id, doc, updated: Date.now(), name: info.name || null, status: info.status || null };
  return tx('readwrite', (s) => s.put(record));
}

/** Puts back a record exactly as list() or get() returned it (undo of a delete). */
export function put(record) {
  return tx('readwrite', (s) => s.put(record));
}

/** All saved records {id, doc, updated, name, status}, most recently updated first. */
export async function list() {
  const all = await tx('readonly', (s) => s.getAll());
  return all.sort((a, b) => b.updated - a.updated);
}

/** The saved record {id, doc, updated} of one document, or undefined. */
export function get(id) {
  return tx('readonly', (s) => s.get(id));
}

export function remove(id) {
  return tx('readwrite', (s) => s.delete(id));
}

/** A workspace setting (undefined when never set). */
export function getSetting(key) {
  return tx('readonly', (s) => s.get(key), SETTINGS);
}

export function setSetting(key, value) {
  return tx('readwrite', (s) => s.put(value, key), SETTINGS);
}
