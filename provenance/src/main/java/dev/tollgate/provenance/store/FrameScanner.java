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

    Good(long offset, byte[] payload) {
      super(offset);
      this.payload = payload;
    }

    public byte[] payload() {
      return payload;
    }

    /** Offset just past this frame. */
    public long end() {
      return offset() + payload.length + Frames.OVERHEAD;
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
  private long position;

  private FrameScanner(FileChannel channel, long start) throws IOException {
    this.channel = channel;
    this.fileSize = channel.size();
    this.position = start;
    channel.position(start);
    this.in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
  }

  /** Opens {@code file} and checks its 16-byte header. */
  public static FrameScanner open(Path file, byte[] header, long start) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      byte[] got = new byte[Frames.HEADER_BYTES];
      int n = ch.read(java.nio.ByteBuffer.wrap(got), 0);
      if (n != Frames.HEADER_BYTES || !Arrays.equals(got, header)) {
        throw new StoreFormatException(file.getFileName() + ": file header is not "
            + new String(header, java.nio.charset.StandardCharsets.US_ASCII).strip());
      }
      return new FrameScanner(ch, Math.max(start, Frames.HEADER_BYTES));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
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
    int length = readInt();
    if (length <= 0 || length > Frames.MAX_PAYLOAD) {
      return new Bad(at, "frame length " + Integer.toUnsignedString(length) + " is out of range", false);
    }
    if (fileSize - at - 4 < (long) length + 4) {
      return new Bad(at, "frame of " + length + " bytes is cut short by the end of the file", true);
    }
    byte[] payload = in.readNBytes(length);
    if (payload.length != length) {
      throw new EOFException("file shrank while being read");
    }
    int crc = readInt();
    position = at + 4 + length + 4;
    if (crc != Frames.crc(length, payload, 0, length)) {
      return new Bad(at, "CRC32C mismatch", position == fileSize);
    }
    return new Good(at, payload);
  }

  private int readInt() throws IOException {
    byte[] b = in.readNBytes(4);
    if (b.length != 4) {
      throw new EOFException("file shrank while being read");
    }
    position += 4;
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
