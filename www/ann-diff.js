// Small diffs of a Document's annotations, for undo/redo and for redrawing only what an edit
// touched. A structural edit (add, resize, delete, link a speaker, label all occurrences)
// changes a handful of annotations among thousands: history keeps those, not two copies of
// every annotation per edit (which on a 10 MB article is megabytes per key press).

// One annotation copied (the speaker and cue objects too): far quicker than a JSON round trip.
function copyAnn(a) {
  const c = { ...a };
  if (a.speaker) c.speaker = { ...a.speaker };
  if (a.cue) c.cue = { ...a.cue };
  return c;
}

/** Copy of the annotation arrays: the state before an edit, to diff against or roll back to. */
export function snapshot(doc) {
  return { entities: doc.entities.map(copyAnn), quotes: doc.quotes.map(copyAnn) };
}

/** Puts a snapshot back (an edit that failed half-way). */
export function restore(doc, snap) {
  doc.entities = snap.entities.map(copyAnn);
  doc.quotes = snap.quotes.map(copyAnn);
}

// Field by field (speaker and cue one level down): no allocation, it runs over every
// annotation on every edit.
function sameAnn(a, b) {
  for (const k in a) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (!x || !y || typeof x !== 'object' || typeof y !== 'object') return false;
    for (const f in x) if (x[f] !== y[f]) return false;
    for (const f in y) if (!(f in x)) return false;
  }
  for (const k in b) if (!(k in a)) return false;
  return true;
}

/**
 * What an edit changed, from the snapshot taken before it and the document after it:
 * per kind, the old versions of the annotations that were removed or changed (`old`) and the
 * new versions of the ones added or changed (`new`), as copies; and `ranges`, the code point
 * extents [start, end] of both (the paragraphs to redraw). Null when nothing changed.
 */
export function diffSince(before, doc) {
  const diff = { entities: { old: [], new: [] }, quotes: { old: [], new: [] }, ranges: [] };
  let any = false;
  for (const kind of ['entities', 'quotes']) {
    const old = new Map(before[kind].map((a) => [a.id, a]));
    for (const a of doc[kind]) {
      const o = old.get(a.id);
      if (!o || !sameAnn(o, a)) {
        diff[kind].new.push(copyAnn(a));
        diff.ranges.push([a.start, a.end]);
        if (o) {
          diff[kind].old.push(o);
          diff.ranges.push([o.start, o.end]);
        }
        any = true;
      }
      old.delete(a.id);
    }
    for (const o of old.values()) {
      diff[kind].old.push(o);
      diff.ranges.push([o.start, o.end]);
      any = true;
    }
  }
  return any ? diff : null;
}

/**
 * Applies a diff to `doc`: side 'old' brings back the state before the edit (undo), side
 * 'new' the state after it (redo). The other side's annotations leave, this side's come in
 * (as copies: the history stays as recorded), and the lists are sorted again by offsets, the
 * order the core and the edits keep them in.
 */
export function applyDiff(doc, diff, side) {
  const other = side === 'old' ? 'new' : 'old';
  for (const kind of ['entities', 'quotes']) {
    const out = new Set(diff[kind][other].map((a) => a.id));
    const list = out.size ? doc[kind].filter((a) => !out.has(a.id)) : doc[kind];
    for (const a of diff[kind][side]) list.push(copyAnn(a));
    if (diff[kind][side].length) list.sort((a, b) => a.start - b.start || a.end - b.end);
    doc[kind] = list;
  }
}

/** Ids of the annotations a diff adds, removes or changes (what autosave writes). */
export function changedIds(diff) {
  const ids = new Set();
  for (const kind of ['entities', 'quotes']) for (const side of ['old', 'new']) for (const a of diff[kind][side]) ids.add(a.id);
  return ids;
}
