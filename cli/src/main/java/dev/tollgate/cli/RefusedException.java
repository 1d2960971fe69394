package dev.tollgate.cli;

/** A verification refused its input; the command exits with {@link ExitCode#REFUSED}. */
public class RefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RefusedException(String message) {
    super(message);
  }

  public RefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
