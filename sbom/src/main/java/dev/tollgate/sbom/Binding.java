package dev.tollgate.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How an SBOM is tied to the artifact it describes. Either the artifact's digests, which must
 * appear among the SBOM's {@code metadata.component} hashes, or an explicit statement by the caller
 * that the SBOM was reached through signed release facts (the TUF target whose {@code
 * custom.tollgate.sbom} names it), so the signed metadata already binds the two. There is no
 * "unbound" choice: {@link #none()} exists so that a missing digest fails the binding rule loudly.
 */
public final class Binding {
  private enum Kind { DIGESTS, RELEASE_FACTS, NONE }

  private final Kind kind;
  private final byte[] sha256;
  private final byte[] sha512;

  private Binding(Kind kind, byte[] sha256, byte[] sha512) {
    this.kind = kind;
    this.sha256 = sha256;
    this.sha512 = sha512;
  }

  /** Binds through the artifact's SHA-256 (32 bytes). */
  public static Binding artifactSha256(byte[] sha256) {
    return new Binding(Kind.DIGESTS, checkLength(sha256, 32, "SHA-256"), null);
  }

  /** Binds through the artifact's SHA-256 and SHA-512; either appearing in the SBOM suffices. */
  public static Binding artifactDigests(byte[] sha256, byte[] sha512) {
    return new Binding(
        Kind.DIGESTS, checkLength(sha256, 32, "SHA-256"), checkLength(sha512, 64, "SHA-512"));
  }

  /** Reads the artifact once and binds through both its SHA-256 and SHA-512. */
  public static Binding artifactFile(Path artifact) throws IOException {
    MessageDigest s256 = digest("SHA-256");
    MessageDigest s512 = digest("SHA-512");
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(artifact)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        s256.update(buffer, 0, n);
        s512.update(buffer, 0, n);
      }
    }
    return new Binding(Kind.DIGESTS, s256.digest(), s512.digest());
  }

  /**
   * The caller states that the SBOM was fetched as the {@code sbom} target named by signed release
   * facts, whose own length and hashes TUF checked; no digest comparison is made.
   */
  public static Binding throughReleaseFacts() {
    return new Binding(Kind.RELEASE_FACTS, null, null);
  }

  /** No binding established: the binding rule fails. */
  public static Binding none() {
    return new Binding(Kind.NONE, null, null);
  }

  /** Maps the contract's optional SHA-256 to a binding: empty means none (fails closed). */
  public static Binding ofOptionalSha256(Optional<byte[]> sha256) {
    return sha256.map(Binding::artifactSha256).orElseGet(Binding::none);
  }

  public boolean isThroughReleaseFacts() {
    return kind == Kind.RELEASE_FACTS;
  }

  public boolean hasDigests() {
    return kind == Kind.DIGESTS;
  }

  /** Lower-case hex SHA-256 of the artifact, when bound by digests. */
  public Optional<String> sha256Hex() {
    return Optional.ofNullable(sha256).map(HexFormat.of()::formatHex);
  }

  /** Lower-case hex SHA-512 of the artifact, when known. */
  public Optional<String> sha512Hex() {
    return Optional.ofNullable(sha512).map(HexFormat.of()::formatHex);
  }

  private static byte[] checkLength(byte[] digest, int length, String name) {
    if (digest == null || digest.length != length) {
      throw new IllegalArgumentException(
          name + " digest must be " + length + " bytes, got "
              + (digest == null ? "none" : digest.length));
    }
    return Arrays.copyOf(digest, length);
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required by every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case DIGESTS -> "artifact sha256:" + sha256Hex().orElse("?");
      case RELEASE_FACTS -> "signed release facts";
      case NONE -> "none";
    };
  }
}
