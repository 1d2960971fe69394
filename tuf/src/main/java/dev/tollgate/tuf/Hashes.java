package dev.tollgate.tuf;

import dev.tollgate.io.Printable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Length and hash checks of downloaded bytes against signed expectations. Streaming: feed bytes
 * with {@link #update}, then {@link #verify}. An unknown hash algorithm fails the check.
 *
 * <p>The grammar of a hash in metadata ({@code "hashes": {ALGORITHM: HASH}}), checked by
 * {@link #malformed} where metadata is parsed, so that no hash outside it reaches a file name, a
 * URL or the install journal:
 * <ul>
 *   <li>ALGORITHM: 1-32 of {@code a-z 0-9 _ -}, starting with a letter or digit;
 *   <li>HASH of a known algorithm (sha224, sha256, sha384, sha512, sha512_224, sha512_256,
 *       sha3_256, sha3_384, sha3_512): lowercase hex of exactly the digest's length (sha256: 64);
 *   <li>HASH of another algorithm: lowercase hex, an even number of 2-128 digits. The metadata
 *       stays usable (the TUF specification names no algorithm set, and python-tuf likewise
 *       accepts such entries), but a target or metadata file that lists it is refused when it is
 *       checked, as "unsupported hash algorithm".
 * </ul>
 */
public final class Hashes {
  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Pattern LOWERCASE_HEX = Pattern.compile("([0-9a-f]{2}){1,64}");

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

  /** Why {@code hash} is not a well-formed {@code algorithm} digest (see the class grammar), if it is not. */
  public static Optional<String> malformed(String algorithm, String hash) {
    if (algorithm == null || !ALGORITHM.matcher(algorithm).matches()) {
      return Optional.of("hash algorithm '" + Printable.of(algorithm) + "' is not 1-32 of a-z, 0-9, '_', '-'");
    }
    String jdkName = jdkName(algorithm);
    if (jdkName == null) {
      return hash != null && LOWERCASE_HEX.matcher(hash).matches() ? Optional.empty()
          : Optional.of("'" + Printable.of(hash) + "' is not lowercase hex of 2-128 digits");
    }
    int digits = digestLength(jdkName) * 2;
    if (hash == null || hash.length() != digits || !LOWERCASE_HEX.matcher(hash).matches()) {
      return Optional.of("'" + Printable.of(hash) + "' is not " + digits + " lowercase hex digits");
    }
    return Optional.empty();
  }

  /** Returns {@code hashes} when every entry is well-formed, else throws naming the first bad one. */
  public static Map<String, String> requireWellFormed(String what, Map<String, String> hashes) {
    for (Map.Entry<String, String> e : hashes.entrySet()) {
      Optional<String> why = malformed(e.getKey(), e.getValue());
      if (why.isPresent()) {
        throw new IllegalArgumentException(what + ": hashes." + Printable.of(e.getKey()) + ": " + why.get());
      }
    }
    return hashes;
  }

  /** As {@link #requireWellFormed(String, Map)} while parsing, naming the metadata field. */
  static void requireWellFormed(Json.Fields f, String field, Map<String, String> hashes)
      throws MetadataFormatException {
    for (Map.Entry<String, String> e : hashes.entrySet()) {
      Optional<String> why = malformed(e.getKey(), e.getValue());
      if (why.isPresent()) {
        throw f.error(field + "." + Printable.of(e.getKey()), why.get());
      }
    }
  }

  private static int digestLength(String jdkName) {
    try {
      return MessageDigest.getInstance(jdkName).getDigestLength();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jdkName + " missing from the JDK", e);
    }
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
