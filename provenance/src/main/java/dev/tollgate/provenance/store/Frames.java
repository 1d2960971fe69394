package dev.tollgate.provenance.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Frame layout shared by the records and checkpoints files: a 16-byte file header naming the file
 * kind, then frames of {@code uint32 length ‖ payload ‖ uint32 CRC32C(length ‖ payload)}, big-endian.
 */
public final class Frames {
  public static final int HEADER_BYTES = 16;
  public static final byte[] RECORDS_HEADER = "TOLLGATE-PROV-1\n".getBytes(StandardCharsets.US_ASCII);
  public static final byte[] CHECKPOINTS_HEADER = "TOLLGATE-CKPT-1\n".getBytes(StandardCharsets.US_ASCII);
  /** Frame overhead: length before, CRC after. */
  public static final int OVERHEAD = 8;
  /** No payload may exceed this; a larger length field is corruption, not a record. */
  public static final int MAX_PAYLOAD = 1 << 20;

  private Frames() {}

  public static byte[] encode(byte[] payload) {
    if (payload.length == 0 || payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("frame payload must be 1.." + MAX_PAYLOAD + " bytes, got " + payload.length);
    }
    ByteBuffer b = ByteBuffer.allocate(payload.length + OVERHEAD);
    b.putInt(payload.length).put(payload).putInt(crc(payload.length, payload, 0, payload.length));
    return b.array();
  }

  /**
   * The payload of the well-formed frame starting exactly at {@code at} in a file of
   * {@code fileSize} bytes, or null if there is none there (bad length, cut short, CRC mismatch).
   */
  public static byte[] readAt(java.nio.channels.FileChannel ch, long at, long fileSize) throws java.io.IOException {
    if (at < HEADER_BYTES || at + OVERHEAD > fileSize) {
      return null;
    }
    ByteBuffer len = ByteBuffer.allocate(4);
    readFully(ch, len, at);
    int length = len.getInt(0);
    if (length <= 0 || length > MAX_PAYLOAD || at + OVERHEAD + length > fileSize) {
      return null;
    }
    ByteBuffer frame = ByteBuffer.allocate(length + OVERHEAD);
    readFully(ch, frame, at);
    int crc = frame.getInt(4 + length);
    return crc == crc(length, frame.array(), 4, length) ? java.util.Arrays.copyOfRange(frame.array(), 4, 4 + length) : null;
  }

  private static void readFully(java.nio.channels.FileChannel ch, ByteBuffer b, long at) throws java.io.IOException {
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        throw new java.io.EOFException("unexpected end of file at offset " + (at + b.position()));
      }
    }
  }

  static int crc(int length, byte[] payload, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(ByteBuffer.allocate(4).putInt(0, length));
    c.update(payload, off, len);
    return (int) c.getValue();
  }
}
