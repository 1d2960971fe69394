/**
 * {@code tollgate verify} (an ad-hoc Sigstore bundle check) and {@code tollgate sign --key}
 * (a managed-key v0.3 bundle). Argument handling and output only; the checks live in
 * {@code dev.tollgate.verifier.sigstore}, which is loaded only when a command runs.
 */
package dev.tollgate.cli.verify;
