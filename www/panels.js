// The review side panels: details of the selected annotation, progress counts, and the list
// helpers for the documents list (documents.js draws it). Pure rendering from data with
// createElement/textContent; the caller passes callbacks for what the buttons do.

import { tally } from './tally.js';
import { speakerName } from './render.js';
import * as labelSet from './labels.js';

// All 18 OntoNotes labels (spaCy names): the default label set. The workspace's own set (hidden,
// renamed, custom labels) is in labels.js: use labelKeys() for what the menu and keys offer.
export const LABELS = ['PERSON', 'NORP', 'FAC', 'ORG', 'GPE', 'LOC', 'PRODUCT', 'EVENT', 'WORK_OF_ART',
  'LAW', 'LANGUAGE', 'DATE', 'TIME', 'PERCENT', 'MONEY', 'QUANTITY', 'ORDINAL', 'CARDINAL'];

/** Label keys the person can choose now (shown labels, in the set's order; 1-9 are the keys). */
export function labelKeys() {
  return labelSet.shownKeys();
}

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
  const n = tally(doc);
  return `${doc.entities.length} entities, ${doc.quotes.length} quotes · ` +
    `${n.suggested} to review, ${n.accepted} accepted, ${n.rejected} rejected`;
}

/**
 * Fills the details box for `entry` ({kind, ann} or null) and sets up the one menu that
 * edits it: entity labels for an entity, quote kinds (`kinds`) for a quote.
 */
export function renderDetails(entry, { details, menu, menuName, kinds }) {
  const wanted = entry && entry.kind === 'quote' ? 'quote' : 'entity';
  menu.disabled = !entry;
  // The entity menu depends on the label set, and on the current label (a hidden or unknown
  // one is still listed, so the menu shows the truth).
  const current = entry && entry.kind === 'entity' ? entry.ann.label : '';
  const values = wanted === 'quote' ? kinds : labelKeys();
  if (current && !values.includes(current)) values.push(current);
  const signature = `${wanted}|${values.map((v) => `${v}=${labelSet.nameOf(v)}`).join('|')}`;
  if (menu.dataset.signature !== signature) {
    menu.dataset.for = wanted;
    menu.dataset.signature = signature;
    menuName.textContent = wanted === 'quote' ? 'Kind' : 'Label';
    menu.replaceChildren(...values.map((v) => {
      const o = document.createElement('option');
      o.value = v;
      o.textContent = wanted === 'quote' ? v : labelSet.nameOf(v);
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
    row(dl, 'Entity', labelSet.nameOf(ann.label));
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
