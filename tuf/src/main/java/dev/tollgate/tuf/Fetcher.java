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
}
