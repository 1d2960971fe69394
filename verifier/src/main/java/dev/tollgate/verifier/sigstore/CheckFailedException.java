package dev.tollgate.verifier.sigstore;

/** A check refused the bundle; the message says what was wrong. */
public final class CheckFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  public CheckFailedException(String message) {
    super(message);
  }

  public CheckFailedException(String message, Throwable cause) {
    super(message + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
  }
}
