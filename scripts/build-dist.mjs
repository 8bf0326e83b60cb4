// Builds the servable site in dist/: www/ plus the WASM package in dist/pkg/, and fills in the
// service worker's build id (a hash of every asset) and asset list.
// usage: node scripts/build-dist.mjs
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'pkg'), { recursive: true });
cpSync(join(root, 'www'), dist, { recursive: true });
for (const f of ['newsmark.js', 'newsmark_bg.wasm']) cpSync(join(root, 'pkg', f), join(dist, 'pkg', f));

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}
const assets = files(dist).map((p) => relative(dist, p).split('\\').join('/')).filter((p) => p !== 'sw.js').sort();
const hash = createHash('sha256');
for (const a of assets) hash.update(a).update('\0').update(readFileSync(join(dist, a)));
const build = hash.digest('hex').slice(0, 16);
const sw = readFileSync(join(dist, 'sw.js'), 'utf8')
  .replace('__NEWSMARK_BUILD__', build)
  .replace('__NEWSMARK_ASSETS__', JSON.stringify(['./', ...assets]));
writeFileSync(join(dist, 'sw.js'), sw);
writeFileSync(join(dist, 'build.json'), JSON.stringify({ build, assets }, null, 2) + '\n');
console.log(`dist: ${assets.length} assets, build ${build}`);
