// Undo/redo for review edits. An edit is a batch of changes, each {id, before, after} where
// before/after hold the annotation fields that changed (status, label, source, score). Undo
// re-applies `before`, redo re-applies `after`. One history per document, kept in memory only:
// the saved document is the source of truth, history is a convenience for this session.

const LIMIT = 500;

export class History {
  constructor() {
    this.done = [];
    this.undone = [];
  }

  /** Records a batch (ignored when empty). A new edit clears the redo list. */
  push(batch) {
    if (!batch.length) return;
    this.done.push(batch);
    if (this.done.length > LIMIT) this.done.shift();
    this.undone = [];
  }

  /** Returns the batch to revert (apply each change's `before`), or null. */
  undo() {
    const b = this.done.pop();
    if (b) this.undone.push(b);
    return b || null;
  }

  /** Returns the batch to re-apply (apply each change's `after`), or null. */
  redo() {
    const b = this.undone.pop();
    if (b) this.done.push(b);
    return b || null;
  }

  get canUndo() {
    return this.done.length > 0;
  }

  get canRedo() {
    return this.undone.length > 0;
  }
}
