/**
 * TEST AND DEMO ONLY — never a trust anchor for real releases. A self-contained Sigstore instance
 * made with Bouncy Castle: a Fulcio-like certificate authority (identity and issuer extensions,
 * embedded SCTs from a test CT log), a Rekor-like transparency log (signed entry timestamps,
 * RFC 6962 inclusion proofs, C2SP checkpoints) and an RFC 3161 timestamp authority. It issues real
 * v0.3 bundles for any identity and writes the matching {@code trusted_root.json}, so tests and the
 * demo exercise the very verification path production uses, offline. Keys live in memory only.
 * Lives in main code because the release side signs the demo's bundles with it; must not be used
 * by the verification path itself.
 */
package dev.tollgate.verifier.sigstore.testinstance;
