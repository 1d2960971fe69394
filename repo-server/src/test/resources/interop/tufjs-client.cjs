// Refreshes a TUF repository with the npm tuf-js client and downloads targets.
// usage: node tufjs-client.cjs <node_modules> <metadataBaseUrl> <targetBaseUrl> <metadataDir> <outDir> <targetPath>...
// metadataDir must hold the trusted root as root.json. Prints one JSON line per target.
const path = require('path');
const [modules, metadataBaseUrl, targetBaseUrl, metadataDir, outDir, ...targets] = process.argv.slice(2);
const { Updater } = require(path.join(modules, 'tuf-js'));

(async () => {
  const updater = new Updater({ metadataDir, metadataBaseUrl, targetDir: outDir, targetBaseUrl });
  await updater.refresh();
  for (const target of targets) {
    const info = await updater.getTargetInfo(target);
    if (!info) {
      console.log(JSON.stringify({ path: target, found: false }));
      continue;
    }
    const file = await updater.downloadTarget(info, path.join(outDir, path.basename(target)));
    console.log(JSON.stringify({ path: target, found: true, file, length: info.length, custom: info.custom }));
  }
})().catch((e) => {
  console.error('tuf-js: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
