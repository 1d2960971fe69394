package dev.tollgate.tuf;

import java.io.IOException;

/** The server sent more bytes than allowed for this file: the download was cut off at the limit. */
public class DownloadTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  public DownloadTooLargeException(String what, long limit) {
    super(what + ": server sent more than the allowed " + limit + " bytes (cut off, endless data)");
  }
}
