package dev.tollgate.provenance.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Key-name rules and the key ID of signed-note: SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], where the
 * type is 0x01 for note (log) signatures and 0x04 for tlog-cosignature/v1 Ed25519 cosignatures.
 */
final class KeyNames {
  static final byte ED25519_TYPE = 0x01;
  static final byte COSIGNATURE_V1_TYPE = 0x04;

  private KeyNames() {}

  static void check(String name) throws FormatException {
    if (name == null || name.isEmpty()) {
      throw new FormatException("key name is empty");
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (cp == '+' || Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp < 0x20 || cp == 0x7f) {
        throw new FormatException("key name '" + name + "' contains a space, '+' or control character");
      }
      i += Character.charCount(cp);
    }
  }

  static int keyId(String name, byte[] rawPublic) {
    return keyId(name, ED25519_TYPE, rawPublic);
  }

  static int keyId(String name, byte type, byte[] rawPublic) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0x0A);
    md.update(type);
    md.update(rawPublic);
    byte[] h = md.digest();
    return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
  }

  static int parseKeyId(String hex) throws FormatException {
    if (hex.length() != 8 || !hex.matches("[0-9a-f]{8}")) {
      throw new FormatException("key ID '" + hex + "' is not 8 lowercase hex digits");
    }
    return (int) Long.parseLong(hex, 16);
  }

  static String formatKeyId(int id) {
    return String.format("%08x", id);
  }
}
