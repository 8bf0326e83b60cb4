// Editing in the review, as a user does it, keys first: resize a span by a token (keys and
// drag handles), add without snapping, delete, pick a speaker from the entities, not-a-quote,
// label key 0 and the label picker, apply to all occurrences (this document and all saved
// ones), undo/redo across all of it, the ? overlay, and the latency of each action.
// Offsets in code points throughout (the Document's unit); UTF-16 appears only in the DOM.

import { readFileSync } from 'node:fs';
import {
  seed000,
  seeds,
  checkDocument,
  checkMarks,
  assert,
  withPage,
  paste,
  activeId,
  alertText,
  selectText,
  test,
} from './harness.mjs';

const same = (a, b, what) => assert(JSON.stringify(a) === JSON.stringify(b), `${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
const cpOf = (text, needle, nth = 0) => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert(i >= 0, `no ${needle} in the text`);
  return [...text.slice(0, i)].length;
};
const getDoc = (page) => page.evaluate(() => window.newsmarkSelfTest.doc());
const entityById = async (page, id) => (await getDoc(page)).entities.find((e) => e.id === id) || null;

/** Moves with j, or k when it is behind (keys only), until annotation `id` is current. */
async function goTo(page, id) {
  for (let i = 0; i < 300 && (await activeId(page)) !== id; i++) {
    // From the current annotation (focus may be elsewhere, e.g. on the title after a click).
    const key = await page.evaluate((target) => {
      const order = [...document.querySelectorAll('#doc-text .ann[data-part="0"]')].map((e) => e.dataset.id);
      const cur = document.querySelector('#doc-text .ann.current[data-part="0"]');
      const at = cur ? order.indexOf(cur.dataset.id) : -1;
      return order.indexOf(target) < at ? 'k' : 'j';
    }, id);
    await page.keyboard.press(key);
  }
  assert(await activeId(page) === id, `cannot reach ${id} with j/k`);
}

/** The document is still valid: schema/offset checks, marks on the page, and the core agrees. */
async function valid(page) {
  const doc = await getDoc(page);
  const problems = checkDocument(doc);
  assert(problems.length === 0, problems.slice(0, 5).join('\n'));
  await checkMarks(page, doc);
  const back = await page.evaluate(async () => {
    const { call, doc: d } = window.newsmarkSelfTest;
    const json = await call('export', { docs: d(), format: 'json' });
    return call('import', { content: json }).then(() => 'ok', (err) => err.message);
  });
  assert(back === 'ok', `the core rejects the edited document: ${back}`);
  return doc;
}

test('review unit: tokens, resize steps, bounds, delete, not-a-quote, occurrences', async () => {
  const { tokensNear, stepEdge, snapEdge, setTokenSource, tokensFor, tokensNow } = await import('../../www/tokens.js');
  const E = await import('../../www/edit.js');
  // The page snaps to the core's own tokens (the worker's `tokens` request); here the same
  // WASM function runs in Node.
  const core = await import('../../pkg/newsmark.js');
  core.initSync({ module: readFileSync(new URL('../../pkg/newsmark_bg.wasm', import.meta.url)) });
  let fetches = 0;
  setTokenSource(async (s) => { fetches++; return core.tokens(s); });
  const text = '😀 Vladimir Putin\'s U.S. trip cost $1,000 — 习近平 said "yes"... 🇨🇳 e\u0301t';
  const cps = [...text];
  assert(tokensNow(text) === null, 'no tokens before they are fetched');
  const flat = await tokensFor(text);
  await tokensFor(text);
  same([fetches, tokensNow(text) === flat], [1, true], 'fetched once per text');
  const toks = tokensNear(flat, 0, cps.length);
  same(toks.map(([a, b]) => cps.slice(a, b).join('')),
    ['😀', 'Vladimir', 'Putin', "'s", 'U.S.', 'trip', 'cost', '$', '1,000', '—', '习近平', 'said', '"', 'yes', '"', '...', '🇨🇳', 'e\u0301t'], 'tokens');
  same(stepEdge(toks, 2, 10, 'end', 1), [2, 16], 'end +1');
  same(stepEdge(toks, 2, 16, 'end', -1), [2, 10], 'end -1');
  same(stepEdge(toks, 11, 16, 'start', -1), [2, 16], 'start -1');
  same(stepEdge(toks, 2, 16, 'start', 1), [11, 16], 'start +1');
  same([stepEdge(toks, 2, 10, 'start', 1), stepEdge(toks, 2, 10, 'end', -1)], [null, null], 'one token cannot shrink');
  same([snapEdge(toks, 13, 'end'), snapEdge(toks, 13, 'start'), snapEdge(toks, 11, 'end')], [16, 11, 10], 'snap');
  // A window of a long text is a run of the whole text's tokens around the range.
  const long = `😀 ${seed000.text}`.repeat(3);
  const longFlat = core.tokens(long);
  const all = tokensNear(longFlat, 0, [...long].length, 0);
  for (const at of [0, 500, 1234, [...long].length - 10]) {
    const near = tokensNear(longFlat, at, at + 5, 8);
    const i = all.findIndex((x) => x[0] === near[0][0]);
    assert(i >= 0 && near.every((x, k) => all[i + k] && all[i + k].join() === x.join()), `window at ${at}`);
    assert(near.some((x) => x[0] <= at && x[1] > at) || near.some((x) => x[0] >= at), `window at ${at} covers the range`);
  }

  const t = '😀 Putin met 习近平. Putin said “yes”, Putins no. Vladimir Putin left.\n习近平 too';
  const span = (s, n = 0) => [cpOf(t, s, n), cpOf(t, s, n) + [...s].length];
  const ent = (id, s, label, n = 0) => ({ id, start: span(s, n)[0], end: span(s, n)[1], label, text: s, score: 0.5, source: 'model', status: 'suggested' });
  const doc = {
    text: t,
    entities: [ent('e1', 'Putin', 'PERSON'), ent('e2', 'Vladimir Putin', 'PERSON'), ent('e3', '习近平', 'GPE', 1)],
    quotes: [{ id: 'q1', start: cpOf(t, '“'), end: cpOf(t, '”') + 1, text: '“yes”', kind: 'speech', status: 'suggested', source: 'rule', score: 0.5, speaker: null }],
  };
  const r = E.labelOccurrences(doc, 'Putin', 'PERSON');
  // The second "Putin" is new; "Putins" is not a whole word; the one in "Vladimir Putin" overlaps.
  same([r.added.length, r.relabelled.length], [1, 0], 'occurrences of Putin');
  const r2 = E.labelOccurrences(doc, '习近平', 'PERSON');
  same([r2.added.length, r2.relabelled], [1, ['e3']], 'occurrences after an astral character');
  for (const e of doc.entities) same([...t].slice(e.start, e.end).join(''), e.text, `offsets of ${e.id}`);
  const cands = E.speakerCandidates(doc, 'q1');
  assert(cands[0].text === 'Putin' && cands.every((c) => c.label === 'PERSON'), `candidates ${JSON.stringify(cands)}`);
  same(E.setSpeakerEntity(doc, 'q1', 'e2'), null, 'speaker from entity');
  same([doc.quotes[0].speaker.entity, doc.quotes[0].speaker.text], ['e2', 'Vladimir Putin'], 'speaker link');
  // Resizing the linked entity moves the speaker mention with it.
  same(E.setBounds(doc, 'e2', span('Putin', 2)[0], span('Putin', 2)[1]), null, 'shrink');
  same([doc.quotes[0].speaker.text, doc.quotes[0].speaker.entity], ['Putin', 'e2'], 'speaker follows the entity');
  assert(E.setBounds(doc, 'q1', span('Putin', 1)[0], span('yes')[1] + 1) === null, 'grow quote to the left');
  assert(E.setBounds(doc, 'q1', span('Putin', 2)[0], span('left')[1]) !== null, 'a quote cannot take in its speaker');
  same([E.setBounds(doc, 'e1', 0, span('met')[1]), doc.entities[0].text], [null, '😀 Putin met'], 'resize over an emoji');
  assert(E.setBounds(doc, 'e1', 0, [...t].length) !== null, 'an entity cannot run over a line break');
  same(E.removeAnnotation(doc, 'e2'), null, 'delete');
  same(doc.quotes[0].speaker.entity, null, 'a deleted entity is no longer a speaker');
  same(E.notAQuote(doc, 'q1'), null, 'not a quote');
  same([doc.quotes[0].status, doc.quotes[0].speaker], ['rejected', null], 'not-a-quote state');
});

test('review r1: resize an entity by a token with Shift/Alt + arrows on emoji/CJK text, undo/redo', async () => {
  await withPage(async (page) => {
    const text = '😀 习近平 greeted Vladimir Putin in Moscow on Monday 🇨🇳 before lunch.\n\nThe talks went well.';
    const doc = await paste(page, { text });
    const putin = doc.entities.find((e) => e.text.endsWith('Putin'));
    assert(putin, `Putin not tagged: ${doc.entities.map((e) => e.text).join(', ')}`);
    await goTo(page, putin.id);
    const cur = () => entityById(page, putin.id);
    const vp = [cpOf(text, 'Vladimir'), cpOf(text, 'Putin') + 5];
    // Get to "Vladimir Putin" first, whatever the model found.
    if (putin.start !== vp[0]) await page.keyboard.press(putin.start > vp[0] ? 'Alt+ArrowLeft' : 'Alt+ArrowRight');
    let e = await cur();
    same([e.start, e.end, e.text], [vp[0], vp[1], 'Vladimir Putin'], 'start');
    await page.keyboard.press('Shift+ArrowRight');
    e = await cur();
    same([e.start, e.end, e.text, e.status, e.source], [vp[0], cpOf(text, ' Moscow'), 'Vladimir Putin in', 'accepted', 'user'], 'end +1');
    const said = await page.locator('#announce').textContent();
    assert(said === `${e.label}, accepted: Vladimir Putin in`, `screen reader told ${said}`);
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Alt+ArrowRight');
    e = await cur();
    same([e.start, e.end, e.text], [cpOf(text, 'Putin'), vp[1], 'Putin'], 'start +1');
    assert(await activeId(page) === putin.id, 'the resized entity is no longer current');
    // Growing to the left over an astral emoji and CJK: code points, not UTF-16 units.
    await page.keyboard.press('Alt+ArrowLeft');
    await page.keyboard.press('Alt+ArrowLeft');
    await page.keyboard.press('Alt+ArrowLeft');
    e = await cur();
    same([e.start, e.text], [2, '习近平 greeted Vladimir Putin'], 'over CJK');
    // Entities the span now covers are replaced (entities never overlap).
    const d = await valid(page);
    assert(!d.entities.some((x) => x.id !== putin.id && x.start < e.end && e.start < x.end), 'overlap left');
    const dom = await page.evaluate((id) => [...document.querySelectorAll(`#doc-text [data-id="${id}"]`)].map((n) => n.textContent).join(''), putin.id);
    assert(dom === e.text, `DOM ${dom}`);
    // One token cannot get shorter; the message says so and goes away on the next move.
    for (let i = 0; i < 6; i++) await page.keyboard.press('Alt+ArrowRight');
    e = await cur();
    same(e.text, 'Putin', 'shrunk to the last token');
    assert((await alertText(page)).includes('shorter'), `message: ${await alertText(page)}`);
    // Undo walks back every resize (the three that failed changed nothing), redo forward again.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
    same((await cur()).text, '习近平 greeted Vladimir Putin', 'undo');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
    same((await cur()).text, 'Putin', 'undo 2');
    await page.keyboard.press('Control+z');
    same((await cur()).text, 'Vladimir Putin', 'undo 3');
    await page.keyboard.press('Control+z');
    same((await cur()).text, 'Vladimir Putin in', 'undo 4');
    await page.keyboard.press('Control+z');
    same((await cur()).text, 'Vladimir Putin', 'undo 5');
    assert(await activeId(page) === putin.id, 'undo did not keep the entity current');
    await page.keyboard.press('Control+Shift+z');
    same((await cur()).text, 'Vladimir Putin in', 'redo');
    await valid(page);
  });
});

/** Drags the handle on `edge` of the current mark to the end/start of `needle` (occurrence nth). */
async function dragHandle(page, edge, needle, nth = 0) {
  const pts = await page.evaluate(([edge, needle, nth]) => {
    const h = document.querySelector(`#doc-text .handle-${edge}`);
    if (!h) return null;
    const body = document.getElementById('doc-text');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement.closest('.chip') ? NodeFilter.FILTER_SKIP : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    let all = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push({ n, at: all.length });
      all += n.data;
    }
    let i = -1;
    for (let k = 0; k <= nth; k++) i = all.indexOf(needle, i + 1);
    const u = edge === 'end' ? i + needle.length - 1 : i; // a point on the first/last character
    const hit = nodes.filter((x) => x.at <= u).pop();
    const r = document.createRange();
    r.setStart(hit.n, u - hit.at);
    r.setEnd(hit.n, u - hit.at + 1);
    const b = r.getBoundingClientRect();
    const hb = h.getBoundingClientRect();
    return { from: { x: hb.left + hb.width / 2, y: hb.top + hb.height / 2 }, to: { x: edge === 'end' ? b.right - 1 : b.left + 1, y: b.top + b.height / 2 } };
  }, [edge, needle, nth]);
  assert(pts, `no ${edge} handle on the current annotation`);
  await page.mouse.move(pts.from.x, pts.from.y);
  await page.mouse.down();
  await page.mouse.move((pts.from.x + pts.to.x) / 2, pts.to.y, { steps: 3 });
  await page.mouse.move(pts.to.x, pts.to.y, { steps: 3 });
  await page.mouse.up();
}

test('review r2: drag handles resize an entity and a quote with the mouse (snapped, undoable)', async () => {
  await withPage(async (page) => {
    const text = '𝒳 Yesterday Vladimir Putin met Xi Jinping in Moscow. “We agree on everything,” said Putin after the talks with the Chinese leader.';
    const doc = await paste(page, { text });
    const putin = doc.entities.find((e) => e.text.includes('Putin'));
    assert(putin, 'Putin not tagged');
    // Click selects; the handles appear on the selected mark only.
    await page.click(`#doc-text .ent[data-id="${putin.id}"][data-part="0"]`);
    assert(await page.locator('#doc-text .handle').count() === 2, 'no two handles on the selected mark');
    await dragHandle(page, 'end', 'Xi'); // half a word away still snaps to whole tokens
    let e = await entityById(page, putin.id);
    same([e.start, e.text], [cpOf(text, putin.text), `${putin.text} met Xi`], 'drag end');
    await dragHandle(page, 'start', 'Yesterday');
    e = await entityById(page, putin.id);
    same([e.start, e.text], [2, 'Yesterday Vladimir Putin met Xi'], 'drag start over an astral character');
    await page.keyboard.press('Control+z');
    same((await entityById(page, putin.id)).text, `${putin.text} met Xi`, 'undo drag');
    await page.keyboard.press('Control+z');
    same((await entityById(page, putin.id)).text, putin.text, 'undo drag 2');
    // Quotes too: pull the quote's end back over the closing mark and comma.
    const q = doc.quotes[0];
    assert(q, 'no quote');
    await goTo(page, q.id);
    await dragHandle(page, 'end', 'everything');
    const nowQ = (await getDoc(page)).quotes.find((x) => x.id === q.id);
    same(nowQ.text, q.text.slice(0, q.text.indexOf('everything') + 10), 'drag quote end');
    // Shift+→ gives back what the drag took, a token at a time.
    for (let i = 0; i < 3 && (await getDoc(page)).quotes.find((x) => x.id === q.id).text !== q.text; i++) {
      await page.keyboard.press('Shift+ArrowRight');
    }
    same((await getDoc(page)).quotes.find((x) => x.id === q.id).text, q.text, 'quote end by keys');
    await valid(page);
  });
});

test('review r3: add without snapping (Shift+N, checkbox), delete by key, undo', async () => {
  await withPage(async (page) => {
    const text = 'Yesterday the 🌊 harbour board met Marguerite Okonkwo-Vance near the old pier.\n\nShe said nothing.';
    await paste(page, { text });
    const user = async () => (await getDoc(page)).entities.filter((e) => e.source === 'user');
    await selectText(page, 'konkwo-Van');
    await page.keyboard.press('Shift+N');
    let u = await user();
    same(u.map((e) => [e.text, e.start]), [['konkwo-Van', cpOf(text, 'konkwo')]], 'unsnapped add');
    assert(await activeId(page) === u[0].id, 'the new entity is not current');
    await valid(page);
    // Delete removes it; undo brings it back, redo removes it again.
    await page.keyboard.press('Delete');
    same((await user()).length, 0, 'Delete');
    await page.keyboard.press('Control+z');
    same((await user()).map((e) => e.text), ['konkwo-Van'], 'undo delete');
    await page.keyboard.press('Backspace');
    same((await user()).length, 0, 'Backspace');
    // The checkbox does the same for the button; with it on, the button snaps.
    await page.uncheck('#snap');
    await selectText(page, 'arbour boa');
    await page.click('#btn-add');
    same((await user()).map((e) => e.text), ['arbour boa'], 'button without snapping');
    await page.check('#snap');
    await selectText(page, 'ld pi');
    await page.click('#btn-add');
    same((await user()).map((e) => e.text), ['arbour boa', 'old pier'], 'button with snapping');
    // A span over an emoji by keys: code points.
    await selectText(page, '🌊 h');
    await page.keyboard.press('Shift+N');
    const wave = (await user()).find((e) => e.text.startsWith('🌊'));
    assert(wave && wave.start === cpOf(text, '🌊') && wave.text === '🌊 h', `emoji add ${JSON.stringify(wave)}`);
    // Unsnapped, a selection may cross a paragraph break: refused, with a reason.
    await selectText(page, 'pier.\n\nShe');
    await page.keyboard.press('Shift+N');
    assert((await alertText(page)).includes('line break'), `message: ${await alertText(page)}`);
    same((await user()).length, 3, 'an entity over a line break was added');
    await page.keyboard.press('j'); // moving on clears the message
    await valid(page);
  });
});

test('review r4: speaker by picking an entity (list and click), not-a-quote, undo across relations', async () => {
  await withPage(async (page) => {
    const text = 'Vladimir Putin met Xi Jinping in Moscow on Monday. “We agree on everything,” said Putin after the talks, and Xi Jinping nodded.';
    const doc = await paste(page, { text });
    const q = doc.quotes[0];
    assert(q, 'no quote found');
    const xi = doc.entities.find((e) => e.text === 'Xi Jinping');
    const vp = doc.entities.find((e) => e.text === 'Vladimir Putin');
    assert(xi && vp, `entities: ${doc.entities.map((e) => e.text).join(', ')}`);
    const quote = async () => (await getDoc(page)).quotes.find((x) => x.id === q.id);
    await goTo(page, q.id);
    // s with nothing selected: a list of entities, filter by typing, Enter picks.
    await page.keyboard.press('s');
    assert(await page.locator('.picker').isVisible(), 'no speaker picker');
    await page.keyboard.type('xi');
    const options = await page.locator('.picker [role=option]').allTextContents();
    assert(options.length === 1 && options[0].startsWith('Xi Jinping'), `filtered options ${options}`);
    await page.keyboard.press('Enter');
    let now = await quote();
    assert(now.speaker && now.speaker.entity === xi.id && now.speaker.text === 'Xi Jinping', `speaker ${JSON.stringify(now.speaker)}`);
    assert(await page.locator('.picker').count() === 0, 'picker stayed open');
    assert(await activeId(page) === q.id, 'focus did not come back to the quote');
    const chip = await page.evaluate((id) => document.querySelector(`.chip[data-for="${id}"]`)?.textContent, q.id);
    assert(chip === 'Xi Jinping', `chip ${chip}`);
    // Esc closes without a change.
    await page.keyboard.press('s');
    await page.keyboard.press('Escape');
    assert(await page.locator('.picker').count() === 0 && (await quote()).speaker.entity === xi.id, 'Esc');
    // Pick mode: with the list open, click an entity in the article.
    await page.keyboard.press('s');
    await page.click(`#doc-text .ent[data-id="${vp.id}"]`);
    now = await quote();
    assert(now.speaker.entity === vp.id && now.speaker.name === 'Vladimir Putin', `clicked speaker ${JSON.stringify(now.speaker)}`);
    assert(await page.locator('.picker').count() === 0, 'picker stayed open after a click');
    // Deleting the speaker's entity keeps the speaker words but drops the link; undo restores both.
    await goTo(page, q.id);
    await page.keyboard.press('k');
    const before = await activeId(page);
    if (before === vp.id) {
      await page.keyboard.press('Delete');
      assert((await quote()).speaker.entity === null, 'link to a deleted entity');
      await page.keyboard.press('Control+z');
      assert((await quote()).speaker.entity === vp.id, 'undo restores the link');
    }
    // Not a quote: rejected, no speaker, hidden; undo brings the speaker link back.
    await goTo(page, q.id);
    await page.keyboard.press('q');
    now = await quote();
    same([now.status, now.speaker], ['rejected', null], 'not a quote');
    assert(await page.locator(`.chip[data-for="${q.id}"]`).count() === 0, 'chip left');
    await page.keyboard.press('Control+z');
    now = await quote();
    assert(now.status !== 'rejected' && now.speaker.entity === vp.id, `undo not-a-quote ${JSON.stringify(now)}`);
    await page.keyboard.press('Control+z');
    assert((await quote()).speaker.entity === xi.id, 'undo back to the picked speaker');
    await page.keyboard.press('Control+Shift+z');
    assert((await quote()).speaker.entity === vp.id, 'redo');
    // The export keeps the relation (JSON, lossless) and a rejected quote is left out elsewhere.
    await goTo(page, q.id);
    await page.keyboard.press('q');
    const csv = await page.evaluate(async () => {
      const { call, doc } = window.newsmarkSelfTest;
      const formats = (await call('formats')).map((f) => f[0]);
      return formats.includes('quotes-csv') ? call('exportFile', { docs: doc(), format: 'quotes-csv', options: {} }) : null;
    });
    if (csv) assert(!new TextDecoder().decode(Uint8Array.from(Object.values(csv.bytes))).includes('We agree'), 'a not-a-quote was exported');
    await valid(page);
  });
});

test('review r5: label key 0 and the label picker (filter, Enter; Esc cancels), on quotes the kinds', async () => {
  await withPage(async (page) => {
    const text = 'Vladimir Putin met Xi Jinping in Moscow on Monday. “We agree on everything,” said Putin.';
    const doc = await paste(page, { text });
    const e0 = doc.entities[0];
    await goTo(page, e0.id);
    await page.keyboard.press('0');
    let e = await entityById(page, e0.id);
    same([e.label, e.status, e.source], ['CARDINAL', 'accepted', 'user'], 'key 0');
    await page.keyboard.press('l');
    assert(await page.locator('.picker [role=option]').count() === 18, 'the picker does not list the 18 labels');
    await page.keyboard.type('art');
    await page.keyboard.press('Enter');
    e = await entityById(page, e0.id);
    same(e.label, 'WORK_OF_ART', 'picker');
    assert(await activeId(page) === e0.id, 'focus did not come back to the entity');
    await page.keyboard.press('l');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    same((await entityById(page, e0.id)).label, 'WORK_OF_ART', 'Esc changed the label');
    // A click elsewhere closes it too, changing nothing; the button opens it.
    await page.click('#btn-label');
    assert(await page.locator('.picker').isVisible(), 'the Label… button opens no picker');
    await page.click('#doc .meta');
    assert(await page.locator('.picker').count() === 0, 'a click outside left the picker open');
    same((await entityById(page, e0.id)).label, 'WORK_OF_ART', 'the outside click changed the label');
    await goTo(page, e0.id);
    await page.keyboard.press('Control+z');
    same((await entityById(page, e0.id)).label, 'CARDINAL', 'undo picker');
    const q = doc.quotes[0];
    if (q) {
      await goTo(page, q.id);
      await page.keyboard.press('l');
      await page.keyboard.type('ter');
      await page.keyboard.press('Enter');
      same((await getDoc(page)).quotes.find((x) => x.id === q.id).kind, 'term', 'quote kind by picker');
    }
    await valid(page);
  });
});

test('review r6: apply to all occurrences, in this document (undoable) and in all saved documents', async () => {
  await withPage(async (page) => {
    // A made-up name, several times, once glued into a longer word (not a whole-word match).
    const other = 'Nobody from Zorblat came to the meeting. Later, Zorblat said nothing, and the Zorblatian envoy left.';
    const first = await paste(page, { text: other });
    const text = 'Zorblat opened a factory in 😀 Lyon. Later Zorblat said the factory was Zorblat’s biggest. Zorblatian rivals laughed.';
    await paste(page, { text });
    await selectText(page, 'Zorblat');
    await page.keyboard.press('n');
    // LAW through the picker: a label the model would not give this name.
    await page.keyboard.press('l');
    await page.keyboard.type('law');
    await page.keyboard.press('Enter');
    const law = async () => (await getDoc(page)).entities.filter((e) => e.text === 'Zorblat' && e.label === 'LAW');
    await page.keyboard.press('o');
    const all = await law();
    same(all.map((e) => e.start), [0, cpOf(text, 'Zorblat', 1), cpOf(text, 'Zorblat', 2)], 'occurrences found (whole words)');
    same(all.map((e) => e.status), ['accepted', 'suggested', 'suggested'], 'as suggestions');
    assert((await page.locator('#notice').textContent()).includes('2 other occurrences'), 'no notice');
    await valid(page);
    // Undo takes the suggestions away, redo puts them back.
    await page.keyboard.press('Control+z');
    same((await law()).length, 1, 'undo');
    await page.keyboard.press('Control+Shift+z');
    same((await law()).length, 3, 'redo');
    // Shift+O (and its button) does it in every saved document too.
    await page.keyboard.press('Control+z');
    await goTo(page, all[0].id);
    await page.keyboard.press('Shift+O');
    await page.waitForFunction(() => document.getElementById('notice').textContent.includes('other document'));
    const notice = await page.locator('#notice').textContent();
    assert(notice.includes('2 suggestions in 1 other document'), `notice ${notice}`);
    same((await law()).length, 3, 'this document too');
    // The button does what o does: here nothing is left to label, and it says so.
    await page.click('#btn-occurrences');
    assert((await alertText(page)).includes('No other occurrence'), `button: ${await alertText(page)}`);
    same((await law()).length, 3, 'the button changed something');
    await page.keyboard.press('j');
    // The other document has them, saved in IndexedDB.
    const stored = () => page.evaluate(async (id) => {
      const { get } = await import('./store.js');
      const rec = await get(id);
      return rec ? rec.doc : null;
    }, first.id);
    let z = [];
    for (let i = 0; i < 50 && z.length < 2; i++) {
      const theirs = await stored();
      z = theirs ? theirs.entities.filter((e) => e.text === 'Zorblat' && e.label === 'LAW') : [];
      if (z.length < 2) await page.waitForTimeout(100);
    }
    same(z.map((e) => [e.start, e.status]), [[cpOf(other, 'Zorblat'), 'suggested'], [cpOf(other, 'Zorblat', 1), 'suggested']], 'other document');
    // And it opens with them from the document list.
    await page.locator('#doc-list button, #doc-list a').filter({ hasText: 'Nobody from' }).first().click();
    await page.waitForFunction((id) => window.newsmarkSelfTest.doc().id === id, first.id);
    same((await law()).length, 2, 'opened from the list');
  });
});

test('review r7: the ? overlay lists every editing key', async () => {
  await withPage(async (page) => {
    await paste(page, { text: seed000.text });
    await page.keyboard.press('?');
    const help = await page.locator('#help').textContent();
    for (const k of ['Shift+N', 'Shift+→', 'Alt+←', 'Delete', 'Backspace', 'Not a quote', 'pick an entity', '0 CARDINAL', 'Label picker', 'every other occurrence', 'every saved document', 'drag']) {
      assert(help.replace(/\s+/g, ' ').replace(/Shift\+?/g, 'Shift+').replace(/Alt\+?/g, 'Alt+').toLowerCase().includes(k.toLowerCase()), `help lacks ${k}`);
    }
    await page.keyboard.press('Escape');
  });
});

test('review r8: action latency on a 20,000-word article (printed, best of 3): handler under 250 ms, drawn within 750 ms, no long task over 200 ms', async () => {
  await withPage(async (page) => {
    page.setDefaultTimeout(120000); // annotating 20,000 words takes a while on a busy machine
    // About 20,000 words: the seeds again and again, as one article.
    const parts = [];
    for (let i = 0, words = 0; words < 20000; i++) {
      const t = seeds[i % seeds.length].text;
      parts.push(t);
      words += t.split(/\s+/).length;
    }
    // Annotated as given: the cleaner would drop the repeated paragraphs.
    await page.evaluate(() => { document.getElementById('clean').checked = false; });
    const doc = await paste(page, { text: parts.join('\n\n') });
    const n = doc.entities.length + doc.quotes.length;
    // Wait until lazy drawing has drawn every paragraph: "after load".
    await page.waitForFunction(() => !document.querySelector('#doc-text .chunk.pending'));
    await page.waitForTimeout(300);
    // Long tasks from here on (the article is loaded and drawn).
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(Math.round(e.duration)); })
        .observe({ type: 'longtask' });
    });
    const mid = doc.entities[Math.floor(doc.entities.length / 2)];
    // A quote in the second half with a PERSON before it (outside it) to link as its speaker.
    const quote = doc.quotes.find((q) => q.start > mid.end && doc.entities.some((e) => e.label === 'PERSON' && e.end <= q.start));
    assert(quote, 'no quote to link a speaker to');
    // Setup steps between timed keys, in the page: focus a mark (as a click does), select words.
    const focusMark = (id) => page.evaluate((i) => {
      const el = document.querySelector(`#doc-text [data-id="${i}"][data-part="0"]`);
      el.focus();
      return document.activeElement === el;
    }, id);
    const selectPlainWord = () => page.evaluate(() => {
      // A word of plain text (outside any mark) after the current annotation.
      const cur = document.querySelector('#doc-text .ann.current');
      const walker = document.createTreeWalker(document.getElementById('doc-text'), NodeFilter.SHOW_TEXT);
      walker.currentNode = cur;
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        if (t.parentElement.closest('.ann, .chip')) continue;
        const m = /\b[a-z]{5,}\b/.exec(t.data);
        if (!m) continue;
        const r = document.createRange();
        r.setStart(t, m.index);
        r.setEnd(t, m.index + m[0].length);
        getSelection().removeAllRanges();
        getSelection().addRange(r);
        return m[0];
      }
      return null;
    });
    const selectSpeaker = (q) => page.evaluate((qq) => {
      // The nearest PERSON mark before the quote, selected as words.
      const marks = [...document.querySelectorAll('#doc-text .ent[data-label="PERSON"][data-part="0"]')];
      const qEl = document.querySelector(`#doc-text [data-id="${qq}"][data-part="0"]`);
      const before = marks.filter((m) => m.compareDocumentPosition(qEl) & Node.DOCUMENT_POSITION_FOLLOWING && !qEl.contains(m));
      const m = before[before.length - 1];
      const r = document.createRange();
      r.selectNodeContents(m);
      getSelection().removeAllRanges();
      getSelection().addRange(r);
      return m.textContent;
    }, q);
    // Two times per key: the handler's own work (the key's event, synchronous), and from the
    // key to the end of the next frame (the change is drawn by then).
    const time = (key) => page.evaluate((k) => new Promise((resolve) => {
      const t0 = performance.now();
      const keys = k.split('+');
      const mods = keys.slice(0, -1);
      document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {
        key: keys[keys.length - 1], bubbles: true, cancelable: true,
        shiftKey: mods.includes('Shift'), altKey: mods.includes('Alt'), ctrlKey: mods.includes('Control'),
      }));
      const handler = performance.now() - t0;
      requestAnimationFrame(() => setTimeout(() => resolve([handler, performance.now() - t0]), 0));
    }), key);
    const out = {};
    const timed = async (what, key) => {
      await page.waitForTimeout(100); // let the autosave of the previous key finish
      const [h, f] = (await time(key)).map(Math.round);
      const o = out[what] || (out[what] = { h: Infinity, f: Infinity, worst: 0 });
      o.h = Math.min(o.h, h);
      o.f = Math.min(o.f, f);
      o.worst = Math.max(o.worst, f);
    };
    // Three rounds; the best of each shows the page's own cost (other jobs share this machine).
    // Long tasks too are kept per round: a task's length is wall time, which includes the time
    // the OS gave other processes, so the bound holds for the best round.
    const longByRound = [];
    for (let round = 0; round < 3; round++) {
      await page.evaluate(() => window.__long.splice(0));
      // Each round on other entities, so that no key finds its work already done.
      const fresh = doc.entities.filter((e) => e.status === 'suggested' && e.start > mid.end);
      assert(await focusMark(fresh[round * 4].id), 'cannot focus an entity');
      await timed('accept (a)', 'a');
      await timed('move (j)', 'j');
      assert(await focusMark(fresh[round * 4 + 2].id), 'cannot focus an entity');
      await timed('label (2-4)', String(2 + round));
      assert(await focusMark(mid.id), 'cannot focus the middle entity');
      await timed('resize end (Shift+→)', 'Shift+ArrowRight');
      await timed('resize start (Alt+←)', 'Alt+ArrowLeft');
      await timed('undo', 'Control+z');
      await timed('redo', 'Control+Shift+Z');
      // All occurrences, then undone: every round labels them again.
      assert(await focusMark(mid.id), 'cannot focus the middle entity');
      await timed('all occurrences (o)', 'o');
      await timed('undo all occurrences', 'Control+z');
      await timed('delete', 'Delete');
      await timed('undo delete', 'Control+z');
      assert(await selectPlainWord(), 'no plain word to add');
      await timed('add (n)', 'n');
      await timed('delete added', 'Delete');
      assert(await focusMark(quote.id), 'cannot focus the quote');
      await selectSpeaker(quote.id);
      await timed('link speaker (s)', 's');
      await timed('undo link', 'Control+z');
      await page.waitForTimeout(300);
      longByRound.push(await page.evaluate(() => window.__long.splice(0)));
    }
    const long = longByRound.flat();
    const bestRound = Math.min(...longByRound.map((l) => (l.length ? Math.max(...l) : 0)));
    const words = parts.join(' ').split(/\s+/).length;
    console.log(`     latency with ${n} annotations, ${words} words, best of 3 (handler / to next frame, worst): ${Object.entries(out).map(([k, o]) => `${k} ${o.h}/${o.f} ms (${o.worst})`).join(', ')}`);
    console.log(`     long tasks (over 50 ms) during the actions: ${long.length} in 3 rounds, longest ${long.length ? Math.max(...long) : 0} ms; longest in the best round ${bestRound} ms`);
    // Generous bounds for a loaded machine; a full redraw per edit (1-2 s here) fails them.
    for (const [k, o] of Object.entries(out)) assert(o.h < 250 && o.f < 750, `${k} took ${o.h} ms (${o.f} ms to the next frame)`);
    assert(bestRound < 200, `a main-thread task took ${bestRound} ms in every round`);
    await page.evaluate(() => document.getElementById('alert').replaceChildren());
    await page.evaluate(() => document.getElementById('notice').replaceChildren());
  });
});

/** The article's DOM after partial redraws equals a full drawing of the same document. */
async function sameAsFullRender(page, what) {
  const diff = await page.evaluate(async () => {
    const { renderDocument } = await import('./render.js');
    // Marks, text and chips, without the review's own state (current, handles, tab order).
    const shape = (root) => {
      const out = [];
      const walk = (n) => {
        if (n.nodeType === 3) { out.push(n.data); return; }
        if (n.classList.contains('handle')) return;
        const cls = [...n.classList].filter((c) => c !== 'current').sort().join('.');
        const attrs = ['data-id', 'data-part', 'data-label', 'data-for', 'aria-label', 'title'].map((a) => n.getAttribute(a)).join('|');
        out.push(`<${n.tagName}.${cls} ${attrs}>`);
        n.childNodes.forEach(walk);
        out.push(`</${n.tagName}>`);
      };
      walk(root);
      return out;
    };
    window.newsmarkSelfTest.drawAll();
    const doc = window.newsmarkSelfTest.doc();
    const box = document.createElement('div');
    renderDocument(box, doc, { all: true });
    const a = shape(document.getElementById('doc-text'));
    const b = shape(box.querySelector('#doc-text'));
    for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `at ${i}: page ${a[i]} != full ${b[i]}`;
    return null;
  });
  assert(diff === null, `${what}: partial redraw differs from a full one, ${diff}`);
}

test('review r9: partial redraws after edits (a quote stretched over a paragraph break too) equal a full drawing', async () => {
  await withPage(async (page) => {
    const doc = await paste(page, { text: seed000.text });
    // A quote with nothing in the way back to the previous paragraph: no quote, no speaker.
    const cps = [...doc.text];
    const q = doc.quotes.find((x, i) => {
      const brk = cps.lastIndexOf('\n', x.start);
      const prev = doc.quotes[i - 1];
      return brk > 0 && (!prev || prev.end < brk) && (!x.speaker || x.speaker.start > x.start || x.speaker.end < brk);
    });
    assert(q, 'seed 000 has no quote to stretch over a paragraph break');
    await goTo(page, q.id);
    // Stretch the quote's start token by token until it runs into the previous paragraph.
    let crossed = false;
    for (let i = 0; i < 300 && !crossed; i++) {
      await page.keyboard.press('Alt+ArrowLeft');
      crossed = await page.locator(`#doc-text .quote[data-id="${q.id}"]`).count() > 1;
      assert(!(await alertText(page)), `stretching: ${await alertText(page)}`);
    }
    assert(crossed, 'the quote did not reach the previous paragraph');
    await sameAsFullRender(page, 'stretched quote');
    // An edit next to it, in the later paragraph only: the quote's fragments there are drawn
    // again too, still numbered from the first paragraph.
    const brk = cps.lastIndexOf('\n', q.start);
    const end = cps.indexOf('\n', q.end) < 0 ? cps.length : cps.indexOf('\n', q.end);
    const near = (await getDoc(page)).entities.find((e) => e.start > brk && e.end < end && e.status !== 'rejected');
    assert(near, 'no entity in the quote\'s paragraph');
    await goTo(page, near.id);
    await page.keyboard.press('Shift+ArrowRight');
    await sameAsFullRender(page, 'edit next to a quote over two paragraphs');
    await page.keyboard.press('Control+z');
    await goTo(page, q.id);
    await page.keyboard.press('Alt+ArrowRight');
    await sameAsFullRender(page, 'quote back into one paragraph');
    // Entities: resize, delete, undo, label all, in the middle of the article.
    const mid = (await getDoc(page)).entities[Math.floor(doc.entities.length / 2)];
    await goTo(page, mid.id);
    await page.keyboard.press('Alt+ArrowLeft');
    await sameAsFullRender(page, 'resize');
    await page.keyboard.press('Delete');
    await sameAsFullRender(page, 'delete');
    await page.keyboard.press('Control+z');
    await sameAsFullRender(page, 'undo delete');
    await page.keyboard.press('Control+z');
    await sameAsFullRender(page, 'undo resize');
    await page.keyboard.press('o');
    await sameAsFullRender(page, 'all occurrences');
    await page.evaluate(() => document.getElementById('alert').replaceChildren()); // "no other occurrence" is fine
    await valid(page);
  });
});
