#!/usr/bin/env bash
# Start-up of the short-lived endpoint command: `tollgate status` as a whole process, through the
# launcher (class-data sharing archive) and as a plain `java -jar`, on a real endpoint state.
# Needs hyperfine (apt-get install -y hyperfine). Usage: bench/startup/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-20}"
[ -f cli/target/tollgate.jar ] || mvn -B -q -DskipTests package
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./tollgate demo --keep "$work/demo" > /dev/null
config="$work/demo/endpoints/endpoint-1/config.json"
rm -f cli/target/tollgate.jsa
./tollgate status -c "$config" > /dev/null   # the first run writes the class-data archive
hyperfine -N -w 3 -r "$runs" \
  "./tollgate status -c $config" \
  "java -jar cli/target/tollgate.jar status -c $config"
