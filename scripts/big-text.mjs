// A large, article-like plain text of a given size for the size, progress and memory checks:
// article paragraphs one after another, each numbered ("Part 12.") so that no two are the
// same. Give it the seeds as the cleaner returns them (annotate(...).text): a raw seed ends in
// page furniture (copyright, login lines), after which the cleaner drops everything, and the
// big text would shrink to one article. Deterministic: the same input gives the same text.
// usage (CLI, raw seeds): node scripts/big-text.mjs BYTES > big.txt
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** The seed texts: ../shared/seeds beside the project, else tests/browser/fixtures. */
export function seedTexts() {
  const shared = resolve(root, '../shared/seeds');
  const dir = existsSync(shared) && readdirSync(shared).some((f) => f.endsWith('.txt'))
    ? shared : join(root, 'tests/browser/fixtures');
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** About `bytes` bytes of UTF-8 (never more), paragraphs separated by blank lines. */
export function bigText(bytes, texts) {
  const paras = texts.flatMap((t) => t.split(/\n+/).map((p) => p.trim()).filter(Boolean));
  const out = [];
  let size = 0;
  for (let i = 0; ; i++) {
    const p = `Part ${i + 1}. ${paras[i % paras.length]}`;
    const n = Buffer.byteLength(p) + 2;
    if (size + n > bytes) break;
    out.push(p);
    size += n;
  }
  return out.join('\n\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(bigText(Number(process.argv[2] || 10e6), seedTexts()));
}
