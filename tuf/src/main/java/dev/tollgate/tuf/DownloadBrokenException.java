package dev.tollgate.tuf;

import java.io.IOException;

/**
 * The body stream failed mid-download (connection dropped, body cut short); every byte received
 * before the failure is hashed and durably written, so the download can resume after them. The
 * message is the failure's own.
 */
final class DownloadBrokenException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long kept;

  DownloadBrokenException(long kept, IOException cause) {
    super(cause.getMessage(), cause);
    this.kept = kept;
  }

  /** Bytes of the file on disk (and fed to the hash check) after the failure. */
  long kept() {
    return kept;
  }
}
