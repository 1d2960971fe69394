#!/usr/bin/env bash
# Repository benchmark: publish 10,000 targets into 1,024 succinct hashed bins with Tollgate's
# repository code (and the same catalog in one flat role for comparison), then let the npm tuf-js
# client refresh the binned repository served by 'tollgate repo serve' and count the metadata
# bytes it stored (what it downloaded, root excepted).
# Usage: bench/repo/run.sh [targets=10000] [bins=1024] [batch=500]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cd "$root"
targets="${1:-10000}"; bins="${2:-1024}"; batch="${3:-500}"
out="$root/bench/out/repo"
if [ ! -f cli/target/tollgate.jar ] || [ ! -d bench/target/classes/dev/tollgate/bench/repo ]; then
  mvn -B -q -DskipTests package
fi
cp="bench/target/classes:cli/target/tollgate.jar"
java -Xmx2g -cp "$cp" dev.tollgate.bench.repo.RepoPublishBench "$out" "$targets" "$bins" "$batch"

. "$root/bench/node-peers.sh"
node_modules="$(node_modules_with tuf-js tuf-js@5 "$root")"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
java -cp cli/target/tollgate.jar dev.tollgate.cli.Tollgate repo serve --repo "$out/binned" --port "$port" \
  > "$out/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q serving "$out/serve.log" 2>/dev/null && break; sleep 0.1; done
client="$out/tufjs-client"; rm -rf "$client"; mkdir -p "$client/targets"
cp "$out/binned/metadata/1.root.json" "$client/root.json"
start=$(date +%s%N)
node repo-server/src/test/resources/interop/tufjs-client.cjs "$node_modules" "http://127.0.0.1:$port/metadata" \
  "http://127.0.0.1:$port/targets" "$client" "$client/targets" "models/model-42/1.0.0/m42.bin" > "$out/tufjs.out"
end=$(date +%s%N)
bytes=$(find "$client" -maxdepth 1 -name '*.json' ! -name root.json -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "tuf-js (peer client) on the binned repository served by 'tollgate repo serve'"
echo "  cold refresh + lookup + download of one target: $(( (end - start) / 1000000 )) ms (node start-up included)"
echo "  metadata bytes stored by tuf-js (root excepted): $bytes"
grep -q '"found":true' "$out/tufjs.out" || { echo "tuf-js did not find the target" >&2; exit 1; }
