package dev.tollgate.updater.tpm;

/**
 * The host's TPM evidence did not pass: the measured state is not the pinned one, or a quote was
 * not fresh, not signed by the pinned key, or replayed. Install must not proceed.
 */
public final class AttestationRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  public AttestationRefusedException(String message) {
    super(message);
  }
}
