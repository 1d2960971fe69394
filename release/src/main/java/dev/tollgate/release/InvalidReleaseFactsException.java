package dev.tollgate.release;

/** The {@code custom.tollgate} object is malformed; the message names the field and the rule. */
public final class InvalidReleaseFactsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidReleaseFactsException(String message) {
    super(message);
  }

  public InvalidReleaseFactsException(String message, Throwable cause) {
    super(message, cause);
  }
}
