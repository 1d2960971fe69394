package dev.tollgate.provenance.merkle;

/** A proof did not verify; the message names the check that failed. */
public final class ProofException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProofException(String message) {
    super(message);
  }
}
