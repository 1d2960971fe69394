package dev.tollgate.provenance.store;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Test access to the frames of a log's records file, for tampering with them. */
public final class RecordFrames {
  private RecordFrames() {}

  /** Byte offset of frame {@code index}. */
  public static long offset(Path dir, int index) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("records")));
    long at = Frames.HEADER_BYTES;
    for (int i = 0; i < index; i++) {
      at += Frames.frameBytes(b.getInt((int) at), true);
    }
    return at;
  }

  /** The exact bytes of frame {@code index}. */
  public static byte[] frame(Path dir, int index) throws Exception {
    byte[] all = Files.readAllBytes(dir.resolve("records"));
    int at = (int) offset(dir, index);
    return Arrays.copyOfRange(all, at, at + (int) Frames.frameBytes(ByteBuffer.wrap(all).getInt(at), true));
  }
}
