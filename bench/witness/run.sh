#!/usr/bin/env bash
# Witness figures: add-checkpoint requests per second over loopback HTTP, from one client (each
# request one record more, consistency proof from the last size) and from CLIENTS concurrent clients
# (each its own log; then all on one log, which the witness serialises). Every cosignature is
# preceded by a durable state write (fsync of the file and its folder).
#   bash bench/witness/run.sh [REQUESTS] [CLIENTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
requests="${1:-2000}"
clients="${2:-16}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tollgate-witness-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Always rebuild: a stale jar would measure old code.
mvn -B -q -o -DskipTests package -pl bench,cli -am >&2
bench_jar="$(ls bench/target/tollgate-bench-*.jar | head -1)"

echo "== java: Tollgate witness ($(java -version 2>&1 | head -1)), $(nproc) cores, state on $(df --output=fstype "$work" | tail -1)"
java -cp "cli/target/tollgate.jar:$bench_jar" dev.tollgate.bench.witness.WitnessBench "$work/w" "$requests" "$clients"
