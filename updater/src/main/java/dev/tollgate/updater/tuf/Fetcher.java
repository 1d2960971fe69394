package dev.tollgate.updater.tuf;

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
}
