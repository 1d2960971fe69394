package dev.tollgate.provenance.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Verifies tlog-cosignature/v1 lines on a checkpoint and adds new ones to it. */
public final class Cosignatures {
  private static final int COSIGNATURE_BYTES = 8 + 64;

  private Cosignatures() {}

  /** One verified cosignature: who made it and when (POSIX seconds). */
  public static final class Cosignature {
    private final WitnessVerifier witness;
    private final long timestamp;

    Cosignature(WitnessVerifier witness, long timestamp) {
      this.witness = witness;
      this.timestamp = timestamp;
    }

    public WitnessVerifier witness() {
      return witness;
    }

    public long timestamp() {
      return timestamp;
    }
  }

  /**
   * The valid cosignatures on {@code note} by the given witnesses, at most one per witness; lines
   * by other keys are ignored, as the spec requires. A line with a known witness's name and key ID
   * that does not verify makes the note malformed: it throws naming the witness.
   */
  public static List<Cosignature> verify(byte[] note, Collection<WitnessVerifier> witnesses) throws FormatException {
    SignedNote parsed = SignedNote.parse(note);
    Map<WitnessVerifier, Cosignature> found = new LinkedHashMap<>();
    for (SignedNote.Signature s : parsed.signatures()) {
      for (WitnessVerifier w : witnesses) {
        if (!s.name.equals(w.name()) || s.keyId != w.keyId()) {
          continue;
        }
        long time = check(parsed.text(), s, w);
        found.putIfAbsent(w, new Cosignature(w, time));
      }
    }
    return List.copyOf(found.values());
  }

  private static long check(String text, SignedNote.Signature s, WitnessVerifier w) throws FormatException {
    if (s.signature.length != COSIGNATURE_BYTES) {
      throw new FormatException("cosignature by " + w.name() + " is " + (s.signature.length + 4)
          + " bytes, not key ID, timestamp and an Ed25519 signature (76)");
    }
    long time = ByteBuffer.wrap(s.signature, 0, 8).getLong();
    if (time <= 0) {
      throw new FormatException("cosignature by " + w.name() + " has timestamp " + Long.toUnsignedString(time)
          + " (must be 1 .. 2^63-1)");
    }
    byte[] sig = Arrays.copyOfRange(s.signature, 8, s.signature.length);
    if (!w.verify(WitnessKey.signedMessage(text, time), sig)) {
      throw new FormatException("cosignature by " + w.name() + " does not verify over the checkpoint");
    }
    return time;
  }

  /** The text a note's signatures cover (through its final newline), without verifying anything. */
  public static String noteText(byte[] note) throws FormatException {
    return SignedNote.parse(note).text();
  }

  /**
   * The signature lines on {@code note} by {@code witness} (name and key ID) that verify as its
   * cosignatures of this note, each ending in a newline; empty when there are none. Throws when one
   * of its lines does not verify.
   */
  public static String linesBy(byte[] note, WitnessVerifier witness) throws FormatException {
    SignedNote parsed = SignedNote.parse(note);
    StringBuilder out = new StringBuilder();
    for (SignedNote.Signature s : parsed.signatures()) {
      if (s.name.equals(witness.name()) && s.keyId == witness.keyId()) {
        check(parsed.text(), s, witness);
        out.append(s.line());
      }
    }
    return out.toString();
  }

  /**
   * The note with {@code lines} (signature lines, each ending in a newline) added after its own
   * signatures: a cosigned checkpoint is the checkpoint with extra signature lines.
   */
  public static byte[] append(byte[] note, String lines) throws FormatException {
    SignedNote.parse(note);
    byte[] extra = lines.getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(note, note.length + extra.length);
    System.arraycopy(extra, 0, out, note.length, extra.length);
    SignedNote.parse(out);
    return out;
  }

  /** Parses a block of signature lines (e.g. a witness response) and returns them, each with its newline. */
  public static List<String> signatureLines(byte[] block) throws FormatException {
    String s = new String(block, StandardCharsets.UTF_8);
    if (s.isEmpty() || !s.endsWith("\n")) {
      throw new FormatException("signature lines must be present and end in a newline");
    }
    // Parsed as the signature block of a minimal note, so the same line rules apply.
    SignedNote.parse(("x\n\n" + s).getBytes(StandardCharsets.UTF_8));
    List<String> out = new ArrayList<>();
    for (String line : s.substring(0, s.length() - 1).split("\n", -1)) {
      out.add(line + "\n");
    }
    return out;
  }
}
