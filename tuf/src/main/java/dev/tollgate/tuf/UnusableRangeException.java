package dev.tollgate.tuf;

import java.io.IOException;

/**
 * The server answered a request for the rest of a file (an HTTP Range request) with a part that
 * does not continue where the bytes on disk end. The download starts over from the first byte.
 */
public class UnusableRangeException extends IOException {
  private static final long serialVersionUID = 1L;

  public UnusableRangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
