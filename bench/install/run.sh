#!/usr/bin/env bash
# Install figures in one run: tollgate update of a single-file bundle (default 2048 MiB) under
# -Xmx64m, end to end from a repository served over loopback (TUF refresh, Sigstore check, download
# with length and hash checks, install into a slot, switch), as java -jar and through the ./tollgate
# launcher, and peak RSS; each paired with the peer, openssl dgst -sha256, over the very same file.
#   bash bench/install/run.sh [SIZE_MIB]
set -euo pipefail
cd "$(dirname "$0")/../.."

# Always rebuild: a stale jar would measure old code.
mvn -B -q -o -DskipTests package >&2
bench_jar="$(ls bench/target/tollgate-bench-*.jar | grep -v tests | head -1)"

echo "== $(java -version 2>&1 | head -1); $(openssl version); $(nproc) cores"
java -cp "cli/target/tollgate.jar:$bench_jar" dev.tollgate.bench.install.InstallBench \
  "$PWD/bench/out/install" "${1:-2048}" "$PWD/cli/target/tollgate.jar" "$PWD/tollgate"
