package dev.tollgate.verifier.sigstore.checks;

import dev.tollgate.verifier.sigstore.CheckFailedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP tlog-checkpoint inside a C2SP signed note: the body (origin, tree size, root hash,
 * optional extension lines) and every signature line ({@code — name base64(keyhint ‖ sig)}).
 * Parsing only; {@link LogProofs} decides which signatures count.
 */
public record Checkpoint(
    String origin, long treeSize, byte[] rootHash, byte[] signedBody, List<NoteSignature> signatures) {

  /** One signature line: the key name, the 4-byte key hint and the signature proper. */
  public record NoteSignature(String name, byte[] keyHint, byte[] signature) {}

  private static final String SIGNATURE_PREFIX = "\u2014 ";
  /** More signature lines than any real witness set; a bound against hostile notes. */
  static final int MAX_SIGNATURES = 100;

  public static Checkpoint parse(String note) throws CheckFailedException {
    int split = note.indexOf("\n\n");
    if (split < 0) {
      throw new CheckFailedException("checkpoint is not a signed note (no blank line before signatures)");
    }
    String body = note.substring(0, split + 1);
    String[] lines = body.split("\n", -1);
    // lines ends with "" after the body's final newline.
    if (lines.length < 4) {
      throw new CheckFailedException("checkpoint body needs origin, tree size and root hash lines");
    }
    String origin = lines[0];
    if (origin.isEmpty()) {
      throw new CheckFailedException("checkpoint origin line is empty");
    }
    long size;
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw new CheckFailedException("checkpoint tree size line '" + lines[1] + "' is not a decimal number");
    }
    size = Long.parseLong(lines[1]);
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new CheckFailedException("checkpoint root hash line is not base64");
    }
    if (root.length != 32) {
      throw new CheckFailedException("checkpoint root hash is " + root.length + " bytes, expected 32");
    }
    List<NoteSignature> sigs = new ArrayList<>();
    String rest = note.substring(split + 2);
    if (!rest.endsWith("\n")) {
      throw new CheckFailedException("checkpoint signature block does not end with a newline");
    }
    for (String line : rest.substring(0, rest.length() - 1).split("\n", -1)) {
      sigs.add(signatureLine(line));
      if (sigs.size() > MAX_SIGNATURES) {
        throw new CheckFailedException("checkpoint carries more than " + MAX_SIGNATURES + " signatures");
      }
    }
    return new Checkpoint(origin, size, root, body.getBytes(StandardCharsets.UTF_8), sigs);
  }

  private static NoteSignature signatureLine(String line) throws CheckFailedException {
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw new CheckFailedException("checkpoint signature line does not start with an em dash: '" + line + "'");
    }
    String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
    if (parts.length != 2 || parts[0].isEmpty()) {
      throw new CheckFailedException("checkpoint signature line is not '— name signature'");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new CheckFailedException("checkpoint signature of " + parts[0] + " is not base64");
    }
    if (raw.length < 5) {
      throw new CheckFailedException("checkpoint signature of " + parts[0] + " is too short");
    }
    byte[] hint = java.util.Arrays.copyOfRange(raw, 0, 4);
    byte[] sig = java.util.Arrays.copyOfRange(raw, 4, raw.length);
    return new NoteSignature(parts[0], hint, sig);
  }
}
