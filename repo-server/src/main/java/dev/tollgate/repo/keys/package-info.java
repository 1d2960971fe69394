/**
 * Signing keys held by release engineers: PKCS#8 PEM files (Ed25519, ECDSA P-256), optionally
 * encrypted, the passphrase sources that unlock them (a file or the terminal, never the command
 * line), and the {@link dev.tollgate.repo.keys.KeyRing} of signers a command was given. Knows
 * nothing of repositories or metadata layout; never logs key material.
 */
package dev.tollgate.repo.keys;
