// Drag handles on the current annotation: one at its start, one at its end. Dragging a handle
// previews the new extent (a CSS highlight, no DOM change) and on release gives the span the
// new edge, snapped to a token edge. The handles are empty, aria-hidden elements inside the
// marks: they hold no text, so offsets and the marks' text are unchanged (the keyboard does
// the same with Shift/Alt + arrows).

import { pointOffset, rangeFor } from './render.js';
import { toCodePoint, toUtf16 } from './offsets.js';
import { tokensNow, tokensNear, snapEdge } from './tokens.js';

function handle(edge) {
  const h = document.createElement('span');
  h.className = `handle handle-${edge}`;
  h.dataset.edge = edge;
  h.setAttribute('aria-hidden', 'true');
  h.title = edge === 'start' ? 'Drag to move the start (Alt+←/→)' : 'Drag to move the end (Shift+←/→)';
  return h;
}

/** Puts handles on annotation `id` (first fragment's start, last fragment's end). */
export function placeHandles(view, id) {
  removeHandles(view);
  const els = view && view.elements.get(id);
  if (!els || !els.length) return;
  els[0].prepend(handle('start'));
  els[els.length - 1].append(handle('end'));
}

export function removeHandles(view) {
  if (!view) return;
  for (const h of view.container.querySelectorAll('.handle')) h.remove();
}

// The text position under a point, as a DOM boundary (node, offset), or null.
function caretAt(x, y) {
  if (document.caretPositionFromPoint) {
    const p = document.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  const r = document.caretRangeFromPoint && document.caretRangeFromPoint(x, y);
  return r ? { node: r.startContainer, offset: r.startOffset } : null;
}

/**
 * Wires dragging on `container`. getView() gives the current view; onDrop(id, start, end)
 * applies the new code point extent.
 */
export function wireDrag(container, getView, getCurrent, onDrop) {
  container.addEventListener('pointerdown', (e) => {
    const h = e.target.closest && e.target.closest('.handle');
    const view = getView();
    const id = getCurrent();
    if (!h || !view || e.button !== 0) return;
    const { ann } = view.index.get(id);
    const edge = h.dataset.edge;
    e.preventDefault(); // no text selection while dragging
    h.setPointerCapture(e.pointerId);
    document.body.classList.add('dragging');
    // The tokens of the text around the span (a drag stays on screen). They are fetched when
    // the document opens; in the rare case they have not arrived yet, edges follow the pointer
    // to the character rather than refusing the drag.
    const flat = tokensNow(view.doc.text);
    const tokens = flat ? tokensNear(flat, Math.max(0, ann.start - 3000), ann.end + 3000, 0) : null;
    let extent = [ann.start, ann.end];
    const preview = () => {
      if (typeof CSS === 'undefined' || !CSS.highlights || typeof Highlight === 'undefined') return;
      const r = rangeFor(view, toUtf16(view.table, extent[0]), toUtf16(view.table, extent[1]));
      if (r) CSS.highlights.set('nm-drag', new Highlight(r));
    };
    const move = (ev) => {
      const at = caretAt(ev.clientX, ev.clientY);
      const u = at && pointOffset(view, at.node, at.offset);
      if (u === null || u === undefined) return;
      const cp = tokens ? snapEdge(tokens, toCodePoint(view.table, u), edge) : toCodePoint(view.table, u);
      // An edge dragged past the other one stays where it was last valid.
      const next = edge === 'start' ? [cp, ann.end] : [ann.start, cp];
      if (next[0] < next[1] && (next[0] !== extent[0] || next[1] !== extent[1])) {
        extent = next;
        preview();
      }
    };
    const finish = (apply) => {
      h.removeEventListener('pointermove', move);
      h.removeEventListener('pointerup', up);
      h.removeEventListener('pointercancel', cancel);
      document.body.classList.remove('dragging');
      if (typeof CSS !== 'undefined' && CSS.highlights) CSS.highlights.delete('nm-drag');
      if (apply && (extent[0] !== ann.start || extent[1] !== ann.end)) onDrop(id, extent[0], extent[1]);
    };
    const up = (ev) => {
      move(ev);
      finish(true);
    };
    const cancel = () => finish(false);
    h.addEventListener('pointermove', move);
    h.addEventListener('pointerup', up);
    h.addEventListener('pointercancel', cancel);
  });
}
