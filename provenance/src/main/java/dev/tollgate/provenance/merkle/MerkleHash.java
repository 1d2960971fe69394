package dev.tollgate.provenance.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 6962 hashing: leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right). */
public final class MerkleHash {
  /** Length of every hash in the tree. */
  public static final int SIZE = 32;

  private MerkleHash() {}

  public static byte[] leaf(byte[] data) {
    MessageDigest md = sha256();
    md.update((byte) 0x00);
    md.update(data);
    return md.digest();
  }

  public static byte[] node(byte[] left, byte[] right) {
    MessageDigest md = sha256();
    md.update((byte) 0x01);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** The root of the empty tree: SHA-256 of the empty string. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
