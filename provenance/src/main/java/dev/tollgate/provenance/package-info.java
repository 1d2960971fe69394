/**
 * The append-only, tamper-evident provenance log: framed records, an RFC 6962 Merkle tree,
 * C2SP signed checkpoints, inclusion and consistency proofs. Owns the log file format; knows nothing of
 * TUF, Sigstore or installs (callers hand it records).
 */
package dev.tollgate.provenance;
