package dev.tollgate.provenance;

import java.io.IOException;

/** Another writer holds the log's lock; only one may append at a time. */
public final class LogLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  public LogLockedException(String message) {
    super(message);
  }
}
