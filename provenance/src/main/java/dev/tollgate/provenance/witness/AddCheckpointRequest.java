package dev.tollgate.provenance.witness;

import dev.tollgate.provenance.note.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The body of a tlog-witness {@code add-checkpoint} request: {@code old N}, at most 63 base64
 * consistency-proof hashes, an empty line, then the checkpoint note. Parsing checks the framing only;
 * {@link Witness} verifies the rest.
 */
public final class AddCheckpointRequest {
  /** Far above any honest request (63 hashes and a checkpoint with many signatures); refused unread beyond. */
  public static final int MAX_BYTES = 64 * 1024;
  static final int MAX_PROOF_HASHES = 63;

  private final long oldSize;
  private final List<byte[]> proof;
  private final byte[] checkpoint;

  public AddCheckpointRequest(long oldSize, List<byte[]> proof, byte[] checkpoint) {
    if (oldSize < 0 || proof.size() > MAX_PROOF_HASHES) {
      throw new IllegalArgumentException("old size must not be negative and a proof has at most 63 hashes");
    }
    this.oldSize = oldSize;
    this.proof = List.copyOf(proof);
    this.checkpoint = checkpoint.clone();
  }

  public long oldSize() {
    return oldSize;
  }

  public List<byte[]> proof() {
    return proof;
  }

  public byte[] checkpoint() {
    return checkpoint.clone();
  }

  public byte[] encode() {
    StringBuilder b = new StringBuilder("old ").append(oldSize).append('\n');
    for (byte[] h : proof) {
      b.append(Base64.getEncoder().encodeToString(h)).append('\n');
    }
    b.append('\n');
    byte[] head = b.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(head, head.length + checkpoint.length);
    System.arraycopy(checkpoint, 0, out, head.length, checkpoint.length);
    return out;
  }

  /** Parses a request body; throws naming the line that breaks the framing. */
  public static AddCheckpointRequest parse(byte[] body) throws FormatException {
    if (body.length > MAX_BYTES) {
      throw new FormatException("request body is larger than " + MAX_BYTES + " bytes");
    }
    int pos = 0;
    int end = lineEnd(body, pos, "old size line");
    String oldLine = ascii(body, pos, end);
    if (!oldLine.startsWith("old ") || !oldLine.substring(4).matches("0|[1-9][0-9]{0,18}")) {
      throw new FormatException("first line must be 'old N' with N a decimal without leading zeroes");
    }
    long oldSize;
    try {
      oldSize = Long.parseLong(oldLine.substring(4));
    } catch (NumberFormatException e) {
      throw new FormatException("old size " + oldLine.substring(4) + " is out of range");
    }
    pos = end + 1;
    List<byte[]> proof = new ArrayList<>();
    while (true) {
      end = lineEnd(body, pos, "empty line before the checkpoint");
      if (end == pos) {
        pos++;
        break;
      }
      if (proof.size() == MAX_PROOF_HASHES) {
        throw new FormatException("more than " + MAX_PROOF_HASHES + " consistency proof lines");
      }
      proof.add(hash(ascii(body, pos, end), proof.size()));
      pos = end + 1;
    }
    if (pos == body.length) {
      throw new FormatException("request carries no checkpoint after the empty line");
    }
    return new AddCheckpointRequest(oldSize, proof, Arrays.copyOfRange(body, pos, body.length));
  }

  private static byte[] hash(String line, int index) throws FormatException {
    byte[] h;
    try {
      h = Base64.getDecoder().decode(line);
    } catch (IllegalArgumentException e) {
      throw new FormatException("consistency proof line " + index + " is not base64");
    }
    if (h.length != 32 || !Base64.getEncoder().encodeToString(h).equals(line)) {
      throw new FormatException("consistency proof line " + index + " is not a canonical base64 32-byte hash");
    }
    return h;
  }

  private static int lineEnd(byte[] body, int from, String expected) throws FormatException {
    for (int i = from; i < body.length; i++) {
      if (body[i] == '\n') {
        return i;
      }
    }
    throw new FormatException("request ends before the " + expected);
  }

  private static String ascii(byte[] body, int from, int to) throws FormatException {
    for (int i = from; i < to; i++) {
      if (body[i] < 0x20 || body[i] > 0x7e) {
        throw new FormatException("request header line contains byte 0x" + Integer.toHexString(body[i] & 0xff));
      }
    }
    return new String(body, from, to - from, StandardCharsets.US_ASCII);
  }
}
