#!/usr/bin/env bash
# SBOM check at scale in one run: a generated CycloneDX 1.6 SBOM of 10,000 components against a
# folder of 50,000 generated OSV records (load + full check: schema validation, binding, licenses,
# denied components, vulnerabilities), with peak heap; then, on the same data, a sample of the
# components matched through the package index and all-pairs without it.
#   bash bench/sbom/run.sh [COMPONENTS] [RECORDS] [ALL_PAIRS_SAMPLE]
# No OSV-Scanner, Grype or Trivy build is installable from the package registries this project
# uses (Maven Central, Debian, npm), so the comparison run here is the unindexed matcher.
set -euo pipefail
cd "$(dirname "$0")/../.."
components="${1:-10000}"
records="${2:-50000}"
sample="${3:-1000}"

# Always rebuild: a stale jar would measure old code.
mvn -B -q -o -DskipTests package >&2
bench_jar="$(ls bench/target/tollgate-bench-*.jar | head -1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== java: Tollgate sbom check ($(java -version 2>&1 | head -1)), -Xmx1g"
timer=()
if [ -x /usr/bin/time ]; then timer=(/usr/bin/time -f "max_rss_kib=%M"); fi
"${timer[@]}" java -Xmx1g -cp "cli/target/tollgate.jar:$bench_jar" \
  dev.tollgate.bench.sbom.SbomCheckBench "$components" "$records" "$work" "$sample" 2>&1 \
  | grep -v '^SLF4J'
