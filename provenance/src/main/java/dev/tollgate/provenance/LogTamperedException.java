package dev.tollgate.provenance;

import java.io.IOException;

/**
 * The log contradicts what it signed: records removed or changed below a signed checkpoint, a
 * checkpoint history that does not verify. Never repaired automatically.
 */
public final class LogTamperedException extends IOException {
  private static final long serialVersionUID = 1L;

  public LogTamperedException(String message) {
    super(message);
  }
}
