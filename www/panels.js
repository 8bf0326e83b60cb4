// The review side panels: details of the selected annotation, progress counts, and the list
// of saved documents. Pure rendering from data with createElement/textContent; the caller
// passes callbacks for what the buttons do.

import { speakerName } from './render.js';
import { progress } from './store.js';

// All 18 OntoNotes labels (spaCy names), offered in the label menu.
export const LABELS = ['PERSON', 'NORP', 'FAC', 'ORG', 'GPE', 'LOC', 'PRODUCT', 'EVENT', 'WORK_OF_ART',
  'LAW', 'LANGUAGE', 'DATE', 'TIME', 'PERCENT', 'MONEY', 'QUANTITY', 'ORDINAL', 'CARDINAL'];

function row(dl, term, value) {
  if (value === undefined || value === null || value === '') return;
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  dl.append(dt, dd);
}

/** "52 entities, 7 quotes · 59 to review, 0 accepted, 0 rejected" */
export function countsText(doc) {
  const all = [...doc.entities, ...doc.quotes];
  const n = (s) => all.filter((a) => a.status === s).length;
  return `${doc.entities.length} entities, ${doc.quotes.length} quotes · ` +
    `${n('suggested')} to review, ${n('accepted')} accepted, ${n('rejected')} rejected`;
}

/**
 * Fills the details box for `entry` ({kind, ann} or null) and sets up the one menu that
 * edits it: entity labels for an entity, quote kinds (`kinds`) for a quote.
 */
export function renderDetails(entry, { details, menu, menuName, kinds }) {
  const wanted = entry && entry.kind === 'quote' ? 'quote' : 'entity';
  menu.disabled = !entry;
  if (menu.dataset.for !== wanted) {
    menu.dataset.for = wanted;
    menuName.textContent = wanted === 'quote' ? 'Kind' : 'Label';
    menu.replaceChildren(...(wanted === 'quote' ? kinds : LABELS).map((v) => {
      const o = document.createElement('option');
      o.value = v;
      o.textContent = v;
      return o;
    }));
  }
  if (!entry) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = 'Nothing selected.';
    details.replaceChildren(p);
    return;
  }
  const { kind, ann } = entry;
  const dl = document.createElement('dl');
  dl.className = 'details';
  if (kind === 'entity') {
    row(dl, 'Entity', ann.label);
    menu.value = ann.label;
  } else {
    row(dl, 'Quote', ann.kind);
    menu.value = ann.kind;
    row(dl, 'Speaker', ann.speaker ? speakerName(ann) : 'unknown');
    if (ann.speaker && ann.speaker.name && ann.speaker.name !== ann.speaker.text) row(dl, 'Mention', ann.speaker.text);
    row(dl, 'Cue', ann.cue ? ann.cue.text : '');
  }
  row(dl, 'Status', ann.status);
  row(dl, 'Text', ann.text.length > 200 ? `${ann.text.slice(0, 199)}…` : ann.text);
  row(dl, 'Score', `${Number(ann.score).toFixed(2)} (${ann.source})`);
  details.replaceChildren(dl);
}

/** A document's name in the list: its title, else the start of its text (whole characters). */
export function docTitle(d) {
  if (d.meta && d.meta.title) return d.meta.title;
  const start = Array.from(d.text.slice(0, 120)).slice(0, 60).join('').trim();
  return start || d.id;
}

/** Draws the saved-documents list with each one's review progress. */
export function renderDocList(list, docs, currentId, { onOpen, onDelete }) {
  const items = docs.map((d) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'doc-open';
    const status = progress(d);
    const title = document.createElement('span');
    title.className = 'doc-title';
    title.textContent = docTitle(d);
    const badge = document.createElement('span');
    badge.className = `badge p-${status.replace(' ', '-')}`;
    badge.textContent = status;
    b.append(title, badge);
    if (d.id === currentId) b.setAttribute('aria-current', 'true');
    b.addEventListener('click', () => onOpen(d));
    const del = document.createElement('button');
    del.type = 'button';
    del.className = 'doc-delete';
    del.textContent = '✕';
    del.setAttribute('aria-label', `Delete ${title.textContent}`);
    del.addEventListener('click', () => onDelete(d.id));
    li.append(b, del);
    return li;
  });
  if (!items.length) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = 'No documents yet.';
    items.push(li);
  }
  list.replaceChildren(...items);
}
