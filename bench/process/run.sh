#!/usr/bin/env bash
# TUF clients as whole processes, interleaved in one run, on a repository python-tuf's Metadata API
# writes (N targets in 2^BITS succinct bins, consistent snapshots; bench/process/make_repo.py),
# served over loopback by one python3 http.server for every client:
#   ours       updater/conformance/tuf-client (Tollgate's client, class-data archive from mvn package)
#   ours-nocds the same main class as a plain `java -cp tollgate.jar` (no archive)
#   tuf-js     bench/process/tufjs_client.mjs on node
#   python-tuf bench/process/python_tuf_client.py (ngclient)
# cold = init + download (empty metadata folder), warm = download with the metadata cached (the
# target file removed). Prints medians and each peer's time / ours (above 1: ours is faster).
#   bash bench/process/run.sh [N=100000] [BITS=10] [RUNS=3]
# Needs python-tuf and securesystemslib on PYTHONPATH (or installed), node with tuf-js
# (TOLLGATE_NODE_MODULES or bench/node-peers.sh fetches it), python3 cryptography.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cd "$root"
n="${1:-100000}"; bits="${2:-10}"; runs="${3:-3}"
out="$root/bench/out/process"
repo="$out/repo-$n-$bits"
mkdir -p "$out"
if [ ! -f cli/target/tollgate.jar ] || [ ! cli/target/tollgate.jsa -nt cli/target/tollgate.jar ]; then
  mvn -B -q -DskipTests package -pl cli -am >&2
fi
[ -f "$repo/metadata/timestamp.json" ] || python3 bench/process/make_repo.py "$n" "$bits" "$repo"
. "$root/bench/node-peers.sh"
node_modules="$(node_modules_with tuf-js tuf-js@5 "$root")"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$repo" > /dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
until curl -sf "http://127.0.0.1:$port/metadata/1.root.json" > /dev/null; do sleep 0.1; done
url="http://127.0.0.1:$port"

client() {
  case "$1" in
    ours) shift; updater/conformance/tuf-client "$@" ;;
    ours-nocds) shift; java -XX:+UseSerialGC -Xss512k -cp cli/target/tollgate.jar \
        dev.tollgate.tuf.conformance.ConformanceClient "$@" ;;
    tuf-js) shift; NODE_PATH="$node_modules" node bench/process/tufjs_client.mjs "$@" ;;
    python-tuf) shift; python3 bench/process/python_tuf_client.py "$@" ;;
  esac
}
now() { date +%s%N; }
download() {
  client "$1" --metadata-dir "$out/md-$1" --metadata-url "$url/metadata/" --target-name files/0.txt \
    --target-base-url "$url/targets/" --target-dir "$out/dl-$1" download
}

echo "== $n targets, $((1 << bits)) bins; $(java -version 2>&1 | head -1); node $(node --version); $(python3 --version); $(nproc) cores"
times="$out/times.tsv"
: > "$times"
for ((r = 1; r <= runs; r++)); do
  for c in ours ours-nocds tuf-js python-tuf; do
    rm -rf "$out/md-$c" "$out/dl-$c"
    t0=$(now)
    client "$c" --metadata-dir "$out/md-$c" init "$repo/metadata/1.root.json" > /dev/null
    download "$c" > /dev/null
    t1=$(now)
    rm -rf "$out/dl-$c"
    download "$c" > /dev/null
    t2=$(now)
    ls "$out/dl-$c" | grep -q . || { echo "$c downloaded nothing" >&2; exit 1; }
    printf '%s\tcold\t%s\n%s\twarm\t%s\n' "$c" $(((t1 - t0) / 1000000)) "$c" $(((t2 - t1) / 1000000)) >> "$times"
  done
done
python3 - "$times" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().split("\n") if l]
med = {}
for c, kind, ms in rows:
    med.setdefault((c, kind), []).append(int(ms))
med = {k: statistics.median(v) for k, v in med.items()}
print(f"{'client':<12} {'cold ms':>8} {'warm ms':>8} {'cold / ours':>12} {'warm / ours':>12}")
for c in ("ours", "ours-nocds", "tuf-js", "python-tuf"):
    cold, warm = med[(c, "cold")], med[(c, "warm")]
    print(f"{c:<12} {cold:>8.0f} {warm:>8.0f} {cold / med[('ours', 'cold')]:>12.2f} {warm / med[('ours', 'warm')]:>12.2f}")
PY
