package dev.tollgate.provenance.audit;

/** The log, a checkpoint or a proof failed a check; the message names it. */
public final class AuditException extends Exception {
  private static final long serialVersionUID = 1L;

  public AuditException(String message) {
    super(message);
  }

  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
