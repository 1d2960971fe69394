/**
 * The C2SP text formats, byte-exact: signed-note (Ed25519, signature type 0x01), the verifier and
 * signer key strings, tlog-checkpoint and tlog-proof. Pure parsing, formatting, signing and
 * verification; no files, no tree arithmetic beyond what a format carries.
 */
package dev.tollgate.provenance.note;
