#!/usr/bin/env bash
# One big target (default 2048 MiB) downloaded by each client as a whole process, interleaved in
# one run, from the same python3 http.server on loopback: Tollgate's conformance client (the same
# Updater.downloadTarget path as `tollgate update`: hash while receiving, one pass, direct I/O),
# tuf-js, python-tuf, and `curl` then `openssl dgst -sha256` as the floor. Each includes init and
# the metadata refresh (a small repository: 100 targets, 16 bins, written by python-tuf).
# Prints medians and each one's time over ours; peak RSS of ours.
#   bash bench/process/big.sh [SIZE_MIB=2048] [RUNS=3]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cd "$root"
mib="${1:-2048}"; runs="${2:-3}"
out="$root/bench/out/process-big"
repo="$out/repo-$mib"
mkdir -p "$out"
if [ ! -f cli/target/tollgate.jar ] || [ ! cli/target/tollgate.jsa -nt cli/target/tollgate.jar ]; then
  mvn -B -q -DskipTests package -pl cli -am >&2
fi
[ -f "$repo/metadata/timestamp.json" ] || python3 bench/process/make_repo.py 100 4 "$repo" "$mib"
. "$root/bench/node-peers.sh"
node_modules="$(node_modules_with tuf-js tuf-js@5 "$root")"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$repo" > /dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
until curl -sf "http://127.0.0.1:$port/metadata/1.root.json" > /dev/null; do sleep 0.1; done
url="http://127.0.0.1:$port"
served="$(cd "$repo/targets" && ls files/*.big.bin)"

run_client() {
  local c="$1" md="$out/md-$1" dl="$out/dl-$1"
  rm -rf "$md" "$dl"
  case "$c" in
    curl+openssl)
      mkdir -p "$dl"
      curl -sf -o "$dl/big.bin" "$url/targets/$served" && openssl dgst -sha256 "$dl/big.bin" > /dev/null
      return ;;
    ours) set -- updater/conformance/tuf-client ;;
    tuf-js) set -- env NODE_PATH="$node_modules" node bench/process/tufjs_client.mjs ;;
    python-tuf) set -- python3 bench/process/python_tuf_client.py ;;
  esac
  "$@" --metadata-dir "$md" init "$repo/metadata/1.root.json" > /dev/null
  "$@" --metadata-dir "$md" --metadata-url "$url/metadata/" --target-name files/big.bin \
    --target-base-url "$url/targets/" --target-dir "$dl" download > /dev/null
}

echo "== $mib MiB target; $(java -version 2>&1 | head -1); node $(node --version); $(python3 --version); $(openssl version); $(nproc) cores"
times="$out/times.tsv"
: > "$times"
for ((r = 1; r <= runs; r++)); do
  for c in ours tuf-js python-tuf curl+openssl; do
    t0=$(date +%s%N)
    if [ "$c" = ours ]; then
      /usr/bin/time -f "%M" -o "$out/rss" bash -c "$(declare -f run_client); out=$out url=$url repo=$repo \
        served=$served node_modules=$node_modules run_client ours"
      echo "ours peak RSS: $(( $(cat "$out/rss") / 1024 )) MiB"
    else
      run_client "$c"
    fi
    t1=$(date +%s%N)
    rm -rf "$out/dl-$c"
    printf '%s\t%s\n' "$c" $(((t1 - t0) / 1000000)) >> "$times"
  done
done
python3 - "$times" "$mib" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().split("\n") if l]
med = {}
for c, ms in rows:
    med.setdefault(c, []).append(int(ms))
med = {c: statistics.median(v) for c, v in med.items()}
mb = int(sys.argv[2]) * 1.048576
print(f"{'client':<14} {'seconds':>8} {'MB/s':>8} {'time / ours':>12}")
for c in ("ours", "tuf-js", "python-tuf", "curl+openssl"):
    print(f"{c:<14} {med[c] / 1000:>8.2f} {mb / (med[c] / 1000):>8.1f} {med[c] / med['ours']:>12.2f}")
PY
