package dev.tollgate.provenance.audit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a fixed-width derived file front to back, for comparing it with recomputed values. */
final class SequentialEntries implements AutoCloseable {
  private final InputStream in;
  private final int width;
  private final long entries;
  private long read;

  SequentialEntries(Path file, int width) throws IOException {
    this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    this.width = width;
    this.entries = Files.size(file) / width;
  }

  long entries() {
    return entries;
  }

  /** The next entry, or null past the last whole entry. */
  byte[] next() throws IOException {
    if (read == entries) {
      return null;
    }
    byte[] b = in.readNBytes(width);
    if (b.length != width) {
      return null;
    }
    read++;
    return b;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
