// Where the page's time goes on a long article: drives the served dist/ in Debian's chromium,
// pastes a ~20,000-word article (the seeds repeated), then presses the review keys given on
// the command line while the CPU profiler runs, and prints the functions with the most self
// time and the most total time. Not a test: a tool for finding what to make faster.
// usage: make dist && node scripts/profile-page.mjs [--mb N] [--load] [--tasks] [--scroll] [key ...]
//   (default keys: a j Shift+ArrowRight Control+z Delete; --mb N: an N MB article made by
//   big-text.mjs instead of 20,000 words; --load: profile from the paste on, so the drawing of
//   the article is in it; --tasks: instead of the profile, the main thread's
//   tasks over 80 ms from a Chrome trace, each with what took its time (decoding a message,
//   style, layout, GC, a function); --scroll: scroll from the top to the end in 30 steps)
import { openApp } from './open-app.mjs';
import { seedTexts, bigText } from './big-text.mjs';

const args = process.argv.slice(2);
const mbAt = args.indexOf('--mb');
const mb = mbAt >= 0 ? Number(args.splice(mbAt, 2)[1]) : 0;
const scroll = args.includes('--scroll');
const load = args.includes('--load');
const tasks = args.includes('--tasks');
const keys = args.filter((a) => a !== '--scroll' && a !== '--load' && a !== '--tasks');
if (!keys.length && !scroll && !load) keys.push('a', 'j', 'Shift+ArrowRight', 'Control+z', 'Delete');
const { page, browser, close } = await openApp(300000);
try {
  const seeds = seedTexts();
  const parts = [];
  if (mb) {
    const clean = await page.evaluate((texts) => Promise.all(texts.map((t) =>
      window.newsmarkSelfTest.call('annotate', { input: { text: t }, clean: true }).then((d) => d.text))), seeds);
    parts.push(bigText(mb * 1e6, clean));
  }
  for (let i = 0, words = 0; !mb && words < 20000; i++) {
    parts.push(seeds[i % seeds.length]);
    words += seeds[i % seeds.length].split(/\s+/).length;
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  // The text goes over before the profile starts: taking a long argument is the page's
  // longest task otherwise, and not the page's doing.
  await page.evaluate((t) => {
    window.__text = t;
  }, parts.join('\n\n'));
  if (load) await startProfile(browser, page, cdp);
  await page.evaluate(() => {
    const t = window.__text;
    delete window.__text;
    document.getElementById('clean').checked = false;
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.querySelector('#doc-text .ann') && !document.getElementById('busy').classList.contains('on'));
  if (!mb) await page.waitForFunction(() => !document.querySelector('#doc-text .chunk.pending'));
  else await page.waitForTimeout(2000);
  await page.evaluate(() => {
    const all = document.querySelectorAll('#doc-text .ent[data-part="0"]');
    all[Math.floor(all.length / 2)].focus();
  });
  if (!load) await startProfile(browser, page, cdp);
  await pressKeys(page);
  if (tasks) printTasks(JSON.parse((await browser.stopTracing()).toString()));
  else printProfile((await cdp.send('Profiler.stop')).profile);
} finally {
  await close();
}

// The renderer main thread's tasks over 80 ms in a Chrome trace, in time order, each with the
// events inside it that took over 15 ms (nested ones too: the innermost name says most).
function printTasks(trace) {
  const events = trace.traceEvents || trace;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const spans = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const long = spans.filter((e) => e.name === 'RunTask' && e.dur > 80000).sort((a, b) => a.ts - b.ts);
  for (const t of long) {
    console.log(`task ${Math.round(t.dur / 1000)} ms at ${Math.round((t.ts - long[0].ts) / 1000)} ms`);
    for (const e of spans) {
      if (e === t || e.name === 'RunTask' || e.dur < 15000 || e.ts < t.ts || e.ts + e.dur > t.ts + t.dur) continue;
      const d = (e.args && e.args.data) || {};
      const fn = d.functionName ? ` ${d.functionName} ${(d.url || '').split('/').pop()}:${d.lineNumber}` : '';
      console.log(`  ${String(Math.round(e.dur / 1000)).padStart(5)} ms +${Math.round((e.ts - t.ts) / 1000)} ${e.name}${d.type ? ` ${d.type}` : ''}${fn}`);
    }
  }
}

// The CPU profiler, or with --tasks a Chrome trace.
function startProfile(browser, page, cdp) {
  if (tasks) return browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'] });
  return cdp.send('Profiler.start');
}

// Scrolls (--scroll) and presses the keys three times.
async function pressKeys(page) {
  for (let i = 0; scroll && i <= 30; i++) {
    await page.evaluate((f) => window.scrollTo(0, f * document.documentElement.scrollHeight), i / 30);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  for (let round = 0; round < 3; round++) {
    for (const k of keys) {
      await page.keyboard.press(k);
      await page.waitForTimeout(150);
    }
  }
}

// The functions with the most self time and the most total time in a CPU profile.
function printProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  const counts = new Map();
  profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) || 0) + (dt[i] || 0)));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const name = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const total = new Map();
  for (const [id, us] of counts) {
    const n = byId.get(id);
    self.set(name(n), (self.get(name(n)) || 0) + us);
    const seen = new Set();
    for (let x = id; x; x = parent.get(x)) {
      const nm = name(byId.get(x));
      if (seen.has(nm)) continue;
      seen.add(nm);
      total.set(nm, (total.get(nm) || 0) + us);
    }
  }
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `  ${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`).join('\n');
  console.log(`${mb ? `${mb} MB, ` : ''}${load ? 'load, ' : ''}${scroll ? 'scroll, ' : ''}keys ${keys.join(' ')} x3\nself time:\n${top(self)}\ntotal time:\n${top(total)}`);
}
