// Shared harness of the browser tests (run.mjs runs every *.test.mjs file in this folder):
// seeds, the clipboard-HTML wrapper, Document schema/offset checks (offsets in code points,
// as the Document states), and withPage(), which fails a test on any console error, page
// error, HTTP error or request to another origin (the page must never talk to the network).

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const projectRoot = resolve(here, '../..');
// NEWSMARK_DIST lets a mutated copy be served to check that the harness catches failures.
export const dist = resolve(process.env.NEWSMARK_DIST || join(projectRoot, 'dist'));
export const SCREENSHOT = '/tmp/newsmark-page.png';

// ---------- inputs ----------

export function loadSeeds() {
  // NEWSMARK_SEEDS=/nowhere runs on the bundled fixtures, as CI without the shared seeds does.
  const shared = process.env.NEWSMARK_SEEDS || resolve(projectRoot, '../shared/seeds');
  const dir = existsSync(shared) && readdirSync(shared).some((f) => f.endsWith('.txt')) ? shared : join(here, 'fixtures');
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  return { dir, seeds: files.map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') })) };
}

export const { dir: seedDir, seeds } = loadSeeds();
export const seed000 = seeds.find((s) => s.name.startsWith('000')) || seeds[0];

export const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Each non-blank line of `text` as an escaped `<p>` element. */
export const htmlParagraphs = (text) =>
  text.split(/\n+/).filter((p) => p.trim()).map((p) => `<p>${escapeHtml(p)}</p>`);

/** The article as a browser would put it on the clipboard: paragraphs plus page junk. */
export function asHtml(text) {
  const paras = htmlParagraphs(text);
  return [
    '<html><head><title>Xi and Putin hold a video call</title>',
    '<script>window.__pwned=1</script></head><body>',
    '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>',
    '<article><h1>Xi and Putin hold a video call</h1>',
    '<img src=x onerror="window.__pwned=1">',
    '<img src="https://tracker.example/pixel.gif">',
    ...paras,
    '<div class="share">Share on Facebook · Share on X · Email</div>',
    '</article><footer>© 2025 Example News. All rights reserved.</footer>',
    '<iframe src="https://ads.example/"></iframe>',
    '</body></html>',
  ].join('\n');
}

// ---------- checks ----------

export const cpSlice = (text, s, e) => [...text].slice(s, e).join('');
export const STATUS = ['suggested', 'accepted', 'rejected'];
export const SOURCE = ['model', 'rule', 'dictionary', 'user'];
export const KIND = ['speech', 'scare', 'title', 'term'];

/** Schema and offset checks of an exported Document; returns a list of problems. */
export function checkDocument(doc) {
  const p = [];
  const need = (cond, msg) => cond || p.push(msg);
  const isStr = (v) => typeof v === 'string';
  const isInt = (v) => Number.isInteger(v) && v >= 0;
  const strOrNull = (v) => v === null || v === undefined || isStr(v);
  need(isStr(doc.schema) && doc.schema.startsWith('newsmark.document/'), `schema ${doc.schema}`);
  need(isStr(doc.id) && doc.id.length > 0, 'id');
  need(isStr(doc.text), 'text');
  need(doc.offsets === 'codepoints', `offsets ${doc.offsets}`);
  need(doc.meta && typeof doc.meta === 'object', 'meta');
  for (const k of ['title', 'byline', 'date', 'site']) need(strOrNull(doc.meta?.[k]), `meta.${k}`);
  need(Array.isArray(doc.entities) && Array.isArray(doc.quotes) && Array.isArray(doc.removed), 'arrays');
  const n = [...doc.text].length;
  const span = (what, s) => {
    if (!need(s && isInt(s.start) && isInt(s.end) && s.start < s.end && s.end <= n, `${what}: bad span ${s?.start}..${s?.end}`)) return;
    need(s.text === cpSlice(doc.text, s.start, s.end), `${what}: text ${JSON.stringify(s.text)} != ${JSON.stringify(cpSlice(doc.text, s.start, s.end))}`);
  };
  for (const e of doc.entities) {
    span(`entity ${e.id}`, e);
    need(isStr(e.id) && isStr(e.label) && typeof e.score === 'number', `entity ${e.id} fields`);
    need(SOURCE.includes(e.source) && STATUS.includes(e.status), `entity ${e.id} source/status`);
  }
  for (const q of doc.quotes) {
    span(`quote ${q.id}`, q);
    need(isStr(q.id) && KIND.includes(q.kind) && typeof q.score === 'number', `quote ${q.id} fields`);
    need(SOURCE.includes(q.source) && STATUS.includes(q.status), `quote ${q.id} source/status`);
    need(q.speaker === null || typeof q.speaker === 'object', `quote ${q.id} speaker`);
    if (q.speaker) {
      span(`speaker of ${q.id}`, q.speaker);
      need(strOrNull(q.speaker.entity) && strOrNull(q.speaker.name), `speaker of ${q.id} fields`);
    }
    if (q.cue) span(`cue of ${q.id}`, q.cue);
  }
  for (const r of doc.removed) need(isStr(r.text) && isStr(r.reason) && isInt(r.at), 'removed block');
  return p;
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// ---------- harness ----------

/** Set by run.mjs before any test runs: the launched browser and the served origin. */
export const env = { browser: null, origin: '' };

export async function withPage(fn) {
  const context = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  const onConsole = (m) => {
    const line = `console.${m.type()}: ${m.text()}`;
    // Worker messages may arrive through both the page and the worker: report each once.
    if ((m.type() === 'error' || m.type() === 'assert') && !problems.includes(line)) problems.push(line);
  };
  page.on('console', onConsole);
  page.on('worker', (w) => w.on('console', onConsole));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  context.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('blob:') || url.startsWith('data:')) return;
    if (new URL(url).origin !== env.origin) problems.push(`request to another origin: ${url}`);
  });
  context.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  page.setDefaultTimeout(15000);
  try {
    await page.goto(`${env.origin}/`);
    // The worker answers "version" once the WASM core is up.
    await page.waitForFunction(() => document.getElementById('version').textContent !== '');
    await fn(page, context);
    // Let late console errors (e.g. from the worker) arrive before judging.
    await page.waitForTimeout(50);
    // A test that expects an error message clears it; anything left is unexpected.
    const left = await alertText(page);
    if (left) problems.push(`error message on the page: ${left}`);
  } catch (err) {
    // Report what the browser said too: it usually explains the failure.
    throw new Error([err.message, ...problems].join('\n'));
  } finally {
    await context.close();
  }
  if (problems.length) throw new Error(problems.join('\n'));
}

export async function paste(page, data) {
  const before = await page.evaluate(() => window.newsmarkSelfTest.doc()?.id ?? null);
  await page.evaluate(({ text, html }) => {
    const dt = new DataTransfer();
    if (text) dt.setData('text/plain', text);
    if (html) dt.setData('text/html', html);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, data);
  return waitForDoc(page, before);
}

/** Waits until a document other than `previousId` is shown and the worker is idle. */
export async function waitForDoc(page, previousId) {
  await page.waitForFunction(
    (prev) => {
      const d = window.newsmarkSelfTest.doc();
      return d && (d.id !== prev || prev === null) && !document.getElementById('busy').classList.contains('on');
    },
    previousId,
  );
  return page.evaluate(() => window.newsmarkSelfTest.doc());
}

/** Waits until every change is in IndexedDB (what a reload will read). */
export const waitSaved = (page) => page.waitForFunction(() =>
  window.newsmarkSelfTest.flushed() && document.getElementById('saved').dataset.state === 'saved');

export const activeId = (page) => page.evaluate(() => document.activeElement?.dataset?.id ?? null);
export const alertText = (page) => page.evaluate(() => document.querySelector('[role=alert]').textContent);

/** Every annotation's DOM text (all fragments joined) equals its text, and it has its label. */
export async function checkMarks(page, doc) {
  const bad = await page.evaluate((d) => {
    const out = [];
    const textOf = (id) => [...document.querySelectorAll(`#doc-text [data-id="${CSS.escape(id)}"]`)]
      .map((e) => e.textContent).join('');
    for (const e of d.entities) {
      const head = document.querySelector(`#doc-text .ent[data-id="${CSS.escape(e.id)}"][data-part="0"]`);
      if (!head) { out.push(`no mark for ${e.id}`); continue; }
      if (textOf(e.id) !== e.text) out.push(`${e.id}: DOM ${JSON.stringify(textOf(e.id))} != ${JSON.stringify(e.text)}`);
      const label = head.getAttribute('aria-label');
      if (label !== `${e.label}, ${e.status}: ${e.text}`) out.push(`${e.id}: aria-label ${label}`);
      if (getComputedStyle(head, '::after').content.indexOf(e.label) < 0) out.push(`${e.id}: label not drawn`);
    }
    for (const q of d.quotes) {
      if (!document.querySelector(`#doc-text .quote[data-id="${CSS.escape(q.id)}"]`)) out.push(`no mark for ${q.id}`);
    }
    const paraText = [...document.querySelectorAll('#doc-text .para')].map((p) =>
      [...p.childNodes].map(function walk(n) {
        if (n.nodeType === 3) return n.data;
        if (n.classList && n.classList.contains('chip')) return '';
        return [...n.childNodes].map(walk).join('');
      }).join('')).join('');
    if (paraText !== d.text.replace(/\n\n+/g, '').replace(/^\n+|\n+$/g, '')) out.push('paragraph text differs from the document text');
    return out;
  }, doc);
  assert(bad.length === 0, bad.slice(0, 5).join('\n'));
}

/**
 * Clicks a quote's own words, as a person would: a point on a character of the quote that is
 * not inside an entity mark (a quote may start with a name, and wraps over lines).
 */
export async function clickQuote(page, id) {
  const point = await page.evaluate((qid) => {
    const q = document.querySelector(`#doc-text .quote[data-id="${qid}"][data-part="0"]`);
    for (const n of q.childNodes) {
      if (n.nodeType !== 3) continue;
      const i = n.data.search(/\S/);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + 1);
      r.startContainer.parentElement.scrollIntoView({ block: 'center' });
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }
    return null;
  }, id);
  assert(point, `quote ${id} has no words of its own to click`);
  await page.mouse.click(point.x, point.y);
  assert(await activeId(page) === id, `clicking quote ${id} did not select it (focus on ${await activeId(page)})`);
}

/** Selects occurrence `nth` (from 0) of `needle` in the article text, as a mouse drag would. */
export async function selectText(page, needle, nth = 0) {
  const ok = await page.evaluate(([needle, nth]) => {
    const body = document.getElementById('doc-text');
    const nodes = [];
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement.closest('.chip') ? NodeFilter.FILTER_SKIP : NodeFilter.FILTER_ACCEPT),
    });
    let all = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push({ n, at: all.length });
      all += n.data;
    }
    let i = all.indexOf(needle);
    for (let k = 0; k < nth && i >= 0; k++) i = all.indexOf(needle, i + 1);
    if (i < 0) return false;
    const point = (u) => {
      const hit = nodes.filter((x) => x.at <= u).pop();
      return [hit.n, u - hit.at];
    };
    const r = document.createRange();
    r.setStart(...point(i));
    r.setEnd(...point(i + needle.length));
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
    return true;
  }, [needle, nth]);
  assert(ok, `cannot find ${needle} in the article`);
}


// ---------- registry ----------

/** Every registered test, in file then declaration order; run.mjs filters and runs them. */
export const tests = [];
export const test = (name, fn) => tests.push({ name, fn });
