package dev.tollgate.verifier.sigstore.bundle;

/** The bundle is not a well-formed Sigstore bundle of a supported version. */
public final class BundleFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public BundleFormatException(String message) {
    super(message);
  }

  public BundleFormatException(String message, Throwable cause) {
    super(message + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
  }
}
