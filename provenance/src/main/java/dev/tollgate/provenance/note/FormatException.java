package dev.tollgate.provenance.note;

/** Text did not follow the C2SP format, or a signature did not verify; the message says which check. */
public final class FormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public FormatException(String message) {
    super(message);
  }

  public FormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
