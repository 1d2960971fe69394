#!/usr/bin/env bash
# Sigstore verification throughput in one run: Tollgate vs plain sigstore-java 2.0.0 (same JVM,
# alternating rounds) vs sigstore-js (@sigstore/verify under Node.js), all on the same
# message-signature bundle and trusted root: the public-good bundle of the sigstore-java 2.0.0
# release's POM, verified offline against the pinned public-good root.
#   bash bench/sigstore/run.sh [ROUNDS] [ROUND_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
root_dir="$PWD"
rounds="${1:-7}"
round_seconds="${2:-2}"

bundle="$root_dir/verifier/src/test/resources/dev/tollgate/verifier/sigstore/real/sigstore-java-2.0.0.pom.sigstore.json"
trusted_root="$root_dir/verifier/src/main/resources/dev/tollgate/verifier/sigstore/public-good-trusted_root.json"
artifact="${MAVEN_REPO:-$HOME/.m2/repository}/dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.pom"
identity="https://github.com/sigstore/sigstore-java/.github/workflows/release-sigstore-java-from-tag.yaml@refs/tags/v2.0.0"
issuer="https://token.actions.githubusercontent.com"
[ -f "$artifact" ] || { echo "run.sh: $artifact missing (any build of the verifier module resolves it)" >&2; exit 3; }

# Always rebuild: a stale jar would measure old code.
mvn -B -q -o -DskipTests package >&2
bench_jar="$(ls bench/target/tollgate-bench-*.jar | head -1)"

echo "== java: Tollgate vs sigstore-java 2.0.0 ($(java -version 2>&1 | head -1))"
java -cp "cli/target/tollgate.jar:$bench_jar" dev.tollgate.bench.sigstore.SigstoreVerifyBench \
  "$bundle" "$artifact" "$trusted_root" "$identity" "$issuer" "$rounds" "$round_seconds"

modules="${TOLLGATE_NODE_MODULES:-$root_dir/.ci/node/node_modules}"
if command -v node >/dev/null && [ -d "$modules/@sigstore/verify" ]; then
  echo "== node: @sigstore/verify $(node -p "require('$modules/@sigstore/verify/package.json').version") ($(node --version))"
  # One warm-up pass inside the script, then enough iterations for a few seconds.
  TOLLGATE_NODE_MODULES="$modules" node verifier/interop/sigstore-js-verify.js --bundle "$bundle" \
    --artifact "$artifact" --trusted-root "$trusted_root" --identity "$identity" --issuer "$issuer" \
    --iterations 300 | sed 's/^verifications_per_second/sigstore_js_verifications_per_second/'
else
  echo "== node: @sigstore/verify not installed at $modules (bash .ci/run installs it); skipped"
fi
