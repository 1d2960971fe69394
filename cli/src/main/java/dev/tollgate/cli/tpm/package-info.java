/**
 * {@code tollgate tpm ...}: enroll a TPM, collect a quote, and verify quotes and logged install
 * evidence offline. Argument parsing and output only; the checks live in
 * {@code dev.tollgate.verifier.tpm} and the TPM access in {@code dev.tollgate.updater.tpm}.
 */
package dev.tollgate.cli.tpm;
