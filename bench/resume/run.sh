#!/usr/bin/env bash
# Resumable download figures in one run: a SIZE MiB target (default 2048) over loopback HTTP,
# whole, then cut at 90% and resumed in the same call, then resumed by a later run; rounds
# interleaved, medians, each as a share of the whole download (goal: the same-call second
# attempt at most 25%).
#   bash bench/resume/run.sh [SIZE_MIB] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
# Always rebuild: stale classes would measure old code.
mvn -B -q -o -DskipTests package -pl cli,bench -am >&2
cp="bench/target/classes:$(ls tuf/target/tollgate-tuf-*-tests.jar):cli/target/tollgate.jar"
echo "== $(java -version 2>&1 | head -1); $(nproc) cores"
java -Xmx256m -cp "$cp" dev.tollgate.bench.resume.ResumeBench "$PWD/bench/out/resume" "${1:-2048}" "${2:-3}"
