// Structural edits of a Document that the review makes: adding, resizing and deleting
// entities and quotes, linking speakers, labelling every occurrence of a name.
// Pure functions over plain objects (no DOM), all offsets in code points like the core, and
// they keep the core's invariants: entities sorted and non-overlapping, every span's text equal
// to the document text at its offsets, speaker.entity pointing at an existing entity.

const WORD = /[\p{L}\p{N}\p{M}]/u;

// The text as an array of code points, kept for the last text asked about: every edit slices
// the same article by code points, and splitting 20,000 words anew per key costs milliseconds.
let lastText = null;
let lastChars = [];
/** The code points of `text` (a shared array: read it, never change it). */
export function charsOf(text) {
  if (text !== lastText) {
    lastText = text;
    lastChars = [...text];
  }
  return lastChars;
}
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

/**
 * Adds a person's entity over code points [start, end). Entities it overlaps are replaced
 * (entities never overlap); quote speakers that pointed at a replaced entity point at the new
 * one when it covers the speaker mention, else lose the link. Returns the new entity.
 */
export function addEntity(doc, start, end, label) {
  const chars = charsOf(doc.text);
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
  doc.entities.push(entity);
  settleEntity(doc, entity);
  return entity;
}

/**
 * Restores the invariants after `entity` got new offsets (or was just added): the entities
 * it now overlaps are removed, the list is sorted again, and quote speakers that pointed at a
 * removed entity point at `entity` when it covers their mention, else lose the link.
 * Returns the removed entities.
 */
function settleEntity(doc, entity) {
  const { start, end } = entity;
  const gone = doc.entities.filter((e) => e !== entity && e.start < end && start < e.end);
  const replaced = new Set(gone.map((e) => e.id));
  if (replaced.size) doc.entities = doc.entities.filter((e) => !replaced.has(e.id));
  doc.entities.sort((a, b) => a.start - b.start || a.end - b.end);
  for (const q of doc.quotes) {
    const sp = q.speaker;
    if (sp && sp.entity && replaced.has(sp.entity)) {
      sp.entity = sp.start >= start && sp.end <= end ? entity.id : null;
    }
  }
  return gone;
}

const BREAK = /\n/;

/**
 * Gives annotation `id` new offsets [start, end) (a resize by key or by drag): a person's
 * correction, so it becomes accepted, source "user". An entity replaces the entities it now
 * overlaps (like a new one) and cannot run over a line break; a speaker mention that was
 * exactly the entity follows it. A quote cannot swallow its own speaker or overlap another
 * quote. Returns an error message, or null on success.
 */
export function setBounds(doc, id, start, end) {
  const chars = charsOf(doc.text);
  if (!(start >= 0 && end <= chars.length && start < end)) return 'A span needs at least one character.';
  const text = chars.slice(start, end).join('');
  const ent = doc.entities.find((e) => e.id === id);
  if (ent) {
    if (BREAK.test(text)) return 'An entity cannot run over a line break.';
    const old = { start: ent.start, end: ent.end, text: ent.text };
    Object.assign(ent, { start, end, text, status: 'accepted', source: 'user', score: 1 });
    for (const q of doc.quotes) {
      const sp = q.speaker;
      if (!sp || sp.entity !== id) continue;
      if (sp.start === old.start && sp.end === old.end) {
        if (start < q.end && q.start < end) return 'The speaker would run into the quote.';
        if (sp.name === old.text) sp.name = text;
        Object.assign(sp, { start, end, text });
      } else if (!(sp.start >= start && sp.end <= end)) {
        sp.entity = null; // the mention is no longer part of this entity
      }
    }
    settleEntity(doc, ent);
    return null;
  }
  const q = doc.quotes.find((x) => x.id === id);
  if (!q) return 'Select an annotation first.';
  if (q.speaker && q.speaker.start < end && start < q.speaker.end) return 'A quote cannot contain its own speaker.';
  const other = doc.quotes.find((x) => x !== q && x.start < end && start < x.end);
  if (other) return 'Quotes cannot overlap: that is another quote.';
  Object.assign(q, { start, end, text, status: 'accepted', source: 'user', score: 1 });
  doc.quotes.sort((a, b) => a.start - b.start || a.end - b.end);
  return null;
}

/** Deletes entity or quote `id`. A speaker that named a deleted entity keeps its words. */
export function removeAnnotation(doc, id) {
  const n = doc.entities.length + doc.quotes.length;
  doc.entities = doc.entities.filter((e) => e.id !== id);
  doc.quotes = doc.quotes.filter((q) => q.id !== id);
  if (doc.entities.length + doc.quotes.length === n) return 'Select an annotation first.';
  for (const q of doc.quotes) if (q.speaker && q.speaker.entity === id) q.speaker.entity = null;
  return null;
}

/**
 * "Not a quote": the quote is rejected (a person's call) and loses its speaker link. Rejected
 * annotations are left out of every export except lossless newsmark JSON, where the decision
 * is kept: a re-import, or a model trained on the file, knows this text is not a quote.
 */
export function notAQuote(doc, id) {
  const q = doc.quotes.find((x) => x.id === id);
  if (!q) return 'Select a quote first.';
  Object.assign(q, { status: 'rejected', source: 'user', score: 1, speaker: null });
  return null;
}

// Entity labels that can speak, in the order a speaker list offers them.
const SPEAKER_LABELS = ['PERSON', 'ORG', 'NORP', 'GPE', 'FAC'];

/**
 * Entities that could be quote `quoteId`'s speaker, one per distinct name and label (the
 * mention nearest to the quote), people first, then by distance. Entities inside the quote
 * and rejected ones are left out. Each is {id, start, end, text, label}.
 */
export function speakerCandidates(doc, quoteId) {
  const q = doc.quotes.find((x) => x.id === quoteId);
  if (!q) return [];
  const best = new Map();
  for (const e of doc.entities) {
    if (e.status === 'rejected' || (e.start < q.end && q.start < e.end)) continue;
    const dist = e.end <= q.start ? q.start - e.end : e.start - q.end;
    const key = `${e.label}\u0000${e.text}`;
    const had = best.get(key);
    if (!had || dist < had.dist) best.set(key, { id: e.id, start: e.start, end: e.end, text: e.text, label: e.label, dist });
  }
  const rank = (l) => {
    const i = SPEAKER_LABELS.indexOf(l);
    return i < 0 ? SPEAKER_LABELS.length : i;
  };
  return [...best.values()].sort((a, b) => rank(a.label) - rank(b.label) || a.dist - b.dist);
}

/** Makes entity `entityId` the speaker of quote `quoteId` (its nearest mention is the one). */
export function setSpeakerEntity(doc, quoteId, entityId) {
  const e = doc.entities.find((x) => x.id === entityId);
  if (!e) return 'That is not an entity.';
  return setSpeaker(doc, quoteId, e.start, e.end);
}

const LETTER = /[\p{L}\p{N}\p{M}]/u;

/**
 * "Apply to all occurrences": every other whole-word occurrence of `text` in the document
 * becomes a suggested `label` entity for the person to review (source "dictionary": it comes
 * from their own labelling, not the model). An occurrence that overlaps an entity is left
 * alone, except a still-suggested entity of exactly that span with another label, which takes
 * `label` (and stays suggested). Returns {added, relabelled} (lists of ids).
 */
export function labelOccurrences(doc, text, label) {
  const out = { added: [], relabelled: [] };
  if (!text) return out;
  const hay = doc.text;
  const needleLen = [...text].length;
  const used = new Set([...doc.entities, ...doc.quotes].map((a) => a.id));
  let n = 1;
  let cp = 0; // code point offset of UTF-16 index `u`, advanced incrementally
  let u = 0;
  const toCp = (target) => {
    for (; u < target; u++) {
      const c = hay.charCodeAt(u);
      if (c < 0xdc00 || c > 0xdfff) cp++; // a low surrogate does not start a code point
    }
    return cp;
  };
  // The character just before UTF-16 index i (a whole surrogate pair when there is one).
  const before = (i) => {
    const low = i > 1 && /[\udc00-\udfff]/.test(hay[i - 1]);
    return String.fromCodePoint(hay.codePointAt(low ? i - 2 : i - 1));
  };
  const fresh = [];
  for (let i = hay.indexOf(text); i >= 0; i = hay.indexOf(text, i + 1)) {
    const j = i + text.length;
    // Whole words only: no letter or digit glued on either side (when the name ends in one).
    if (i > 0 && LETTER.test(text[0]) && LETTER.test(before(i))) continue;
    if (j < hay.length && LETTER.test(text[text.length - 1]) && LETTER.test(String.fromCodePoint(hay.codePointAt(j)))) continue;
    const start = toCp(i);
    const end = start + needleLen;
    const hits = doc.entities.filter((e) => e.start < end && start < e.end);
    if (hits.length === 1 && hits[0].start === start && hits[0].end === end) {
      const e = hits[0];
      if (e.status === 'suggested' && e.label !== label) {
        e.label = label;
        out.relabelled.push(e.id);
      }
      continue;
    }
    if (hits.length) continue;
    while (used.has(`u${n}`)) n++;
    const id = `u${n}`;
    used.add(id);
    fresh.push({ id, start, end, label, text, score: 0.9, source: 'dictionary', status: 'suggested' });
    out.added.push(id);
  }
  if (fresh.length) {
    doc.entities.push(...fresh);
    doc.entities.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  return out;
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
  const chars = charsOf(doc.text);
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
