package dev.tollgate.provenance.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of fixed-width entries (stored hashes, record offsets): random reads by entry number and
 * buffered appends. Derived data only, so a partial entry at the end is simply cut off.
 */
public final class FixedWidthFile implements AutoCloseable {
  private final FileChannel channel;
  private final int width;
  private final ByteBuffer pending;
  private long durableEntries;

  private FixedWidthFile(FileChannel channel, int width, boolean writable) throws IOException {
    this.channel = channel;
    this.width = width;
    this.pending = ByteBuffer.allocate(width * 4096);
    long size = channel.size();
    this.durableEntries = size / width;
    if (writable && size % width != 0) {
      channel.truncate(durableEntries * width);
    }
  }

  /** Opens for reading and appending, creating the file if needed. */
  public static FixedWidthFile openWritable(Path file, int width) throws IOException {
    return new FixedWidthFile(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE), width, true);
  }

  /** Opens an existing file read-only. */
  public static FixedWidthFile openReadOnly(Path file, int width) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    return new FixedWidthFile(ch, width, false);
  }

  public long entries() {
    return durableEntries + pending.position() / width;
  }

  public byte[] read(long entry) throws IOException {
    if (entry < 0 || entry >= entries()) {
      throw new IllegalArgumentException("entry " + entry + " is beyond the " + entries() + " stored");
    }
    byte[] out = new byte[width];
    if (entry >= durableEntries) {
      int at = (int) ((entry - durableEntries) * width);
      for (int i = 0; i < width; i++) {
        out[i] = pending.get(at + i);
      }
      return out;
    }
    ByteBuffer b = ByteBuffer.wrap(out);
    long pos = entry * width;
    while (b.hasRemaining()) {
      if (channel.read(b, pos + b.position()) < 0) {
        throw new EOFException("entry " + entry + " is beyond the end of the file");
      }
    }
    return out;
  }

  public long readLong(long entry) throws IOException {
    return ByteBuffer.wrap(read(entry)).getLong();
  }

  public void append(byte[] entry) throws IOException {
    if (entry.length != width) {
      throw new IllegalArgumentException("entry must be " + width + " bytes");
    }
    if (pending.remaining() < width) {
      flush();
    }
    pending.put(entry);
  }

  public void appendLong(long value) throws IOException {
    append(ByteBuffer.allocate(8).putLong(value).array());
  }

  /** Writes buffered entries to the file (not synced: derived data is rebuilt after a crash). */
  public void flush() throws IOException {
    pending.flip();
    long pos = durableEntries * width;
    while (pending.hasRemaining()) {
      pos += channel.write(pending, pos);
    }
    durableEntries = pos / width;
    pending.clear();
  }

  public void truncate(long entries) throws IOException {
    flush();
    if (entries < durableEntries) {
      channel.truncate(entries * width);
      durableEntries = entries;
    }
  }

  public void sync() throws IOException {
    flush();
    channel.force(false);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
