#!/usr/bin/env bash
# Tile publishing and query figures at RECORDS records (default 1,000,000): `audit publish` of a
# fresh log into an empty folder (tiles written per second), a republish after MORE appends, then
# `tollgate audit query` latency over the same log, each query run RUNS times (median printed), as
# a separate `java -jar tollgate.jar` process with output to /dev/null, JVM start included.
#   bash bench/provenance/tiles.sh [RECORDS] [HEAP] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
records="${1:-1000000}"
heap="${2:-256m}"
runs="${3:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tollgate-tiles-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Always rebuild: a stale jar would measure old code.
mvn -B -q -o -DskipTests package >&2
bench_jar="$(ls bench/target/tollgate-bench-*.jar | head -1)"

echo "== java: Tollgate tile publishing, -Xmx$heap ($(java -version 2>&1 | head -1)), $(nproc) cores," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx"$heap" -cp "cli/target/tollgate.jar:$bench_jar" dev.tollgate.bench.provenance.TilesBench \
  "$work/run" "$records"
echo "tiles_folder_mib $(du -sm "$work/run/tiles" | cut -f1)"

log="$work/run/log"
key="$work/run/log.vkey"
median_query() {
  local name="$1"; shift
  local times=() cpus=() lines=0
  for _ in $(seq "$runs"); do
    # Wall and CPU (user + sys) seconds: on a shared machine the CPU figure is the steadier one.
    lines=$(/usr/bin/time -f "%e %U %S" -o "$work/time" \
      java -Xmx"$heap" -jar cli/target/tollgate.jar audit query "$log" --key "@$key" "$@" | wc -l)
    read -r wall user sys < "$work/time"
    times+=("$wall")
    cpus+=("$(echo "$user + $sys" | bc)")
  done
  local middle=$(( (runs + 1) / 2 ))
  echo "query_${name}_median_seconds $(printf '%s\n' "${times[@]}" | sort -n | sed -n "${middle}p")" \
    "cpu $(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${middle}p") (matches $lines; wall: ${times[*]};" \
    "cpu: ${cpus[*]})"
}
echo "== audit query over $records records (+1000 appended by the republish), $runs runs each"
median_query by_subject --name desk-agent --version 1.4.7
median_query by_digest --digest "sha256:$(printf '%064x' $(( records / 2 )))"
median_query by_date_range --since 2026-11-22T00:05:00Z --until 2026-11-22T00:06:00Z
