// Builds dist/newsmark.html: the whole page in one self-contained file (HTML, CSS, every ES
// module, the worker, the WASM core and its model) that works when opened from file:// with no
// server: for air-gapped machines and for mailing to a colleague.
//
// How: the ES modules are stored as JSON data in <script type="application/json"> (never run as
// such); one small inline loader turns each into a blob: URL, dependencies first, with its
// relative imports rewritten to those URLs, then imports the app. The worker gets a prelude
// that hands it the core's glue source and the WASM as a blob: URL (globalThis.__newsmarkAssets),
// and the page finds the worker through globalThis.__newsmarkWorkerUrl. A Content-Security-Policy
// meta tag allows only the loader (by hash), blob: modules and workers, and WebAssembly.
// usage: node scripts/build-single.mjs   (after `make dist`)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname, normalize } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const read = (p) => readFileSync(join(dist, p), 'utf8');

// Collect the page's module graph from app.js (static imports of relative paths).
const IMPORT_RE = /(import\s[^'"]*?from\s*|import\s*\(\s*|export\s[^'"]*?from\s*|import\s*)(['"])(\.{1,2}\/[^'"]+)\2/g;
function graph(entry) {
  const order = [];
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const src = read(path);
    for (const m of src.matchAll(IMPORT_RE)) visit(normalize(join(dirname(path), m[3])).split('\\').join('/'));
    order.push(path); // dependencies first
  };
  visit(entry);
  return order;
}

const pageModules = graph('app.js').map((path) => ({ path, source: read(path) }));
const worker = read('worker.js');
const glue = read('pkg/newsmark.js');
const wasm = readFileSync(join(dist, 'pkg/newsmark_bg.wasm')).toString('base64');
const css = read('style.css');
const favicon = `data:image/svg+xml;base64,${readFileSync(join(dist, 'favicon.svg')).toString('base64')}`;

// The loader: runs first, builds blob: URLs, starts the app.
const loader = `(() => {
  const data = (id) => JSON.parse(document.getElementById(id).textContent);
  const blobUrl = (text, type) => URL.createObjectURL(new Blob([text], { type }));
  const bytes = Uint8Array.from(atob(data('nm-wasm')), (c) => c.charCodeAt(0));
  const wasmUrl = blobUrl(bytes, 'application/wasm');
  const glue = data('nm-glue');
  const prelude = 'globalThis.__newsmarkAssets = { wasm: ' + JSON.stringify(wasmUrl) +
    ', glueSource: ' + JSON.stringify(glue) + ' };\\n';
  globalThis.__newsmarkWorkerUrl = blobUrl(prelude + data('nm-worker'), 'text/javascript');
  const urls = {};
  const re = ${IMPORT_RE.toString()};
  const resolve = (from, spec) => {
    const parts = from.split('/').slice(0, -1);
    for (const p of spec.split('/')) {
      if (p === '..') parts.pop(); else if (p !== '.') parts.push(p);
    }
    return parts.join('/');
  };
  for (const m of data('nm-modules')) {
    const src = m.source.replace(re, (all, head, q, spec) => head + q + urls[resolve(m.path, spec)] + q);
    urls[m.path] = blobUrl(src, 'text/javascript');
  }
  import(urls['app.js']);
})();`;

const sha = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src ${sha(loader)} blob: 'wasm-unsafe-eval'`,
  'worker-src blob:',
  'connect-src blob:',
  `style-src ${sha(css)}`,
  'img-src data: blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// JSON inside <script type="application/json">: escape "<" so no "</script>" can close it early.
const json = (v) => JSON.stringify(v).replace(/</g, '\\u003c');

let html = read('index.html');
html = html
  .replace(/<link rel="stylesheet"[^>]*>/, `<style>${css}</style>`)
  .replace(/<link rel="icon"[^>]*>/, `<link rel="icon" href="${favicon}" type="image/svg+xml">`)
  .replace(/<link rel="manifest"[^>]*>\s*/, '')
  .replace(/<script type="module" src="app.js"><\/script>/, '')
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/, '');
html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="${csp}">`);
const payload = [
  `<script type="application/json" id="nm-modules">${json(pageModules)}</script>`,
  `<script type="application/json" id="nm-worker">${json(worker)}</script>`,
  `<script type="application/json" id="nm-glue">${json(glue)}</script>`,
  `<script type="application/json" id="nm-wasm">${json(wasm)}</script>`,
  `<script>${loader}</script>`,
].join('\n');
html = html.replace('</body>', `${payload}\n</body>`);
if (html.includes('src="app.js"')) throw new Error('index.html changed: the app script tag was not found');
writeFileSync(join(dist, 'newsmark.html'), html);
console.log(`single file: dist/newsmark.html, ${(html.length / 1e6).toFixed(2)} MB (${pageModules.length} page modules inlined)`);
