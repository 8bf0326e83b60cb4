// The npm package in pkg/ (built by `make wasm`) as another web app would use it, under Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../../pkg/', import.meta.url));
const nm = await import(pkgDir + 'index.js');
await nm.init({ module_or_path: readFileSync(pkgDir + 'newsmark_bg.wasm') });

test('package.json names the typed entry points', () => {
  const pkg = JSON.parse(readFileSync(pkgDir + 'package.json', 'utf8'));
  assert.equal(pkg.name, 'newsmark');
  assert.equal(pkg.types, 'index.d.ts');
  for (const f of pkg.files) assert.ok(readFileSync(pkgDir + f).length > 0, f);
  const dts = readFileSync(pkgDir + 'index.d.ts', 'utf8');
  for (const name of ['annotate', 'exportDocuments as export', 'importDocuments as import']) assert.ok(dts.includes(name), name);
});

test('annotate gives a Document with code point offsets', () => {
  const doc = nm.annotate({ id: 'n1', text: '😀 Vladimir Putin said: “We agree.”' });
  assert.equal(doc.offsets, 'codepoints');
  assert.equal(doc.id, 'n1');
  const cps = [...doc.text];
  for (const a of [...doc.entities, ...doc.quotes]) assert.equal(cps.slice(a.start, a.end).join(''), a.text);
  assert.ok(doc.quotes.some((q) => q.text === 'We agree.'));
});

test('export and import round trip, errors are messages', () => {
  const doc = nm.annotate({ text: 'Angela Merkel said “no”.' });
  const file = nm.export(doc, 'json');
  assert.equal(file.name.endsWith('.newsmark.json'), true);
  const back = nm.import(new TextDecoder().decode(file.bytes));
  assert.deepEqual(back[0], doc);
  assert.throws(() => nm.import('{nope'), /not JSON/);
  assert.throws(() => nm.annotate({}), /missing/);
  const zip = nm.export(doc, 'brat', { suggested: true });
  assert.equal(zip.mime, 'application/zip');
  assert.deepEqual([...zip.bytes.slice(0, 2)], [0x50, 0x4b]);
});
