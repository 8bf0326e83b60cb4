// Keeps several tabs of newsmark (same browser profile) in step. Every tab saves to the same
// IndexedDB; after a save or delete a tab says so on a BroadcastChannel and the other tabs
// reload that document, so one tab never silently overwrites the review made in another.

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('newsmark') : null;

/** Tells the other tabs that document `id` was saved. */
export function saved(id) {
  if (channel) channel.postMessage({ type: 'saved', id });
}

/** Tells the other tabs that document `id` was deleted. */
export function deleted(id) {
  if (channel) channel.postMessage({ type: 'deleted', id });
}

/** Calls fn({type, id}) for each change made in another tab. */
export function listen(fn) {
  if (channel) channel.onmessage = (e) => fn(e.data || {});
}
