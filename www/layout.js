// Turns flat spans (paragraphs, quotes, entities; UTF-16 offsets) into a nesting tree the
// renderer can walk. Quotes may contain entities and a quote may run over a paragraph break, so
// spans are not guaranteed to nest: a span that crosses the end of its enclosing span is cut
// into fragments at that boundary (fragment 0 carries focus, the others only the styling).
// Pure functions, no DOM: easy to reason about and to test.
// Cost: one sort of the spans and one sweep, O(n log n) (a 10 MB article has ~100,000 paragraphs
// and as many marks: anything quadratic there freezes the page).

import { firstIndex } from './search.js';

// Outer spans sort first when two spans have the same extent.
const RANK = { para: 0, quote: 1, entity: 2 };

function before(a, b) {
  return a.start - b.start || b.end - a.end || RANK[a.type] - RANK[b.type];
}

/** Paragraph spans: the text is split at blank lines ("\n\n"); empty paragraphs are skipped. */
export function paragraphs(text) {
  const out = [];
  let start = 0;
  for (;;) {
    const at = text.indexOf('\n\n', start);
    const end = at < 0 ? text.length : at;
    // Trim the stray newlines a run of 3+ line breaks leaves at a paragraph's edges.
    let s = start;
    let e = end;
    while (s < e && text[s] === '\n') s++;
    while (e > s && text[e - 1] === '\n') e--;
    if (e > s) out.push({ type: 'para', start: s, end: e });
    if (at < 0) break;
    start = at + 2;
  }
  return out;
}

/** Index of the first of the sorted, disjoint `paras` whose end is after UTF-16 offset `u`. */
export function paraAt(paras, u) {
  return firstIndex(paras.length, (i) => paras[i].end > u);
}

/**
 * Builds the tree. `spans` are {type, start, end, ann} with start < end (UTF-16). Returns the
 * root {type:'root', start:0, end:text.length, children}; each node has children sorted by
 * start and `part` (0 for the first fragment of a span). Text between children is implicit.
 * A span may carry `partBase`: the number of its fragments in paragraphs before the given
 * ones, so that drawing some paragraphs of an article numbers fragments as drawing all would.
 */
export function buildTree(textLength, spans) {
  const root = { type: 'root', start: 0, end: textLength, children: [], part: 0 };
  const queue = clipToParagraphs(
    spans.filter((s) => s.start < s.end && s.start >= 0 && s.end <= textLength),
  ).sort(before);
  const stack = [root];
  for (let i = 0; i < queue.length; i++) {
    const span = queue[i];
    while (stack.length > 1 && stack[stack.length - 1].end <= span.start) stack.pop();
    const parent = stack[stack.length - 1];
    const node = { ...span, children: [] };
    if (span.end > parent.end) {
      // Crossing span (rare: an entity over a quote's edge): keep the part inside the parent
      // here, queue the rest in sorted order.
      node.end = parent.end;
      const rest = { ...span, start: parent.end, part: span.part + 1 };
      let j = i + 1;
      while (j < queue.length && before(queue[j], rest) < 0) j++;
      queue.splice(j, 0, rest);
    }
    if (node.start >= node.end) continue;
    parent.children.push(node);
    stack.push(node);
  }
  return root;
}

/**
 * Cuts every non-paragraph span at paragraph edges (a quote that runs over two paragraphs
 * becomes two fragments) and drops the parts that fall between paragraphs, so paragraphs are
 * always the outermost nodes and are never themselves cut. Each span finds its first
 * paragraph by binary search and walks only the paragraphs it covers.
 */
function clipToParagraphs(spans) {
  const paras = spans.filter((s) => s.type === 'para').sort(before);
  const others = spans.filter((s) => s.type !== 'para');
  if (paras.length === 0) return others.map((s) => ({ ...s, part: s.partBase || 0 }));
  const out = paras.map((p) => ({ ...p, part: 0 }));
  for (const s of others) {
    let part = s.partBase || 0;
    for (let i = paraAt(paras, s.start); i < paras.length && paras[i].start < s.end; i++) {
      const p = paras[i];
      out.push({ ...s, start: Math.max(s.start, p.start), end: Math.min(s.end, p.end), part: part++ });
    }
  }
  return out;
}
