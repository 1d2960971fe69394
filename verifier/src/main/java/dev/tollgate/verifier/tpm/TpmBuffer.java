package dev.tollgate.verifier.tpm;

import java.util.Arrays;

/** Reads TPM 2.0 marshalled data (big-endian) and checks every length against what is left. */
final class TpmBuffer {
  private final byte[] data;
  private final String structure;
  private int pos;

  TpmBuffer(byte[] data, String structure) {
    this.data = data;
    this.structure = structure;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return data.length - pos;
  }

  private void need(int n, String field) throws TpmFormatException {
    if (n > remaining()) {
      throw error(field + " needs " + n + " bytes but only " + remaining() + " remain");
    }
  }

  TpmFormatException error(String what) {
    return new TpmFormatException(structure + ": " + what + " (at byte " + pos + ")");
  }

  int u8(String field) throws TpmFormatException {
    need(1, field);
    return data[pos++] & 0xff;
  }

  int u16(String field) throws TpmFormatException {
    need(2, field);
    int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  long u32(String field) throws TpmFormatException {
    need(4, field);
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (data[pos + i] & 0xff);
    }
    pos += 4;
    return v;
  }

  long u64(String field) throws TpmFormatException {
    need(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (data[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  byte[] bytes(int n, String field) throws TpmFormatException {
    need(n, field);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  /** A TPM2B: a 16-bit size then that many bytes, refused when the size exceeds {@code max}. */
  byte[] sized(int max, String field) throws TpmFormatException {
    int size = u16(field + " size");
    if (size > max) {
      throw error(field + " size " + size + " exceeds the limit of " + max);
    }
    return bytes(size, field);
  }

  /** The bytes between {@code from} and the current position, e.g. to hash what was just read. */
  byte[] slice(int from) {
    return Arrays.copyOfRange(data, from, pos);
  }

  void requireEnd() throws TpmFormatException {
    if (remaining() != 0) {
      throw error(remaining() + " trailing bytes after the structure");
    }
  }
}
