package dev.tollgate.fleet;

/** A report, envelope or key that breaks its documented grammar; the message names the field. */
public class InvalidReportException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidReportException(String message) {
    super(message);
  }

  public InvalidReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
