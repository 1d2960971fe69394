package dev.tollgate.verifier.sigstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a bundle is checked against: the SHA-256 digest of the signed artifact. For a DSSE in-toto
 * bundle this is the digest of one of the statement's subjects.
 */
public final class Artifact {
  private final byte[] sha256;

  private Artifact(byte[] sha256) {
    if (sha256 == null || sha256.length != 32) {
      throw new IllegalArgumentException("an artifact digest must be 32 bytes of SHA-256");
    }
    this.sha256 = sha256.clone();
  }

  /** Streams the file once to compute its SHA-256 digest. */
  public static Artifact ofFile(Path file) throws IOException {
    MessageDigest md = sha256Digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return new Artifact(md.digest());
  }

  public static Artifact ofBytes(byte[] content) {
    return new Artifact(sha256Digest().digest(content));
  }

  public static Artifact ofDigest(byte[] sha256) {
    return new Artifact(sha256);
  }

  /** Parses {@code sha256:<64 hex>}; anything else is refused. */
  public static Artifact ofDigestString(String digest) {
    if (!isDigestString(digest)) {
      throw new IllegalArgumentException("expected sha256:<64 hex digits>, got: " + digest);
    }
    return new Artifact(HexFormat.of().parseHex(digest.substring("sha256:".length())));
  }

  /** True for {@code sha256:} followed by exactly 64 hex digits. */
  public static boolean isDigestString(String s) {
    return s != null && s.matches("sha256:[0-9a-fA-F]{64}");
  }

  public byte[] sha256() {
    return sha256.clone();
  }

  boolean matches(byte[] digest) {
    return MessageDigest.isEqual(sha256, digest);
  }

  public String hex() {
    return HexFormat.of().formatHex(sha256);
  }

  static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Artifact a && Arrays.equals(sha256, a.sha256);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sha256);
  }

  @Override
  public String toString() {
    return "sha256:" + hex();
  }
}
