// WASM throughput under Node: tokenize, tokenize + tag (`tagCount`: no cleaning, no JS
// objects) and the whole pipeline (annotate) over the seed articles (or files given), in MB/s
// of input text, and the shipped .wasm size raw and gzip. Run `make wasm` first.
// usage: node scripts/bench-wasm.mjs [FILE...]
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import init, { annotate, tagCount, tokens } from '../pkg/newsmark.js';

const root = resolve(import.meta.dirname, '..');
const wasm = readFileSync(join(root, 'pkg/newsmark_bg.wasm'));
await init({ module_or_path: wasm });

let files = process.argv.slice(2);
if (files.length === 0) {
  const dir = join(root, '../shared/seeds');
  files = readdirSync(dir).sort().map((f) => join(dir, f));
}
const texts = files.map((f) => readFileSync(f, 'utf8'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const rounds = Math.max(1, Math.ceil(4e6 / bytes));

function time(name, fn, total = bytes) {
  fn(); // warm-up
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) fn();
  const secs = (performance.now() - t0) / 1000;
  console.log(`${name.padEnd(28)} ${(total * rounds / 1e6 / secs).toFixed(2).padStart(8)} MB/s`);
}
console.log(`wasm: ${wasm.length} bytes raw, ${gzipSync(wasm, { level: 9 }).length} bytes gzip`);
console.log(`input: ${texts.length} files, ${bytes} bytes, ${rounds} rounds`);
time('tokenize (wasm)', () => texts.forEach((t) => tokens(t)));
// As `newsmark bench`: the tagger's figure is over the cleaned texts (a seed is a whole-page
// copy whose boilerplate cleaning removes), bytes of cleaned text.
const cleaned = texts.map((t) => annotate({ text: t }, true).text);
const cleanedBytes = cleaned.reduce((n, t) => n + Buffer.byteLength(t), 0);
time('tokenize + tag (wasm)', () => cleaned.forEach((t) => tagCount(t)), cleanedBytes);
time('whole pipeline (wasm)', () => texts.forEach((t) => annotate({ text: t }, true)));
