/**
 * Sigstore bundle verification: {@link dev.tollgate.verifier.sigstore.BundleVerifier} checks a
 * bundle against a pinned {@link dev.tollgate.verifier.sigstore.TrustedRoot} and a
 * {@link dev.tollgate.verifier.sigstore.SignerPolicy} and returns a
 * {@link dev.tollgate.verifier.sigstore.VerificationReport} naming every check. sigstore-java is
 * the engine for certificate chains, SCTs, log proofs and RFC 3161 tokens; the checks it lacks
 * (time windows, managed keys, every log entry kind) live in {@code checks}.
 *
 * <p>Pure: no network, no files except what a caller hands in. Must not touch TPM code
 * ({@code dev.tollgate.verifier.tpm}) nor fetch trusted roots.
 */
package dev.tollgate.verifier.sigstore;
