#!/usr/bin/env bash
# Regenerates packaging/tollgate.classlist, the classes the short-lived entry points load:
# `tollgate status` and `tollgate update` on the demo's endpoint (its repository served over
# loopback, nothing new to install) and the TUF conformance client's init, refresh and download.
# `mvn package` dumps a class-data-sharing archive from this list beside cli/target/tollgate.jar
# (cli/pom.xml); the launchers map it. Re-run after changes to the start path, and commit the list.
#   bash bench/startup/classlist.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f cli/target/tollgate.jar ] || mvn -B -q -o -DskipTests package
jar="$PWD/cli/target/tollgate.jar"
work="$(mktemp -d)"
server=""
cleanup() { [ -z "$server" ] || kill "$server"; rm -rf "$work"; }
trap cleanup EXIT
java -jar "$jar" demo --keep "$work/demo" > /dev/null
config="$work/demo/endpoints/endpoint-1/config.json"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/demo/repository" > /dev/null 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/metadata/1.root.json" > /dev/null; do sleep 0.1; done
sed -i -E "s#http://127\.0\.0\.1:[0-9]+/#http://127.0.0.1:$port/#" "$config"
url="http://127.0.0.1:$port"
target="$(cd "$work/demo/repository/targets" && find agents -name '*.tar.gz' | head -1 | sed -E 's#/[0-9a-f]{64}\.#/#')"

n=0
record() { n=$((n + 1)); java -XX:DumpLoadedClassList="$work/list.$n" "$@" > /dev/null 2>&1 || true; }
record -jar "$jar" status -c "$config"
record -jar "$jar" update -c "$config"
record -jar "$jar" update -c "$config"
client=(-cp "$jar" dev.tollgate.tuf.conformance.ConformanceClient --metadata-dir "$work/md")
record "${client[@]}" init "$work/demo/repository/metadata/1.root.json"
record "${client[@]}" --metadata-url "$url/metadata/" refresh
record "${client[@]}" --metadata-url "$url/metadata/" --target-name "$target" \
  --target-base-url "$url/targets/" --target-dir "$work/out" download

# One list: the union in first-seen order; ids (only needed for classes of custom loaders) and
# lambda proxies (resolved at run time anyway) are dropped.
{
  echo "# The classes tollgate's short-lived entry points load; made by bench/startup/classlist.sh."
  cat "$work"/list.* | grep -v '^#' | grep -v '^@lambda-proxy' | sed -E 's/ id: [0-9]+$//' | awk '!seen[$0]++'
} > packaging/tollgate.classlist
wc -l packaging/tollgate.classlist
