package dev.tollgate.provenance.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** C2SP signed-note: a text ending in newline, a blank line, then "— name base64(keyID ‖ sig)" lines. */
public final class SignedNote {
  /** Verifiers must accept 16 signatures; far more than that is an attack on memory, not a note. */
  static final int MAX_SIGNATURES = 100;
  static final int MAX_NOTE_BYTES = 1 << 20;
  static final String DASH = "\u2014 ";

  /** One signature line. */
  public static final class Signature {
    final String name;
    final int keyId;
    final byte[] signature;

    Signature(String name, int keyId, byte[] signature) {
      this.name = name;
      this.keyId = keyId;
      this.signature = signature;
    }

    /** The signature line as it stands in a note, with its newline. */
    String line() {
      ByteBuffer raw = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature);
      return DASH + name + " " + StrictBase64.encode(raw.array()) + "\n";
    }
  }

  private final String text;
  private final List<Signature> signatures;

  private SignedNote(String text, List<Signature> signatures) {
    this.text = text;
    this.signatures = signatures;
  }

  List<Signature> signatures() {
    return signatures;
  }

  /** The note text, including its final newline. */
  public String text() {
    return text;
  }

  /** Signs {@code text} (which must end in a newline) and returns the whole note. */
  public static byte[] sign(String text, SignerKey key) throws FormatException {
    checkText(text);
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] sig = key.sign(body);
    ByteBuffer b = ByteBuffer.allocate(4 + sig.length).putInt(key.verifierKey().keyId()).put(sig);
    String line = DASH + key.name() + " " + StrictBase64.encode(b.array()) + "\n";
    return (text + "\n" + line).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a note and verifies it against {@code key}: a signature line with the key's name and ID
   * must be present and valid; signatures by other keys are ignored, as the spec requires.
   */
  public static SignedNote open(byte[] note, VerifierKey key) throws FormatException {
    SignedNote parsed = parse(note);
    boolean verified = false;
    for (Signature s : parsed.signatures) {
      if (s.name.equals(key.name()) && s.keyId == key.keyId()) {
        if (!key.verify(parsed.text.getBytes(StandardCharsets.UTF_8), s.signature)) {
          throw new FormatException("signature by " + key.name() + " does not verify over the note text");
        }
        verified = true;
      }
    }
    if (!verified) {
      throw new FormatException("note carries no signature by key " + key.name() + "+"
          + KeyNames.formatKeyId(key.keyId()));
    }
    return parsed;
  }

  /**
   * The note with only the signature lines by {@code key} (name and key ID), so a note stored for
   * later carries no lines a sender added in someone else's name.
   */
  static byte[] keepOnly(byte[] note, VerifierKey key) throws FormatException {
    SignedNote parsed = parse(note);
    StringBuilder b = new StringBuilder(parsed.text).append('\n');
    for (Signature s : parsed.signatures) {
      if (s.name.equals(key.name()) && s.keyId == key.keyId()) {
        b.append(s.line());
      }
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static SignedNote parse(byte[] note) throws FormatException {
    if (note.length > MAX_NOTE_BYTES) {
      throw new FormatException("note is larger than " + MAX_NOTE_BYTES + " bytes");
    }
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(note))
          .toString();
    } catch (CharacterCodingException e) {
      throw new FormatException("note is not valid UTF-8");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\n') || c == 0x7f) {
        throw new FormatException("note contains control character 0x" + Integer.toHexString(c));
      }
    }
    int split = s.lastIndexOf("\n\n");
    if (split < 0) {
      throw new FormatException("note has no blank line before its signatures");
    }
    String text = s.substring(0, split + 1);
    String sigBlock = s.substring(split + 2);
    if (sigBlock.isEmpty() || !sigBlock.endsWith("\n")) {
      throw new FormatException("note signature block is empty or does not end in a newline");
    }
    List<Signature> sigs = new ArrayList<>();
    for (String line : sigBlock.substring(0, sigBlock.length() - 1).split("\n", -1)) {
      if (sigs.size() == MAX_SIGNATURES) {
        throw new FormatException("note has more than " + MAX_SIGNATURES + " signatures");
      }
      sigs.add(parseSignatureLine(line));
    }
    return new SignedNote(text, List.copyOf(sigs));
  }

  private static Signature parseSignatureLine(String line) throws FormatException {
    if (!line.startsWith(DASH)) {
      throw new FormatException("signature line does not start with an em dash and space");
    }
    String rest = line.substring(DASH.length());
    int space = rest.indexOf(' ');
    if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
      throw new FormatException("signature line is not '— name signature'");
    }
    String name = rest.substring(0, space);
    KeyNames.check(name);
    byte[] raw = StrictBase64.decode(rest.substring(space + 1), "signature of " + name);
    if (raw.length < 5) {
      throw new FormatException("signature of " + name + " is too short");
    }
    int id = ByteBuffer.wrap(raw, 0, 4).getInt();
    return new Signature(name, id, Arrays.copyOfRange(raw, 4, raw.length));
  }

  private static void checkText(String text) throws FormatException {
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw new FormatException("note text must end in a newline");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\n') || c == 0x7f) {
        throw new FormatException("note text contains control character 0x" + Integer.toHexString(c));
      }
    }
  }
}
