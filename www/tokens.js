// Token edges for resizing and dragging a span, in code points. They come from the core's own
// tokenizer (src/text/tokenize.rs, through the worker's `tokens` request), so the page never
// re-implements tokenization: a span snapped here is one the exported tokens align with.
// The edges of the open document are fetched once per text (a few ms for a long article,
// started when a document is opened); a resize key then costs a binary search.

import { firstIndex } from './search.js';

let source = null; // (text) => Promise<Uint32Array> of [start0, end0, start1, end1, ...]
let cached = { text: null, flat: null, pending: null };

/** Sets where token edges come from (app.js: the worker). */
export function setTokenSource(fetchTokens) {
  source = fetchTokens;
  cached = { text: null, flat: null, pending: null };
}

/** The token edges of `text` (flat Uint32Array), fetched once and kept for the last text asked. */
export function tokensFor(text) {
  if (cached.text === text) return cached.flat ? Promise.resolve(cached.flat) : cached.pending;
  if (!source) return Promise.reject(new Error('no tokenizer available'));
  const entry = { text, flat: null, pending: null };
  entry.pending = source(text).then(
    (flat) => {
      entry.flat = flat;
      return flat;
    },
    (err) => {
      // A failed fetch (a worker restart, say) is retried on the next call.
      if (cached === entry) cached = { text: null, flat: null, pending: null };
      throw err;
    },
  );
  cached = entry;
  return entry.pending;
}

/** The token edges of `text` if already fetched, else null (for synchronous pointer handlers). */
export function tokensNow(text) {
  return cached.text === text ? cached.flat : null;
}

// Index of the first token whose end is > cp (binary search over the flat pairs).
function firstEndingAfter(flat, cp) {
  return firstIndex(flat.length >> 1, (i) => flat[2 * i + 1] > cp);
}

/**
 * The tokens around code points [start, end) as [start, end] pairs: every token overlapping
 * the range plus `extra` tokens on each side (enough for any one-token step).
 */
export function tokensNear(flat, start, end, extra = 64) {
  const n = flat.length >> 1;
  const from = Math.max(0, firstEndingAfter(flat, start) - extra);
  const to = Math.min(n, firstEndingAfter(flat, end) + extra + 1);
  const out = [];
  for (let i = from; i < to; i++) out.push([flat[2 * i], flat[2 * i + 1]]);
  return out;
}

// Index of the first pair whose end is > cp.
function firstPairEndingAfter(tokens, cp) {
  return firstIndex(tokens.length, (i) => tokens[i][1] > cp);
}

/**
 * Moves one edge of span [start, end) by `delta` tokens (+1 right, -1 left). Returns the new
 * [start, end], or null when the span would become empty or run off the text.
 */
export function stepEdge(tokens, start, end, edge, delta) {
  if (edge === 'end') {
    if (delta > 0) {
      const t = tokens[firstPairEndingAfter(tokens, end)];
      return t ? [start, t[1]] : null;
    }
    // The last token ending before `end` and still after `start`.
    const i = firstPairEndingAfter(tokens, end - 1) - 1;
    const t = tokens[i];
    return t && t[1] > start ? [start, t[1]] : null;
  }
  const i = firstPairEndingAfter(tokens, start); // the token at or after `start`
  if (delta < 0) {
    // A start inside a token goes to that token's start, else to the previous token's.
    const t = tokens[i] && tokens[i][0] < start ? tokens[i] : tokens[i - 1];
    return t ? [t[0], end] : null;
  }
  let k = i;
  while (k < tokens.length && tokens[k][0] <= start) k++;
  const t = tokens[k];
  return t && t[0] < end ? [t[0], end] : null;
}

/**
 * The token edge for code point `cp` when dragging the `edge` of a span: the end of the token
 * the point is in (or just after), or the start of the token the point is in (or just before).
 */
export function snapEdge(tokens, cp, edge) {
  if (edge === 'end') {
    // The token with start < cp <= end, else the last token ending before cp.
    const i = firstPairEndingAfter(tokens, cp - 1);
    const t = tokens[i];
    if (t && t[0] < cp) return t[1];
    return i > 0 ? tokens[i - 1][1] : (t ? t[1] : cp);
  }
  // The token containing cp, or the next one when cp is in white space.
  const t = tokens[firstPairEndingAfter(tokens, cp)];
  if (t) return t[0];
  return tokens.length ? tokens[tokens.length - 1][0] : cp;
}
