package dev.tollgate.provenance.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Frame layout shared by the records and checkpoints files: a 16-byte file header naming the file
 * kind, then frames of {@code uint32 word ‖ payload ‖ [tag] ‖ uint32 CRC32C(word ‖ payload ‖ [tag])},
 * big-endian. The word's low 31 bits are the payload length; in a {@link #RECORDS_HEADER} file its
 * top bit says the frame carries a {@link #TAG_BYTES}-byte record tag (the writer's authenticator)
 * after the payload. Frames without that bit are the untagged frames of the first format.
 */
public final class Frames {
  public static final int HEADER_BYTES = 16;
  /** Records written with record tags; untagged frames of the first format may precede them. */
  public static final byte[] RECORDS_HEADER = "TOLLGATE-PROV-2\n".getBytes(StandardCharsets.US_ASCII);
  /** Records of the first format: no frame carries a tag. Still read; upgraded in place by the writer. */
  public static final byte[] RECORDS_HEADER_V1 = "TOLLGATE-PROV-1\n".getBytes(StandardCharsets.US_ASCII);
  public static final byte[] CHECKPOINTS_HEADER = "TOLLGATE-CKPT-1\n".getBytes(StandardCharsets.US_ASCII);
  /** Frame overhead without a tag: the word before, the CRC after. */
  public static final int OVERHEAD = 8;
  /** Length of a record tag (HMAC-SHA256). */
  public static final int TAG_BYTES = 32;
  /** Set in the word of a frame that carries a record tag. */
  static final int TAGGED = 0x80000000;
  /** No payload may exceed this; a larger length field is corruption, not a record. */
  public static final int MAX_PAYLOAD = 1 << 20;

  private Frames() {}

  /** An untagged frame (checkpoints; records of the first format). */
  public static byte[] encode(byte[] payload) {
    return encode(payload, null);
  }

  /** A record frame carrying its record tag. */
  public static byte[] encodeTagged(byte[] payload, byte[] tag) {
    if (tag == null || tag.length != TAG_BYTES) {
      throw new IllegalArgumentException("a record tag is " + TAG_BYTES + " bytes");
    }
    return encode(payload, tag);
  }

  private static byte[] encode(byte[] payload, byte[] tag) {
    if (payload.length == 0 || payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("frame payload must be 1.." + MAX_PAYLOAD + " bytes, got " + payload.length);
    }
    int word = tag == null ? payload.length : payload.length | TAGGED;
    int tagBytes = tag == null ? 0 : TAG_BYTES;
    ByteBuffer b = ByteBuffer.allocate(payload.length + tagBytes + OVERHEAD);
    b.putInt(word).put(payload);
    if (tag != null) {
      b.put(tag);
    }
    b.putInt(crc(b.array(), 0, b.position()));
    return b.array();
  }

  /** Total bytes of the frame whose first four bytes are {@code word}, or -1 if the word is out of range. */
  public static long frameBytes(int word, boolean tagsAllowed) {
    boolean tagged = tagsAllowed && (word & TAGGED) != 0;
    int length = tagged ? word & ~TAGGED : word;
    if (length <= 0 || length > MAX_PAYLOAD) {
      return -1;
    }
    return (long) length + OVERHEAD + (tagged ? TAG_BYTES : 0);
  }

  /**
   * The well-formed frame starting exactly at {@code at} in a file of {@code fileSize} bytes, or
   * null if there is none there (bad length, cut short, CRC mismatch).
   */
  public static FrameScanner.Good readAt(FileChannel ch, long at, long fileSize, boolean tagsAllowed)
      throws IOException {
    if (at < HEADER_BYTES || at + OVERHEAD > fileSize) {
      return null;
    }
    ByteBuffer word = ByteBuffer.allocate(4);
    readFully(ch, word, at);
    long total = frameBytes(word.getInt(0), tagsAllowed);
    if (total < 0 || at + total > fileSize) {
      return null;
    }
    ByteBuffer frame = ByteBuffer.allocate((int) total);
    readFully(ch, frame, at);
    return parse(at, frame.array(), tagsAllowed);
  }

  /** The frame in {@code frame} (exactly one whole frame), or null if its CRC does not match. */
  static FrameScanner.Good parse(long at, byte[] frame, boolean tagsAllowed) {
    int word = ByteBuffer.wrap(frame).getInt(0);
    int crcAt = frame.length - 4;
    if (ByteBuffer.wrap(frame).getInt(crcAt) != crc(frame, 0, crcAt)) {
      return null;
    }
    boolean tagged = tagsAllowed && (word & TAGGED) != 0;
    int length = tagged ? word & ~TAGGED : word;
    byte[] payload = Arrays.copyOfRange(frame, 4, 4 + length);
    byte[] tag = tagged ? Arrays.copyOfRange(frame, 4 + length, 4 + length + TAG_BYTES) : null;
    return new FrameScanner.Good(at, payload, tag, frame.length);
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        throw new EOFException("unexpected end of file at offset " + (at + b.position()));
      }
    }
  }

  static int crc(byte[] bytes, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(bytes, off, len);
    return (int) c.getValue();
  }
}
