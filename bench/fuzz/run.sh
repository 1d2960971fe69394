#!/usr/bin/env bash
# Fuzzes every parser that reads outside input, one target after another, N minutes each.
#   bench/fuzz/run.sh [minutes] [target-filter]
# e.g. bench/fuzz/run.sh 3            every target for 3 minutes
#      bench/fuzz/run.sh 1 tpm        only the targets whose name contains "tpm"
# Logs go to bench/out/fuzz/<target>.log; the summary (executions per second, findings) to
# bench/out/fuzz/summary.tsv. A finding is written by Jazzer next to the target's committed inputs
# (src/test/resources/<package>/<Class>Inputs/<method>/crash-*): fix the parser, keep the input.
set -euo pipefail
minutes="${1:-2}"
filter="${2:-}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/bench/out/fuzz"
mkdir -p "$out"

targets=(
  "tuf MetadataFuzzTest#metadataFromBytes"
  "tuf MetadataFuzzTest#trustedSetLoadStep"
  "tuf ContentRangeFuzzTest#contentRange"
  "verifier VerifierFuzzTest#bundleParse"
  "verifier VerifierFuzzTest#bundleVerify"
  "verifier VerifierFuzzTest#tpmsAttest"
  "verifier VerifierFuzzTest#tpmtPublic"
  "verifier VerifierFuzzTest#tpmtSignature"
  "sbom SbomFuzzTest#sbomJson"
  "sbom SbomFuzzTest#sbomXml"
  "sbom SbomFuzzTest#osvRecord"
  "provenance ProvenanceFuzzTest#signedNote"
  "provenance ProvenanceFuzzTest#checkpoint"
  "provenance ProvenanceFuzzTest#tlogProof"
  "provenance ProvenanceFuzzTest#verifierKey"
  "provenance ProvenanceFuzzTest#recordFrames"
  "provenance ProvenanceFuzzTest#addCheckpoint"
  "provenance ProvenanceFuzzTest#witnessPolicy"
  "provenance ProvenanceFuzzTest#cosignatures"
  "release ReleaseFuzzTest#releaseFacts"
  "release ReleaseFuzzTest#releaseAttestation"
  "updater UpdaterFuzzTest#archiveExtraction"
  "updater UpdaterFuzzTest#endpointConfig"
  "repo-server MirrorFuzzTest#s3Destination"
)

printf 'target\tminutes\texecutions\texec_per_s\tcorpus\tfindings\n' > "$out/summary.tsv"
for t in "${targets[@]}"; do
  read -r module test <<< "$t"
  [[ -n "$filter" && "$test" != *"$filter"* ]] && continue
  log="$out/${test//#/.}.log"
  echo "fuzzing $module $test for ${minutes}m -> $log"
  # Offline: the build's dependencies are already resolved. Jazzer's hooks give the coverage
  # feedback that fuzzing needs (the regular build runs the committed inputs without them).
  set +e
  JAZZER_FUZZ=1 mvn -B -o -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.hooks=true -Djazzer.max_duration="${minutes}m" > "$log" 2>&1
  status=$?
  set -e
  done_line="$(grep -E '^#[0-9]+.*exec/s' "$log" | tail -1 || true)"
  execs="$(sed -nE 's/^#([0-9]+).*/\1/p' <<< "$done_line")"
  rate="$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<< "$done_line")"
  corpus="$(sed -nE 's/.*corp: ([0-9]+)\/.*/\1/p' <<< "$done_line")"
  findings="$(grep -ac 'Test unit written to' "$log" || true)"
  if [[ $status -ne 0 && $findings == 0 ]]; then
    findings="${findings} (run failed, see log)"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$test" "$minutes" "${execs:-?}" "${rate:-?}" "${corpus:-?}" "$findings" \
    | tee -a "$out/summary.tsv"
done
