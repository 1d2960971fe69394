package dev.tollgate.provenance.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A C2SP tlog-checkpoint: origin, tree size and root hash (plus opaque extension lines), and the
 * signed note bytes it came from, verbatim, so proofs can embed it unchanged.
 */
public final class Checkpoint {
  private final String origin;
  private final long size;
  private final byte[] root;
  private final List<String> extensions;
  private final byte[] signedNote;

  private Checkpoint(String origin, long size, byte[] root, List<String> extensions, byte[] signedNote) {
    this.origin = origin;
    this.size = size;
    this.root = root.clone();
    this.extensions = List.copyOf(extensions);
    this.signedNote = signedNote.clone();
  }

  /** Signs a checkpoint for {@code size} and {@code root}; the origin is the key's name. */
  public static Checkpoint sign(SignerKey key, long size, byte[] root) throws FormatException {
    if (size < 0 || root.length != 32) {
      throw new FormatException("checkpoint needs a non-negative size and a 32-byte root");
    }
    String text = key.name() + "\n" + size + "\n" + StrictBase64.encode(root) + "\n";
    return new Checkpoint(key.name(), size, root, List.of(), SignedNote.sign(text, key));
  }

  /**
   * Verifies the note signature with {@code key} and parses the body; the origin must equal the
   * key's name, so a checkpoint from another log signed by a shared key is refused.
   */
  public static Checkpoint open(byte[] signedNote, VerifierKey key) throws FormatException {
    SignedNote note = SignedNote.open(signedNote, key);
    String[] lines = note.text().substring(0, note.text().length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new FormatException("checkpoint has fewer than three lines");
    }
    String origin = lines[0];
    if (origin.isEmpty()) {
      throw new FormatException("checkpoint origin is empty");
    }
    if (!origin.equals(key.name())) {
      throw new FormatException("checkpoint origin '" + origin + "' is not the log key's name '" + key.name() + "'");
    }
    String sizeText = lines[1];
    if (!sizeText.matches("0|[1-9][0-9]{0,18}")) {
      throw new FormatException("checkpoint tree size '" + sizeText + "' is not a decimal without leading zeroes");
    }
    long size;
    try {
      size = Long.parseLong(sizeText);
    } catch (NumberFormatException e) {
      throw new FormatException("checkpoint tree size '" + sizeText + "' is out of range");
    }
    byte[] root = StrictBase64.decode(lines[2], "checkpoint root hash");
    if (root.length != 32) {
      throw new FormatException("checkpoint root hash is " + root.length + " bytes, not 32");
    }
    List<String> ext = new ArrayList<>(Arrays.asList(lines).subList(3, lines.length));
    for (String e : ext) {
      if (e.isEmpty()) {
        throw new FormatException("checkpoint has an empty extension line");
      }
    }
    return new Checkpoint(origin, size, root, ext, signedNote);
  }

  public String origin() {
    return origin;
  }

  public long size() {
    return size;
  }

  public byte[] root() {
    return root.clone();
  }

  public List<String> extensions() {
    return extensions;
  }

  /** The whole signed note, byte for byte as signed or read. */
  public byte[] signedNote() {
    return signedNote.clone();
  }

  /** This checkpoint's note with only the signature lines by {@code key} (the log's own, or none). */
  public byte[] signedOnlyBy(VerifierKey key) throws FormatException {
    return SignedNote.keepOnly(signedNote, key);
  }

  /** The note text the signatures cover: the checkpoint body including its final newline. */
  public String noteText() {
    try {
      return SignedNote.parse(signedNote).text();
    } catch (FormatException e) {
      throw new IllegalStateException("a checkpoint's own note always parses", e);
    }
  }

  /**
   * The origin line of a note, read without verifying anything: a witness needs it to pick the
   * key that then verifies the note. Throws when the bytes are not a signed note.
   */
  public static String originOf(byte[] signedNote) throws FormatException {
    String text = SignedNote.parse(signedNote).text();
    return text.substring(0, text.indexOf('\n'));
  }

  public String rootBase64() {
    return StrictBase64.encode(root);
  }

  @Override
  public String toString() {
    return new String(signedNote, StandardCharsets.UTF_8);
  }
}
