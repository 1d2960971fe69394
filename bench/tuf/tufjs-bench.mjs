// The same operations as TufClientBench, through tuf-js: serve the repository's metadata on
// loopback, then time refresh() + getTargetInfo() with a fresh Updater per op, cold and warm.
// Usage: node tufjs-bench.mjs <out dir> <coldRuns> <warmRuns>   (NODE_PATH has tuf-js)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.join(process.env.NODE_PATH || '.', 'x.js'));
const { Updater } = require('tuf-js');

const [outDir, coldRuns, warmRuns] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const repoDir = path.join(outDir, 'repo');
const paths = fs.readFileSync(path.join(outDir, 'paths.txt'), 'utf8').trim().split('\n');
const root = fs.readFileSync(path.join(repoDir, 'metadata', '1.root.json'));

const server = http.createServer((req, res) => {
  const file = path.join(repoDir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-length': data.length });
    res.end(data);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

function fresh(name) {
  const dir = path.join(outDir, 'tufjs-cache', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'root.json'), root);
  return dir;
}

let peak = 0;
function sample() { peak = Math.max(peak, process.memoryUsage().heapUsed); }

async function op(dir, target) {
  const u = new Updater({ metadataBaseUrl: `${base}/metadata`, metadataDir: dir,
    targetDir: path.join(outDir, 'tufjs-targets'), targetBaseUrl: `${base}/targets` });
  await u.refresh();
  const info = await u.getTargetInfo(target);
  if (!info) throw new Error(`benchmark target missing: ${target}`);
  sample();
  return u;
}

// Heap one finished operation's updater still holds: heapUsed after a full GC with the updater
// reachable, minus the same before (taken the same way as Tollgate's figure).
async function retained(dir, target) {
  global.gc();
  const before = process.memoryUsage().heapUsed;
  const u = await op(dir, target);
  global.gc();
  const after = process.memoryUsage().heapUsed;
  return [after - before, u][0];
}

for (let i = 0; i < 5; i++) await op(fresh(`warmup-${i}`), paths[i % paths.length]);
if (global.gc) global.gc();
peak = 0;
let start = process.hrtime.bigint();
for (let i = 0; i < coldRuns; i++) await op(fresh(`cold-${i}`), paths[i]);
const coldMs = Number(process.hrtime.bigint() - start) / 1e6 / coldRuns;
const coldPeak = peak;

const warm = fresh('warm');
for (const p of paths) await op(warm, p);
if (global.gc) global.gc();
peak = 0;
start = process.hrtime.bigint();
for (let i = 0; i < warmRuns; i++) await op(warm, paths[i]);
const warmMs = Number(process.hrtime.bigint() - start) / 1e6 / warmRuns;
const warmPeak = peak;
const coldLive = await retained(fresh('live-cold'), paths[0]);
const warmLive = await retained(warm, paths[0]);
server.close();
console.log(`tuf-js   cold: ${coldMs.toFixed(2)} ms/op (${coldRuns} ops), peak heap ${(coldPeak / 1e6).toFixed(1)} MB, retained ${(coldLive / 1e6).toFixed(1)} MB`);
console.log(`tuf-js   warm: ${warmMs.toFixed(2)} ms/op (${warmRuns} ops), peak heap ${(warmPeak / 1e6).toFixed(1)} MB, retained ${(warmLive / 1e6).toFixed(1)} MB`);
fs.writeFileSync(path.join(outDir, 'tufjs-result.txt'), `${coldMs} ${warmMs} ${coldPeak} ${warmPeak} ${coldLive} ${warmLive}\n`);
