// Code point <-> UTF-16 offset conversion. The core speaks Unicode code points (like Python
// str indices); JS strings and the DOM speak UTF-16 code units. We convert only here, at the
// DOM edge, so that a character outside the BMP (an emoji, a rare CJK ideograph) never shifts
// the marks that follow it.

import { firstIndex } from './search.js';

/** Returns a table t where t[cp] is the UTF-16 index of code point `cp` (t[len] = text.length). */
export function codePointTable(text) {
  // Typed array from the start: a 10 MB text would otherwise make a 10-million-entry JS array.
  const table = new Uint32Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    table[n++] = i;
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low surrogate is one code point taking two units.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  table[n++] = text.length;
  return n === table.length ? table : table.slice(0, n);
}

/** Maps code point offset `cp` to a UTF-16 index using a table from codePointTable. */
export function toUtf16(table, cp) {
  if (cp < 0) return 0;
  if (cp >= table.length) return table[table.length - 1];
  return table[cp];
}

/**
 * Maps UTF-16 index `u` back to a code point offset (binary search). An index in the middle of
 * a surrogate pair snaps to the start of that character (rounding down), or to its end when
 * `roundUp` is set, so a selection never cuts a character in half.
 */
export function toCodePoint(table, u, roundUp = false) {
  // The last code point starting at or before u (0 when none does).
  const lo = Math.max(0, firstIndex(table.length, (i) => table[i] > u) - 1);
  if (roundUp && table[lo] < u && lo + 1 < table.length) return lo + 1;
  return lo;
}

/** The text between code point offsets, the way the core's validator slices it. */
export function sliceCodePoints(table, text, start, end) {
  return text.slice(toUtf16(table, start), toUtf16(table, end));
}
