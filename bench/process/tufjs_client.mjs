// The TUF conformance CLIENT-CLI subset the process bench uses, on tuf-js (NODE_PATH has it):
//   node tufjs_client.mjs --metadata-dir DIR init ROOT
//   node tufjs_client.mjs --metadata-dir DIR --metadata-url URL --target-name P
//                         --target-base-url URL --target-dir DIR download
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.join(process.env.NODE_PATH || '.', 'x.js'));
const { Updater } = require('tuf-js');

const opts = {};
const rest = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i].startsWith('--')) opts[argv[i].slice(2)] = argv[++i];
  else rest.push(argv[i]);
}
const [command, root] = rest;
if (command === 'init') {
  fs.mkdirSync(opts['metadata-dir'], { recursive: true });
  fs.copyFileSync(root, path.join(opts['metadata-dir'], 'root.json'));
} else {
  fs.mkdirSync(opts['target-dir'], { recursive: true });
  const u = new Updater({ metadataBaseUrl: opts['metadata-url'], metadataDir: opts['metadata-dir'],
    targetBaseUrl: opts['target-base-url'], targetDir: opts['target-dir'] });
  await u.refresh();
  const info = await u.getTargetInfo(opts['target-name']);
  if (!info) { console.error(`${opts['target-name']}: not found`); process.exit(1); }
  if (!(await u.findCachedTarget(info))) await u.downloadTarget(info);
}
