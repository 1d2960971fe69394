package dev.tollgate.tuf;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens a URL of the (untrusted) repository for reading. Implementations enforce their own
 * timeouts and redirect policy; the {@link Updater} enforces lengths while reading.
 */
public interface Fetcher {
  /**
   * Opens {@code url}. A response other than 200 throws {@link HttpStatusException}; the caller
   * closes the stream.
   */
  InputStream open(String url) throws IOException;

  /**
   * Opens {@code url} for a body the caller accepts up to {@code maxLength} bytes of (a target's
   * signed length). A whole-call time limit sized for metadata would cut off a multi-GiB model on
   * an ordinary link, so implementations with one scale it with the length.
   */
  default InputStream open(String url, long maxLength) throws IOException {
    return open(url);
  }

  /**
   * Opens {@code url} (a body of at most {@code maxLength} bytes) asking for the bytes from
   * {@code offset} on, to resume a download. The answer says which byte its stream starts at:
   * {@code offset} when the server sent the range asked for, 0 when it sent the whole file (the
   * caller then starts over). An answer that starts anywhere else throws an {@link
   * UnusableRangeException} naming the URL. Fetchers that cannot ask for a range always send the whole file.
   */
  default Body openFrom(String url, long offset, long maxLength) throws IOException {
    return new Body(open(url, maxLength), 0);
  }

  /** A response body and the byte of the file its first byte is. */
  record Body(InputStream stream, long start) {}
}
