package dev.tollgate.provenance.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A C2SP tlog-proof: {@code c2sp.org/tlog-proof@v1}, optional {@code extra}, {@code index N}, the
 * inclusion proof hashes (leaf's sibling first), a blank line, then the checkpoint verbatim.
 * Parsing does not verify anything; the caller checks the checkpoint and the proof.
 */
public final class TlogProof {
  static final String HEADER = "c2sp.org/tlog-proof@v1";
  private static final int MAX_HASHES = 64;

  private final long index;
  private final List<byte[]> hashes;
  private final Optional<byte[]> extra;
  private final byte[] checkpoint;

  public TlogProof(long index, List<byte[]> hashes, Optional<byte[]> extra, byte[] checkpoint) {
    if (index < 0) {
      throw new IllegalArgumentException("proof index must not be negative");
    }
    this.index = index;
    this.hashes = List.copyOf(hashes);
    this.extra = extra.map(byte[]::clone);
    this.checkpoint = checkpoint.clone();
  }

  public long index() {
    return index;
  }

  public List<byte[]> hashes() {
    return hashes;
  }

  public Optional<byte[]> extra() {
    return extra.map(byte[]::clone);
  }

  /** The checkpoint's signed note bytes, unverified. */
  public byte[] checkpoint() {
    return checkpoint.clone();
  }

  public byte[] encode() {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    extra.ifPresent(e -> b.append("extra ").append(StrictBase64.encode(e)).append('\n'));
    b.append("index ").append(index).append('\n');
    for (byte[] h : hashes) {
      b.append(StrictBase64.encode(h)).append('\n');
    }
    b.append('\n');
    byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + checkpoint.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(checkpoint, 0, out, head.length, checkpoint.length);
    return out;
  }

  public static TlogProof parse(byte[] bytes) throws FormatException {
    String s = new String(bytes, StandardCharsets.UTF_8);
    int pos = 0;
    String line = lineAt(s, pos);
    if (!line.equals(HEADER)) {
      throw new FormatException("proof does not start with " + HEADER);
    }
    pos += line.length() + 1;
    line = lineAt(s, pos);
    Optional<byte[]> extra = Optional.empty();
    if (line.startsWith("extra ")) {
      extra = Optional.of(StrictBase64.decode(line.substring(6), "proof extra data"));
      pos += line.length() + 1;
      line = lineAt(s, pos);
    }
    if (!line.startsWith("index ") || !line.substring(6).matches("0|[1-9][0-9]{0,18}")) {
      throw new FormatException("proof has no valid 'index N' line");
    }
    long index;
    try {
      index = Long.parseLong(line.substring(6));
    } catch (NumberFormatException e) {
      throw new FormatException("proof index is out of range");
    }
    pos += line.length() + 1;
    List<byte[]> hashes = new ArrayList<>();
    while (!(line = lineAt(s, pos)).isEmpty()) {
      if (hashes.size() == MAX_HASHES) {
        throw new FormatException("proof has more than " + MAX_HASHES + " hashes");
      }
      byte[] h = StrictBase64.decode(line, "proof hash " + hashes.size());
      if (h.length != 32) {
        throw new FormatException("proof hash " + hashes.size() + " is not 32 bytes");
      }
      hashes.add(h);
      pos += line.length() + 1;
    }
    pos += 1;
    int headBytes = s.substring(0, pos).getBytes(StandardCharsets.UTF_8).length;
    byte[] checkpoint = java.util.Arrays.copyOfRange(bytes, headBytes, bytes.length);
    if (checkpoint.length == 0) {
      throw new FormatException("proof carries no checkpoint");
    }
    return new TlogProof(index, hashes, extra, checkpoint);
  }

  private static String lineAt(String s, int pos) throws FormatException {
    int nl = s.indexOf('\n', pos);
    if (pos > s.length() || nl < 0) {
      throw new FormatException("proof ends before its checkpoint");
    }
    return s.substring(pos, nl);
  }
}
