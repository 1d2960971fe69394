package dev.tollgate.updater.tpm;

import java.io.IOException;

/** A tpm2-tools program could not be run, timed out or exited with an error. */
public final class TpmToolException extends IOException {
  private static final long serialVersionUID = 1L;

  public TpmToolException(String message) {
    super(message);
  }

  public TpmToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
