/**
 * TEST AND DEMO ONLY — never a trust anchor for real releases. A self-contained Sigstore instance
 * made with Bouncy Castle: a Fulcio-like certificate authority (identity and issuer extensions,
 * embedded SCTs from a test CT log), a Rekor-like transparency log (signed entry timestamps,
 * RFC 6962 inclusion proofs, C2SP checkpoints) and an RFC 3161 timestamp authority. It issues real
 * v0.3 bundles for any identity and writes the matching {@code trusted_root.json}, so tests and the
 * demo exercise the very verification path production uses, offline. Keys live in memory only.
 * A module of its own ({@code sigstore-testing}) so no production code can reach it by accident:
 * libraries take it in test scope only, and the command line takes it for {@code tollgate demo}
 * alone (cli's ArchitectureTest holds both to that).
 */
package dev.tollgate.sigstore.testing;
