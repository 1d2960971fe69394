package dev.tollgate.updater.install;

/**
 * A check refused a release, or a check the configuration asks for is not available. The message
 * starts with the check's name ("sigstore: ...", "sbom: ...", "tpm: ...", "rollback: ...").
 */
public class CheckFailedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String check;

  public CheckFailedException(String check, String message) {
    super(check + ": " + message);
    this.check = check;
  }

  public CheckFailedException(String check, String message, Throwable cause) {
    super(check + ": " + message, cause);
    this.check = check;
  }

  /** The short name of the check that failed. */
  public String check() {
    return check;
  }
}
