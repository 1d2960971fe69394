package dev.tollgate.updater.install;

import java.io.IOException;

/**
 * The release source refused the repository's data (bad signature, rollback, expired or malformed
 * metadata, hash mismatch), as opposed to failing to reach it. Commands report it as a refusal.
 */
public final class SourceRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  public SourceRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
