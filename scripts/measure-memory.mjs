// Time and memory of annotating one big document with the WASM core under Node (the same
// module the page's worker runs): WASM linear memory before and after (it only grows, so
// "after" is the peak), process RSS now and at its peak, and seconds per step.
// usage: node scripts/measure-memory.mjs [MB=10] [FILE]   (run `make wasm` first)
// The budget: under 200 MB in the worker for a 10 MB document.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import init, { annotate } from '../pkg/newsmark.js';
import { bigText, seedTexts } from './big-text.mjs';

const root = resolve(import.meta.dirname, '..');
const mb = Number(process.argv[2] || 10);
const MiB = (n) => `${(n / 1048576).toFixed(1)} MiB`;
// maxRSS is in KiB.
const peakRss = () => process.resourceUsage().maxRSS * 1024;

const wasm = await init({ module_or_path: readFileSync(join(root, 'pkg/newsmark_bg.wasm')) });
// The seeds as the cleaner keeps them, so that all of the big text is article (see big-text.mjs).
const seeds = process.argv[3] ? [] : seedTexts().map((t) => annotate({ text: t }, true).text);
// The JS heap, after a GC when node runs with --expose-gc (so that only live objects count).
const heap = () => { globalThis.gc?.(); return process.memoryUsage().heapUsed; };
const heapAtStart = heap();
const text = process.argv[3] ? readFileSync(process.argv[3], 'utf8') : bigText(mb * 1e6, seeds);
let codePoints = 0;
for (const _ of text) codePoints++;
const before = wasm.memory.buffer.byteLength;
console.log(`input: ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB of text, ${codePoints} code points`);
console.log(`wasm memory at start: ${MiB(before)}; process RSS ${MiB(process.memoryUsage().rss)}`);
// The JS heap with the input text alive, as in the worker while it annotates.
const heapBefore = heap();

let t0 = performance.now();
let doc = annotate({ text }, true);
const secs = (performance.now() - t0) / 1000;
console.log(`annotate (wasm, incl. conversion to JS objects): ${secs.toFixed(2)} s, ` +
  `${(Buffer.byteLength(text) / 1e6 / secs).toFixed(2)} MB/s`);
console.log(`result: ${doc.entities.length} entities, ${doc.quotes.length} quotes, ${doc.removed.length} removed blocks`);
const wasmPeak = wasm.memory.buffer.byteLength;
const resultHeap = heap() - heapBefore;
console.log(`wasm memory after (its peak: linear memory never shrinks): ${MiB(wasmPeak)}`);
console.log(`JS heap of the result objects: ${MiB(resultHeap)}; of the input text: ${MiB(heapBefore - heapAtStart)}`);
// What the worker holds at the end of an annotate: its WASM memory, the input it was sent
// and the result it posts back. Node's heap has no pointer compression, Chromium's does, so
// the JS part is smaller in the page's worker than here.
console.log(`worker memory at its peak (wasm + input + result): ` +
  `${MiB(wasmPeak + resultHeap + heapBefore - heapAtStart)} (budget: 200 MB = 190.7 MiB)` +
  (globalThis.gc ? '' : ' [run node with --expose-gc for exact heap figures]'));
t0 = performance.now();
const json = JSON.stringify(doc);
console.log(`JSON of the result: ${(json.length / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
const js = process.memoryUsage();
console.log(`process RSS now ${MiB(js.rss)}, peak ${MiB(peakRss())}`);
doc = null;
