package dev.tollgate.provenance.note;

import java.util.Arrays;
import java.util.Base64;

/**
 * Standard padded base64 that accepts only the canonical encoding, so no two strings decode to the
 * same bytes (the JDK decoder ignores non-zero trailing bits).
 */
final class StrictBase64 {
  private StrictBase64() {}

  static byte[] decode(String text, String what) throws FormatException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new FormatException(what + " is not valid base64");
    }
    if (!Arrays.equals(Base64.getEncoder().encode(bytes), text.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      throw new FormatException(what + " is not canonical base64");
    }
    return bytes;
  }

  static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
