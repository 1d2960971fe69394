package dev.tollgate.verifier.sigstore.checks;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Minimal PEM reading for the blocks log entries and key files carry. */
public final class Pem {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  /** One PEM block: its label and the DER it holds. */
  public record Block(String type, byte[] der) {}

  private Pem() {}

  /**
   * Reads the one PEM block in {@code text}.
   *
   * @throws IllegalArgumentException if there is none, more than one, or bad base64
   */
  public static Block single(String text) {
    Matcher m = BLOCK.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("no PEM block found");
    }
    Block block = new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2)));
    if (m.find()) {
      throw new IllegalArgumentException("expected one PEM block, found several");
    }
    return block;
  }

  public static String encode(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
