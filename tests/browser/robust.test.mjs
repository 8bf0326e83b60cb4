// Robustness in the page (issue 9): progress and Cancel on a big document, the size limit's
// message, the Unicode torture set pasted and exported, hostile HTML that must neither run nor
// fetch, and a browser killed in the middle of a review that comes back with its work.

import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import {
  projectRoot, seeds, seed000, htmlParagraphs, checkDocument, checkMarks, assert, env, withPage, paste,
  waitForDoc, activeId, alertText, test,
} from './harness.mjs';
import { bigText } from '../../scripts/big-text.mjs';

/** Pastes plain text without waiting for a result (the caller watches what happens). */
const dispatchPaste = (page, text) => page.evaluate((t) => {
  const dt = new DataTransfer();
  dt.setData('text/plain', t);
  document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
}, text);

/** The seeds as the cleaner keeps them (see scripts/big-text.mjs), from the page's own core. */
const cleanSeeds = (page) => page.evaluate((texts) => Promise.all(texts.map((t) =>
  window.newsmarkSelfTest.call('annotate', { input: { text: t }, clean: true }).then((d) => d.text))), seeds.map((s) => s.text));

// ---------- 9.2: progress, Cancel, size limit ----------

test('robust 1: a big document shows stage-by-stage progress, and Cancel stops it mid-way', async () => {
  await withPage(async (page) => {
    // 0.2 MB: the page draws a document in time that grows faster than its size (0.2 MB ~6 s,
    // see scripts/measure-page.mjs), so bigger ones are timed there, not here.
    const clean = await cleanSeeds(page);
    const text = bigText(2e5, clean);
    page.setDefaultTimeout(60000);
    const t0 = Date.now();
    // Watch the bar from the page's own thread (free: the core runs in the worker).
    await page.evaluate(() => {
      window.__seen = [];
      const bar = document.getElementById('busy-progress');
      window.__watch = setInterval(() => {
        const busy = document.getElementById('busy');
        if (!bar.hidden) window.__seen.push({ value: bar.value, label: busy.textContent });
      }, 10);
    });
    const doc = await paste(page, { text });
    const seen = await page.evaluate(() => { clearInterval(window.__watch); return window.__seen; });
    console.log(`     0.2 MB pasted, annotated and drawn in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const values = [...new Set(seen.map((s) => s.value))];
    assert(values.length >= 3, `progress moved through ${JSON.stringify(values)} only`);
    assert(values.every((v, i) => i === 0 || v > values[i - 1]), `progress went back: ${values}`);
    assert(seen.some((s) => /finding names \(\d+ %\)/.test(s.label)), `no stage in the busy text: ${seen.map((s) => s.label).slice(-3)}`);
    assert(await page.isHidden('#busy-progress'), 'the bar stays after the end');
    // The harness's checkDocument slices the text once per span (fine for an article, minutes
    // for 5,000 spans): check the big one's offsets against one code point array instead.
    const cps = [...doc.text];
    const off = [...doc.entities, ...doc.quotes].filter((a) => cps.slice(a.start, a.end).join('') !== a.text);
    assert(off.length === 0, `offsets off: ${off.slice(0, 3).map((a) => a.id)}`);
    assert(doc.entities.length > 1000, `${doc.entities.length} entities in 0.2 MB`);
    assert(doc.text.length > 0.95 * text.length, 'the cleaner dropped much of the big text');

    // Cancel once the core is inside the entity stage: a real click from outside. 2 MB keeps
    // the core busy for seconds, so the click lands before it is done.
    await dispatchPaste(page, bigText(2e6, clean));
    await page.waitForFunction(() => document.getElementById('busy-progress').value >= 0.15);
    await page.click('#btn-cancel');
    await page.waitForFunction(() => !document.getElementById('busy').classList.contains('on'), null, { timeout: 3000 });
    assert(await page.evaluate(() => window.newsmarkSelfTest.doc().id) === doc.id, 'the cancelled document was opened');
    assert(await page.isHidden('#busy-progress'), 'the bar stays after Cancel');
    assert((await alertText(page)) === '', `cancel showed an error: ${await alertText(page)}`);
    const next = await paste(page, { text: 'Angela Merkel visited Paris on Tuesday.' });
    assert(next.entities.length > 0, 'no annotation after a cancel');
  });
});

test('robust 2: a paste over the size limit is refused with the reason and what to do', async () => {
  await withPage(async (page) => {
    const doc = await paste(page, { text: seed000.text });
    // 10 MiB + a little, built in the page (no 10 MB string over the wire).
    await page.evaluate(() => {
      const text = 'Angela Merkel visited Paris. '.repeat(Math.ceil((10 * 1048576 + 10) / 29));
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.querySelector('[role=alert]').textContent !== '', null, { timeout: 30000 });
    const msg = await alertText(page);
    assert(/10\.\d MB.*up to 10 MB.*split it/.test(msg), `message: ${msg}`);
    assert(await page.evaluate(() => window.newsmarkSelfTest.doc().id) === doc.id, 'the open document changed');
    await page.evaluate(() => { document.querySelector('[role=alert]').textContent = ''; });
  });
});

// ---------- 9.5: Unicode torture set ----------

const unicodeDir = join(projectRoot, 'tests/fixtures/unicode');
/** The stored cases plus the two the tests build (see tests/fixtures/unicode/README.md). */
function unicodeCases() {
  const cases = readdirSync(unicodeDir).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => ({ name: f, text: readFileSync(join(unicodeDir, f), 'utf8') }));
  // Names at both ends, plain words with emoji and CJK between (a mark every few characters
  // would time the page's drawing, which scripts/measure-page.mjs does, not this test).
  const head = 'Angela Merkel said “yes” to Paris, ';
  const tail = ' and Emmanuel Macron agreed.';
  const filler = 'the talks went on 👍🏽 and on 北京 ';
  const middle = [...filler.repeat(Math.ceil(100000 / [...filler].length))].slice(0, 100000 - [...head].length - [...tail].length).join('');
  cases.push({ name: 'long line', text: head + middle + tail });
  // What a clipboard can hold: JS strings with unpaired surrogates (high alone, low alone).
  cases.push({ name: 'lone surrogates', text: 'Vladimir Putin \uD83D met Xi Jinping \uDE00 in Moscow. “We agree,” Putin said.\n\nEnd \uD800' });
  return cases;
}

test('robust 3: the Unicode torture set renders, marks sit right, exports keep offsets', async () => {
  await withPage(async (page) => {
    for (const c of unicodeCases()) {
      let doc;
      try {
        doc = await paste(page, { text: c.text });
        const problems = checkDocument(doc);
        assert(problems.length === 0, problems.slice(0, 3).join('\n'));
        assert(doc.text.length > 0, 'nothing kept');
        await checkMarks(page, doc);
        // Exports: doccano in code points and in UTF-16 units cuts out each entity's text.
        for (const utf16 of [false, true]) {
          const bad = await page.evaluate(async ({ d, utf16 }) => {
            const f = await window.newsmarkSelfTest.call('exportFile', { docs: d, format: 'doccano', options: { suggested: true, utf16 } });
            const line = JSON.parse(new TextDecoder().decode(f.bytes));
            const cut = (s, e) => (utf16 ? d.text.slice(s, e) : [...d.text].slice(s, e).join(''));
            // Entities first, in order; then quotes and speaker mentions (matched by text).
            const quoted = new Set(d.quotes.flatMap((q) => [q.text, q.speaker && q.speaker.text]));
            return line.entities.map((e, i) => [cut(e.start_offset, e.end_offset), i < d.entities.length ? d.entities[i].text : null])
              .filter(([got, want]) => (want === null ? !quoted.has(got) : got !== want));
          }, { d: doc, utf16 });
          assert(bad.length === 0, `doccano (utf16 ${utf16}) offsets: ${JSON.stringify(bad.slice(0, 2))}`);
        }
      } catch (err) {
        throw new Error(`${c.name}: ${err.message}`);
      }
    }
    // The JSON file a person downloads re-imports with the same text and annotations.
    await page.keyboard.press('a');
    const shown = await page.evaluate(() => window.newsmarkSelfTest.doc());
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-export')]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    const key = (d) => JSON.stringify([d.text, d.entities.map((e) => [e.id, e.start, e.end, e.label, e.status, e.text])]);
    assert(key(exported) === key(shown), 'export differs from the page');
    assert(checkDocument(exported).length === 0, 'exported document invalid');
  });
});

// ---------- 9.3: hostile HTML ----------

/** Every way we know of for pasted HTML to run script, fetch or navigate, around a real article. */
function hostileHtml(text) {
  const paras = htmlParagraphs(text);
  return [
    '<html><head><title>Xi and Putin hold a video call</title>',
    '<meta http-equiv="refresh" content="0;url=/pwned-refresh">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="/pwned-link.css"><link rel="prefetch" href="/pwned-prefetch">',
    '<style>@import url("/pwned-import.css"); body { background: url(/pwned-css.png) }</style>',
    '<script>window.__pwned = "script"</script><script src="/pwned.js"></script>',
    '</head><body onload="window.__pwned = \'body onload\'">',
    '<img src="/pwned-img.png" onerror="window.__pwned = \'img onerror\'">',
    '<img srcset="/pwned-srcset.png 1x"><video poster="/pwned-poster.png"></video>',
    '<svg onload="window.__pwned = \'svg onload\'"><image href="/pwned-svg.png"/></svg>',
    '<iframe srcdoc="<script>parent.__pwned = \'srcdoc\'</script>"></iframe>',
    '<object data="/pwned-object"></object><embed src="/pwned-embed">',
    '<div style="background-image: url(\'/pwned-inline.png\')">',
    '<a href="javascript:window.__pwned = \'javascript link\'">Read more</a>',
    ...paras,
    '<form action="/pwned-form"><button formaction="javascript:window.__pwned = 1">Go</button></form>',
    '<details open ontoggle="window.__pwned = \'ontoggle\'"><summary>x</summary></details>',
    '</div></body></html>',
  ].join('\n');
}

test('robust 4: hostile HTML (script, handlers, javascript:, srcdoc, CSS url(), meta refresh) never runs or fetches', async () => {
  await withPage(async (page, context) => {
    const fetched = [];
    context.on('request', (r) => { if (/pwned/.test(r.url())) fetched.push(r.url()); });
    const url = page.url();
    const html = hostileHtml(seed000.text);
    const doc = await paste(page, { text: seed000.text, html });
    // Dropped as a file too: the same cleaner, the same guarantees.
    await page.evaluate((h) => {
      const dt = new DataTransfer();
      dt.items.add(new File([h], 'hostile.html', { type: 'text/html' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, html);
    const dropped = await waitForDoc(page, doc.id);
    // Give a refresh, a handler or a late load the time to happen.
    await page.waitForTimeout(1500);
    assert(await page.evaluate(() => window.__pwned) === undefined, `pasted HTML ran: ${await page.evaluate(() => window.__pwned)}`);
    assert(fetched.length === 0, `pasted HTML fetched ${fetched.join(', ')}`);
    assert(page.url() === url, `the page navigated to ${page.url()}`);
    for (const d of [doc, dropped]) {
      assert(d.entities.length > 3, `${d.id}: the article text was not annotated`);
      assert(!/__pwned|pwned-|javascript:/.test(d.text), `${d.id}: markup or script leaked into the text`);
      assert(checkDocument(d).length === 0, `${d.id}: invalid document`);
    }
    const leaked = await page.evaluate(() => {
      const root = document.getElementById('doc');
      const tags = root.querySelectorAll('script, style, link, meta, base, img, svg, iframe, object, embed, video, form, a[href]').length;
      const attrs = [...root.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name) || /url\(|javascript:/i.test(a.value))).length;
      return { tags, attrs };
    });
    assert(leaked.tags === 0 && leaked.attrs === 0, `markup reached the DOM: ${JSON.stringify(leaked)}`);
    await checkMarks(page, dropped);
  });
});

// ---------- 9.4: the browser killed in the middle of a review ----------

/** Starts Debian's chromium on a profile directory; returns {browser, kill}. */
async function startChromium(profile) {
  const proc = spawn('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-port=0',
    `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const ws = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${err}`)), 20000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\S+)/.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  const browser = await chromium.connectOverCDP(ws);
  const exited = new Promise((r) => proc.once('exit', r));
  // Chromium's helpers (zygote, GPU, network, storage services) run in the browser's process group:
  // killing only the browser leaves them writing the profile, which then cannot be reopened or removed.
  // `detached` gives chromium a group of its own; the kill takes the whole group at once.
  const killGroup = () => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* already gone */ } };
  return { browser, kill: async () => { killGroup(); await exited; await waitGroupGone(proc.pid); } };
}

/** Resolves once no process is left in the group `pgid` (checked with signal 0), at most 10 s. */
async function waitGroupGone(pgid) {
  for (let i = 0; i < 100; i++) {
    try { process.kill(-pgid, 0); } catch { return; }
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('robust 5: a browser killed mid-review (no unload, no clean exit) reopens with the last completed action saved', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'newsmark-profile-'));
  let run = null;
  try {
    run = await startChromium(profile);
    let page = await run.browser.contexts()[0].newPage();
    await page.goto(`${env.origin}/`);
    await page.waitForFunction(() => document.getElementById('version').textContent !== '');
    const doc = await paste(page, { text: seed000.text });
    // accept, accept, reject: three actions, each completed when its IndexedDB write commits
    // (read back from the store here, as the reopened page will).
    const done = [];
    for (const key of ['a', 'a', 'x']) {
      const id = await activeId(page);
      await page.keyboard.press(key);
      done.push([id, key === 'a' ? 'accepted' : 'rejected']);
      // Read as the reopened page reads it: the record with its journal (store.js).
      await page.waitForFunction(async ([docId, annId, status]) => {
        const { get } = await import('./store.js');
        const d = (await get(docId))?.doc;
        return Boolean(d) && [...d.entities, ...d.quotes].some((x) => x.id === annId && x.status === status);
      }, [doc.id, ...done[done.length - 1]]);
    }
    // Kill the renderer first (no pagehide, no unload, no last save), then the whole browser.
    const cdp = await page.context().newCDPSession(page);
    const crashed = page.waitForEvent('crash', { timeout: 10000 });
    cdp.send('Page.crash').catch(() => {}); // never answers: the page is gone
    await crashed;
    await run.kill();
    run = null;

    run = await startChromium(profile);
    page = await run.browser.contexts()[0].newPage();
    await page.goto(`${env.origin}/`);
    await page.waitForFunction((id) => window.newsmarkSelfTest?.doc()?.id === id, doc.id, { timeout: 15000 });
    const back = await page.evaluate(() => window.newsmarkSelfTest.doc());
    const all = [...back.entities, ...back.quotes];
    for (const [id, status] of done) {
      const got = all.find((x) => x.id === id)?.status;
      assert(got === status, `${id} is ${got} after the crash, was ${status}`);
    }
    assert(all.filter((x) => x.status !== 'suggested').length === done.length, 'other annotations changed');
    assert(checkDocument(back).length === 0, 'the restored document is invalid');
    assert((await alertText(page)) === '', `message after reopening: ${await alertText(page)}`);
  } finally {
    if (run) await run.kill();
    // The whole process group is gone by now; retries only cover a slow file system.
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
});
