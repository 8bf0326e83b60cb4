// newsmark's service worker: makes the page work with the network off.
// `make dist` (scripts/build-dist.mjs) fills in BUILD (a hash of every asset) and ASSETS, so any
// change to any file gives a new sw.js, which the browser treats as an update.
// - install: download every asset into a new cache named after the build. If any download
//   fails the install fails and the old version keeps running: a half-downloaded update never
//   breaks the page.
// - the new version waits until the page says to switch (the person clicks "Reload to update"),
//   then activate deletes the old caches: the switch is atomic.
// - fetch: same-origin GETs come from this build's cache first, the network second.
const BUILD = '__NEWSMARK_BUILD__';
const ASSETS = __NEWSMARK_ASSETS__;
const CACHE = `newsmark-${BUILD}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS.map((path) => new Request(path, { cache: 'reload' })));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('newsmark-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
  if (event.data && event.data.type === 'version') event.source?.postMessage({ type: 'version', build: BUILD });
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const key = url.pathname.endsWith('/') ? new Request(url.pathname + 'index.html') : event.request;
    const hit = await cache.match(key, { ignoreSearch: true });
    if (hit) return hit;
    try {
      return await fetch(event.request);
    } catch (err) {
      if (event.request.mode === 'navigate') {
        const page = await cache.match('index.html', { ignoreSearch: true });
        if (page) return page;
      }
      throw err;
    }
  })());
});
