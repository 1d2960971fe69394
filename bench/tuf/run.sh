#!/usr/bin/env bash
# TUF client benchmark: Tollgate's client and tuf-js, same loopback repository (100,000 targets in
# succinct hashed bins), same operations (fresh updater: refresh + one target lookup), cold and
# warm metadata cache. Prints ms/op, peak heap and the tuf-js/Tollgate ratio.
# Usage: bench/tuf/run.sh [targets=100000] [bits=10] [coldRuns=20] [warmRuns=50]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cd "$root"
targets="${1:-100000}"; bits="${2:-10}"; cold="${3:-20}"; warm="${4:-50}"
out="$root/bench/out/tuf"
mkdir -p "$out"
if [ ! -f cli/target/tollgate.jar ] || [ ! -d bench/target/classes/dev/tollgate/bench/tuf ] \
   || ! ls tuf/target/tollgate-tuf-*-tests.jar >/dev/null 2>&1; then
  mvn -B -q -DskipTests package
fi
cp="bench/target/classes:$(ls tuf/target/tollgate-tuf-*-tests.jar):cli/target/tollgate.jar"
java -Xmx2g -cp "$cp" dev.tollgate.bench.tuf.TufClientBench "$targets" "$bits" "$cold" "$warm" "$out"

. "$root/bench/node-peers.sh"
node_modules="$(node_modules_with tuf-js tuf-js@5 "$root")"
NODE_PATH="$node_modules" node --expose-gc bench/tuf/tufjs-bench.mjs "$out" "$cold" "$warm"

read -r jc jw _ _ jrc jrw < "$out/java-result.txt"
read -r nc nw _ _ nrc nrw < "$out/tufjs-result.txt"
awk -v jc="$jc" -v jw="$jw" -v nc="$nc" -v nw="$nw" -v jrc="$jrc" -v jrw="$jrw" -v nrc="$nrc" -v nrw="$nrw" 'BEGIN {
  printf "ratio tuf-js/tollgate: cold %.2fx, warm %.2fx (above 1: tollgate is faster)\n", nc / jc, nw / jw
  printf "retained heap tollgate/tuf-js: cold %.2fx, warm %.2fx (goal: at most 1.5x)\n", jrc / nrc, jrw / nrw }'
