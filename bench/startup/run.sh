#!/usr/bin/env bash
# Start-up of the short-lived endpoint commands as whole processes, on a real endpoint state:
# `tollgate status` through the launcher (class-data sharing archive made at package time) and as
# a plain `java -jar`,
# and `tollgate update` through the launcher against the demo repository served over loopback
# (nothing new to install, so it measures start-up, the TUF refresh and the release lookup).
# Needs hyperfine (apt-get install -y hyperfine) and python3. Usage: bench/startup/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-20}"
[ -f cli/target/tollgate.jar ] || mvn -B -q -DskipTests package
work="$(mktemp -d)"
server=""
cleanup() { [ -z "$server" ] || kill "$server"; rm -rf "$work"; }
trap cleanup EXIT
./tollgate demo --keep "$work/demo" > /dev/null
config="$work/demo/endpoints/endpoint-1/config.json"
# The class-data archive is dumped by `mvn package` (packaging/tollgate.classlist), not by a first run.
[ cli/target/tollgate.jsa -nt cli/target/tollgate.jar ] || mvn -B -q -DskipTests package
hyperfine -N -w 3 -r "$runs" \
  "./tollgate status -c $config" \
  "java -jar cli/target/tollgate.jar status -c $config"

# The demo's repository server is gone once the demo ends: serve its folder again and point the
# endpoint at it.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/demo/repository" > /dev/null 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/metadata/1.root.json" > /dev/null; do sleep 0.1; done
sed -i -E "s#http://127\.0\.0\.1:[0-9]+/#http://127.0.0.1:$port/#" "$config"
./tollgate update -c "$config" > /dev/null || true   # settle: later runs find nothing new
hyperfine -N -w 3 -r "$runs" -i "./tollgate update -c $config"
