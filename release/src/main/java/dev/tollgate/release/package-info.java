/**
 * Release facts: the {@code custom.tollgate} object of an artifact target (kind, name, version,
 * Sigstore bundle and SBOM target paths, expected signer, security floor, rollout), parsed with
 * errors that name the field, and written back for publishing. Pure: no I/O, no TUF, no clock.
 */
package dev.tollgate.release;
