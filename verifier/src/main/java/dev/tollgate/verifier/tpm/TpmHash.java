package dev.tollgate.verifier.tpm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The TPM_ALG_ID hash algorithms a PCR bank or a signature may use. */
public enum TpmHash {
  SHA1(0x0004, "sha1", "SHA-1", 20),
  SHA256(0x000B, "sha256", "SHA-256", 32),
  SHA384(0x000C, "sha384", "SHA-384", 48),
  SHA512(0x000D, "sha512", "SHA-512", 64);

  private final int algId;
  private final String tpmName;
  private final String jcaName;
  private final int digestLength;

  TpmHash(int algId, String tpmName, String jcaName, int digestLength) {
    this.algId = algId;
    this.tpmName = tpmName;
    this.jcaName = jcaName;
    this.digestLength = digestLength;
  }

  public int algId() {
    return algId;
  }

  /** The name tpm2-tools uses, e.g. {@code sha256}. */
  public String tpmName() {
    return tpmName;
  }

  public String jcaName() {
    return jcaName;
  }

  public int digestLength() {
    return digestLength;
  }

  public byte[] digest(byte[]... parts) {
    MessageDigest md = messageDigest();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  MessageDigest messageDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the Java runtime lacks " + jcaName, e);
    }
  }

  static TpmHash fromAlgId(int id, TpmBuffer where, String field) throws TpmFormatException {
    for (TpmHash h : values()) {
      if (h.algId == id) {
        return h;
      }
    }
    throw where.error(field + " has unsupported hash algorithm 0x" + hex16(id));
  }

  /** Parses a tpm2-tools bank name such as {@code sha256}. */
  public static TpmHash fromName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (TpmHash h : values()) {
      if (h.tpmName.equals(n)) {
        return h;
      }
    }
    throw new IllegalArgumentException("unknown PCR bank or hash '" + name
        + "' (expected sha1, sha256, sha384 or sha512)");
  }

  static String hex16(int v) {
    return String.format(Locale.ROOT, "%04x", v);
  }
}
