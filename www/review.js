// Review state and keyboard/mouse handling: which annotation is current, moving between
// annotations, accepting/rejecting/relabelling them, undo/redo. Knows nothing about storage
// or the worker: it edits the Document objects in place and reports what changed.

import { History } from './history.js';
import {
  addEntity, clearSpeaker, setSpeaker, snapToWords, setBounds, removeAnnotation,
  notAQuote, speakerCandidates, setSpeakerEntity, labelOccurrences, charsOf,
} from './edit.js';
import { selectionRange, ensureDrawn } from './render.js';
import { snapshot, diffSince, applyDiff, changedIds } from './ann-diff.js';
import { toCodePoint } from './offsets.js';
import { tokensFor, tokensNow, tokensNear, stepEdge } from './tokens.js';
import { showPicker, closePicker } from './picker.js';
import { placeHandles, removeHandles, wireDrag } from './drag.js';

// Number keys relabel an entity: 1-9 then 0, ten of spaCy's OntoNotes labels, the most common
// in news. The label picker (l) offers all of them.
export const LABEL_KEYS = ['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'FAC', 'EVENT', 'DATE', 'MONEY', 'CARDINAL'];

const FIELDS = ['status', 'label', 'kind', 'source', 'score'];

// Number keys on a quote set its kind.
export const KIND_KEYS = ['speech', 'scare', 'title', 'term'];

function pick(ann) {
  const o = {};
  for (const f of FIELDS) if (f in ann) o[f] = ann[f];
  return o;
}

function isTextField(target) {
  if (!target || !target.closest) return false;
  return Boolean(target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]'));
}

export class Review {
  /**
   * hooks.onChange(ids) after annotations changed; hooks.onStructure(id) after annotations
   * were added or removed (the article must be redrawn, then `id` selected);
   * hooks.onSelect(id) when the current annotation changes; onStructure also gets the code
   * point ranges the edit touched (to redraw only those paragraphs) and the ids it changed
   * (to save only those); hooks.onHelp() for "?";
   * hooks.onToggleRejected() for "h";
   * hooks.onMessage(text) for a problem the person should see (null clears it);
   * hooks.labels() the entity labels the picker offers; hooks.onLabelEverywhere(text, label)
   * labels the occurrences in the other documents too (Shift+O).
   */
  constructor(container, hooks) {
    this.container = container;
    this.hooks = hooks;
    this.view = null;
    this.current = null;
    this.showRejected = false;
    this.histories = new Map(); // doc id -> History
    container.addEventListener('click', (e) => this.onClick(e));
    container.addEventListener('focusin', (e) => {
      const t = e.target.closest && e.target.closest('.ann[data-part="0"]');
      if (t && t.dataset.id !== this.current) this.select(t.dataset.id, { focus: false });
    });
    wireDrag(container, () => this.view, () => this.current, (id, start, end) => this.setExtent(id, start, end));
    this.pickingSpeakerFor = null; // quote id while the speaker picker is open
  }

  get history() {
    const id = this.view ? this.view.doc.id : '';
    if (!this.histories.has(id)) this.histories.set(id, new History());
    return this.histories.get(id);
  }

  /** Shows a newly drawn view; `keep` is the id to select if it still exists. */
  setView(view, keep = null) {
    const sameDoc = this.view && view && this.view.doc === view.doc;
    if (!view) removeHandles(this.view);
    // A partial redraw keeps marks outside the edit: the old current one must lose its look.
    if (view) for (const m of view.container.querySelectorAll('.ann.current')) {
      m.classList.remove('current');
      m.tabIndex = -1;
    }
    this.view = view;
    this.current = null;
    // Fragments of the current mark drawn later (lazy drawing, a redrawn paragraph) get its look.
    if (view) view.onDraw = (ids) => this.current && ids.has(this.current) && this.markCurrent(this.current);
    const first = view && view.index.has(keep) ? keep : this.neighbour(1);
    // The first annotation is reachable with Tab even before any key was pressed.
    if (first) this.select(first, { focus: Boolean(sameDoc && keep) });
    else this.hooks.onSelect(null);
  }

  setShowRejected(show) {
    this.showRejected = show;
    this.container.classList.toggle('hide-rejected', !show);
  }

  entry(id) {
    return this.view && id ? this.view.index.get(id) : null;
  }

  /** Whether `id` can be navigated to (rejected ones only when shown). */
  isVisible(id) {
    const e = this.entry(id);
    return Boolean(e) && (this.showRejected || e.ann.status !== 'rejected' || id === this.current);
  }

  /**
   * The next (delta 1) or previous (-1) navigable annotation from the current one in reading
   * order (from the start or the end when there is none) that passes `pred`, or null. A walk
   * from the current one, not a filtered copy of the order: with 200,000 annotations (10 MB)
   * that copy was the cost of every j/k.
   */
  neighbour(delta, pred = () => true) {
    if (!this.view) return null;
    const order = this.view.order;
    const at = this.current ? order.indexOf(this.current) : -1;
    let i = at >= 0 ? at : delta > 0 ? -1 : order.length;
    for (i += delta; i >= 0 && i < order.length; i += delta) {
      if (this.isVisible(order[i]) && pred(order[i])) return order[i];
    }
    return null;
  }

  /** The focusable first fragment of `id`, drawn first if its part of the article is not yet. */
  head(id) {
    if (this.view && id) ensureDrawn(this.view, id);
    const els = this.view && this.view.elements.get(id);
    return els ? els.find((e) => e.dataset.part === '0') : null;
  }

  select(id, { focus = true } = {}) {
    if (!this.view || !this.view.index.has(id)) return;
    const old = this.head(this.current);
    if (old) {
      old.tabIndex = -1;
      for (const e of this.view.elements.get(this.current)) e.classList.remove('current');
    }
    this.current = id;
    const h = this.head(id);
    this.markCurrent(id);
    if (h) {
      if (focus) {
        h.focus({ preventScroll: true });
        h.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }
    }
    this.hooks.onSelect(id);
  }

  // The current annotation's look: tab stop on its head, .current on every fragment, handles.
  markCurrent(id) {
    const h = this.head(id);
    placeHandles(this.view, id);
    if (!h) return;
    h.tabIndex = 0;
    for (const e of this.view.elements.get(id)) e.classList.add('current');
  }

  /** Moves to the next (delta 1) or previous (-1) annotation still to review, if any. */
  moveToOpen(delta) {
    this.hooks.onMessage(null);
    const next = this.neighbour(delta, (id) => this.view.index.get(id).ann.status === 'suggested');
    if (next) {
      this.select(next);
      return;
    }
    this.hooks.onMessage(delta > 0 ? 'Nothing left to review after this one.' : 'Nothing left to review before this one.');
  }

  move(delta) {
    this.hooks.onMessage(null); // moving on dismisses a stale hint
    // At either end, stay on the current one.
    const next = this.neighbour(delta) || (this.isVisible(this.current) ? this.current : null);
    if (next) this.select(next);
  }

  /** Applies field changes to annotations, records them for undo and reports them. */
  apply(changes) {
    const batch = [];
    for (const [id, after] of changes) {
      const e = this.entry(id);
      if (!e) continue;
      const before = pick(e.ann);
      const diff = Object.keys(after).filter((k) => e.ann[k] !== after[k]);
      if (!diff.length) continue;
      const b = {};
      const a = {};
      for (const k of diff) {
        b[k] = before[k];
        a[k] = after[k];
      }
      Object.assign(e.ann, a);
      batch.push({ id, before: b, after: a });
    }
    this.history.push(batch);
    if (batch.length) this.hooks.onChange(batch.map((c) => c.id));
    return batch.length;
  }

  /** Sets the current annotation's status and moves on to the next one (fast review). */
  setStatus(status) {
    const id = this.current;
    if (!this.entry(id)) return;
    const next = this.neighbour(1);
    this.apply([[id, { status }]]);
    if (next) this.select(next);
    else this.select(id);
  }

  acceptAll() {
    if (!this.view) return 0;
    const changes = this.view.order
      .filter((id) => this.view.index.get(id).ann.status === 'suggested')
      .map((id) => [id, { status: 'accepted' }]);
    return this.apply(changes);
  }

  /** Relabels the current entity; a person's label is their own annotation (source user). */
  setLabel(label) {
    const e = this.entry(this.current);
    if (!e || e.kind !== 'entity') return;
    this.apply([[this.current, { label, status: 'accepted', source: 'user', score: 1 }]]);
  }

  /** The selection as whole-word code point offsets [start, end], or null (with a hint). */
  selectedWords(hint, snap = true) {
    const range = this.view && selectionRange(this.view, window.getSelection());
    const start = range && toCodePoint(this.view.table, range[0]);
    const end = range && toCodePoint(this.view.table, range[1], true);
    let snapped = null;
    if (range && snap) snapped = snapToWords(charsOf(this.view.doc.text), start, end);
    else if (range && end > start) snapped = [start, end]; // exactly what is selected
    if (!snapped) this.hooks.onMessage(hint);
    return snapped;
  }

  /** Records a structural edit made by `fn(doc)` (returns an error message or null). */
  structural(selectId, fn) {
    const doc = this.view.doc;
    const before = snapshot(doc);
    const problem = fn(doc);
    if (problem) {
      // Roll back what the failed edit had already changed, and redraw those paragraphs (the
      // view must point at the annotations the document holds again).
      const undone = diffSince(before, doc);
      if (undone) {
        applyDiff(doc, undone, 'old');
        this.hooks.onStructure(this.current, undone.ranges, changedIds(undone));
      }
      this.hooks.onMessage(problem);
      return false;
    }
    // Undo comes back to the annotation that was current, redo to the one the edit selected.
    // History keeps only what changed (ann-diff.js), not the whole annotation lists.
    const was = this.current;
    const diff = diffSince(before, doc);
    const ranges = diff ? diff.ranges : [];
    if (diff) this.history.push([{ id: selectId(), was, structural: diff }]);
    window.getSelection().removeAllRanges();
    this.hooks.onStructure(selectId(), ranges, diff ? changedIds(diff) : []);
    return true;
  }

  /** Makes the selected words the speaker of the current quote. */
  speakerFromSelection() {
    const e = this.entry(this.current);
    if (!e || e.kind !== 'quote') {
      this.hooks.onMessage('Select a quote first (j/k), then select the speaker’s words and press s.');
      return false;
    }
    const range = selectionRange(this.view, window.getSelection());
    if (!range) return this.pickSpeaker();
    const words = this.selectedWords('Select the speaker’s words in the article, then press s.');
    if (!words) return false;
    const id = this.current;
    return this.structural(() => id, (doc) => setSpeaker(doc, id, words[0], words[1]));
  }

  /** Removes the current quote's speaker. */
  removeSpeaker() {
    const e = this.entry(this.current);
    if (!e || e.kind !== 'quote') {
      this.hooks.onMessage('Select a quote first (j/k), then press Shift+S.');
      return false;
    }
    const id = this.current;
    return this.structural(() => id, (doc) => clearSpeaker(doc, id));
  }

  /** Sets a quote's kind (speech, scare, title, term); a person's call, so accepted. */
  setKind(kind) {
    const e = this.entry(this.current);
    if (!e || e.kind !== 'quote') return;
    this.apply([[this.current, { kind, status: 'accepted', source: 'user', score: 1 }]]);
  }

  /**
   * Turns the text selected in the article into a person's entity (whole words, accepted,
   * source "user"). Entities it overlaps are replaced. Undoable like every other edit.
   */
  addFromSelection(label = 'PERSON', snap = true) {
    if (!this.view) return false;
    const words = this.selectedWords('Select some words in the article first, then press n.', snap);
    if (!words) return false;
    let id = null;
    return this.structural(() => id, (doc) => {
      // Snapped words never hold a line break; an unsnapped selection may.
      if (charsOf(doc.text).slice(words[0], words[1]).includes('\n')) return 'An entity cannot run over a line break.';
      id = addEntity(doc, words[0], words[1], label).id;
      return null;
    });
  }

  /**
   * Moves the `edge` ('start' or 'end') of the current annotation by one token (delta +1 to
   * the right, -1 to the left). Undoable; the span stays current.
   */
  resize(edge, delta) {
    const e = this.entry(this.current);
    if (!e) return false;
    const text = this.view.doc.text;
    const flat = tokensNow(text);
    if (flat) return this.resizeWith(flat, edge, delta);
    // The token edges are fetched when a document opens; a key pressed before they arrive
    // waits for them (once), unless the person has moved on to another document meanwhile.
    tokensFor(text).then(
      (edges) => this.view && this.view.doc.text === text && this.resizeWith(edges, edge, delta),
      (err) => this.hooks.onMessage(`Cannot resize: ${err.message}`),
    );
    return true;
  }

  resizeWith(flat, edge, delta) {
    const e = this.entry(this.current);
    if (!e) return false;
    const { start, end } = e.ann;
    const next = stepEdge(tokensNear(flat, start, end), start, end, edge, delta);
    if (!next) {
      this.hooks.onMessage(delta < 0 === (edge === 'end') ? 'It cannot get any shorter.' : 'There is no more text on that side.');
      return false;
    }
    return this.setExtent(this.current, next[0], next[1]);
  }

  /** Gives annotation `id` the code point extent [start, end) (resize keys, drag handles). */
  setExtent(id, start, end) {
    if (!this.entry(id)) return false;
    return this.structural(() => id, (doc) => setBounds(doc, id, start, end));
  }

  /** Deletes the current annotation (Delete/Backspace); the next one becomes current. */
  deleteCurrent() {
    const id = this.current;
    if (!this.entry(id)) {
      this.hooks.onMessage('Select an annotation first (j/k), then press Delete.');
      return false;
    }
    const next = this.neighbour(1) || this.neighbour(-1);
    return this.structural(() => next, (doc) => removeAnnotation(doc, id));
  }

  /** "Not a quote" (q): rejects the current quote and drops its speaker link, moving on. */
  notQuote() {
    const e = this.entry(this.current);
    if (!e || e.kind !== 'quote') {
      this.hooks.onMessage('Select a quote first (j/k), then press q.');
      return false;
    }
    const id = this.current;
    const next = this.neighbour(1) || id;
    return this.structural(() => next, (doc) => notAQuote(doc, id));
  }

  /**
   * Opens the speaker picker for the current quote: the document's entities, people and the
   * nearest first. While it is open, clicking an entity in the article picks it too.
   */
  pickSpeaker() {
    const id = this.current;
    const items = speakerCandidates(this.view.doc, id).map((c) => ({ value: c.id, text: c.text, hint: c.label }));
    if (!items.length) {
      this.hooks.onMessage('There is no entity to pick: select the speaker’s words in the article, then press s.');
      return false;
    }
    this.pickingSpeakerFor = id;
    this.container.classList.add('picking');
    showPicker({
      title: 'Speaker of this quote',
      note: 'Or click an entity in the article.',
      items,
      keepOpenOn: (t) => Boolean(t.closest && t.closest('#doc-text .ent')),
      anchor: this.head(id),
      onPick: (entityId) => this.setSpeakerTo(id, entityId),
      onClose: () => {
        this.pickingSpeakerFor = null;
        this.container.classList.remove('picking');
        const h = this.head(this.current);
        if (h && !this.container.contains(document.activeElement)) h.focus({ preventScroll: true });
      },
    });
    return true;
  }

  /** Makes entity `entityId` the speaker of quote `quoteId`. */
  setSpeakerTo(quoteId, entityId) {
    return this.structural(() => quoteId, (doc) => setSpeakerEntity(doc, quoteId, entityId));
  }

  /** Label picker (l): every label for an entity, the kinds for a quote. Enter applies. */
  pickLabel() {
    const e = this.entry(this.current);
    if (!e) {
      this.hooks.onMessage('Select an annotation first (j/k), then press l.');
      return false;
    }
    const quote = e.kind === 'quote';
    const labels = quote ? KIND_KEYS : (this.hooks.labels ? this.hooks.labels() : LABEL_KEYS);
    const keyOf = (v) => {
      const i = (quote ? KIND_KEYS : LABEL_KEYS).indexOf(v);
      return i < 0 ? '' : `key ${(i + 1) % 10}`;
    };
    showPicker({
      title: quote ? 'Quote kind' : 'Entity label',
      items: labels.map((l) => ({ value: l, text: l, hint: keyOf(l) })),
      anchor: this.head(this.current),
      onPick: (v) => (quote ? this.setKind(v) : this.setLabel(v)),
      onClose: () => {
        const h = this.head(this.current);
        if (h) h.focus({ preventScroll: true });
      },
    });
    return true;
  }

  /**
   * "Apply to all occurrences" (o): every other whole-word occurrence of the current entity's
   * text becomes a suggestion with its label. With `everywhere` (Shift+O) the other saved
   * documents get them too (hooks.onLabelEverywhere); only this document's part is undoable.
   */
  labelAll(everywhere = false) {
    const e = this.entry(this.current);
    if (!e || e.kind !== 'entity') {
      this.hooks.onMessage('Select an entity first (j/k), then press o.');
      return false;
    }
    const { text, label } = e.ann;
    const id = this.current;
    let result = null;
    const changed = this.structural(() => id, (doc) => {
      result = labelOccurrences(doc, text, label);
      return result.added.length + result.relabelled.length ? null : `No other occurrence of “${text}” to label here.`;
    });
    if (changed) {
      const n = result.added.length + result.relabelled.length;
      this.hooks.onNotice(`Labelled ${n} other occurrence${n > 1 ? 's' : ''} of “${text}” as ${label} (suggested, to review).`);
    } else if (everywhere) {
      this.hooks.onMessage(null);
    }
    if (everywhere && this.hooks.onLabelEverywhere) this.hooks.onLabelEverywhere(text, label);
    return changed;
  }

  replay(batch, side) {
    if (!batch) return;
    if (batch[0].structural) {
      const { structural } = batch[0];
      applyDiff(this.view.doc, structural, side === 'before' ? 'old' : 'new');
      this.hooks.onStructure(side === 'before' && batch[0].was ? batch[0].was : batch[0].id, structural.ranges, changedIds(structural));
      return;
    }
    for (const c of batch) {
      const e = this.entry(c.id);
      if (e) Object.assign(e.ann, c[side]);
    }
    this.hooks.onChange(batch.map((c) => c.id));
    this.select(batch[0].id);
  }

  undo() {
    this.replay(this.history.undo(), 'before');
  }

  redo() {
    this.replay(this.history.redo(), 'after');
  }

  onClick(e) {
    if (this.pickingSpeakerFor) {
      // "Pick speaker" mode: a click on an entity makes it the quote's speaker.
      const ent = e.target.closest && e.target.closest('.ent[data-id]');
      if (ent && window.getSelection().isCollapsed) {
        const quoteId = this.pickingSpeakerFor;
        closePicker();
        this.setSpeakerTo(quoteId, ent.dataset.id);
        return;
      }
    }
    const t = e.target.closest && e.target.closest('[data-id], .chip[data-for]');
    // A click that ends a text selection is for "mark selection", not for picking a mark.
    if (!t || !window.getSelection().isCollapsed) return;
    this.select(t.dataset.id || t.dataset.for);
  }

  /** Global keydown handler. Returns true when the key was used. */
  onKey(e) {
    // Leave typing alone: text fields, IME composition, and OS/browser shortcuts.
    if (isTextField(e.target) || e.isComposing || e.metaKey) return false;
    const k = e.key;
    // Arrow keys scroll the page unless the focus is on an annotation or nowhere in particular.
    const onMark = e.target.closest && e.target.closest('.ann');
    const free = onMark || e.target === document.body || e.target === document.documentElement;
    const horizontal = k === 'ArrowLeft' || k === 'ArrowRight';
    // Resize by a token: Alt+arrows move the start, Shift+arrows the end (Alt+← is also the
    // browser's "back", which the page takes over only while an annotation is current).
    if (free && horizontal && this.entry(this.current) && !e.ctrlKey && (e.altKey !== e.shiftKey)) {
      e.preventDefault();
      this.resize(e.altKey ? 'start' : 'end', k === 'ArrowRight' ? 1 : -1);
      return true;
    }
    if (e.altKey) return false;
    if (e.ctrlKey) {
      if (k === 'z' || k === 'Z') {
        if (e.shiftKey) this.redo();
        else this.undo();
      } else if (k === 'y') {
        this.redo();
      } else return false;
      e.preventDefault();
      return true;
    }
    const act = {
      j: () => this.move(1),
      k: () => this.move(-1),
      J: () => e.shiftKey && this.moveToOpen(1),
      K: () => e.shiftKey && this.moveToOpen(-1),
      a: () => this.setStatus('accepted'),
      x: () => this.setStatus('rejected'),
      u: () => this.setStatus('suggested'),
      // Shift is required so that Caps Lock + a does not accept everything by accident.
      A: () => e.shiftKey && this.acceptAll(),
      n: () => this.addFromSelection(),
      N: () => e.shiftKey && this.addFromSelection('PERSON', false),
      s: () => this.speakerFromSelection(),
      q: () => this.notQuote(),
      l: () => this.pickLabel(),
      o: () => this.labelAll(false),
      O: () => e.shiftKey && this.labelAll(true),
      Delete: () => this.deleteCurrent(),
      Backspace: () => this.deleteCurrent(),
      S: () => e.shiftKey && this.removeSpeaker(),
      '?': () => this.hooks.onHelp(),
      h: () => this.hooks.onToggleRejected(),
    };
    if (free) {
      act.ArrowDown = act.ArrowRight = act.j;
      act.ArrowUp = act.ArrowLeft = act.k;
    }
    if (onMark) {
      // A mark is a button: Enter/Space toggle "accepted" on it, staying on it.
      act.Enter = act[' '] = () => {
        const id = onMark.dataset.id;
        if (id !== this.current) this.select(id);
        const ann = this.entry(id).ann;
        this.apply([[id, { status: ann.status === 'accepted' ? 'suggested' : 'accepted' }]]);
      };
    }
    const n = Number(k);
    const cur = this.entry(this.current);
    if (cur && cur.kind === 'quote') {
      if (k.length === 1 && n >= 1 && n <= KIND_KEYS.length) act[k] = () => this.setKind(KIND_KEYS[n - 1]);
    } else if (k.length === 1 && k >= '0' && k <= '9' && (n || 10) <= LABEL_KEYS.length) {
      act[k] = () => this.setLabel(LABEL_KEYS[(n || 10) - 1]); // 0 is the tenth label
    }
    if (!act[k]) return false;
    e.preventDefault();
    act[k]();
    return true;
  }
}
