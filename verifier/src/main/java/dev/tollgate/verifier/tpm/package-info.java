/**
 * TPM 2.0 evidence checks: parsers for the TPM's big-endian structures (TPMS_ATTEST,
 * TPMT_SIGNATURE, TPMT_PUBLIC, TPML_PCR_SELECTION) and {@link dev.tollgate.verifier.tpm.QuoteVerifier},
 * which checks a quote against a pinned attestation key, a fresh nonce and a PCR policy.
 *
 * <p>Pure: works on bytes it is given. It must not run TPM tools, read devices, touch the network
 * or the Sigstore package; collecting quotes belongs to {@code dev.tollgate.updater.tpm}.
 */
package dev.tollgate.verifier.tpm;
