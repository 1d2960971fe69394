package dev.tollgate.release;

/** A release attestation statement breaks its grammar or is about another artifact. */
public final class InvalidAttestationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidAttestationException(String message) {
    super(message);
  }
}
