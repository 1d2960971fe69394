package dev.tollgate.updater.trust;

import java.io.IOException;

/**
 * No usable Sigstore trusted root: the TUF refresh failed and no verified copy young enough is
 * cached. An I/O condition (exit 3), never a verdict on a release.
 */
public final class SigstoreTrustUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public SigstoreTrustUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
