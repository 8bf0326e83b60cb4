// When and how much to save. A review action saves only the annotations it changed (a journal
// entry, store.js), in the task right after the key (so a crash a moment later still finds it);
// the whole document is written when it is new or its text changed, and, to fold the journal
// in, once the person pauses (idle time, so the copy of a long document never delays a key).

import * as store from './store.js';

// Fold a document's journal into its record after this long without a change to it...
const COMPACT_AFTER_MS = 4000;
// ...or sooner, in the next idle moment, once the journal is this long.
const COMPACT_ENTRIES = 200;
// Documents above these sizes are not compacted (scheduleCompaction).
const BIG_TEXT = 300000;
const BIG_ANNOTATIONS = 8000;

const idle = typeof requestIdleCallback === 'function'
  ? (fn) => requestIdleCallback(fn, { timeout: 2000 })
  : (fn) => setTimeout(fn, 0);

/**
 * hooks: exists(id) (false once the document was deleted), document(id), infoOf(id),
 * annotation(doc, id) → {kind: 'entities'|'quotes', ann} or null, saving(), saved(ids),
 * failed(err). Returns {change, flush, pending, known}.
 */
export function createAutosave(hooks) {
  const dirty = new Map(); // id -> {doc, full, ids: Set, info}
  const inStore = new Set(); // documents whose record exists (the journal needs one)
  const journal = new Map(); // id -> journal entries since the last whole write
  const compactTimers = new Map();
  let timer = 0;

  function entry(doc) {
    if (!dirty.has(doc.id)) dirty.set(doc.id, { doc, full: false, ids: new Set(), info: false, json: null });
    const e = dirty.get(doc.id);
    e.doc = doc;
    return e;
  }

  /**
   * Queues a save of `doc`: of annotations `ids` (an iterable) only, of its info only
   * ({info: true}), or of all of it (ids null: new document, new text, another tab's copy).
   */
  function change(doc, ids = null, { info = false, json = null } = {}) {
    const e = entry(doc);
    if (ids === null && !info) {
      e.full = true;
      // The document as JSON text, when the worker just made it (see store.save).
      e.json = json;
    } else if (ids) {
      for (const id of ids) e.ids.add(id);
      e.json = null; // no longer the document as it is
    }
    if (info) e.info = true;
    clearTimeout(timer);
    // Next task: coalesces the changes of one event (accept all), and the write starts at once.
    timer = setTimeout(flush, 0);
  }

  function scheduleCompaction(id) {
    clearTimeout(compactTimers.get(id));
    // A big document keeps its journal: rewriting it copies every annotation on the page's
    // thread (half a second for 2 MB), a pause the person would feel; replaying a journal when
    // the workspace opens costs little.
    const doc = hooks.document(id);
    if (!doc || doc.text.length > BIG_TEXT || doc.entities.length + doc.quotes.length > BIG_ANNOTATIONS) return;
    const now = (journal.get(id) || 0) >= COMPACT_ENTRIES;
    compactTimers.set(id, setTimeout(() => idle(() => {
      compactTimers.delete(id);
      const doc = hooks.exists(id) && journal.get(id) ? hooks.document(id) : null;
      if (!doc) return;
      entry(doc).full = true;
      flush();
    }), now ? 0 : COMPACT_AFTER_MS));
  }

  async function writeOne(e) {
    const { doc } = e;
    if (e.full || !inStore.has(doc.id)) {
      await store.save(doc, hooks.infoOf(doc.id) || {}, e.json || null);
      inStore.add(doc.id);
      journal.set(doc.id, 0);
      return;
    }
    const changes = [...e.ids].map((id) => {
      const found = hooks.annotation(doc, id);
      return found ? { id, kind: found.kind, ann: found.ann } : { id, ann: null };
    });
    await store.append(doc.id, changes, e.info ? hooks.infoOf(doc.id) || {} : null);
    journal.set(doc.id, (journal.get(doc.id) || 0) + 1);
    scheduleCompaction(doc.id);
  }

  async function flush() {
    clearTimeout(timer);
    const batch = [...dirty.values()];
    dirty.clear();
    if (!batch.length) return;
    hooks.saving();
    const done = [];
    try {
      for (const e of batch) {
        if (!hooks.exists(e.doc.id)) continue; // deleted meanwhile
        await writeOne(e);
        done.push(e.doc.id);
      }
      hooks.saved(done);
    } catch (err) {
      // Keep the changes queued, as whole documents (what was written is unsure): the next
      // change tries again (space may have been freed).
      for (const e of batch) {
        if (hooks.exists(e.doc.id) && !done.includes(e.doc.id)) entry(e.doc).full = true;
      }
      hooks.failed(err);
    }
  }

  return {
    change,
    flush,
    /** Changes not written yet (of document `id`, or of any). */
    pending: (id) => (id ? dirty.has(id) : dirty.size > 0),
    /** Documents read from the store: their records exist, so changes can be journalled. */
    known(ids) {
      for (const id of ids) inStore.add(id);
    },
    /** A deleted document: nothing more to write for it. */
    forget(id) {
      dirty.delete(id);
      inStore.delete(id);
      journal.delete(id);
      clearTimeout(compactTimers.get(id));
      compactTimers.delete(id);
    },
  };
}
