#!/usr/bin/env node
// Verifies a Sigstore bundle with @sigstore/verify (sigstore-js), the independent peer our
// interop test and benchmark compare against.
//
// node sigstore-js-verify.js --bundle B --artifact FILE --trusted-root T
//      (--identity I --issuer U | --key PUB.pem [--no-tlog]) [--iterations N]
// Exit 0 when the bundle verifies, 1 when it is refused (reason on stderr), 2 on bad usage.
// With --iterations N it verifies N more times after one warm-up and prints
// "verifications_per_second=<n> (per CPU second <m>)" (process CPU time: user + system).
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const modules = process.env.TOLLGATE_NODE_MODULES ||
  path.join(__dirname, '..', '..', '.ci', 'node', 'node_modules');
const { Verifier, toSignedEntity, toTrustMaterial } = require(path.join(modules, '@sigstore/verify'));
const { bundleFromJSON } = require(path.join(modules, '@sigstore/bundle'));
const { TrustedRoot } = require(path.join(modules, '@sigstore/protobuf-specs'));

const args = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const name = argv[i];
  if (name === '--no-tlog') { args.noTlog = true; continue; }
  if (!name.startsWith('--') || i + 1 >= argv.length) { console.error('usage: see header'); process.exit(2); }
  args[name.slice(2)] = argv[++i];
}
if (!args.bundle || !args.artifact || !args['trusted-root']) { console.error('usage: see header'); process.exit(2); }

try {
  const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(args.bundle, 'utf8')));
  const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(args['trusted-root'], 'utf8')));
  const artifact = fs.readFileSync(args.artifact);
  let keys = {};
  let policy;
  if (args.key) {
    const pem = fs.readFileSync(args.key, 'utf8');
    const der = crypto.createPublicKey(pem).export({ format: 'der', type: 'spki' });
    const hint = crypto.createHash('sha256').update(der).digest('base64');
    keys = { [hint]: { rawBytes: pem } };
  } else {
    policy = { subjectAlternativeName: args.identity, extensions: { issuer: args.issuer } };
  }
  const noTlog = !!args.noTlog;
  const verifier = new Verifier(toTrustMaterial(root, keys), noTlog
    ? { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }
    : {});
  const once = () => verifier.verify(toSignedEntity(bundle, artifact), policy);
  once();
  const n = parseInt(args.iterations || '0', 10);
  if (n > 0) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < n; i++) once();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(`verifications_per_second=${(n / seconds).toFixed(1)} (per CPU second ${(n / cpuSeconds).toFixed(1)})`);
  } else {
    console.log('verified');
  }
} catch (e) {
  console.error(`refused: ${e.code || e.name}: ${e.message}`);
  process.exit(1);
}
