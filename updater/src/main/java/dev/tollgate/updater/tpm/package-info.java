/**
 * The endpoint side of TPM attestation: runs tpm2-tools against the configured TCTI to enroll an
 * attestation key, collect quotes and extend the measurement PCR, and hands every result to the
 * pure checks in {@code dev.tollgate.verifier.tpm} before believing it. Nothing a tool prints is
 * trusted on its own: PCR values count only once a quote over them verifies.
 *
 * <p>Must not hold trust logic of its own (that is {@code dev.tollgate.verifier.tpm}), nor touch
 * the install pipeline's slots or the provenance log: it returns evidence, the pipeline logs it.
 */
package dev.tollgate.updater.tpm;
