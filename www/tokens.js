// Token edges for resizing a span, in code points. A port of the core's tokenizer rules
// (src/text/tokenize.rs): words with joiners kept whole ("U.S.", "1,000", "Okonkwo-Vance"),
// clitics split off ("Putin" + "'s"), each punctuation mark its own token, and never a cut
// inside a grapheme cluster (an emoji sequence, a flag, a letter with its accents).
// It runs on the page, not in the worker, because a resize key must answer within one frame;
// only the text around the span is tokenized.

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'gen', 'gov', 'sen', 'rep',
  'rev', 'col', 'lt', 'sgt', 'capt', 'cmdr', 'adm', 'maj', 'pres', 'supt', 'insp', 'det', 'hon',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mon',
  'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun', 'inc', 'corp', 'co', 'ltd',
  'llc', 'plc', 'bros', 'dept', 'univ', 'assn', 'no', 'nos', 'vs', 'etc', 'approx', 'ave',
  'blvd', 'rd', 'fig', 'vol', 'op', 'cf', 'al',
]);
const CLITICS = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];
const SPACE = /^\s/u;
const WORD = /^[\p{L}\p{N}]/u;
const JOINERS = new Set(['.', ',', "'", '’', '-', '‐', '&', '/', ':', '@', '_', '·', '\u00ad']);
const RUNS = new Set(['.', '-', '!', '?', '*', '=', '_', '#', '~']);

function classify(g) {
  if (SPACE.test(g)) return 'space';
  if (WORD.test(g)) return 'word';
  return JOINERS.has(g[0]) ? 'joiner' : 'other';
}

function isAbbreviation(word) {
  const lower = word.toLowerCase();
  const cps = [...word];
  if (cps.length === 1 && /\p{L}/u.test(word)) return true;
  if (word.includes('.') && word.split('.').every((p) => [...p].length === 1)) return true;
  return ABBREVIATIONS.has(lower);
}

function graphemes(text) {
  if (typeof Intl !== 'undefined' && Intl.Segmenter) {
    return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
  }
  return [...text]; // code points: still never cuts a surrogate pair
}

/** Tokens of `text` as [start, end] pairs of code point offsets, sorted, non-overlapping. */
export function tokenize(text) {
  const gs = graphemes(text);
  const at = new Array(gs.length + 1); // code point offset of each grapheme
  at[0] = 0;
  for (let i = 0; i < gs.length; i++) at[i + 1] = at[i] + [...gs[i]].length;
  const out = [];
  let i = 0;
  while (i < gs.length) {
    const cls = classify(gs[i]);
    if (cls === 'space') {
      i++;
    } else if (cls === 'word') {
      let j = i + 1;
      while (j < gs.length) {
        const c = classify(gs[j]);
        if (c === 'word') j++;
        else if (c === 'joiner' && j + 1 < gs.length && classify(gs[j + 1]) === 'word'
          && (!(gs[j] === ',' || gs[j] === ':') || (/^\d/.test(gs[j - 1].slice(-1)) && /^\d/.test(gs[j + 1])))) j += 2;
        else break;
      }
      if (j < gs.length && gs[j] === '.' && isAbbreviation(gs.slice(i, j).join(''))) j++;
      pushWord(gs.slice(i, j).join(''), at[i], at[j], out);
      i = j;
    } else {
      let j = i + 1;
      if (RUNS.has(gs[i])) while (j < gs.length && gs[j] === gs[i]) j++;
      out.push([at[i], at[j]]);
      i = j;
    }
  }
  return out;
}

function pushWord(word, start, end, out) {
  const lower = word.replace(/’/g, "'").toLowerCase();
  for (const c of CLITICS) {
    if (lower.length > c.length && lower.endsWith(c)) {
      const split = end - c.length; // clitics are ASCII apart from ’, one code point each
      out.push([start, split], [split, end]);
      return;
    }
  }
  out.push([start, end]);
}

const MARGIN = 300; // code points of context on each side: far more than one token

/**
 * Tokens around code points [start, end) of `text` (`table` from offsets.codePointTable), in
 * code points of the whole text. Only a window is tokenized, cut at white space (where the
 * tokenizer always starts afresh, so the tokens are those of the whole text): a resize on a
 * 20,000-word article costs microseconds, not a pass over the article.
 */
export function tokensNear(text, table, start, end) {
  const n = table.length - 1;
  const from = Math.max(0, start - MARGIN);
  const to = Math.min(n, end + MARGIN);
  let u0 = table[from];
  let u1 = table[to];
  while (u0 > 0 && !/\s/.test(text[u0 - 1])) u0--;
  while (u1 < text.length && !/\s/.test(text[u1])) u1++;
  // Code point offset of u0: a binary search over the table.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (table[mid] <= u0) lo = mid;
    else hi = mid - 1;
  }
  return tokenize(text.slice(u0, u1)).map(([a, b]) => [a + lo, b + lo]);
}

// Index of the first token whose end is > cp (binary search).
function firstEndingAfter(tokens, cp) {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid][1] > cp) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Moves one edge of span [start, end) by `delta` tokens (+1 right, -1 left). Returns the new
 * [start, end], or null when the span would become empty or run off the text.
 */
export function stepEdge(tokens, start, end, edge, delta) {
  if (edge === 'end') {
    if (delta > 0) {
      const t = tokens[firstEndingAfter(tokens, end)];
      return t ? [start, t[1]] : null;
    }
    // The last token ending before `end` and still after `start`.
    const i = firstEndingAfter(tokens, end - 1) - 1;
    const t = tokens[i];
    return t && t[1] > start ? [start, t[1]] : null;
  }
  const i = firstEndingAfter(tokens, start); // the token at or after `start`
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
    const i = firstEndingAfter(tokens, cp - 1);
    const t = tokens[i];
    if (t && t[0] < cp) return t[1];
    return i > 0 ? tokens[i - 1][1] : (t ? t[1] : cp);
  }
  // The token containing cp, or the next one when cp is in white space.
  const t = tokens[firstEndingAfter(tokens, cp)];
  if (t) return t[0];
  return tokens.length ? tokens[tokens.length - 1][0] : cp;
}
