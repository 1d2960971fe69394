package dev.tollgate.tuf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Length and hash checks of downloaded bytes against signed expectations. Streaming: feed bytes
 * with {@link #update}, then {@link #verify}. An unknown hash algorithm fails the check.
 */
public final class Hashes {
  private final String role;
  private final long version;
  private final Map<String, String> expected;
  private final Long expectedLength;
  private final Map<String, MessageDigest> digests = new LinkedHashMap<>();
  private final String unsupported;
  private long length;

  public Hashes(String role, long version, Map<String, String> expected, Long expectedLength) {
    this.role = role;
    this.version = version;
    this.expected = expected == null ? Map.of() : expected;
    this.expectedLength = expectedLength;
    String bad = null;
    for (String algorithm : this.expected.keySet()) {
      String jdkName = jdkName(algorithm);
      try {
        if (jdkName == null) {
          throw new NoSuchAlgorithmException(algorithm);
        }
        digests.put(algorithm, MessageDigest.getInstance(jdkName));
      } catch (NoSuchAlgorithmException e) {
        bad = algorithm;
      }
    }
    this.unsupported = bad;
  }

  static String jdkName(String tufName) {
    return switch (tufName) {
      case "sha224" -> "SHA-224";
      case "sha256" -> "SHA-256";
      case "sha384" -> "SHA-384";
      case "sha512" -> "SHA-512";
      case "sha512_224" -> "SHA-512/224";
      case "sha512_256" -> "SHA-512/256";
      case "sha3_256" -> "SHA3-256";
      case "sha3_384" -> "SHA3-384";
      case "sha3_512" -> "SHA3-512";
      default -> null;
    };
  }

  /** Hex SHA-256 of the bytes. */
  public static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  public void update(byte[] buf, int off, int len) {
    length += len;
    for (MessageDigest d : digests.values()) {
      d.update(buf, off, len);
    }
  }

  public long length() {
    return length;
  }

  /** Checks the bytes seen so far against the expected length and every expected hash. */
  public void verify() throws HashMismatchException {
    if (expectedLength != null && length != expectedLength) {
      throw new HashMismatchException(role, version, "length-mismatch",
          "length " + length + " does not match the signed length " + expectedLength);
    }
    if (unsupported != null) {
      throw new HashMismatchException(role, version, "unsupported hash algorithm " + unsupported);
    }
    for (Map.Entry<String, MessageDigest> e : digests.entrySet()) {
      String actual = HexFormat.of().formatHex(e.getValue().digest());
      if (!actual.equalsIgnoreCase(expected.get(e.getKey()))) {
        throw new HashMismatchException(role, version,
            e.getKey() + " " + actual + " does not match the signed " + expected.get(e.getKey()));
      }
    }
  }

  /** One-shot check of a byte array. */
  public static void verify(String role, long version, Map<String, String> expected, Long expectedLength, byte[] data)
      throws HashMismatchException {
    Hashes h = new Hashes(role, version, expected, expectedLength);
    h.update(data, 0, data.length);
    h.verify();
  }
}
