#!/usr/bin/env bash
# Regenerates the TEST-ONLY keys in this folder with OpenSSL. These keys are public (they are in
# the source tree): only the test suite and the demo use them; no code path defaults to them.
set -euo pipefail
cd "$(dirname "$0")"
rm -f TEST-ONLY-*.pem TEST-ONLY-*.pub TEST-ONLY-passphrase.txt

ed25519() { openssl genpkey -algorithm ed25519 -out "TEST-ONLY-$1.pem"; }
p256() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve \
    -out "TEST-ONLY-$1.pem"
}

for role in root-1 root-2 root-3 targets-1 targets-2 snapshot timestamp agents-1 agents-2 plugins models; do
  ed25519 "$role"
done
p256 ecdsa-p256

# An encrypted key (PBES2, AES-256-CBC) and its passphrase file.
printf 'test-only passphrase\n' > TEST-ONLY-passphrase.txt
openssl genpkey -algorithm ed25519 -aes-256-cbc -pass file:TEST-ONLY-passphrase.txt \
  -out TEST-ONLY-encrypted-ed25519.pem

# Public halves, for roles added by someone who does not hold the private key.
for f in TEST-ONLY-*.pem; do openssl pkey -in "$f" -pubout -out "${f%.pem}.pub" -passin file:TEST-ONLY-passphrase.txt; done
