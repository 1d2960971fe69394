package dev.tollgate.provenance.store;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads frames one after another from a position, checking length bounds and CRC32C. A frame that
 * cannot be read is returned as a {@link Bad} result saying why and whether it is the last thing in
 * the file (a torn tail) or is followed by more bytes (corruption).
 */
public final class FrameScanner implements AutoCloseable {
  /** The outcome of one read. */
  public abstract static class Result {
    private final long offset;

    Result(long offset) {
      this.offset = offset;
    }

    /** Byte offset of the frame in the file. */
    public long offset() {
      return offset;
    }
  }

  /** A well-formed frame. */
  public static final class Good extends Result {
    private final byte[] payload;
    private final byte[] tag;
    private final int frameBytes;

    Good(long offset, byte[] payload, byte[] tag, int frameBytes) {
      super(offset);
      this.payload = payload;
      this.tag = tag;
      this.frameBytes = frameBytes;
    }

    public byte[] payload() {
      return payload;
    }

    /** The record tag the frame carries, or null for an untagged frame. */
    public byte[] tag() {
      return tag == null ? null : tag.clone();
    }

    /** Offset just past this frame. */
    public long end() {
      return offset() + frameBytes;
    }
  }

  /** A frame that failed a check. */
  public static final class Bad extends Result {
    private final String reason;
    private final boolean atTail;

    Bad(long offset, String reason, boolean atTail) {
      super(offset);
      this.reason = reason;
      this.atTail = atTail;
    }

    public String reason() {
      return reason;
    }

    /** True if nothing follows the bad frame: what an interrupted append leaves behind. */
    public boolean atTail() {
      return atTail;
    }
  }

  private final FileChannel channel;
  private final InputStream in;
  private final long fileSize;
  private final boolean tagsAllowed;
  private long position;

  private FrameScanner(FileChannel channel, long start, boolean tagsAllowed) throws IOException {
    this.channel = channel;
    this.tagsAllowed = tagsAllowed;
    this.fileSize = channel.size();
    this.position = start;
    channel.position(start);
    this.in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
  }

  /** Opens {@code file} (checkpoints: untagged frames only) and checks its 16-byte header. */
  public static FrameScanner open(Path file, byte[] header, long start) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      if (!Arrays.equals(readHeader(ch), header)) {
        throw new StoreFormatException(file.getFileName() + ": file header is not " + headerName(header));
      }
      return new FrameScanner(ch, Math.max(start, Frames.HEADER_BYTES), false);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Opens a records file of either format: {@link Frames#RECORDS_HEADER} (frames may carry record
   * tags) or {@link Frames#RECORDS_HEADER_V1} (no frame does).
   */
  public static FrameScanner openRecords(Path file, long start) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new FrameScanner(ch, Math.max(start, Frames.HEADER_BYTES), tagsAllowed(file, readHeader(ch)));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Whether a records file with this header may hold tagged frames; refuses any other header. */
  public static boolean tagsAllowed(Path file, byte[] header) throws StoreFormatException {
    if (Arrays.equals(header, Frames.RECORDS_HEADER)) {
      return true;
    }
    if (Arrays.equals(header, Frames.RECORDS_HEADER_V1)) {
      return false;
    }
    throw new StoreFormatException(file + ": file header is not " + headerName(Frames.RECORDS_HEADER) + " (or "
        + headerName(Frames.RECORDS_HEADER_V1) + ")");
  }

  private static byte[] readHeader(FileChannel ch) throws IOException {
    java.nio.ByteBuffer got = java.nio.ByteBuffer.allocate(Frames.HEADER_BYTES);
    int n;
    do {
      n = ch.read(got, got.position());
    } while (n > 0 && got.hasRemaining());
    return Arrays.copyOf(got.array(), got.position());
  }

  static String headerName(byte[] header) {
    return new String(header, java.nio.charset.StandardCharsets.US_ASCII).strip();
  }

  /** True if this file's frames may carry record tags. */
  public boolean tagsAllowed() {
    return tagsAllowed;
  }

  /** True if {@code file} exists and holds more than its header. */
  public static boolean hasFrames(Path file) throws IOException {
    return Files.exists(file) && Files.size(file) > Frames.HEADER_BYTES;
  }

  public long position() {
    return position;
  }

  public long fileSize() {
    return fileSize;
  }

  /** The next frame, or null at a clean end of file. */
  public Result next() throws IOException {
    long at = position;
    if (at == fileSize) {
      return null;
    }
    if (fileSize - at < 4) {
      return new Bad(at, "frame length is cut short (" + (fileSize - at) + " bytes left)", true);
    }
    byte[] word = readBytes(4);
    int w = ((word[0] & 0xff) << 24) | ((word[1] & 0xff) << 16) | ((word[2] & 0xff) << 8) | (word[3] & 0xff);
    long total = Frames.frameBytes(w, tagsAllowed);
    if (total < 0) {
      return new Bad(at, "frame length " + Integer.toUnsignedString(w) + " is out of range", false);
    }
    if (fileSize - at < total) {
      return new Bad(at, "frame of " + (total - Frames.OVERHEAD) + " bytes is cut short by the end of the file",
          true);
    }
    byte[] frame = new byte[(int) total];
    System.arraycopy(word, 0, frame, 0, 4);
    System.arraycopy(readBytes((int) total - 4), 0, frame, 4, (int) total - 4);
    Good good = Frames.parse(at, frame, tagsAllowed);
    if (good == null) {
      return new Bad(at, "CRC32C mismatch", position == fileSize);
    }
    return good;
  }

  private byte[] readBytes(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException("file shrank while being read");
    }
    position += n;
    return b;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
