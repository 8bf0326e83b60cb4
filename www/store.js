// Autosave: documents live in IndexedDB (this browser profile only; nothing leaves the
// machine), so a reload or a crash loses no review work. One record per document id.
// If IndexedDB is unavailable (private mode in some browsers), the app keeps working in
// memory and says so.

const DB = 'newsmark';
const STORE = 'documents';

let dbPromise = null;

function open() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') {
        reject(new Error('IndexedDB is not available'));
        return;
      }
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore(STORE, { keyPath: 'id' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error || new Error('cannot open IndexedDB'));
    });
    dbPromise.catch(() => {
      dbPromise = null;
    });
  }
  return dbPromise;
}

function tx(mode, fn) {
  return open().then(
    (db) =>
      new Promise((resolve, reject) => {
        const t = db.transaction(STORE, mode);
        const req = fn(t.objectStore(STORE));
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

/** Saves a document (replacing any record with the same id). */
export function save(doc) {
  return tx('readwrite', (s) => s.put({ id: doc.id, doc, updated: Date.now() }));
}

/** All saved records {id, doc, updated}, most recently updated first. */
export async function list() {
  const all = await tx('readonly', (s) => s.getAll());
  return all.sort((a, b) => b.updated - a.updated);
}

export function remove(id) {
  return tx('readwrite', (s) => s.delete(id));
}
