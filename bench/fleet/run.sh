#!/usr/bin/env bash
# Fleet simulation: N simulated devices (default 100,000) report to a real collector ('tollgate
# fleet serve', its own JVM, loopback) with bounded concurrency; a bad release's rollout must halt
# in the first steering cycle after its failure rate passes the gate, a good one must reach 100 %
# through its stages. Runs once on SQLite and once on PostgreSQL (a private server from Debian's
# binaries, as the tests start it). Prints ingest rate, steering decision time and collector memory.
# Usage: bench/fleet/run.sh [devices=100000] [concurrency=32] [cycle=100] [stores="sqlite postgres"]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cd "$root"
devices="${1:-100000}"; concurrency="${2:-32}"; cycle="${3:-100}"; stores="${4:-sqlite postgres}"
out="$root/bench/out/fleet"
mkdir -p "$out"
if [ ! -f cli/target/tollgate.jar ] || [ ! -d bench/target/classes/dev/tollgate/bench/fleet ] \
   || ! ls fleet-collector/target/tollgate-fleet-collector-*-tests.jar >/dev/null 2>&1; then
  mvn -B -q -DskipTests package
fi
cp="bench/target/classes:$(ls fleet-collector/target/tollgate-fleet-collector-*-tests.jar):cli/target/tollgate.jar"
for store in $stores; do
  echo "== $store =="
  java -Xmx3g -cp "$cp" dev.tollgate.bench.fleet.FleetBench "$out/$store" "$root/cli/target/tollgate.jar" \
    "$store" "$devices" "$concurrency" "$cycle"
done
