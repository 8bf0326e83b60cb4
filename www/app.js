// newsmark page: wires input (paste/drop/file), the annotation worker, the renderer, the
// review keys and autosave together. Each of those lives in its own module; this one only
// holds the app state (the open documents) and the UI glue.

import { call, cancel, warmUp } from './worker-client.js';
import { renderDocument, updateAnnotation, highlightQuoteParts, describe } from './render.js';
import { renderDetails, renderDocList, countsText, docTitle } from './panels.js';
import { Review, LABEL_KEYS, KIND_KEYS } from './review.js';
import { fromClipboard, fromFile } from './input.js';
import { download, fileName } from './download.js';
import * as store from './store.js';
import * as sync from './sync.js';
import { setUpOffline } from './offline.js';

const $ = (id) => document.getElementById(id);
const ui = {
  alert: $('alert'), busy: $('busy'), doc: $('doc'), input: $('input'), clean: $('clean'),
  details: $('details'), counts: $('counts'), saved: $('saved'), list: $('doc-list'),
  help: $('help'), labelSelect: $('label-select'), fileInput: $('file-input'),
};

const docs = new Map(); // id -> Document (the in-memory truth; IndexedDB mirrors it)
const touched = new Map(); // id -> time of the last change, to list recent work first
let view = null;
let storeOk = true;

const review = new Review(ui.doc, {
  onChange: (ids) => {
    clearError();
    for (const id of ids) updateAnnotation(view, id);
    announce(ids);
    refreshPanels();
    scheduleSave(view.doc);
  },
  onStructure: (id) => {
    // Annotations were added or removed: redraw the article, keep the place.
    clearError();
    const keep = id && [...view.doc.entities, ...view.doc.quotes].some((a) => a.id === id) ? id : review.current;
    view = renderDocument(ui.doc, view.doc);
    review.setView(view, keep);
    refreshPanels();
    scheduleSave(view.doc);
  },
  onMessage: (text) => (text ? showError(text) : clearError()),
  onSelect: (id) => {
    highlightQuoteParts(view, id);
    showDetails(id);
  },
  onHelp: () => openHelp(),
  // "h" flips the checkbox itself, so the key and the checkbox never disagree.
  onToggleRejected: () => {
    const box = $('show-rejected');
    box.checked = !box.checked;
    review.setShowRejected(box.checked);
  },
});
review.setShowRejected(false);

// ---------- messages ----------

function announce(ids) {
  const el = $('announce');
  if (ids.length === 1) {
    const e = view.index.get(ids[0]);
    el.textContent = e ? describe(e.kind, e.ann) : '';
  } else {
    el.textContent = `${ids.length} annotations changed`;
  }
}

function showError(msg) {
  ui.alert.textContent = msg;
}

/** Reports a failed worker call, unless the person cancelled it. */
function failed(what, err) {
  if (err && err.cancelled) {
    $('announce').textContent = 'Cancelled.';
    return;
  }
  showError(`${what}: ${err.message}`);
}

function clearError() {
  ui.alert.textContent = '';
  $('notice').textContent = '';
}

/** A short, polite piece of news ("Imported 2 documents."); cleared with the error message. */
function notify(msg) {
  $('notice').textContent = msg;
}

let busyCount = 0;
async function busy(label, fn) {
  busyCount++;
  ui.busy.textContent = label;
  ui.busy.classList.add('on');
  $('btn-cancel').hidden = false;
  ui.doc.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    if (--busyCount === 0) {
      ui.busy.textContent = '';
      ui.busy.classList.remove('on');
      $('btn-cancel').hidden = true;
      ui.doc.removeAttribute('aria-busy');
    }
  }
}

// ---------- documents ----------

function open(doc, { focus = true } = {}) {
  docs.set(doc.id, doc);
  // The article needs the room now; the input box is one click (or a paste) away.
  $('input-panel').open = false;
  view = renderDocument(ui.doc, doc);
  review.setView(view);
  document.title = `${docTitle(doc)} – newsmark`;
  refreshPanels();
  if (focus) {
    const head = review.current && review.head(review.current);
    if (head) head.focus({ preventScroll: true });
    else $('doc-title').focus({ preventScroll: true });
  }
}

// ---------- progress of a long annotation ----------
// The worker reports each stage as it starts ({stage, done}); the bar and the busy text follow,
// so a person with a 10 MB paste sees it moving and can Cancel.

const STAGE_NAMES = {
  cleaning: 'cleaning the text', sentences: 'splitting sentences', entities: 'finding names',
  quotes: 'finding quotes', sending: 'preparing the view',
};

function annotateCall(input, clean) {
  const bar = $('busy-progress');
  bar.value = 0;
  bar.hidden = false;
  const onProgress = ({ stage, done }) => {
    bar.value = done;
    ui.busy.textContent = `Annotating: ${STAGE_NAMES[stage] || stage} (${Math.round(done * 100)} %)…`;
  };
  return call('annotate', { input, clean }, { onProgress }).finally(() => {
    bar.hidden = true;
  });
}

async function annotate(input) {
  clearError();
  try {
    let doc = await busy('Annotating…', () => annotateCall(input, ui.clean.checked));
    let news = '';
    if (!doc.text.trim()) {
      if (input.text && input.text.trim() && ui.clean.checked) {
        // The cleaner judged all of it to be page furniture (it happens with a short text):
        // the person pasted it on purpose, so annotate it as given rather than show nothing.
        doc = await busy('Annotating…', () => annotateCall(input, false));
        news = 'The cleaner kept none of this text, so it was annotated as given.';
      } else {
        news = 'No article text was found; see “Removed by the cleaner” below.';
      }
    }
    const saved = docs.get(doc.id);
    if (saved && store.progress(saved) !== 'new') {
      // The same article again: keep the person's review instead of the fresh suggestions.
      open(saved);
      notify('This article is already in your list: opened your saved review.');
      return;
    }
    open(doc);
    if (news) notify(news);
    scheduleSave(doc);
  } catch (err) {
    failed('Could not annotate', err);
  }
}

async function importContent(content) {
  clearError();
  try {
    const imported = await busy('Importing…', () => call('import', { content }));
    if (!imported.length) throw new Error('the file holds no documents');
    for (const d of imported) {
      docs.set(d.id, d);
      scheduleSave(d);
    }
    open(imported[0]);
    notify(`Imported ${imported.length} document${imported.length > 1 ? 's' : ''}.`);
  } catch (err) {
    failed('Not a valid newsmark file', err);
  }
}

async function handleFile(file) {
  clearError();
  try {
    const r = await fromFile(file);
    if (r.kind === 'import') await importContent(r.content);
    else await annotate(r.input);
  } catch (err) {
    showError(err.message);
  }
}

// Exports in the chosen format; the core names the file and gives its type.
async function exportDocs(payload, fallbackName) {
  clearError();
  const format = $('export-format').value || 'json';
  const options = { suggested: $('export-suggested').checked, rejected: false };
  try {
    const file = await busy('Exporting…', () => call('exportFile', { docs: payload, format, options }));
    download(file.bytes, file.name ? fileName(file.name, '') : fallbackName, file.mime);
  } catch (err) {
    failed('Could not export', err);
  }
}

function exportCurrent() {
  if (view) exportDocs(view.doc, fileName(view.doc.id, '.newsmark.json'));
}

function exportAll() {
  // JSON of one document is an object; with several it is an array, also re-importable.
  if (docs.size) exportDocs([...docs.values()], 'newsmark-documents');
}

async function loadFormats() {
  const formats = await call('formats');
  const sel = $('export-format');
  sel.replaceChildren(...formats.map(([name, description]) => {
    const o = document.createElement('option');
    o.value = name;
    o.textContent = name;
    o.title = description;
    return o;
  }));
  sel.value = 'json';
}

// ---------- autosave ----------

const dirty = new Map();
let saveTimer = 0;

function scheduleSave(doc) {
  dirty.set(doc.id, doc);
  touched.set(doc.id, Date.now());
  refreshList();
  clearTimeout(saveTimer);
  // Next task: coalesces the changes of one event (accept all), and the write starts at once,
  // so a reload right after a key still finds the change saved.
  saveTimer = setTimeout(flushSaves, 0);
}

async function flushSaves() {
  clearTimeout(saveTimer);
  const batch = [...dirty.values()];
  dirty.clear();
  if (!storeOk || !batch.length) return;
  try {
    for (const d of batch) {
      await store.save(d);
      sync.saved(d.id);
    }
    ui.saved.textContent = `Saved in this browser at ${new Date().toLocaleTimeString()}.`;
  } catch (err) {
    storeOk = false;
    ui.saved.textContent = `Not saved (${err.message}): export before closing the page.`;
  }
}

async function restore() {
  try {
    const records = await store.list();
    for (const r of records) {
      if (docs.has(r.id)) continue;
      docs.set(r.id, r.doc);
      touched.set(r.id, r.updated);
    }
    if (!view && records.length) open(docs.get(records[0].id), { focus: false });
    refreshList();
  } catch (err) {
    storeOk = false;
    ui.saved.textContent = `Autosave is off (${err.message}).`;
  }
}

// Another tab saved or deleted a document: take its version (it is the newer one).
async function remoteChange({ type, id }) {
  if (!id) return;
  if (type === 'deleted') {
    if (view && view.doc.id === id) notify('This document was deleted in another tab; export it now to keep it.');
    else docs.delete(id);
    refreshList();
    return;
  }
  const record = await store.get(id).catch(() => null);
  if (!record || dirty.has(id)) return;
  docs.set(id, record.doc);
  if (view && view.doc.id === id) {
    const keep = review.current;
    view = renderDocument(ui.doc, record.doc);
    review.setView(view, keep);
    notify('Updated with the changes made in another tab.');
  }
  refreshPanels();
}

// ---------- side panels ----------

function refreshPanels() {
  const has = Boolean(view);
  $('btn-export').disabled = !has;
  $('btn-export-all').disabled = docs.size === 0;
  $('btn-accept-all').disabled = !has;
  $('btn-add').disabled = !has;
  $('btn-undo').disabled = !has || !review.history.canUndo;
  $('btn-redo').disabled = !has || !review.history.canRedo;
  if (has) ui.counts.textContent = countsText(view.doc);
  showDetails(review.current);
  refreshList();
}

function showDetails(id) {
  const entry = view && id ? view.index.get(id) : null;
  for (const b of ['btn-accept', 'btn-reject', 'btn-reset']) $(b).disabled = !entry;
  $('btn-speaker').disabled = !entry || entry.kind !== 'quote';
  renderDetails(entry, { details: ui.details, menu: ui.labelSelect, menuName: $('label-name'), kinds: KIND_KEYS });
}

function refreshList() {
  const recent = [...docs.values()].sort((a, b) => (touched.get(b.id) || 0) - (touched.get(a.id) || 0));
  renderDocList(ui.list, recent, view ? view.doc.id : null, {
    onOpen: (d) => open(d),
    onDelete: (id) => deleteDoc(id),
  });
}

async function deleteDoc(id) {
  // eslint-disable-next-line no-alert
  if (!window.confirm('Delete this document and its review from this browser?')) return;
  docs.delete(id);
  dirty.delete(id);
  if (storeOk) await store.remove(id).then(() => sync.deleted(id), () => {});
  if (view && view.doc.id === id) {
    view = null;
    const p = document.createElement('p');
    p.className = 'empty muted';
    p.textContent = 'No article open.';
    ui.doc.replaceChildren(p);
    review.view = null;
    review.current = null;
    showDetails(null);
  }
  refreshPanels();
}

function openHelp() {
  if (!ui.help.open) ui.help.showModal();
}

// ---------- events ----------

function wire() {
  document.addEventListener('paste', (e) => {
    // Pasting into the text box fills the box; anywhere else it annotates straight away.
    const t = e.target;
    if (t && t.closest && t.closest('textarea, input, [contenteditable]')) return;
    const input = fromClipboard(e.clipboardData);
    if (!input) return;
    e.preventDefault();
    annotate(input);
  });

  document.addEventListener('dragover', (e) => {
    if (e.dataTransfer && [...e.dataTransfer.types].includes('Files')) {
      e.preventDefault();
      document.body.classList.add('dropping');
    }
  });
  document.addEventListener('dragleave', (e) => {
    if (!e.relatedTarget) document.body.classList.remove('dropping');
  });
  document.addEventListener('drop', (e) => {
    document.body.classList.remove('dropping');
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (!file) return;
    e.preventDefault();
    handleFile(file);
  });

  // Pasting into the box shows the plain text, but the HTML version (paragraphs, title, byline
  // for the cleaner) is kept and used as long as the box still holds exactly what was pasted.
  let pasted = null; // {html, text}
  ui.input.addEventListener('paste', (e) => {
    const html = e.clipboardData && e.clipboardData.getData('text/html');
    pasted = null;
    if (!html || !html.trim()) return;
    setTimeout(() => {
      pasted = { html, text: ui.input.value };
      $('html-kept').hidden = false;
    }, 0);
  });
  ui.input.addEventListener('input', () => {
    if (pasted && ui.input.value !== pasted.text) {
      pasted = null;
      $('html-kept').hidden = true;
    }
  });
  $('btn-annotate').addEventListener('click', () => {
    const text = ui.input.value;
    if (!text.trim()) {
      showError('Paste or type an article first.');
      ui.input.focus();
      return;
    }
    annotate(pasted && pasted.text === text ? { html: pasted.html } : { text });
  });
  $('btn-open').addEventListener('click', () => ui.fileInput.click());
  ui.fileInput.addEventListener('change', () => {
    const f = ui.fileInput.files[0];
    ui.fileInput.value = '';
    if (f) handleFile(f);
  });
  $('btn-export').addEventListener('click', exportCurrent);
  $('btn-export-all').addEventListener('click', exportAll);
  $('btn-help').addEventListener('click', openHelp);
  $('btn-cancel').addEventListener('click', cancel);
  $('help-close').addEventListener('click', () => ui.help.close());
  $('btn-accept').addEventListener('click', () => review.setStatus('accepted'));
  $('btn-reject').addEventListener('click', () => review.setStatus('rejected'));
  $('btn-reset').addEventListener('click', () => review.setStatus('suggested'));
  $('btn-accept-all').addEventListener('click', () => review.acceptAll());
  // Keep the text selection when the button is pressed with the mouse.
  $('btn-add').addEventListener('mousedown', (e) => e.preventDefault());
  $('btn-add').addEventListener('click', () => review.addFromSelection());
  $('btn-speaker').addEventListener('mousedown', (e) => e.preventDefault());
  $('btn-speaker').addEventListener('click', () => review.speakerFromSelection());
  $('btn-undo').addEventListener('click', () => review.undo());
  $('btn-redo').addEventListener('click', () => review.redo());
  $('show-rejected').addEventListener('change', (e) => {
    review.setShowRejected(e.target.checked);
  });

  ui.labelSelect.addEventListener('change', () => {
    if (ui.labelSelect.dataset.for === 'quote') review.setKind(ui.labelSelect.value);
    else review.setLabel(ui.labelSelect.value);
  });

  document.addEventListener('keydown', (e) => {
    if (ui.help.open) return; // the dialog handles Esc itself
    review.onKey(e);
  });
  // Speaker and cue of a quote light up on hover too, not only on focus.
  ui.doc.addEventListener('mouseover', (e) => {
    const q = e.target.closest && e.target.closest('.quote');
    highlightQuoteParts(view, q ? q.dataset.id : review.current);
  });
  // Save before the tab goes away (a reload must lose nothing).
  window.addEventListener('pagehide', flushSaves);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushSaves();
  });
}

function init() {
  $('help-labels').textContent = `Change the entity label: ${LABEL_KEYS.map((l, i) => `${i + 1} ${l}`).join(', ')}`;
  wire();
  sync.listen(remoteChange);
  refreshList();
  restore();
  warmUp()
    .then((v) => {
      $('version').textContent = `core ${v}`;
      return loadFormats();
    })
    .catch((err) => showError(`The annotator could not start: ${err.message}`));
  // Keep every file for offline use (service worker); offer a reload when a new build is in.
  setUpOffline({ versionEl: $('version'), updateButton: $('btn-update'), onError: notify });
  // Test hook: lets the browser tests check the crash-and-restart path of the worker.
  window.newsmarkSelfTest = { call, doc: () => (view ? JSON.parse(JSON.stringify(view.doc)) : null) };
}

init();
