#!/usr/bin/env bash
# Provenance log figures in one run: append throughput (per-record sync, group commit), inclusion
# proof time and full audit throughput at RECORDS records (default 1,000,000), peak heap per phase;
# then the peer, Go's golang.org/x/mod/sumdb/tlog, proving inclusion in a tree of the same size
# (hashes in memory, no files, no signature) for scale.
#   bash bench/provenance/run.sh [RECORDS] [HEAP]
set -euo pipefail
cd "$(dirname "$0")/../.."
records="${1:-1000000}"
heap="${2:-256m}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tollgate-prov-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Always rebuild: a stale jar would measure old code.
mvn -B -q -o -DskipTests package >&2
bench_jar="$(ls bench/target/tollgate-bench-*.jar | head -1)"

echo "== java: Tollgate provenance log, -Xmx$heap ($(java -version 2>&1 | head -1)), $(nproc) cores"
java -Xmx"$heap" -cp "cli/target/tollgate.jar:$bench_jar" dev.tollgate.bench.provenance.ProvenanceBench \
  "$work/logs" "$records"

if command -v go >/dev/null && [ -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog ]; then
  echo "== go: golang.org/x/mod/sumdb/tlog ($(go version | cut -d' ' -f3))"
  GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/gocache" GOFLAGS= \
    go build -o "$work/tlogvectors" provenance/src/test/go/tlogvectors/main.go
  "$work/tlogvectors" bench "$records"
else
  echo "== go: golang-go / golang-golang-x-mod-dev not installed; peer skipped"
fi
