// When the paragraphs of a long article get drawn: the chunks near the screen at once (an
// IntersectionObserver), the others a few at a time in idle moments, in reading order, so the
// main thread never holds a long task and a 10 MB article does not become one giant DOM build.
// Knows nothing about marks: it calls draw(k) for chunk k and asks isDrawn(k).

// Background filling stops after this many characters: above it, chunks are drawn only when
// they come near the screen or when the review needs one (a huge DOM costs memory and style
// time even with content-visibility; the person sees no difference).
const FILL_LIMIT = 3e6;
// Work per idle slice: well under a frame, so keys and scrolling stay smooth meanwhile.
const SLICE_MS = 8;
// Draw chunks this far outside the viewport already, so scrolling rarely shows a placeholder
// (not more: what is drawn near the screen is styled and laid out in the same frame).
const MARGIN = '800px 0px';

const idle = typeof requestIdleCallback === 'function'
  ? (fn) => requestIdleCallback(fn, { timeout: 200 })
  : (fn) => setTimeout(() => fn({ timeRemaining: () => SLICE_MS }), 16);
const cancelIdle = typeof cancelIdleCallback === 'function' ? cancelIdleCallback : clearTimeout;

/**
 * Starts drawing `chunks` ({el, size} each, el in the document) with draw(k). Returns
 * {stop(), watch(k)}: stop() ends it (a new article replaces this one); the chunks left
 * undrawn stay placeholders.
 */
export function drawLazily(chunks, { draw, isDrawn }) {
  let stopped = false;
  let next = 0; // the first chunk that background filling has not passed yet
  let filled = 0; // characters drawn by filling
  const observer = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
      for (const en of entries) {
        if (!en.isIntersecting) continue;
        const k = Number(en.target.dataset.chunk);
        observer.unobserve(en.target);
        if (!stopped && !isDrawn(k)) draw(k);
      }
    }, { rootMargin: MARGIN })
    : null;
  chunks.forEach((c, k) => {
    if (observer && !isDrawn(k)) observer.observe(c.el);
  });
  let handle = 0;
  const slice = (deadline) => {
    handle = 0;
    if (stopped) return;
    const t0 = performance.now();
    // Always one chunk per slice, however busy: filling must end some time.
    do {
      while (next < chunks.length && isDrawn(next)) next++;
      if (next >= chunks.length || filled >= FILL_LIMIT) return;
      filled += chunks[next].size;
      if (observer) observer.unobserve(chunks[next].el);
      draw(next);
    } while (performance.now() - t0 < Math.min(SLICE_MS, deadline.timeRemaining()));
    handle = idle(slice);
  };
  handle = idle(slice);
  return {
    stop() {
      stopped = true;
      if (observer) observer.disconnect();
      if (handle) cancelIdle(handle);
    },
    /** Chunk k was drawn by someone else (the review needed it): stop watching it. */
    drawn(k) {
      if (observer) observer.unobserve(chunks[k].el);
    },
  };
}
