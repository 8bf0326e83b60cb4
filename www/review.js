// Review state and keyboard/mouse handling: which annotation is current, moving between
// annotations, accepting/rejecting/relabelling them, undo/redo. Knows nothing about storage
// or the worker: it edits the Document objects in place and reports what changed.

import { History } from './history.js';
import { addEntity, clearSpeaker, setSpeaker, snapToWords, snapshot, restore } from './edit.js';
import { selectionRange } from './render.js';
import { toCodePoint } from './offsets.js';

// Number keys relabel an entity. Nine of spaCy's OntoNotes labels, the most common in news.
export const LABEL_KEYS = ['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'FAC', 'EVENT', 'DATE', 'MONEY'];

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
   * hooks.onSelect(id) when the current annotation changes; hooks.onHelp() for "?";
   * hooks.onToggleRejected() for "h";
   * hooks.onMessage(text) for a problem the person should see (null clears it).
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
  }

  get history() {
    const id = this.view ? this.view.doc.id : '';
    if (!this.histories.has(id)) this.histories.set(id, new History());
    return this.histories.get(id);
  }

  /** Shows a newly drawn view; `keep` is the id to select if it still exists. */
  setView(view, keep = null) {
    const sameDoc = this.view && view && this.view.doc === view.doc;
    this.view = view;
    this.current = null;
    const first = view && view.index.has(keep) ? keep : this.visible()[0];
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

  /** Ids that can be navigated to, in reading order (rejected ones only when shown). */
  visible() {
    if (!this.view) return [];
    return this.view.order.filter(
      (id) => this.showRejected || this.view.index.get(id).ann.status !== 'rejected' || id === this.current,
    );
  }

  head(id) {
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
    if (h) {
      h.tabIndex = 0;
      for (const e of this.view.elements.get(id)) e.classList.add('current');
      if (focus) {
        h.focus({ preventScroll: true });
        h.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }
    }
    this.hooks.onSelect(id);
  }

  /** Moves to the next (delta 1) or previous (-1) annotation still to review, if any. */
  moveToOpen(delta) {
    this.hooks.onMessage(null);
    const ids = this.visible();
    const i = ids.indexOf(this.current);
    for (let j = i + delta; j >= 0 && j < ids.length; j += delta) {
      if (this.view.index.get(ids[j]).ann.status === 'suggested') {
        this.select(ids[j]);
        return;
      }
    }
    this.hooks.onMessage(delta > 0 ? 'Nothing left to review after this one.' : 'Nothing left to review before this one.');
  }

  move(delta) {
    this.hooks.onMessage(null); // moving on dismisses a stale hint
    const ids = this.visible();
    if (!ids.length) return;
    const i = ids.indexOf(this.current);
    const j = i < 0 ? (delta > 0 ? 0 : ids.length - 1) : Math.min(Math.max(i + delta, 0), ids.length - 1);
    this.select(ids[j]);
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
    const ids = this.visible();
    const next = ids[ids.indexOf(id) + 1];
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
  selectedWords(hint) {
    const range = this.view && selectionRange(this.view, window.getSelection());
    const snapped = range && snapToWords(
      [...this.view.doc.text],
      toCodePoint(this.view.table, range[0]),
      toCodePoint(this.view.table, range[1], true),
    );
    if (!snapped) this.hooks.onMessage(hint);
    return snapped;
  }

  /** Records a structural edit made by `fn(doc)` (returns an error message or null). */
  structural(selectId, fn) {
    const doc = this.view.doc;
    const before = snapshot(doc);
    const problem = fn(doc);
    if (problem) {
      restore(doc, before);
      this.hooks.onMessage(problem);
      return false;
    }
    this.history.push([{ id: selectId(), structural: { before, after: snapshot(doc) } }]);
    window.getSelection().removeAllRanges();
    this.hooks.onStructure(selectId());
    return true;
  }

  /** Makes the selected words the speaker of the current quote. */
  speakerFromSelection() {
    const e = this.entry(this.current);
    if (!e || e.kind !== 'quote') {
      this.hooks.onMessage('Select a quote first (j/k), then select the speaker’s words and press s.');
      return false;
    }
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
  addFromSelection(label = 'PERSON') {
    if (!this.view) return false;
    const words = this.selectedWords('Select some words in the article first, then press n.');
    if (!words) return false;
    let id = null;
    return this.structural(() => id, (doc) => {
      id = addEntity(doc, words[0], words[1], label).id;
      return null;
    });
  }

  replay(batch, side) {
    if (!batch) return;
    if (batch[0].structural) {
      restore(this.view.doc, batch[0].structural[side]);
      this.hooks.onStructure(batch[0].id);
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
    const t = e.target.closest && e.target.closest('[data-id], .chip[data-for]');
    // A click that ends a text selection is for "mark selection", not for picking a mark.
    if (!t || !window.getSelection().isCollapsed) return;
    this.select(t.dataset.id || t.dataset.for);
  }

  /** Global keydown handler. Returns true when the key was used. */
  onKey(e) {
    // Leave typing alone: text fields, IME composition, and OS/browser shortcuts.
    if (isTextField(e.target) || e.isComposing || e.altKey || e.metaKey) return false;
    const k = e.key;
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
    // Arrow keys scroll the page unless the focus is on an annotation or nowhere in particular.
    const onMark = e.target.closest && e.target.closest('.ann');
    const free = onMark || e.target === document.body || e.target === document.documentElement;
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
      s: () => this.speakerFromSelection(),
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
    } else if (k.length === 1 && n >= 1 && n <= LABEL_KEYS.length) {
      act[k] = () => this.setLabel(LABEL_KEYS[n - 1]);
    }
    if (!act[k]) return false;
    e.preventDefault();
    act[k]();
    return true;
  }
}
