package dev.tollgate.updater.tpm;

/**
 * Enrollment refused the TPM: the EK certificate does not chain to the manufacturer CA, the
 * attestation key is not a restricted signing key, or credential activation did not return the
 * secret. The message names the check.
 */
public final class EnrollmentException extends Exception {
  private static final long serialVersionUID = 1L;

  public EnrollmentException(String message) {
    super(message);
  }
}
