/**
 * TPM figures: enrollment, quote collection and quote verification against a live swtpm, with
 * {@code tpm2_checkquote} as the peer in the same run. Benchmarks only; no checks of their own.
 */
package dev.tollgate.bench.tpm;
