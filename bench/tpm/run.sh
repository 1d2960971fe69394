#!/usr/bin/env bash
# TPM figures in one run against one live swtpm: enrollment, quote collection through tpm2_quote,
# Tollgate's QuoteVerifier in-process, and the peer tpm2_checkquote on the very same quote files.
# Needs swtpm, swtpm-tools and tpm2-tools (installed by .ci/run).
#   bash bench/tpm/run.sh [VERIFICATIONS] [CHECKQUOTE_RUNS] [QUOTES]
set -euo pipefail
cd "$(dirname "$0")/../.."

# Always rebuild: a stale jar would measure old code.
mvn -B -q -o -DskipTests package >&2
bench_jar="$(ls bench/target/tollgate-bench-*.jar | grep -v tests | head -1)"
swtpm_fixture="$(ls updater/target/tollgate-updater-*-tests.jar | head -1)"

echo "== $(java -version 2>&1 | head -1); $(tpm2_checkquote --version 2>/dev/null | head -1)"
java -cp "cli/target/tollgate.jar:$bench_jar:$swtpm_fixture" dev.tollgate.bench.tpm.QuoteBench \
  "${1:-2000}" "${2:-20}" "${3:-20}"
