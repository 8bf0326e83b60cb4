// Long setup work cut into tasks, so the page never freezes while a big document is prepared:
// the work is written once as a generator that yields now and then (cheap points where it may
// stop), and run either at once (runNow: small documents, edits) or in slices of about
// SLICE_MS with the event loop let in between (runSliced: input, drawing, progress, Cancel).

// Well under the 200 ms that a person feels as a freeze, and long enough that the slices'
// overhead stays small.
const SLICE_MS = 40;

/** Resolves in a later task: scheduler.yield where there is one, else a MessageChannel hop. */
export function nextTask() {
  if (globalThis.scheduler && typeof globalThis.scheduler.yield === 'function') return globalThis.scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Runs generator `steps` to its end in this task. */
export function runNow(steps) {
  for (let s = steps.next(); !s.done; s = steps.next());
}

/**
 * Runs generator `steps` to its end in slices of about SLICE_MS. With `signal` (an
 * AbortSignal), stops at the next slice once it is aborted, rejecting with an Error whose
 * `cancelled` is true (as a cancelled worker call does).
 */
export async function runSliced(steps, { signal = null, sliceMs = SLICE_MS } = {}) {
  const check = () => {
    if (!signal || !signal.aborted) return;
    const err = new Error('cancelled');
    err.cancelled = true;
    throw err;
  };
  check(); // cancelled before it began (the work may fit in one slice)
  let t0 = performance.now();
  for (let s = steps.next(); !s.done; s = steps.next()) {
    if (performance.now() - t0 < sliceMs) continue;
    await nextTask();
    check();
    t0 = performance.now();
  }
}
