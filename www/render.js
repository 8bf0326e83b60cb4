// Draws one Document: metadata, paragraphs, entity and quote marks, removed blocks.
// Everything is built with createElement/textContent: the article text is data and is never
// parsed as markup. Returns a "view" that maps annotation ids to their elements, so a status
// change updates a mark in place (keeping focus) instead of redrawing the article.

import { codePointTable, toUtf16 } from './offsets.js';
import { paragraphs, buildTree } from './layout.js';
import { nameOf } from './labels.js';

const SHORT = 80;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function shorten(s) {
  return s.length > SHORT ? `${s.slice(0, SHORT - 1)}…` : s;
}

/** The name a quote's speaker is shown under: the resolved name, else the mention. */
export function speakerName(q) {
  if (!q.speaker) return null;
  return q.speaker.name || q.speaker.text;
}

/**
 * Accessible name of an annotation, e.g. "PERSON, suggested: Vladimir Putin". The label is
 * the person's name for it from the label set (the stored key when it was not renamed).
 */
export function describe(kind, ann) {
  if (kind === 'entity') return `${nameOf(ann.label)}, ${ann.status}: ${ann.text}`;
  const who = speakerName(ann);
  const speaker = who ? `speaker ${who}` : 'no speaker';
  return `Quote (${ann.kind}), ${ann.status}, ${speaker}: ${shorten(ann.text)}`;
}

function tooltip(kind, ann) {
  const lines = [];
  if (kind === 'entity') {
    lines.push(`${nameOf(ann.label)} · ${ann.status}`);
  } else {
    lines.push(`Quote (${ann.kind}) · ${ann.status}`);
    if (ann.speaker) {
      const name = speakerName(ann);
      lines.push(name === ann.speaker.text ? `Speaker: ${name}` : `Speaker: ${name} (“${ann.speaker.text}”)`);
    } else if (ann.kind === 'speech') {
      lines.push('Speaker: unknown');
    }
    if (ann.cue) lines.push(`Cue: ${ann.cue.text}`);
  }
  lines.push(`score ${Number(ann.score).toFixed(2)} · ${ann.source}`);
  return lines.join('\n');
}

/** Applies an annotation's current state to its elements (all fragments). */
export function updateAnnotation(view, id) {
  const entry = view.index.get(id);
  if (!entry) return;
  const { kind, ann } = entry;
  for (const node of view.elements.get(id) || []) {
    node.classList.remove('st-suggested', 'st-accepted', 'st-rejected');
    node.classList.add(`st-${ann.status}`);
    if (kind === 'entity') node.dataset.label = ann.label;
    else for (const k of ['speech', 'scare', 'title', 'term']) node.classList.toggle(`kind-${k}`, ann.kind === k);
    node.title = tooltip(kind, ann);
    if (node.dataset.part === '0') node.setAttribute('aria-label', describe(kind, ann));
  }
}

function markFor(view, node) {
  const { kind, ann } = view.index.get(node.ann);
  const e = el(kind === 'entity' ? 'mark' : 'span', kind === 'entity' ? 'ann ent' : `ann quote kind-${ann.kind}`);
  e.dataset.id = ann.id;
  e.dataset.part = String(node.part);
  if (node.part === 0) {
    // Roving tabindex: review.js gives tabindex 0 to the current annotation only.
    e.tabIndex = -1;
    // An entity acts on click/keys, so it is a button; a quote contains entity buttons, so it
    // is a named group rather than a (nested) button.
    e.setAttribute('role', kind === 'entity' ? 'button' : 'group');
  } else {
    e.classList.add('cont');
  }
  if (!view.elements.has(ann.id)) view.elements.set(ann.id, []);
  view.elements.get(ann.id).push(e);
  return e;
}

// Renders node's children and the text between them into `parent`.
function fill(view, parent, node) {
  let at = node.start;
  const text = view.text16;
  const addText = (from, to) => {
    if (to <= from) return;
    const t = document.createTextNode(text.slice(from, to));
    view.textNodes.push({ node: t, start: from });
    parent.appendChild(t);
  };
  for (const child of node.children) {
    addText(at, child.start);
    let e;
    if (child.type === 'para') {
      e = el('p', 'para');
      view.paras.push({ start: child.start, end: child.end, el: e });
    } else {
      e = markFor(view, child);
      const { kind, ann } = view.index.get(child.ann);
      if (kind === 'quote' && child.part === 0 && ann.speaker) {
        // The speaker chip sits just before the quote; it is decoration (aria-hidden), the
        // quote's accessible name already says who speaks.
        const chip = el('span', 'chip', speakerName(ann));
        chip.setAttribute('aria-hidden', 'true');
        chip.dataset.for = ann.id;
        parent.appendChild(chip);
      }
    }
    fill(view, e, child);
    parent.appendChild(e);
    at = child.end;
  }
  if (node.type !== 'root') addText(at, node.end);
}

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

// The annotation spans of `doc` (UTF-16) with the id index, and the review order: reading
// order, a quote before the entities inside it.
function annotationSpans(doc, table) {
  const index = new Map();
  const spans = [];
  for (const e of doc.entities || []) {
    index.set(e.id, { kind: 'entity', ann: e });
    spans.push({ type: 'entity', start: toUtf16(table, e.start), end: toUtf16(table, e.end), ann: e.id });
  }
  for (const q of doc.quotes || []) {
    index.set(q.id, { kind: 'quote', ann: q });
    spans.push({ type: 'quote', start: toUtf16(table, q.start), end: toUtf16(table, q.end), ann: q.id });
  }
  const order = [...spans].sort(
    (a, b) => a.start - b.start || b.end - a.end || (a.type === 'quote' ? -1 : 1),
  ).map((s) => s.ann);
  return { index, spans, order };
}

/** Draws `doc` into `container` (replacing its content) and returns the view. */
export function renderDocument(container, doc) {
  const table = codePointTable(doc.text);
  const { index, spans, order } = annotationSpans(doc, table);
  const view = {
    doc, table, index, order, text16: doc.text,
    elements: new Map(), textNodes: [], container, paras: [],
  };
  const body = el('div', 'text');
  body.id = 'doc-text';
  fill(view, body, buildTree(doc.text.length, [...paragraphs(doc.text), ...spans]));
  container.replaceChildren(renderMeta(doc), body, renderRemoved(doc));
  for (const id of index.keys()) updateAnnotation(view, id);
  return view;
}

// Index of the first paragraph whose end is > u (paragraphs are sorted and disjoint).
function paraAt(paras, u) {
  let lo = 0;
  let hi = paras.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (paras[mid].end > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Redraws only the paragraphs that hold the code point ranges `ranges` (the old and new
 * extents of the annotations an edit changed), after view.doc's annotations were edited.
 * On a long article this is what keeps an add/resize/delete quick: the rest of the DOM, and
 * its layout, stay as they are. Returns the (updated) view.
 */
export function patchDocument(view, ranges) {
  const { index, spans, order } = annotationSpans(view.doc, view.table);
  view.index = index;
  view.order = order;
  const paras = view.paras;
  const hit = new Set();
  const touch = (s, e) => {
    // Paragraphs overlapping [s, e); a span in a gap between paragraphs touches none.
    for (let i = paraAt(paras, s); i < paras.length && paras[i].start < Math.max(e, s + 1); i++) hit.add(i);
  };
  for (const [s, e] of ranges) touch(toUtf16(view.table, s), toUtf16(view.table, e));
  // A span over several paragraphs is drawn in fragments numbered across them: redraw all.
  const range = new Map(spans.map((sp) => [sp, [paraAt(paras, sp.start), paraAt(paras, sp.end - 1)]]));
  for (let grew = hit.size > 0; grew;) {
    grew = false;
    for (const [, [a, b]] of range) {
      let any = false;
      let all = true;
      for (let i = a; i <= b && i < paras.length; i++) {
        if (hit.has(i)) any = true;
        else all = false;
      }
      if (any && !all) {
        for (let i = a; i <= b && i < paras.length; i++) hit.add(i);
        grew = true;
      }
    }
  }
  if (!hit.size) return view;
  const redo = [...hit].sort((a, b) => a - b);
  // Forget the old marks and text nodes of those paragraphs.
  const gone = new Set();
  for (const i of redo) for (const m of paras[i].el.querySelectorAll('[data-id]')) gone.add(m.dataset.id);
  for (const id of gone) view.elements.delete(id);
  const inRedo = (u) => {
    const i = paraAt(paras, u);
    return i < paras.length && paras[i].start <= u && hit.has(i);
  };
  view.textNodes = view.textNodes.filter((t) => !inRedo(t.start));
  view.nodeStart = null;
  // Draw them again, with every span that touches them.
  const wanted = spans.filter((sp) => {
    const [a, b] = range.get(sp);
    for (let i = a; i <= b && i < paras.length; i++) if (hit.has(i)) return true;
    return false;
  });
  const tree = buildTree(view.text16.length, [...redo.map((i) => ({ type: 'para', start: paras[i].start, end: paras[i].end })), ...wanted]);
  const drawn = new Set();
  tree.children.forEach((node, k) => {
    const i = redo[k];
    const p = el('p', 'para');
    fill(view, p, node);
    paras[i].el.replaceWith(p);
    paras[i].el = p;
  });
  for (const sp of wanted) drawn.add(sp.ann);
  view.textNodes.sort((a, b) => a.start - b.start);
  for (const id of drawn) updateAnnotation(view, id);
  return view;
}

/** A DOM Range over UTF-16 offsets [start, end) of the document text, or null. */
export function rangeFor(view, start, end) {
  const find = (u) => {
    const nodes = view.textNodes;
    let lo = 0;
    let hi = nodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (nodes[mid].start <= u) lo = mid;
      else hi = mid - 1;
    }
    const n = nodes[lo];
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
    const r = rangeFor(view, toUtf16(view.table, span.start), toUtf16(view.table, span.end));
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
  // The first article text node at or after the point (or the last one before it, at the end).
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (known.has(n) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
  });
  const r = document.createRange();
  r.setStart(node, offset);
  let prev = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (r.comparePoint(n, 0) >= 0) return atEnd && prev ? known.get(prev) + prev.length : known.get(n);
    prev = n;
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
