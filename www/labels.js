// The workspace's entity label set (issue 6.4): the 18 OntoNotes types by default, and per
// label a display name, a colour and whether it is shown; custom labels can be added.
//
// Each label has a `key`, the value stored in annotations (the tagger's OntoNotes name, or the
// name a custom label was created with), and a `name`. Renaming changes the name only, so saved
// documents and new pastes need no migration; the name is what the page shows and what exports
// write (see exportDocs / toExport): a label renamed "Person" exports as "Person".
// Hidden labels: their marks are drawn as plain text and navigation skips them.
// Colours: drawn through one generated style sheet; the label text is always drawn too, so
// colour is never the only cue.

import * as store from './store.js';

const SETTINGS_KEY = 'labels';

// The first ten are the number keys 1-9 and 0 (review.js's LABEL_KEYS order).
const ONTONOTES = ['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'FAC', 'EVENT', 'DATE', 'MONEY', 'CARDINAL',
  'PRODUCT', 'WORK_OF_ART', 'LAW', 'LANGUAGE', 'TIME', 'PERCENT', 'QUANTITY', 'ORDINAL'];

let labels = defaults();
const listeners = [];

function defaults() {
  return ONTONOTES.map((key) => ({ key, name: key, color: '', hidden: false, custom: false }));
}

/** All labels, in menu order. */
export function all() {
  return labels;
}

/** Keys of the labels that are shown, in menu order (the label menu and number keys use these). */
export function shownKeys() {
  return labels.filter((l) => !l.hidden).map((l) => l.key);
}

/** Display name of a label key (the key itself for a label the set does not know). */
export function nameOf(key) {
  const l = labels.find((x) => x.key === key);
  return l ? l.name : key;
}

export function isHidden(key) {
  const l = labels.find((x) => x.key === key);
  return Boolean(l && l.hidden);
}

/** Calls fn() after every change of the set (menu, keys, marks and summary redraw). */
export function onChange(fn) {
  listeners.push(fn);
}

/** Reads the saved set; a failure keeps the defaults and is reported to the caller. */
export async function load() {
  const saved = await store.getSetting(SETTINGS_KEY);
  if (Array.isArray(saved) && saved.length) {
    // Keep every OntoNotes label even if an older save lacks one.
    const known = new Set(saved.map((l) => l.key));
    labels = [...saved.map(clean), ...defaults().filter((l) => !known.has(l.key))];
  }
  changed(false);
}

function clean(l) {
  return {
    key: String(l.key),
    name: String(l.name || l.key),
    color: validColor(l.color) ? l.color : '',
    hidden: Boolean(l.hidden),
    custom: Boolean(l.custom),
  };
}

const validColor = (c) => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c);

let saving = Promise.resolve();
function changed(save = true) {
  drawStyles();
  for (const fn of listeners) fn();
  if (save) {
    const copy = labels.map((l) => ({ ...l }));
    saving = store.setSetting(SETTINGS_KEY, copy);
  }
  return saving;
}

/** Applies `patch` ({name, color, hidden}) to label `key`; resolves when saved. */
export function update(key, patch) {
  const l = labels.find((x) => x.key === key);
  if (!l) return Promise.resolve();
  if (patch.name !== undefined) {
    const name = String(patch.name).trim();
    if (name) l.name = name;
  }
  if (patch.color !== undefined && validColor(patch.color)) l.color = patch.color;
  if (patch.hidden !== undefined) l.hidden = Boolean(patch.hidden);
  return changed();
}

/** Adds a custom label; returns its key, or throws a message when the name is empty or taken. */
export function add(name, color = '') {
  const n = String(name).trim();
  if (!n) throw new Error('Give the new label a name.');
  if (labels.some((l) => l.key === n || l.name === n)) throw new Error(`There is already a label “${n}”.`);
  labels.push({ key: n, name: n, color: validColor(color) ? color : '', hidden: false, custom: true });
  changed();
  return n;
}

/** Removes a custom label from the set (annotations keep their label value). */
export function removeCustom(key) {
  const i = labels.findIndex((l) => l.key === key && l.custom);
  if (i >= 0) labels.splice(i, 1);
  return changed();
}

/** Back to the 18 defaults. */
export function reset() {
  labels = defaults();
  return changed();
}

/** Documents as exports should see them: every entity label replaced by its display name. */
export function toExport(docs) {
  const renamed = new Map(labels.filter((l) => l.name !== l.key).map((l) => [l.key, l.name]));
  if (!renamed.size) return docs;
  const one = (d) => ({
    ...d,
    entities: d.entities.map((e) => (renamed.has(e.label) ? { ...e, label: renamed.get(e.label) } : e)),
  });
  return Array.isArray(docs) ? docs.map(one) : one(docs);
}

/** The reverse, for imported files: a display name comes back as its key. */
export function fromImport(doc) {
  const keys = new Map(labels.filter((l) => l.name !== l.key).map((l) => [l.name, l.key]));
  if (keys.size) for (const e of doc.entities) if (keys.has(e.label)) e.label = keys.get(e.label);
  return doc;
}

// ---------- drawing ----------

// A CSS string literal for any text (a label name is the person's input).
function cssString(s) {
  return `"${String(s).replace(/[\\"\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

let sheet = null;

/**
 * One style sheet with a rule per customised label: colour, display name, hidden. A
 * constructed sheet (adoptedStyleSheets), because the page's CSP forbids inline <style>.
 */
function drawStyles() {
  if (typeof document === 'undefined' || typeof CSSStyleSheet === 'undefined') return;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  const rules = [];
  for (const l of labels) {
    const sel = `.ent[data-label=${cssString(l.key)}]`;
    if (l.color) {
      rules.push(`${sel} { --l: ${l.color}; --c: color-mix(in srgb, ${l.color} 22%, var(--panel)); }`);
    }
    if (l.name !== l.key) {
      const name = cssString(l.name);
      rules.push(`${sel}[data-part="0"]::after { content: ${name}; }`);
      rules.push(`${sel}.st-accepted[data-part="0"]::after { content: ${name} " ✓"; }`);
      rules.push(`${sel}.st-rejected[data-part="0"]::after { content: ${name} " ✗"; }`);
    }
    if (l.hidden) {
      rules.push(`${sel} { background: none; border: 0; padding: 0; text-decoration: none; color: inherit; }`);
      rules.push(`${sel}::after { content: none !important; }`);
    }
  }
  // The names and keys went through cssString: a name cannot end a rule or start another.
  sheet.replaceSync(rules.join('\n'));
}
