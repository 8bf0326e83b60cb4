// Draws one Document: metadata, paragraphs, entity and quote marks, removed blocks. Returns a
// "view" that maps annotation ids to their elements, so a status change updates a mark in place
// (keeping focus) instead of redrawing the article.
// Long articles: paragraphs are grouped in chunks of about CHUNK_CHARS characters; the first
// ones are drawn at once, the rest as placeholders of about their height that lazy-draw.js
// fills near the screen and in idle time. Whatever needs a mark that is not drawn yet (focus,
// jump to a quote, highlights) draws its chunk first: ensureDrawn / drawAround.
// An edit redraws only the drawn paragraphs it touched (patchDocument).

import { codePointTable, toUtf16 } from './offsets.js';
import { paragraphs, buildTree, paraAt } from './layout.js';
import { el, fill, updateAnnotation, describe, speakerName } from './marks.js';
import { drawLazily } from './lazy-draw.js';
import { runNow, runSliced, nextTask } from './slices.js';
import { firstIndex } from './search.js';

export { updateAnnotation, describe, speakerName };

const CHUNK_CHARS = 4000;
// Drawn at once when an article opens: a few screens (all of a usual article), a few ms of
// work; lazy-draw.js does the rest.
const FIRST_CHARS = 16000;
// Placeholder height: about 80 characters a line of 2 em (the .text and .para styles).
const LINE_CHARS = 80;
const LINE_PX = 32;
const PARA_GAP_PX = 17;

const running = new WeakMap(); // container -> the lazy drawer of the view shown there

function renderMeta(doc) {
  const header = el('header', 'meta');
  const m = doc.meta || {};
  const h = el('h2', 'title', m.title || 'Untitled article');
  h.id = 'doc-title';
  h.tabIndex = -1;
  header.appendChild(h);
  const line = el('p', 'byline');
  const parts = [];
  if (m.byline) parts.push(el('span', 'by', m.byline));
  if (m.date) {
    const t = el('time', 'date', m.date);
    t.dateTime = m.date;
    parts.push(t);
  }
  if (m.site) parts.push(el('span', 'site', m.site));
  parts.push(el('span', 'docid', `id ${doc.id}`));
  parts.forEach((p, i) => {
    if (i) line.appendChild(document.createTextNode(' · '));
    line.appendChild(p);
  });
  header.appendChild(line);
  return header;
}

function renderRemoved(doc) {
  const removed = doc.removed || [];
  const d = el('details', 'removed');
  d.appendChild(el('summary', '', `Removed by the cleaner (${removed.length})`));
  if (removed.length === 0) {
    d.appendChild(el('p', 'muted', 'Nothing was removed.'));
    return d;
  }
  const list = el('ol', 'removed-list');
  for (const r of removed) {
    const li = el('li');
    li.appendChild(el('span', 'reason', r.reason));
    li.appendChild(el('span', 'removed-text', r.text));
    list.appendChild(li);
  }
  d.appendChild(list);
  return d;
}


// Annotations handled between two points where a sliced preparation may stop (slices.js).
const STEP = 4000;

// The annotation spans of `doc` (UTF-16), the id index, the review order (reading order, a
// quote before the entities inside it), and for each paragraph the spans that touch it, put in
// `out` as {index, order, byPara}. Each span knows its first paragraph (`first`), so a fragment
// drawn on its own is numbered as in a drawing of the whole article. A generator: it yields
// every STEP annotations, so a 10 MB article (250,000 of them) can be prepared in slices.
function* annotationSteps(doc, table, paras, out) {
  const index = new Map();
  function* spansOf(list, type, into) {
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      index.set(a.id, { kind: type, ann: a });
      into.push({ type, start: toUtf16(table, a.start), end: toUtf16(table, a.end), ann: a.id, first: 0 });
      if (i % STEP === STEP - 1) yield;
    }
  }
  const entities = [];
  const quotes = [];
  yield* spansOf(doc.entities || [], 'entity', entities);
  yield* spansOf(doc.quotes || [], 'quote', quotes);
  const spans = mergeSorted(entities, quotes);
  yield;
  // Spans in reading order start in ever later paragraphs: one sweep finds each one's first.
  const byPara = new Array(paras.length);
  const order = new Array(spans.length);
  let p = 0;
  for (let k = 0; k < spans.length; k++) {
    const sp = spans[k];
    order[k] = sp.ann;
    while (p < paras.length && paras[p].end <= sp.start) p++;
    sp.first = p;
    for (let i = p; i < paras.length && paras[i].start < sp.end; i++) (byPara[i] || (byPara[i] = [])).push(sp);
    if (k % STEP === STEP - 1) yield;
  }
  Object.assign(out, { index, order, byPara });
}

function annotationSpans(doc, table, paras) {
  const out = {};
  runNow(annotationSteps(doc, table, paras, out));
  return out;
}

// Everything renderDocument needs from `doc` before it touches the page, put in `out`: the code
// point table, the paragraphs and the annotation spans (annotationSteps).
function* viewSteps(doc, out) {
  out.doc = doc;
  out.table = codePointTable(doc.text);
  yield;
  out.paras = paragraphs(doc.text).map((p) => ({ start: p.start, end: p.end, el: null, chunk: 0 }));
  yield;
  // The placeholders too (2,500 elements for 10 MB), before the page's drawing task.
  out.chunks = planChunks(out.paras);
  yield;
  yield* annotationSteps(doc, out.table, out.paras, out);
}

/**
 * Prepares the drawing of `doc` in slices (slices.js), for renderDocument's `prepared`: a big
 * document arriving from the worker must not hold the page for its whole setup at once.
 * `signal` (AbortSignal) stops it (rejects with err.cancelled).
 */
export async function prepareView(doc, { signal = null } = {}) {
  const out = {};
  // Not in the task that received the document: decoding that message was work enough.
  await nextTask();
  await runSliced(viewSteps(doc, out), { signal });
  return out;
}

// Reading order: by start, the longer first, a quote before an entity of the same extent.
function readingOrder(a, b) {
  return a.start - b.start || b.end - a.end || (a.type === b.type ? 0 : a.type === 'quote' ? -1 : 1);
}

const sorted = (list) => list.every((x, i) => i === 0 || readingOrder(list[i - 1], x) <= 0);

// The core keeps entities and quotes each sorted by offsets: merging the two lists is linear,
// where sorting 200,000 spans of a 10 MB article took half a second. Lists that are not
// sorted (an edit in progress, an old import) are sorted the slow way.
function mergeSorted(a, b) {
  if (!sorted(a) || !sorted(b)) return [...a, ...b].sort(readingOrder);
  const out = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = readingOrder(a[i], b[j]) <= 0 ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

// Chunks of whole paragraphs, about CHUNK_CHARS each, with a placeholder element sized by an
// estimate of the drawn height (so the scroll bar means something before they are drawn).
function planChunks(paras) {
  const chunks = [];
  let cur = null;
  paras.forEach((p, i) => {
    if (!cur || cur.size >= CHUNK_CHARS) {
      cur = { first: i, last: i, size: 0, px: 0, drawn: false, el: null };
      chunks.push(cur);
    }
    cur.last = i;
    cur.size += p.end - p.start;
    cur.px += Math.ceil((p.end - p.start) / LINE_CHARS) * LINE_PX + PARA_GAP_PX;
    p.chunk = chunks.length - 1;
  });
  chunks.forEach((c, k) => {
    c.el = el('div', 'chunk pending');
    c.el.dataset.chunk = String(k);
    c.el.style.height = `${c.px}px`;
  });
  return chunks;
}

// First index in the sorted text node list whose start is >= u.
function textIndex(nodes, u) {
  return firstIndex(nodes.length, (i) => nodes[i].start >= u);
}

// Puts `texts` (sorted, all inside [from, to)) in place of the text nodes in [from, to).
function fileTexts(view, from, to, texts) {
  const a = textIndex(view.textNodes, from);
  const b = textIndex(view.textNodes, to);
  if (texts.length < 50000) view.textNodes.splice(a, b - a, ...texts);
  else view.textNodes = [...view.textNodes.slice(0, a), ...texts, ...view.textNodes.slice(b)];
  view.nodeStart = null;
}

// Files new marks under their ids (fragments in document order: the drag handles go on the
// first and the last), applies each one's state, and tells the review (view.onDraw).
function fileMarks(view, marks) {
  const ids = new Set();
  const mixed = new Set(); // ids that already had fragments elsewhere
  for (const [id, e] of marks) {
    const list = view.elements.get(id);
    if (!list) view.elements.set(id, [e]);
    else {
      if (!ids.has(id)) mixed.add(id);
      list.push(e);
    }
    ids.add(id);
  }
  for (const id of mixed) {
    view.elements.get(id).sort((x, y) => (x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }
  for (const id of ids) updateAnnotation(view, id);
  if (view.onDraw && ids.size) view.onDraw(ids);
}

// The element of paragraph i with its marks.
function paraElement(view, i, texts, marks) {
  const p = view.paras[i];
  const spans = (view.byPara[i] || []).map((s) => ({ ...s, partBase: i - s.first }));
  const tree = buildTree(view.text16.length, [{ type: 'para', start: p.start, end: p.end }, ...spans]);
  const e = el('p', 'para');
  fill(view, e, tree.children[0], texts, marks);
  return e;
}

/** Draws chunk k of the view if it is still a placeholder. */
function drawChunk(view, k) {
  const c = view.chunks[k];
  if (c.drawn) return;
  c.drawn = true;
  const texts = [];
  const marks = [];
  const frag = document.createDocumentFragment();
  const gapStart = (i) => (i ? view.paras[i - 1].end : 0);
  for (let i = c.first; i <= c.last; i++) {
    // The line breaks between paragraphs are text too (a selection over a paragraph break
    // holds them), outside the paragraph elements.
    const from = gapStart(i);
    if (view.paras[i].start > from) {
      const t = document.createTextNode(view.text16.slice(from, view.paras[i].start));
      texts.push({ node: t, start: from });
      frag.appendChild(t);
    }
    const p = paraElement(view, i, texts, marks);
    view.paras[i].el = p;
    frag.appendChild(p);
  }
  c.el.appendChild(frag);
  c.el.classList.remove('pending');
  c.el.style.removeProperty('height');
  c.el.style.containIntrinsicSize = `auto ${c.px}px`; // until it is laid out once (style.css)
  fileTexts(view, gapStart(c.first), view.paras[c.last].end, texts);
  if (view.lazy) view.lazy.drawn(k);
  fileMarks(view, marks);
}

/** Draws the chunks holding UTF-16 offsets [s, e) of the text, if they are not drawn yet. */
export function drawAround(view, s, e) {
  if (!view || !view.chunks) return;
  for (let i = paraAt(view.paras, s); i < view.paras.length && view.paras[i].start < Math.max(e, s + 1); i++) {
    drawChunk(view, view.paras[i].chunk);
  }
}

/** Draws annotation `id` (all its fragments) if it is not drawn yet. */
export function ensureDrawn(view, id) {
  const entry = view && view.index.get(id);
  if (!entry || view.elements.has(id)) return;
  drawAround(view, toUtf16(view.table, entry.ann.start), toUtf16(view.table, entry.ann.end));
}

/** Draws every chunk now (tests compare the page with a full drawing). */
export function drawAll(view) {
  if (view && view.chunks) view.chunks.forEach((c, k) => drawChunk(view, k));
}

/** Stops the lazy drawing of whatever view `container` shows (it is being emptied). */
export function stopDrawing(container) {
  if (running.has(container)) running.get(container).stop();
  running.delete(container);
}

/**
 * Draws `doc` into `container` (replacing its content) and returns the view. With `all`, every
 * paragraph is drawn before it returns (no lazy drawing). `prepared`: what prepareView made
 * for this `doc` (its annotations unchanged since), so that only the drawing is left to do.
 */
export function renderDocument(container, doc, { all = false, prepared = null } = {}) {
  stopDrawing(container);
  let ready = prepared && prepared.doc === doc ? prepared : null;
  if (!ready) {
    ready = {};
    runNow(viewSteps(doc, ready));
  }
  const { table, paras, index, order, byPara, chunks } = ready;
  const view = {
    doc, table, index, order, byPara, paras, text16: doc.text,
    elements: new Map(), textNodes: [], nodeStart: null, container, chunks,
    lazy: null, onDraw: null,
  };
  const body = el('div', 'text');
  body.id = 'doc-text';
  body.append(...view.chunks.map((c) => c.el));
  container.replaceChildren(renderMeta(doc), body, renderRemoved(doc));
  let drawn = 0;
  for (let k = 0; k < view.chunks.length && (all || drawn < FIRST_CHARS); k++) {
    drawChunk(view, k);
    drawn += view.chunks[k].size;
  }
  if (view.chunks.some((c) => !c.drawn)) {
    view.lazy = drawLazily(view.chunks, { draw: (k) => drawChunk(view, k), isDrawn: (k) => view.chunks[k].drawn });
    running.set(container, view.lazy);
  }
  return view;
}

// Draws drawn paragraph i again from the view's current spans.
function redrawPara(view, i) {
  const p = view.paras[i];
  const old = p.el;
  const gone = new Set(old.querySelectorAll('[data-id]'));
  for (const m of gone) {
    const id = m.dataset.id;
    const left = (view.elements.get(id) || []).filter((x) => !gone.has(x));
    if (left.length) view.elements.set(id, left);
    else view.elements.delete(id);
  }
  const texts = [];
  const marks = [];
  const fresh = paraElement(view, i, texts, marks);
  old.replaceWith(fresh);
  p.el = fresh;
  fileTexts(view, p.start, p.end, texts);
  fileMarks(view, marks);
}

/**
 * Redraws only the paragraphs that hold the code point ranges `ranges` (the old and new
 * extents of the annotations an edit changed), after view.doc's annotations were edited.
 * Paragraphs not drawn yet are left alone: they are drawn from the edited document when they
 * are needed. Returns the (updated) view.
 */
export function patchDocument(view, ranges) {
  const { index, order, byPara } = annotationSpans(view.doc, view.table, view.paras);
  Object.assign(view, { index, order, byPara });
  const paras = view.paras;
  const hit = new Set();
  for (const [s, e] of ranges) {
    const a = toUtf16(view.table, s);
    const b = Math.max(toUtf16(view.table, e), a + 1);
    // Paragraphs overlapping [a, b); a span in a gap between paragraphs touches none.
    for (let i = paraAt(paras, a); i < paras.length && paras[i].start < b; i++) hit.add(i);
  }
  for (const i of [...hit].sort((x, y) => x - y)) if (paras[i].el) redrawPara(view, i);
  // Marks that vanished with no paragraph redrawn (none expected) must not linger in the map.
  for (const id of view.elements.keys()) if (!index.has(id)) view.elements.delete(id);
  return view;
}

/** A DOM Range over UTF-16 offsets [start, end) of the document text, or null. */
export function rangeFor(view, start, end) {
  const find = (u) => {
    const nodes = view.textNodes;
    // The last text node starting at or before u.
    const n = nodes[Math.max(0, firstIndex(nodes.length, (i) => nodes[i].start > u) - 1)];
    if (!n) return null;
    return { node: n.node, offset: Math.min(Math.max(u - n.start, 0), n.node.length) };
  };
  const a = find(start);
  const b = find(end);
  if (!a || !b) return null;
  const r = document.createRange();
  r.setStart(a.node, a.offset);
  r.setEnd(b.node, b.offset);
  return r;
}

/**
 * Highlights the speaker mention and cue of a quote (CSS Custom Highlight API, so no DOM
 * changes and no nesting trouble: a speaker may coincide with an entity mark). No-op for
 * entities, or in browsers without the API.
 */
export function highlightQuoteParts(view, id) {
  if (typeof CSS === 'undefined' || !CSS.highlights || typeof Highlight === 'undefined') return;
  CSS.highlights.delete('nm-speaker');
  CSS.highlights.delete('nm-cue');
  const entry = view && id ? view.index.get(id) : null;
  if (!entry || entry.kind !== 'quote') return;
  const q = entry.ann;
  const put = (name, span) => {
    if (!span) return;
    const a = toUtf16(view.table, span.start);
    const b = toUtf16(view.table, span.end);
    drawAround(view, a, b); // a speaker far from its quote may not be drawn yet
    const r = rangeFor(view, a, b);
    if (r) CSS.highlights.set(name, new Highlight(r));
  };
  put('nm-speaker', q.speaker);
  put('nm-cue', q.cue);
}

// UTF-16 offset of a DOM boundary point (node, offset) inside the article text, or null when
// the point is outside it. Chips and other decoration have no offsets and are skipped.
function boundaryOffset(view, node, offset, atEnd) {
  if (!view.nodeStart) view.nodeStart = new Map(view.textNodes.map((t) => [t.node, t.start]));
  const known = view.nodeStart;
  if (node.nodeType === Node.TEXT_NODE) {
    if (known.has(node)) return known.get(node) + offset;
    // A text node of a chip: use the start of the quote that follows it.
    node = node.parentNode;
    offset = 0;
  }
  const body = view.container.querySelector('#doc-text');
  if (!body || !body.contains(node)) return null;
  // The first article text node at or after the point (or the end of the last one before it,
  // at the end), found by walking from the point itself: a walk from the top of a long
  // article would visit thousands of nodes.
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (known.has(n) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
  });
  let after = null;
  if (offset < node.childNodes.length) {
    const child = node.childNodes[offset];
    walker.currentNode = child;
    after = known.has(child) ? child : walker.nextNode();
  } else {
    let last = node;
    while (last.lastChild) last = last.lastChild;
    walker.currentNode = last;
    after = walker.nextNode();
  }
  if (after) {
    walker.currentNode = after;
    const prev = atEnd ? walker.previousNode() : null;
    return prev ? known.get(prev) + prev.length : known.get(after);
  }
  // Past the last drawn text: the end of the text node before the point.
  walker.currentNode = node;
  let prev = known.has(node) ? node : walker.previousNode();
  if (!prev && node.lastChild) {
    let last = node;
    while (last.lastChild) last = last.lastChild;
    walker.currentNode = last;
    prev = known.has(last) ? last : walker.previousNode();
  }
  return prev ? known.get(prev) + prev.length : null;
}

/** The current text selection as UTF-16 offsets [start, end) of the document, or null. */
export function selectionRange(view, selection) {
  if (!view || !selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const r = selection.getRangeAt(0);
  const start = boundaryOffset(view, r.startContainer, r.startOffset, false);
  const end = boundaryOffset(view, r.endContainer, r.endOffset, true);
  if (start === null || end === null || end <= start) return null;
  return [start, end];
}

/** UTF-16 offset in the document text of a DOM point (e.g. under the mouse), or null. */
export function pointOffset(view, node, offset) {
  return boundaryOffset(view, node, offset, false);
}
