package dev.tollgate.provenance.note;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869): derives independent keys from one secret. */
public final class Hkdf {
  private static final int HASH_BYTES = 32;

  private Hkdf() {}

  /** Extract-then-expand; an empty {@code salt} means HashLen zero bytes, as RFC 5869 says. */
  public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    if (length <= 0 || length > 255 * HASH_BYTES) {
      throw new IllegalArgumentException("HKDF-SHA256 output must be 1.." + 255 * HASH_BYTES + " bytes");
    }
    byte[] prk = hmac(salt.length == 0 ? new byte[HASH_BYTES] : salt, ikm);
    ByteArrayOutputStream okm = new ByteArrayOutputStream(length + HASH_BYTES);
    byte[] t = new byte[0];
    for (int i = 1; okm.size() < length; i++) {
      byte[] input = new byte[t.length + info.length + 1];
      System.arraycopy(t, 0, input, 0, t.length);
      System.arraycopy(info, 0, input, t.length, info.length);
      input[input.length - 1] = (byte) i;
      t = hmac(prk, input);
      okm.writeBytes(t);
    }
    return java.util.Arrays.copyOf(okm.toByteArray(), length);
  }

  /** HMAC-SHA256 of {@code data} under {@code key}. */
  public static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
    }
  }
}
