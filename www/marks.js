// The marks of one annotation in the DOM: accessible name, tooltip, state classes, and the
// drawing of a paragraph's tree (layout.js) into elements. Everything is built with
// createElement/textContent: the article text is data and is never parsed as markup.

import { nameOf } from './labels.js';

const SHORT = 80;

export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function shorten(s) {
  return s.length > SHORT ? `${s.slice(0, SHORT - 1)}…` : s;
}

/** The name a quote's speaker is shown under: the resolved name, else the mention. */
export function speakerName(q) {
  if (!q.speaker) return null;
  return q.speaker.name || q.speaker.text;
}

/**
 * Accessible name of an annotation, e.g. "PERSON, suggested: Vladimir Putin". The label is
 * the person's name for it from the label set (the stored key when it was not renamed).
 */
export function describe(kind, ann) {
  if (kind === 'entity') return `${nameOf(ann.label)}, ${ann.status}: ${ann.text}`;
  const who = speakerName(ann);
  const speaker = who ? `speaker ${who}` : 'no speaker';
  return `Quote (${ann.kind}), ${ann.status}, ${speaker}: ${shorten(ann.text)}`;
}

function tooltip(kind, ann) {
  const lines = [];
  if (kind === 'entity') {
    lines.push(`${nameOf(ann.label)} · ${ann.status}`);
  } else {
    lines.push(`Quote (${ann.kind}) · ${ann.status}`);
    if (ann.speaker) {
      const name = speakerName(ann);
      lines.push(name === ann.speaker.text ? `Speaker: ${name}` : `Speaker: ${name} (“${ann.speaker.text}”)`);
    } else if (ann.kind === 'speech') {
      lines.push('Speaker: unknown');
    }
    if (ann.cue) lines.push(`Cue: ${ann.cue.text}`);
  }
  lines.push(`score ${Number(ann.score).toFixed(2)} · ${ann.source}`);
  return lines.join('\n');
}

/** Applies an annotation's current state to its elements (all fragments). */
export function updateAnnotation(view, id) {
  const entry = view.index.get(id);
  if (!entry) return;
  const { kind, ann } = entry;
  const base = kind === 'entity' ? 'ann ent' : `ann quote kind-${ann.kind}`;
  for (const node of view.elements.get(id) || []) {
    // One className write instead of a dozen classList calls: this runs for every mark drawn.
    const cont = node.dataset.part !== '0' ? ' cont' : '';
    const current = node.classList.contains('current') ? ' current' : '';
    node.className = `${base}${cont} st-${ann.status}${current}`;
    if (kind === 'entity') node.dataset.label = ann.label;
    node.title = tooltip(kind, ann);
    if (node.dataset.part !== '0') continue;
    node.setAttribute('aria-label', describe(kind, ann));
    // The speaker chip just before a quote fades (or hides) with a rejected quote. A class,
    // not a CSS :has(+ ...) rule: with :has in the style sheet, every insertion of a drawn
    // chunk made the browser re-check siblings across the article.
    const chip = node.previousElementSibling;
    if (chip && chip.dataset.for === id) chip.classList.toggle('of-rejected', ann.status === 'rejected');
  }
}

function markFor(view, node, marks) {
  const { kind, ann } = view.index.get(node.ann);
  const e = el(kind === 'entity' ? 'mark' : 'span', kind === 'entity' ? 'ann ent' : `ann quote kind-${ann.kind}`);
  e.dataset.id = ann.id;
  e.dataset.part = String(node.part);
  if (node.part === 0) {
    // Roving tabindex: review.js gives tabindex 0 to the current annotation only.
    e.tabIndex = -1;
    // An entity acts on click/keys, so it is a button; a quote contains entity buttons, so it
    // is a named group rather than a (nested) button.
    e.setAttribute('role', kind === 'entity' ? 'button' : 'group');
  } else {
    e.classList.add('cont');
  }
  marks.push([ann.id, e]);
  return e;
}

/**
 * Renders node's children and the text between them into `parent`. The article's text nodes
 * go to `texts` ({node, start}, in order) and the marks to `marks` ([id, element]): the caller
 * files them in the view.
 */
export function fill(view, parent, node, texts, marks) {
  let at = node.start;
  const text = view.text16;
  const addText = (from, to) => {
    if (to <= from) return;
    const t = document.createTextNode(text.slice(from, to));
    texts.push({ node: t, start: from });
    parent.appendChild(t);
  };
  for (const child of node.children) {
    addText(at, child.start);
    const e = markFor(view, child, marks);
    const { kind, ann } = view.index.get(child.ann);
    if (kind === 'quote' && child.part === 0 && ann.speaker) {
      // The speaker chip sits just before the quote; it is decoration (aria-hidden), the
      // quote's accessible name already says who speaks.
      const chip = el('span', 'chip', speakerName(ann));
      chip.setAttribute('aria-hidden', 'true');
      chip.dataset.for = ann.id;
      parent.appendChild(chip);
    }
    fill(view, e, child, texts, marks);
    parent.appendChild(e);
    at = child.end;
  }
  if (node.type !== 'root') addText(at, node.end);
}

