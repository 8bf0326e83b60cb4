// newsmark page: wires input (paste/drop/file), the annotation worker, the renderer, the
// review keys and autosave together. Each of those lives in its own module; this one only
// holds the app state (the open documents) and the UI glue.

import { call, cancel, warmUp } from './worker-client.js';
import { setTokenSource, tokensFor } from './tokens.js';
import { renderDocument, prepareView, patchDocument, updateAnnotation, highlightQuoteParts, describe, drawAll, stopDrawing } from './render.js';
import { renderDetails, countsText, docTitle, labelKeys } from './panels.js';
import { labelOccurrences } from './edit.js';
import { Review, LABEL_KEYS, KIND_KEYS } from './review.js';
import { fromClipboard, fromFile } from './input.js';
import { download, fileName } from './download.js';
import * as store from './store.js';
import * as sync from './sync.js';
import { setUpOffline } from './offline.js';
import { renderDocuments, nameOf } from './documents.js';
import * as labels from './labels.js';
import { renderLabelSettings } from './label-settings.js';
import { renderSummary } from './summary.js';
import { addRestoreButtons } from './restore-ui.js';
import { createAutosave } from './autosave.js';
import { nextTask } from './slices.js';

// Token edges come from the core's tokenizer in the worker (see tokens.js).
setTokenSource((text) => call('tokens', { text }));
// Saved documents' JSON is parsed in the worker too, and comes back in pieces (store.js).
store.setJsonReader((blob) => call('readJson', { blob, inPieces: true }));

const $ = (id) => document.getElementById(id);
const ui = {
  alert: $('alert'), busy: $('busy'), doc: $('doc'), input: $('input'), clean: $('clean'),
  details: $('details'), counts: $('counts'), saved: $('saved'), list: $('doc-list'),
  help: $('help'), labelSelect: $('label-select'), fileInput: $('file-input'),
};

const docs = new Map(); // id -> Document (the in-memory truth; IndexedDB mirrors it)
const touched = new Map(); // id -> time of the last change, to list recent work first
const info = new Map(); // id -> {name, status}: the person's name and status for a document
let view = null;
let storeOk = true;

const review = new Review(ui.doc, {
  onChange: (ids) => {
    clearError();
    for (const id of ids) updateAnnotation(view, id);
    announce(ids);
    refreshPanels({ listLater: true });
    scheduleSave(view.doc, ids, { listLater: true });
  },
  onStructure: (id, ranges, changed) => {
    // Annotations were added, removed or resized: redraw the paragraphs they are in (the
    // whole article when the edit does not say where), keep the place.
    clearError();
    const keep = id && [...view.doc.entities, ...view.doc.quotes].some((a) => a.id === id) ? id : review.current;
    view = ranges ? labelView(patchDocument(view, ranges)) : draw(view.doc);
    review.setView(view, keep);
    // Say what the edit left (focus may stay on the same mark, which a reader does not re-read).
    if (review.current) announce([review.current]);
    refreshPanels({ listLater: true });
    scheduleSave(view.doc, changed || null, { listLater: true });
  },
  onMessage: (text) => (text ? showError(text) : clearError()),
  onSelect: (id) => {
    highlightQuoteParts(view, id);
    showDetails(id);
  },
  onHelp: () => openHelp(),
  onNotice: (text) => notify(text),
  // The label set's shown labels (labels.js), in its order.
  labels: () => labelKeys(),
  onLabelEverywhere: (text, label) => labelEverywhere(text, label),
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

/**
 * Shows `doc`. `prepared`: its drawing data made ahead in slices (render.js prepareView);
 * `listLater`: the documents list may wait for an idle moment (a big new document).
 */
function open(doc, { focus = true, prepared = null, listLater = false } = {}) {
  openings++;
  docs.set(doc.id, doc);
  // The article needs the room now; the input box is one click (or a paste) away.
  $('input-panel').open = false;
  view = draw(doc, prepared);
  review.setView(view);
  // Prefetch the token edges the resize keys and drag handles snap to, in a task after this
  // one (posting a 10 MB text is a copy). A failure here is not reported: a resize asks again
  // and reports its own error.
  setTimeout(() => tokensFor(doc.text).catch(() => {}), 0);
  document.title = `${docTitle(doc)} – newsmark`;
  refreshPanels({ listLater });
  if (focus) focusArticle();
}

/** Focus on the current annotation, else on the article's title. */
function focusArticle() {
  const head = review.current && review.head(review.current);
  if (head) head.focus({ preventScroll: true });
  else $('doc-title').focus({ preventScroll: true });
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
  // inPieces: a big document crosses from the worker in several messages (worker.js).
  return call('annotate', { input, clean, withJson: true, inPieces: true }, { onProgress }).then((r) => {
    fresh.set(r.doc, r.json);
    return r.doc;
  }).finally(() => {
    bar.hidden = true;
  });
}

// Documents straight from the worker -> their JSON text (made there), for their first save.
const fresh = new WeakMap();

// Counts open() calls: a document prepared in slices is not shown if another was opened meanwhile.
let openings = 0;

// The preparation running now, so that Cancel stops it as it stops the worker.
let preparing = null;
async function withCancel(fn) {
  const ctl = new AbortController();
  preparing = ctl;
  try {
    return await fn(ctl.signal);
  } finally {
    if (preparing === ctl) preparing = null;
  }
}

function cancelAll() {
  cancel();
  if (preparing) preparing.abort();
}

/**
 * Opens `doc` as open() does, with the indexes for its drawing made first in slices (a 10 MB
 * article has 250,000 annotations) and the first screen in a task of its own; the list comes
 * later. Resolves false, without opening it, if another document was opened meanwhile;
 * rejects (err.cancelled) if Cancel was pressed while preparing.
 */
async function openSliced(doc, { focus = true } = {}) {
  const opening = openings;
  const prepared = await busy('Preparing the view…', () => withCancel((signal) => prepareView(doc, { signal })));
  if (opening !== openings) return false;
  open(doc, { prepared, listLater: true, focus: false });
  if (focus) {
    // Focus in a later task: it makes the browser style and lay out the new article at once
    // (a 10 MB one has 2,500 placeholders), which is then a task of its own.
    await nextTask();
    if (view && view.doc === doc) focusArticle();
  }
  return true;
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
    // Another document opened meanwhile: this one goes in the list, unopened.
    if (!(await openSliced(doc))) docs.set(doc.id, doc);
    if (news) notify(news);
    scheduleSave(doc, null, { json: fresh.get(doc), listLater: true });
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
      labels.fromImport(d);
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
    // JSON text crosses to the worker far faster than 1,000 structured documents (issue 7.5);
    // renamed labels are exported under their names (labels.js).
    const json = JSON.stringify(labels.toExport(payload));
    const file = await busy('Exporting…', () => call('exportJson', { json, format, options }));
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
// autosave.js decides what to write: the changed annotations only (a journal entry) after a
// review action, the whole document when it is new or its text changed.

const autosave = createAutosave({
  exists: (id) => docs.has(id),
  document: (id) => docs.get(id),
  infoOf: (id) => info.get(id) || {},
  // The open document's index finds an annotation at once; another one is searched.
  annotation: (doc, id) => {
    const e = view && view.doc === doc ? view.index.get(id) : null;
    if (e) return { kind: e.kind === 'entity' ? 'entities' : 'quotes', ann: e.ann };
    for (const kind of ['entities', 'quotes']) {
      const ann = doc[kind].find((a) => a.id === id);
      if (ann) return { kind, ann };
    }
    return null;
  },
  saving: () => (storeOk ? saveState('saving', 'Saving…') : null),
  saved: (ids) => {
    for (const id of ids) sync.saved(id);
    saveState('saved', `Saved in this browser at ${new Date().toLocaleTimeString()}.`);
  },
  failed: (err) => storageFailed(err),
});

/**
 * Queues a save of `doc`: annotations `ids` only after a review action, its info only with
 * {info: true}, all of it when ids is null. A change also moves the document up the list.
 */
function scheduleSave(doc, ids = null, opts = {}) {
  touched.set(doc.id, Date.now());
  if (storeOk) autosave.change(doc, ids, opts);
  else saveState('error', storeProblem);
  if (opts.listLater) refreshListSoon();
  else refreshList();
}

const flushSaves = () => autosave.flush();

async function restore() {
  let records = [];
  try {
    records = await store.list();
    autosave.known(records.map((r) => r.id));
    for (const r of records) {
      if (docs.has(r.id)) continue;
      docs.set(r.id, r.doc);
      touched.set(r.id, r.updated);
      if (r.name || r.status) info.set(r.id, { name: r.name || null, status: r.status || null });
    }
    refreshList();
  } catch (err) {
    storeOk = false;
    storageFailed(err, true);
    return;
  }
  // The last document, prepared in slices too: it may be a 10 MB one.
  const last = records.length ? docs.get(records[0].id) : null;
  if (!view && last) await openSliced(last, { focus: false }).catch((err) => failed('Could not open the document', err));
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
  if (!record || autosave.pending(id)) return;
  docs.set(id, record.doc);
  info.set(id, { name: record.name || null, status: record.status || null });
  if (view && view.doc.id === id) {
    const keep = review.current;
    view = draw(record.doc);
    review.setView(view, keep);
    notify('Updated with the changes made in another tab.');
  }
  refreshPanels();
}

// ---------- side panels ----------

/** Updates the buttons, counts, details, list and summary; `listLater` for a review key. */
function refreshPanels({ listLater = false } = {}) {
  const has = Boolean(view);
  $('btn-export').disabled = !has;
  $('btn-export-all').disabled = docs.size === 0;
  $('btn-accept-all').disabled = !has;
  $('btn-add').disabled = !has;
  $('btn-undo').disabled = !has || !review.history.canUndo;
  $('btn-redo').disabled = !has || !review.history.canRedo;
  if (has) ui.counts.textContent = countsText(view.doc);
  showDetails(review.current);
  if (listLater) refreshListSoon();
  else refreshList();
  refreshSummary();
}

function showDetails(id) {
  const entry = view && id ? view.index.get(id) : null;
  for (const b of ['btn-accept', 'btn-reject', 'btn-reset']) $(b).disabled = !entry;
  $('btn-speaker').disabled = !entry || entry.kind !== 'quote';
  $('btn-not-quote').disabled = !entry || entry.kind !== 'quote';
  $('btn-delete').disabled = !entry;
  $('btn-label').disabled = !entry;
  for (const b of ['btn-occurrences', 'btn-occurrences-all']) $(b).disabled = !entry || entry.kind !== 'entity';
  renderDetails(entry, { details: ui.details, menu: ui.labelSelect, menuName: $('label-name'), kinds: KIND_KEYS });
}

// refreshList, deleteDoc: see the documents section at the end of this file.

/**
 * "Apply to all occurrences" in every other saved document (Shift+O): each gets the whole-word
 * occurrences of `text` as suggested `label` entities, and is saved. The in-memory copy is the
 * truth for a document already loaded; the others come from the store. Not undoable (the
 * suggestions are only suggestions: reject them there).
 */
async function labelEverywhere(text, label) {
  const current = view ? view.doc.id : null;
  let records = [];
  try {
    records = storeOk ? await store.list() : [];
  } catch (err) {
    showError(`Could not read the saved documents: ${err.message}`);
  }
  const all = new Map(records.map((r) => [r.id, r.doc]));
  for (const [id, d] of docs) all.set(id, d);
  let added = 0;
  let touchedDocs = 0;
  for (const [id, d] of all) {
    if (id === current) continue;
    const r = labelOccurrences(d, text, label);
    const n = r.added.length + r.relabelled.length;
    if (!n) continue;
    added += n;
    touchedDocs++;
    docs.set(id, d);
    scheduleSave(d, [...r.added, ...r.relabelled]);
  }
  const others = `${added} suggestion${added === 1 ? '' : 's'} in ${touchedDocs} other document${touchedDocs === 1 ? '' : 's'}`;
  const here = $('notice').textContent;
  notify(`${here ? `${here} ` : ''}Also ${others}.`);
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
  wirePanels();
  $('btn-export').addEventListener('click', exportCurrent);
  $('btn-export-all').addEventListener('click', exportAll);
  $('btn-help').addEventListener('click', openHelp);
  $('btn-cancel').addEventListener('click', cancelAll);
  $('help-close').addEventListener('click', () => ui.help.close());
  $('btn-accept').addEventListener('click', () => review.setStatus('accepted'));
  $('btn-reject').addEventListener('click', () => review.setStatus('rejected'));
  $('btn-reset').addEventListener('click', () => review.setStatus('suggested'));
  $('btn-accept-all').addEventListener('click', () => review.acceptAll());
  // Keep the text selection when the button is pressed with the mouse.
  $('btn-add').addEventListener('mousedown', (e) => e.preventDefault());
  $('btn-add').addEventListener('click', () => review.addFromSelection('PERSON', $('snap').checked));
  $('btn-not-quote').addEventListener('click', () => review.notQuote());
  $('btn-delete').addEventListener('click', () => review.deleteCurrent());
  $('btn-label').addEventListener('click', () => review.pickLabel());
  $('btn-occurrences').addEventListener('click', () => review.labelAll(false));
  $('btn-occurrences-all').addEventListener('click', () => review.labelAll(true));
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
  $('help-labels').textContent = `Change the entity label: ${LABEL_KEYS.map((l, i) => `${(i + 1) % 10} ${l}`).join(', ')}`;
  wire();
  sync.listen(remoteChange);
  refreshList();
  loadLabels().then(restore);
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
  // Test hook (panels2): the workspace as the page holds it, and "all saves done" (and the
  // document list, refreshed in idle time after a review key, shows them).
  window.newsmarkSelfTest.workspace = () => ({ count: docs.size, info: Object.fromEntries(info) });
  // Test hook: draws the paragraphs lazy drawing has not reached yet (to compare whole pages).
  window.newsmarkSelfTest.drawAll = () => drawAll(view);
  // Test hook: selects an annotation as "jump to quote" in the summary does (drawing it first).
  window.newsmarkSelfTest.select = (id) => review.select(id);
  window.newsmarkSelfTest.lastIds = () => (view ? view.order.slice(-5) : []);
  window.newsmarkSelfTest.flushed = () => !autosave.pending() && !listTimer && ui.saved.dataset.state !== 'saving';
}


// ---------- panels2: documents list, label set, summary, restoring removed blocks ----------

let storeProblem = '';
let summaryMode = 'doc'; // 'doc' or 'all'
const summarySteps = new Map(); // speaker -> how many times its row was used (steps through quotes)
const restoreUndo = new Map(); // doc id -> stack of the document before each restore

/** Marks of hidden labels are plain text (labels.js) and navigation skips them. */
function labelView(v) {
  // Nothing hidden (the usual case): no pass over the order (250,000 ids in a 10 MB article).
  if (labels.all().every((l) => !l.hidden)) return v;
  // Which labels are hidden, asked once per label rather than once per annotation.
  const hidden = new Map();
  const isHidden = (l) => {
    if (!hidden.has(l)) hidden.set(l, labels.isHidden(l));
    return hidden.get(l);
  };
  v.order = v.order.filter((id) => {
    const e = v.index.get(id);
    return e.kind !== 'entity' || !isHidden(e.ann.label);
  });
  return v;
}

/** Draws a document: the renderer, then what the label set and restoring add to it. */
function draw(doc, prepared = null) {
  const old = ui.doc.querySelector('details.removed');
  const keepOpen = Boolean(old && old.open && view && view.doc === doc);
  const v = labelView(renderDocument(ui.doc, doc, { prepared }));
  addRestoreButtons(ui.doc, doc, (i) => restoreBlock(doc, i));
  const removed = ui.doc.querySelector('details.removed');
  if (removed && keepOpen) removed.open = true;
  return v;
}

/** The visible save state: 'saving', 'saved' or 'error' (styled, and announced politely). */
function saveState(state, text) {
  ui.saved.dataset.state = state;
  ui.saved.textContent = text;
}

/** A storage failure is shown, never swallowed: in the save state and as an alert. */
function storageFailed(err, atStart = false) {
  const name = err && err.name;
  let why = err && err.message ? err.message : String(err);
  if (name === 'QuotaExceededError' || /quota/i.test(why)) why = 'the browser’s storage for this page is full';
  else if (atStart) why = `this browser does not allow saving here, as in some private modes (${why})`;
  storeProblem = atStart
    ? `Autosave is off: ${why}. Your work stays in this tab only: export it before closing the page.`
    : `Not saved: ${why}. Export your work before closing the page.`;
  saveState('error', storeProblem);
  showError(storeProblem);
}

function infoOf(id) {
  return info.get(id) || null;
}

function setInfo(id, patch) {
  const next = { name: null, status: null, ...info.get(id), ...patch };
  info.set(id, next);
  const doc = docs.get(id);
  if (doc) scheduleSave(doc, [], { info: true });
}

// The document list's counts after a review key: in an idle moment, once for a burst of keys
// (it walks every document's annotations; the key's own feedback must not wait for it).
let listTimer = 0;
function refreshListSoon() {
  if (listTimer) return;
  const run = () => {
    listTimer = 0;
    refreshList();
  };
  listTimer = typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 500 }) : setTimeout(run, 50);
}

function refreshList() {
  const recent = [...docs.values()].sort((a, b) => (touched.get(b.id) || 0) - (touched.get(a.id) || 0));
  renderDocuments({ list: ui.list, counts: $('doc-counts') }, recent, view ? view.doc.id : null, infoOf, {
    onOpen: (d) => open(d),
    onRename: (id, name) => setInfo(id, { name }),
    onStatus: (id, status) => setInfo(id, { status }),
    onDelete: (id) => deleteDoc(id),
  });
}

let undoTimer = 0;
/** Shows `text` with an undo button for a few seconds; the newest offer replaces the last. */
function offerUndo(text, label, fn) {
  const bar = $('undo-bar');
  const btn = $('btn-undo-notice');
  $('undo-text').textContent = text;
  btn.textContent = label;
  btn.onclick = () => {
    hideUndo();
    fn();
  };
  bar.hidden = false;
  clearTimeout(undoTimer);
  undoTimer = setTimeout(hideUndo, 10000);
}

function hideUndo() {
  clearTimeout(undoTimer);
  $('undo-bar').hidden = true;
  $('btn-undo-notice').onclick = null;
}

function closeView() {
  view = null;
  const p = document.createElement('p');
  p.className = 'empty muted';
  p.textContent = 'No article open.';
  stopDrawing(ui.doc);
  ui.doc.replaceChildren(p);
  review.view = null;
  review.current = null;
  showDetails(null);
}

/** Deletes at once (no "are you sure?"): the undo notice brings the document back. */
async function deleteDoc(id) {
  const doc = docs.get(id);
  if (!doc) return;
  const name = nameOf(doc, infoOf(id));
  const wasOpen = Boolean(view && view.doc.id === id);
  const when = touched.get(id);
  docs.delete(id);
  autosave.forget(id);
  if (wasOpen) closeView();
  refreshPanels();
  offerUndo(`Deleted “${name}”.`, 'Undo delete', () => {
    docs.set(id, doc);
    touched.set(id, when || Date.now());
    scheduleSave(doc); // saves it with its info again
    if (wasOpen || !view) open(doc);
    else refreshPanels();
  });
  if (!storeOk) return;
  try {
    await store.remove(id);
    sync.deleted(id);
    saveState('saved', `Deleted; saved in this browser at ${new Date().toLocaleTimeString()}.`);
  } catch (err) {
    storageFailed(err);
  }
}

// ----- label set -----

async function loadLabels() {
  labels.onChange(labelsChanged);
  try {
    await labels.load();
  } catch (err) {
    // The defaults stay; restore() reports an unusable store itself.
    labelsChanged();
  }
}

function labelsChanged() {
  // The number keys follow the set: review.js reads LABEL_KEYS, kept in step in place.
  LABEL_KEYS.splice(0, LABEL_KEYS.length, ...labelKeys().slice(0, 10));
  $('help-labels').textContent = `Change the entity label: ${LABEL_KEYS.map((l, i) => `${(i + 1) % 10} ${labels.nameOf(l)}`).join(', ')}`;
  renderLabelSettings($('label-settings'), (err) => showError(err.message));
  if (view) {
    const keep = review.current;
    view = draw(view.doc);
    // A mark whose label was just hidden cannot stay selected.
    review.setView(view, view.order.includes(keep) ? keep : null);
  }
  refreshPanels();
}

// ----- summary -----

function refreshSummary() {
  const panel = $('summary-panel');
  if (!panel.open) return; // computed only when looked at (all documents can be many)
  const list = summaryMode === 'all' ? [...docs.values()] : view ? [view.doc] : [];
  renderSummary($('summary'), list, { onSpeaker: jumpToSpeaker });
}

/** Selects the speaker's first quote; each further use goes on to the next one. */
function jumpToSpeaker(row) {
  const n = summarySteps.get(row.speaker) || 0;
  summarySteps.set(row.speaker, n + 1);
  const ref = row.refs[n % row.refs.length];
  if (!view || view.doc.id !== ref.docId) {
    const doc = docs.get(ref.docId);
    if (!doc) return;
    open(doc, { focus: false });
  }
  review.select(ref.quoteId);
}

// ----- restoring removed blocks -----

function forgetHistory(id) {
  // Review history holds offsets of the text before the restore: it no longer applies.
  if (review.histories) review.histories.delete(id);
}

async function restoreBlock(doc, index) {
  clearError();
  const before = JSON.parse(JSON.stringify(doc));
  try {
    const next = await busy('Restoring…', () => call('restoreRemoved', { doc, index }));
    Object.assign(doc, next);
  } catch (err) {
    failed('Could not restore the block', err);
    return;
  }
  forgetHistory(doc.id);
  if (!restoreUndo.has(doc.id)) restoreUndo.set(doc.id, []);
  restoreUndo.get(doc.id).push(before);
  redrawIfOpen(doc);
  scheduleSave(doc);
  offerUndo('Restored the block into the article (Ctrl+Z undoes it).', 'Undo restore', () => undoRestore(doc.id));
}

function undoRestore(id) {
  const stack = restoreUndo.get(id);
  const doc = docs.get(id);
  if (!stack || !stack.length || !doc) return false;
  Object.assign(doc, stack.pop());
  forgetHistory(id);
  redrawIfOpen(doc);
  scheduleSave(doc);
  notify('Restore undone: the block is back in the removed list.');
  return true;
}

function redrawIfOpen(doc) {
  if (!view || view.doc !== doc) {
    refreshPanels();
    return;
  }
  const keep = review.current;
  view = draw(doc);
  review.setView(view, keep);
  refreshPanels();
}

// Ctrl+Z after a restore (with no review edit since, or all of them undone) undoes the restore.
// Capture phase: runs before the review keys, which would find nothing to undo.
function onRestoreUndoKey(e) {
  if (!view || !(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'z') return;
  if (e.target && e.target.closest && e.target.closest('input, textarea, select, [contenteditable]')) return;
  const stack = restoreUndo.get(view.doc.id);
  if (!stack || !stack.length || review.history.canUndo) return;
  e.preventDefault();
  e.stopImmediatePropagation();
  hideUndo();
  undoRestore(view.doc.id);
}

function wirePanels() {
  document.addEventListener('keydown', onRestoreUndoKey, true);
  $('summary-panel').addEventListener('toggle', refreshSummary);
  for (const r of document.querySelectorAll('input[name="summary-scope"]')) {
    r.addEventListener('change', () => {
      summaryMode = r.value;
      summarySteps.clear();
      refreshSummary();
    });
  }
}


init();
