// Binary search, once for the page: offset tables, paragraphs, text nodes and token pairs are
// all sorted, and each lookup asks "where does this stop being true?".

/**
 * The first index i in [0, n) for which `after(i)` is true, or n if there is none. `after`
 * must be false then true along the range (false for every i before the answer).
 */
export function firstIndex(n, after) {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
