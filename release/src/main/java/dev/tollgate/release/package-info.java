/**
 * What a release is, read the same way by the publisher and the endpoint: release facts (the
 * {@code custom.tollgate} object of an artifact target: kind, name, version, Sigstore bundle and
 * SBOM target paths, expected signer, security floor, rollout), kinds, version ordering, signer
 * identity, and the release attestation the build identity signs. Parsed against documented
 * grammars with errors that name the field, and written back for publishing.
 *
 * <p>Must not touch: I/O, TUF, the clock, Sigstore verification. Depends only on {@code rollout/}.
 */
package dev.tollgate.release;
