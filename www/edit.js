// Structural edits of a Document that the review makes: adding a person's own entity.
// Pure functions over plain objects (no DOM), all offsets in code points like the core, and
// they keep the core's invariants: entities sorted and non-overlapping, every span's text equal
// to the document text at its offsets, speaker.entity pointing at an existing entity.

const WORD = /[\p{L}\p{N}\p{M}]/u;
const EDGE_JUNK = /[\s\p{P}]/u;
const UPPER = /\p{Lu}/u;

// A final "." belongs to an abbreviation such as "U.S." (a capital after a dot or at the start).
function abbreviationDot(chars, s, e) {
  return chars[e - 1] === '.' && e - 2 >= s && UPPER.test(chars[e - 2]) && (e - 3 < s || chars[e - 3] === '.');
}

/**
 * Snaps a selection [start, end) of code points to whole words: grows it to the word
 * boundaries (a half-selected word becomes the whole word) and trims white space and
 * punctuation at the edges. Returns null if nothing is left.
 */
export function snapToWords(chars, start, end) {
  let s = start;
  let e = end;
  while (s > 0 && WORD.test(chars[s - 1]) && WORD.test(chars[s])) s--;
  while (e < chars.length && WORD.test(chars[e]) && WORD.test(chars[e - 1])) e++;
  while (s < e && EDGE_JUNK.test(chars[s])) s++;
  while (e > s && EDGE_JUNK.test(chars[e - 1]) && !abbreviationDot(chars, s, e)) e--;
  return e > s ? [s, e] : null;
}

function nextUserId(doc) {
  const used = new Set([...doc.entities, ...doc.quotes].map((a) => a.id));
  let n = 1;
  while (used.has(`u${n}`)) n++;
  return `u${n}`;
}

/** Deep copy of the annotation arrays, for undo. */
export function snapshot(doc) {
  return JSON.parse(JSON.stringify({ entities: doc.entities, quotes: doc.quotes }));
}

export function restore(doc, snap) {
  const copy = JSON.parse(JSON.stringify(snap));
  doc.entities = copy.entities;
  doc.quotes = copy.quotes;
}

/**
 * Adds a person's entity over code points [start, end). Entities it overlaps are replaced
 * (entities never overlap); quote speakers that pointed at a replaced entity point at the new
 * one when it covers the speaker mention, else lose the link. Returns the new entity.
 */
export function addEntity(doc, start, end, label) {
  const chars = [...doc.text];
  const entity = {
    id: nextUserId(doc),
    start,
    end,
    label,
    text: chars.slice(start, end).join(''),
    score: 1,
    source: 'user',
    status: 'accepted',
  };
  const replaced = new Set(doc.entities.filter((e) => e.start < end && start < e.end).map((e) => e.id));
  doc.entities = doc.entities.filter((e) => !replaced.has(e.id));
  doc.entities.push(entity);
  doc.entities.sort((a, b) => a.start - b.start || a.end - b.end);
  for (const q of doc.quotes) {
    const sp = q.speaker;
    if (!sp) continue;
    if (sp.entity && replaced.has(sp.entity)) {
      sp.entity = sp.start >= start && sp.end <= end ? entity.id : null;
    }
  }
  return entity;
}

/**
 * Makes code points [start, end) the speaker of quote `quoteId` (a person's decision: the
 * quote becomes accepted, source "user"). The speaker links to the entity at exactly that
 * span if there is one; its name is the longest entity of the same label that contains the
 * mention as a whole word ("Putin" -> "Vladimir Putin"), else the mention itself.
 * Returns an error message, or null on success.
 */
export function setSpeaker(doc, quoteId, start, end) {
  const q = doc.quotes.find((x) => x.id === quoteId);
  if (!q) return 'Select a quote first.';
  if (start < q.end && q.start < end) return 'The speaker cannot be inside the quote itself.';
  const chars = [...doc.text];
  const text = chars.slice(start, end).join('');
  const linked = doc.entities.find((e) => e.start === start && e.end === end && e.status !== 'rejected');
  let name = linked ? linked.text : text;
  if (linked) {
    const word = new RegExp(`(^|[^\\p{L}\\p{N}])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u');
    for (const e of doc.entities) {
      if (e.label === linked.label && e.status !== 'rejected' && e.text.length > name.length && word.test(e.text)) name = e.text;
    }
  }
  q.speaker = { start, end, text, entity: linked ? linked.id : null, name };
  q.status = 'accepted';
  q.source = 'user';
  q.score = 1;
  return null;
}

/** Removes the speaker of quote `quoteId` (e.g. a scare quote has none): a person's call. */
export function clearSpeaker(doc, quoteId) {
  const q = doc.quotes.find((x) => x.id === quoteId);
  if (!q) return 'Select a quote first.';
  if (!q.speaker) return 'This quote has no speaker.';
  q.speaker = null;
  q.status = 'accepted';
  q.source = 'user';
  q.score = 1;
  return null;
}
