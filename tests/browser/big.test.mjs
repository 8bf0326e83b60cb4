// A 2 MB article in the page (issue 9: long documents are drawn without freezing the page):
// time from the paste to the first marks on screen, lazy drawing (placeholders far from the
// screen), a jump to the last annotation (drawn on demand), scrolling to the end and review
// keys there, with the main thread's long tasks recorded and printed.

import { seedTexts, bigText } from '../../scripts/big-text.mjs';
import { withPage, waitForDoc, assert, alertText, test } from './harness.mjs';

const MB = Number(process.env.NEWSMARK_BIG_MB || 2);

/** Long tasks (over 50 ms) from now on, kept in window.__long as {at, ms}. */
const watchLongTasks = (page) => page.evaluate(() => {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ at: Math.round(e.startTime), ms: Math.round(e.duration) });
  }).observe({ type: 'longtask' });
});
const takeLongTasks = (page) => page.evaluate(() => window.__long.splice(0));
const longest = (tasks) => tasks.reduce((m, t) => Math.max(m, t.ms), 0);
// Two frames: whatever the last step caused has been drawn.
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test(`big 1: a ${MB} MB article: first marks in seconds, drawn lazily, no task over 500 ms as it arrives; jumping to the end and review keys keep every task under 200 ms, scrolling under 500 (printed)`, async () => {
  await withPage(async (page) => {
    page.setDefaultTimeout(600000);
    // The seeds as the cleaner returns them (a raw seed ends in page furniture), made long.
    const clean = await page.evaluate((texts) => Promise.all(texts.map((t) =>
      window.newsmarkSelfTest.call('annotate', { input: { text: t }, clean: true }).then((d) => d.text))), seedTexts());
    const text = bigText(MB * 1e6, clean);
    // The text is handed to the page first: receiving a 10 MB argument from the test is a
    // long task of its own (0.6 s), and not the page's.
    await page.evaluate((t) => {
      window.__bigText = t;
    }, text);
    await watchLongTasks(page);
    // Paste, then wait frame by frame for the first mark on screen. (The test hooks that copy
    // the whole document are not used here: on 2 MB they would be long tasks of their own.)
    const load = await page.evaluate(async () => {
      const t = window.__bigText;
      delete window.__bigText;
      const t0 = performance.now();
      // When the core is done (its "sending" stage, 97 %: from then on the document comes
      // over) and when the worker's answer is in (the progress bar goes, app.js annotateCall).
      let answered = 0;
      let sending = 0;
      const bar = document.getElementById('busy-progress');
      new MutationObserver((records, observer) => {
        if (!sending && bar.value >= 0.97) sending = performance.now();
        if (!bar.hidden) return;
        answered = performance.now();
        observer.disconnect();
      }).observe(bar, { attributes: true, attributeFilter: ['hidden', 'value'] });
      const dt = new DataTransfer();
      dt.setData('text/plain', t);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      return new Promise((resolve) => {
        const poll = () => {
          const mark = document.querySelector('#doc-text .ann');
          if (mark && mark.getBoundingClientRect().top < innerHeight && !document.getElementById('busy').classList.contains('on')) {
            resolve({
              seconds: (performance.now() - t0) / 1000,
              afterAnswer: answered ? performance.now() - answered : NaN,
              sending: sending || answered,
              chunks: document.querySelectorAll('#doc-text .chunk').length,
              pending: document.querySelectorAll('#doc-text .chunk.pending').length,
              marks: document.querySelectorAll('#doc-text .ann').length,
            });
          } else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      });
    });
    // The paste and the worker's run (the page only shows progress) vs the document's arrival.
    const allLoadTasks = await takeLongTasks(page);
    const loadTasks = allLoadTasks.filter((t) => t.at + t.ms > load.sending);
    const pasteTasks = allLoadTasks.filter((t) => t.at + t.ms <= load.sending);
    assert(load.pending > 0, `the whole ${MB} MB article was drawn at once (${load.chunks} chunks)`);
    // Let the first save and the idle drawing settle a little: "after load" starts here.
    await page.waitForTimeout(2000);
    const settleTasks = await takeLongTasks(page);

    // Jump to the last annotation (as "jump to quote" does): drawn on demand, then focused.
    const jump = await page.evaluate(() => {
      const all = window.newsmarkSelfTest.lastIds();
      const id = all[all.length - 1];
      const t0 = performance.now();
      window.newsmarkSelfTest.select(id);
      const ms = performance.now() - t0;
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return { ms, ok: el.dataset.id === id, onScreen: r.bottom > 0 && r.top < innerHeight, label: el.getAttribute('aria-label') };
    });
    await frames(page);
    assert(jump.ok && jump.onScreen, `the last annotation is not focused on screen: ${JSON.stringify(jump)}`);
    assert(/^[A-Z_]+, suggested: |^Quote \(/.test(jump.label || ''), `its accessible name: ${jump.label}`);
    // Review keys there: move back and forth, accept, undo.
    for (const key of ['k', 'k', 'j', 'a', 'k', 'Control+z', 'x', 'Control+z']) {
      await page.keyboard.press(key);
      await frames(page);
    }
    const keyTasks = await takeLongTasks(page);
    // Scroll from the top to the end in steps, as a reader dragging the scroll bar would.
    const steps = 30;
    for (let i = 0; i <= steps; i++) {
      await page.evaluate((f) => window.scrollTo(0, f * document.documentElement.scrollHeight), i / steps);
      await frames(page);
    }
    const scrollTasks = await takeLongTasks(page);
    const usedTasks = [...keyTasks, ...scrollTasks];
    const after = await page.evaluate(() => ({
      pending: document.querySelectorAll('#doc-text .chunk.pending').length,
      chunks: document.querySelectorAll('#doc-text .chunk').length,
      lastVisible: (() => {
        const paras = document.querySelectorAll('#doc-text .para');
        const r = paras[paras.length - 1]?.getBoundingClientRect();
        return Boolean(r && r.top < innerHeight);
      })(),
    }));
    console.log(`     ${MB} MB (${text.length} characters): first marks on screen ${load.seconds.toFixed(1)} s after the paste `
      + `(annotating included; ${load.marks} marks drawn, ${load.pending} of ${load.chunks} chunks still placeholders); `
      + `longest task as the document arrived ${longest(loadTasks)} ms, in the 2 s after ${longest(settleTasks)} ms; `
      + `jump to the last annotation ${Math.round(jump.ms)} ms; jumping and review keys there: ${keyTasks.length} long tasks, `
      + `longest ${longest(keyTasks)} ms; scrolling to the end: ${scrollTasks.length}, longest ${longest(scrollTasks)} ms `
      + `(${after.pending} chunks left undrawn)`);
    // The tasks over 50 ms while the document arrived (from the worker's answer to the first
    // screen, the list and the first save), longest first: what the page's setup costs.
    const top = (tasks) => [...tasks].sort((a, b) => b.ms - a.ms).slice(0, 6).map((t) => t.ms).join(', ');
    console.log(`     first marks ${Math.round(load.afterAnswer)} ms after the worker's answer; long tasks during the paste and the core's run: ${pasteTasks.length} (${top(pasteTasks)} ms); as the document arrived: ${loadTasks.length} (${top(loadTasks)} ms), in the 2 s after: ${settleTasks.length} (${top(settleTasks)} ms)`);
    assert(after.lastVisible, 'scrolled to the end, the last paragraph is not drawn');
    // Jumping and review keys: the bound, no task over 200 ms after load. Scrolling:
    // each step lands a thirtieth of the article further (a drag of the scroll bar, the worst
    // case), and the frame after it styles and lays out a fresh screen of marks; traced on this
    // shared 2-core machine that is 100-250 ms (style and layout of ~1,600 elements), so the
    // bound there is 500 ms: what it catches is drawing that is not lazy (seconds).
    // Arrival: the document crosses from the worker in pieces and the page's setup runs in
    // slices (render.js prepareView, slices.js), each well under 200 ms when measured; the
    // bound is generous for this loaded machine and catches a setup done in one piece again
    // (measured so before the slicing: 0.3-0.45 s for 2 MB, 1.5 s for 10 MB; after: under 0.25 s).
    const arrival = longest([...loadTasks, ...settleTasks]);
    assert(arrival < 500, `a main-thread task took ${arrival} ms while the ${MB} MB document arrived: ${top([...loadTasks, ...settleTasks])} ms`);
    assert(longest(keyTasks) < 200, `a main-thread task took ${longest(keyTasks)} ms after load: ${JSON.stringify(keyTasks)}`);
    assert(longest(scrollTasks) < 500, `a main-thread task took ${longest(scrollTasks)} ms while scrolling: ${JSON.stringify(scrollTasks)}`);
    assert(!(await alertText(page)), `message: ${await alertText(page)}`);
  });
});

test('big 2: a document of several pieces arrives whole and in order, reloads from its saved Blob, and Cancel stops the preparing of its view', async () => {
  await withPage(async (page) => {
    page.setDefaultTimeout(120000);
    const clean = await page.evaluate((texts) => Promise.all(texts.map((t) =>
      window.newsmarkSelfTest.call('annotate', { input: { text: t }, clean: true }).then((d) => d.text))), seedTexts());
    // 0.3 MB: about 7,000 annotations, two pieces and the answer (worker.js, PIECE).
    const text = bigText(3e5, clean);
    // What the core makes of it in one message, kept in the page (no big copies over the wire).
    const whole = await page.evaluate((t) => window.newsmarkSelfTest.call('annotate', { input: { text: t }, clean: true })
      .then((d) => {
        window.__whole = JSON.stringify({ entities: d.entities, quotes: d.quotes });
        return d.entities.length + d.quotes.length;
      }), text);
    assert(whole > 4000, `only ${whole} annotations: not more than one piece`);
    const sameAsWhole = () => page.evaluate(() => {
      const d = window.newsmarkSelfTest.doc();
      return JSON.stringify({ entities: d.entities, quotes: d.quotes }) === window.__whole;
    });
    await page.evaluate((t) => { window.__bigText = t; }, text);
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', window.__bigText);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await waitForDoc(page, null);
    assert(await sameAsWhole(), 'the document sent in pieces differs from the one sent whole');
    const id = await page.evaluate(() => window.newsmarkSelfTest.doc().id);
    // Saved (the record holds the worker's Blob), then read back after a reload.
    await page.waitForFunction(() => window.newsmarkSelfTest.flushed() && document.getElementById('saved').dataset.state === 'saved');
    const kept = await page.evaluate(() => window.__whole);
    await page.reload();
    await page.waitForFunction((i) => window.newsmarkSelfTest.doc()?.id === i, id);
    await page.evaluate((w) => { window.__whole = w; }, kept);
    assert(await sameAsWhole(), 'the document read back from its Blob record differs');

    // Cancel as soon as "Preparing the view…" shows: the new document is neither opened nor
    // added, the open one stays, no error.
    const count = await page.evaluate(() => window.newsmarkSelfTest.workspace().count);
    const other = bigText(2.5e5, clean.slice().reverse());
    await page.evaluate((t) => { window.__bigText = t; }, other);
    await page.evaluate(() => {
      const busy = document.getElementById('busy');
      new MutationObserver((records, observer) => {
        if (!/Preparing the view/.test(busy.textContent)) return;
        observer.disconnect();
        document.getElementById('btn-cancel').click();
      }).observe(busy, { childList: true, characterData: true, subtree: true });
      const dt = new DataTransfer();
      dt.setData('text/plain', window.__bigText);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.getElementById('announce').textContent === 'Cancelled.');
    await page.waitForFunction(() => !document.getElementById('busy').classList.contains('on'));
    assert(await page.evaluate(() => window.newsmarkSelfTest.doc().id) === id, 'the cancelled document was opened');
    assert(await page.evaluate(() => window.newsmarkSelfTest.workspace().count) === count, 'the cancelled document was added');
    assert(!(await alertText(page)), `message: ${await alertText(page)}`);
  });
});
