// The summary (issue 6.5), for one document or all of them: entity counts by label and the
// "who is quoted" table (speaker, number of quotes, words quoted). Rejected annotations do not
// count. A speaker is its resolved entity name when the quote has one, else the mention as
// written. Pure computation plus createElement rendering; the caller says what a click does.

import { nameOf as labelName } from './labels.js';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** Words in a quote's text. */
export function wordCount(s) {
  return (s.match(WORD) || []).length;
}

/** [[label, count], ...] most frequent first, over the entities of `docs` that are not rejected. */
export function entityCounts(docs) {
  const n = new Map();
  for (const d of docs) {
    for (const e of d.entities) if (e.status !== 'rejected') n.set(e.label, (n.get(e.label) || 0) + 1);
  }
  return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * Rows {speaker, quotes, words, refs: [{docId, quoteId}]} of the quotes with a speaker (not
 * rejected), most quoted first; `refs` in document then reading order, for jumping to them.
 */
export function quotedTable(docs) {
  const rows = new Map();
  for (const d of docs) {
    for (const q of d.quotes) {
      if (q.status === 'rejected' || !q.speaker) continue;
      const speaker = q.speaker.name || q.speaker.text;
      if (!rows.has(speaker)) rows.set(speaker, { speaker, quotes: 0, words: 0, refs: [] });
      const r = rows.get(speaker);
      r.quotes++;
      r.words += wordCount(q.text);
      r.refs.push({ docId: d.id, quoteId: q.id }); // quotes are sorted by offset
    }
  }
  return [...rows.values()].sort((a, b) => b.quotes - a.quotes || b.words - a.words || a.speaker.localeCompare(b.speaker));
}

function cell(tag, text) {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}

function table(caption, head, rows) {
  const t = document.createElement('table');
  t.className = 'summary-table';
  t.append(cell('caption', caption));
  const thead = document.createElement('thead');
  const tr = document.createElement('tr');
  for (const h of head) {
    const th = cell('th', h);
    th.scope = 'col';
    tr.append(th);
  }
  thead.append(tr);
  const body = document.createElement('tbody');
  body.append(...rows);
  t.append(thead, body);
  return t;
}

/** Draws the summary of `docs` into `container`; onSpeaker(row) when a speaker is activated. */
export function renderSummary(container, docs, { onSpeaker }) {
  const counts = entityCounts(docs);
  const quoted = quotedTable(docs);
  const parts = [];
  if (!counts.length) {
    parts.push(cell('p', 'No entities.'));
  } else {
    parts.push(table('Entities by label', ['Label', 'Count'], counts.map(([label, n]) => {
      const tr = document.createElement('tr');
      tr.append(cell('td', labelName(label)), cell('td', String(n)));
      return tr;
    })));
  }
  if (!quoted.length) {
    parts.push(cell('p', 'Nobody is quoted (no quote with a speaker).'));
  } else {
    parts.push(table('Who is quoted', ['Speaker', 'Quotes', 'Words'], quoted.map((r) => {
      const tr = document.createElement('tr');
      const who = document.createElement('td');
      // A button, so a keyboard user can jump too.
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'speaker-jump';
      b.textContent = r.speaker;
      b.setAttribute('aria-label', `${r.speaker}: ${r.quotes} quote${r.quotes === 1 ? '' : 's'}, show them`);
      b.addEventListener('click', () => onSpeaker(r));
      who.append(b);
      tr.append(who, cell('td', String(r.quotes)), cell('td', String(r.words)));
      return tr;
    })));
  }
  container.replaceChildren(...parts);
}
