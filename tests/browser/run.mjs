// Real-browser tests for the newsmark page: serve dist/ on a free port, drive Debian's
// Chromium with playwright-core, and run the tests of every `*.test.mjs` file in this folder
// (files in name order, tests in declaration order). The harness (harness.mjs) fails a test on
// any console error, page error, HTTP error or request to another origin.
// usage: make dist && cd tests/browser && node run.mjs [name-filter]

import { chromium } from 'playwright-core';
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { env, here, dist, seedDir, tests } from './harness.mjs';

const filter = process.argv[2] || '';

for (const file of readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort()) {
  await import(pathToFileURL(join(here, file)).href);
}

const server = await startServer(dist, 0);
env.origin = `http://127.0.0.1:${server.address().port}`;
env.browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
console.log(`seeds from ${seedDir}`);
let passed = 0;
let failed = 0;
const t0 = Date.now();
for (const t of tests.filter((x) => x.name.includes(filter))) {
  const start = Date.now();
  try {
    await t.fn();
    passed++;
    console.log(`ok   ${t.name} (${Date.now() - start} ms)`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${t.name} (${Date.now() - start} ms)\n     ${String(err.message).split('\n').join('\n     ')}`);
  }
}
await env.browser.close();
server.close();
console.log(`browser suite took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
