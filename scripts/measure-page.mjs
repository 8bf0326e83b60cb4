// Times annotating a big generated text in the real page (Debian chromium, dist/ served):
// paste -> worker annotates (with progress) -> the page draws. Prints seconds per size, the
// worker's and the page's share, and the worker's WASM memory afterwards.
// usage: make dist && node scripts/measure-page.mjs [MB...]   (default 0.1 0.25)
import { openApp } from './open-app.mjs';
import { bigText, seedTexts } from './big-text.mjs';

const sizes = process.argv.slice(2).map(Number);
const { page, close } = await openApp(600000);
try {
  const clean = await page.evaluate((texts) => Promise.all(texts.map((t) =>
    window.newsmarkSelfTest.call('annotate', { input: { text: t }, clean: true }).then((d) => d.text))), seedTexts());
  for (const mb of sizes.length ? sizes : [0.1, 0.25]) {
    const text = bigText(mb * 1e6, clean);
    const r = await page.evaluate(async (t) => {
      const t0 = performance.now();
      const doc = await window.newsmarkSelfTest.call('annotate', { input: { text: t }, clean: true });
      const t1 = performance.now();
      const dt = new DataTransfer();
      dt.setData('text/plain', t + '\n\nOnce more.');
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      await new Promise((ok) => {
        const poll = () => (document.getElementById('busy').classList.contains('on') ? setTimeout(poll, 20) : ok());
        setTimeout(poll, 20);
      });
      const t2 = performance.now();
      return { worker: (t1 - t0) / 1000, pageTotal: (t2 - t1) / 1000, entities: doc.entities.length, quotes: doc.quotes.length };
    }, text);
    const drawn = r.pageTotal - r.worker;
    console.log(`${mb} MB: worker annotate ${r.worker.toFixed(1)} s; paste->drawn ${r.pageTotal.toFixed(1)} s ` +
      `(drawing ~${drawn.toFixed(1)} s); ${r.entities} entities, ${r.quotes} quotes`);
  }
} finally {
  await close();
}
