// Offline and private (issue 8): a new build served while the page runs is offered, taken on
// the person's click, and runs cleanly with the workspace intact; the Content-Security-Policy
// is served and enforced (the page works under it, inline and data: scripts do not run).

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { dist, seed000, assert, env, paste, checkDocument, alertText, test } from './harness.mjs';

/** A copy of dist/ whose service worker says another build id (what `make dist` gives after any change). */
function copyWithBuild(to, build) {
  cpSync(dist, to, { recursive: true });
  const from = JSON.parse(readFileSync(join(dist, 'build.json'), 'utf8')).build;
  const sw = readFileSync(join(to, 'sw.js'), 'utf8');
  assert(sw.includes(`'${from}'`), 'sw.js does not carry the build id of build.json');
  writeFileSync(join(to, 'sw.js'), sw.replace(`'${from}'`, `'${build}'`));
  writeFileSync(join(to, 'build.json'), JSON.stringify({ build }));
}

/** A fresh context with the harness's rules (no other origin, no console error but `allow`). */
async function newContext(origin, allow = /^$/) {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const problems = [];
  const onConsole = (m) => {
    if (m.type() === 'error' && !allow.test(m.text())) problems.push(`console: ${m.text()}`);
  };
  context.on('page', (p) => {
    p.on('console', onConsole);
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    p.on('worker', (w) => w.on('console', onConsole));
  });
  context.on('request', (r) => {
    if (!/^(blob|data):/.test(r.url()) && new URL(r.url()).origin !== origin) problems.push(`request to ${r.url()}`);
  });
  return { context, problems };
}

const controlled = (page) => page.waitForFunction(async () => {
  await navigator.serviceWorker.ready;
  return Boolean(navigator.serviceWorker.controller);
}, null, { timeout: 20000 });

test('offline update: build A runs, build B is served, the page offers it, a click switches cleanly', async () => {
  const root = mkdtempSync(join(tmpdir(), 'newsmark-update-'));
  const live = join(root, 'live'); // what the server serves: A first, then B
  const A = 'aaaaaaaaaaaaaaaa';
  const B = 'bbbbbbbbbbbbbbbb';
  copyWithBuild(live, A);
  const server = await startServer(live, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const { context, problems } = await newContext(origin);
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await controlled(page);
    await page.waitForFunction((a) => document.getElementById('version').dataset.build === a, A);
    const doc = await paste(page, { text: seed000.text });
    await page.keyboard.press('a');
    const reviewed = await page.evaluate(() => window.newsmarkSelfTest.doc());
    assert(await page.isHidden('#btn-update'), 'an update is offered before there is one');

    // Deploy B over A, as a server would, and let the page look for it.
    rmSync(live, { recursive: true, force: true });
    copyWithBuild(live, B);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await page.waitForSelector('#btn-update', { state: 'visible', timeout: 20000 });
    // Until the click, A still runs and nothing was reloaded.
    assert(await page.evaluate(() => document.getElementById('version').dataset.build) === A, 'B took over before the click');
    await Promise.all([page.waitForNavigation(), page.click('#btn-update')]);
    await page.waitForFunction(() => document.getElementById('version').textContent !== '');
    await page.waitForFunction((b) => document.getElementById('version').dataset.build === b, B, { timeout: 10000 });
    // B runs alone: its cache is the only one left, and it annotates.
    const caches = await page.evaluate(() => caches.keys());
    assert(JSON.stringify(caches) === JSON.stringify([`newsmark-${B}`]), `caches after the switch: ${caches}`);
    await page.waitForFunction((id) => window.newsmarkSelfTest?.doc()?.id === id, doc.id);
    const back = await page.evaluate(() => window.newsmarkSelfTest.doc());
    assert(JSON.stringify(back) === JSON.stringify(reviewed), 'the workspace changed across the update');
    assert(await page.isHidden('#btn-update'), 'the update is still offered after it was taken');
    const next = await paste(page, { text: 'Angela Merkel visited Paris on Tuesday.' });
    assert(next.entities.length > 0 && checkDocument(next).length === 0, 'B does not annotate');
    assert((await alertText(page)) === '', `message: ${await alertText(page)}`);
    assert(problems.length === 0, problems.join('\n'));
  } finally {
    await context.close();
    server.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('offline CSP: served in the header and the page, the app works under it, inline and data: scripts are blocked', async () => {
  // CSP reports are console errors: allow exactly those this test provokes.
  const { context, problems } = await newContext(env.origin, /Content Security Policy/);
  try {
    const page = await context.newPage();
    const violations = [];
    await page.exposeFunction('__cspViolation', (v) => violations.push(v));
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    const response = await page.goto(`${env.origin}/`);
    const header = response.headers()['content-security-policy'] || '';
    const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || '');
    for (const [where, csp] of [['header', header], ['meta', meta]]) {
      assert(/default-src 'self'/.test(csp) && /script-src 'self' 'wasm-unsafe-eval'(;|$)/.test(csp) && /connect-src 'self'/.test(csp),
        `${where} CSP: ${csp}`);
      assert(!/unsafe-inline|unsafe-eval'|\*|https?:/.test(csp.replace("'wasm-unsafe-eval'", '')), `${where} CSP too wide: ${csp}`);
    }
    await page.waitForFunction(() => document.getElementById('version').textContent !== '');
    const doc = await paste(page, { text: seed000.text });
    assert(doc.entities.length > 0, 'the page does not annotate under its CSP');
    assert(violations.length === 0, `the app itself violates its CSP: ${violations}`);
    const blocked = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.append(s);
      // A script from a data: URL is not 'self' either (eval cannot be checked from here: the
      // test's own evaluate runs outside the page's CSP).
      const d = document.createElement('script');
      d.src = 'data:text/javascript,window.__data=1';
      document.body.append(d);
      const img = new Image();
      img.src = 'https://example.com/pixel.png';
      await new Promise((r) => setTimeout(r, 300));
      return { inline: window.__inline, data: window.__data };
    });
    assert(blocked.inline === undefined, 'an inline script ran');
    assert(blocked.data === undefined, 'a data: script ran');
    assert(violations.some((v) => /script-src/.test(v)), `no script-src violation reported: ${violations}`);
    assert(violations.some((v) => /img-src.*example\.com/.test(v)), `the foreign image was not blocked: ${violations}`);
    // The blocked image may show as an attempted request (blocked:csp); nothing else may.
    const others = problems.filter((p) => !p.includes('example.com/pixel.png'));
    assert(others.length === 0, others.join('\n'));
  } finally {
    await context.close();
  }
});
