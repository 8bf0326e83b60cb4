// The documents list (issue 6.1): every saved document with its status (new, in progress,
// done) and counts, and per document: open, rename, mark done / reopen, delete. Pure
// rendering from data; the caller passes the callbacks. A document's name and a status the
// person set live in the workspace info {name, status}, not in the Document, so they never
// change an export.

import { progress } from './store.js';
import { tally } from './tally.js';
import { docTitle } from './panels.js';

export const STATUSES = ['new', 'in progress', 'done'];

/**
 * The status shown: the one the person set, else the one derived from the review. `counts`:
 * the document's tally, if the caller has it.
 */
export function statusOf(doc, info, counts = null) {
  return (info && info.status) || progress(doc, counts);
}

/** The name shown: the person's name for it, else its title or first words. */
export function nameOf(doc, info) {
  return (info && info.name) || docTitle(doc);
}

/** "3 documents: 1 new, 1 in progress, 1 done" */
export function statusCounts(docs, infoOf, countsOf = () => null) {
  const n = { new: 0, 'in progress': 0, done: 0 };
  for (const d of docs) n[statusOf(d, infoOf(d.id), countsOf(d))]++;
  const total = docs.length;
  return `${total} document${total === 1 ? '' : 's'}: ${STATUSES.map((s) => `${n[s]} ${s}`).join(', ')}`;
}

function button(cls, text, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = text;
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

// Replaces the open button with a text box (not inside it: Space would press the button);
// Enter or leaving the box keeps the name, Esc cancels.
function startRename(openButton, current, onRename) {
  const input = document.createElement('input');
  input.type = 'text';
  input.className = 'doc-rename-input';
  input.value = current;
  input.setAttribute('aria-label', 'New name');
  let done = false;
  const finish = (keep) => {
    if (done) return;
    done = true;
    const v = input.value.trim();
    if (keep && v && v !== current) onRename(v);
    else {
      input.replaceWith(openButton);
      openButton.focus();
    }
  };
  input.addEventListener('keydown', (e) => {
    e.stopPropagation(); // typing a name is not a review key
    if (e.key === 'Enter') finish(true);
    else if (e.key === 'Escape') finish(false);
  });
  input.addEventListener('blur', () => finish(true));
  openButton.replaceWith(input);
  input.focus();
  input.select();
}

// Drawn items by document id with the signature they were drawn from: a review action changes
// one document, so with a thousand documents only that item is rebuilt (issue 6.6: actions stay
// fast in a big workspace).
const drawn = new Map(); // id -> {sig, li}
let drawnOrder = [];

function signature(d, info, currentId, counts) {
  return [statusOf(d, info, counts), nameOf(d, info), d.entities.length, d.quotes.length, counts.suggested, d.id === currentId].join('\u0000');
}

/**
 * Draws the list. `docs` are Documents in display order, `infoOf(id)` their workspace info,
 * callbacks: onOpen(doc), onRename(id, name), onStatus(id, status|null), onDelete(id).
 */
export function renderDocuments({ list, counts }, docs, currentId, infoOf, callbacks) {
  // One tally per document for the whole list (status, signature, item, totals).
  const tallies = new Map(docs.map((d) => [d, tally(d)]));
  counts.textContent = statusCounts(docs, infoOf, (d) => tallies.get(d));
  if (!docs.length) {
    drawn.clear();
    drawnOrder = [];
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = 'No documents yet.';
    list.replaceChildren(li);
    return;
  }
  const ids = docs.map((d) => d.id);
  const sameOrder = ids.length === drawnOrder.length && ids.every((id, i) => id === drawnOrder[i]) &&
    list.children.length === ids.length;
  const items = docs.map((d) => {
    const info = infoOf(d.id);
    const sig = signature(d, info, currentId, tallies.get(d));
    const old = drawn.get(d.id);
    // The callbacks close over the document object, which may have been replaced (another tab).
    if (old && old.sig === sig && old.doc === d) return old.li;
    const li = item(d, info, currentId, tallies.get(d), callbacks);
    if (old && sameOrder) old.li.replaceWith(li);
    drawn.set(d.id, { sig, li, doc: d });
    return li;
  });
  if (!sameOrder) {
    const keep = new Set(ids);
    for (const id of [...drawn.keys()]) if (!keep.has(id)) drawn.delete(id);
    list.replaceChildren(...items);
    drawnOrder = ids;
  }
}

function item(d, info, currentId, counts, { onOpen, onRename, onStatus, onDelete }) {
  const status = statusOf(d, info, counts);
  const name = nameOf(d, info);
  const li = document.createElement('li');
  li.dataset.id = d.id;
  li.dataset.status = status;
  const open = button('doc-open', '', null, () => onOpen(d));
  const title = document.createElement('span');
  title.className = 'doc-title';
  title.textContent = name;
  const badge = document.createElement('span');
  badge.className = `badge p-${status.replace(' ', '-')}`;
  badge.textContent = status;
  const anns = d.entities.length + d.quotes.length;
  // Counted in place: a copy of a 10 MB article's 250,000 annotations cost the list a second.
  const toReview = counts.suggested;
  const meta = document.createElement('span');
  meta.className = 'doc-counts muted';
  meta.textContent = `${d.entities.length} entities, ${d.quotes.length} quotes, ${toReview} of ${anns} to review`;
  open.append(title, badge, meta);
  if (d.id === currentId) open.setAttribute('aria-current', 'true');
  const tools = document.createElement('span');
  tools.className = 'doc-tools';
  tools.append(
    button('doc-rename', '✎', `Rename ${name}`, () => startRename(open, name, (v) => onRename(d.id, v))),
    status === 'done'
      ? button('doc-reopen', '↺', `Reopen ${name} (mark in progress)`, () => onStatus(d.id, 'in progress'))
      : button('doc-done', '✓', `Mark ${name} done`, () => onStatus(d.id, 'done')),
    button('doc-delete', '✕', `Delete ${name}`, () => onDelete(d.id)),
  );
  for (const b of tools.children) b.title = b.getAttribute('aria-label');
  li.append(open, tools);
  return li;
}
