package dev.tollgate.tuf.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Function;

/**
 * Published states of the Sigstore public-good TUF repository (test resources under
 * {@code sigstore-root-signing/}, see its README), served as that repository serves them.
 */
public enum SigstoreRootSigning {
  /** 2026-05-17: root 14, targets 13. */
  ROOT_14("2026-05-17-root-14", 14, Instant.parse("2026-05-17T12:00:00Z")),
  /** 2026-05-18: root 15 (signed by root 14's keys), targets 14 with the Rekor v2 signing config. */
  ROOT_15("2026-05-18-root-15", 15, Instant.parse("2026-05-18T12:00:00Z"));

  private static final String BASE = "/sigstore-root-signing/";

  private final String folder;
  private final int rootVersion;
  private final Instant current;

  SigstoreRootSigning(String folder, int rootVersion, Instant current) {
    this.folder = folder;
    this.rootVersion = rootVersion;
    this.current = current;
  }

  public int rootVersion() {
    return rootVersion;
  }

  /** A clock at a moment when this state's timestamp was current. */
  public Clock clock() {
    return Clock.fixed(current, ZoneOffset.UTC);
  }

  /** The bytes of a published root, as {@code N.root.json}. */
  public static byte[] root(int version) {
    return resource(BASE + "roots/" + version + ".root.json");
  }

  /** The published bytes of a target of this state (its plain name, e.g. trusted_root.json). */
  public byte[] target(String hashPrefixedName) {
    return resource(BASE + folder + "/targets/" + hashPrefixedName);
  }

  /**
   * The files the repository served in this state, by URL path: {@code metadata/N.root.json} for
   * every root up to this state's, the state's other metadata and its targets; null (404) otherwise.
   */
  public Function<String, byte[]> files() {
    return path -> {
      if (path.startsWith("metadata/") && path.endsWith(".root.json")) {
        String n = path.substring("metadata/".length(), path.length() - ".root.json".length());
        return n.matches("[1-9][0-9]*") && Integer.parseInt(n) <= rootVersion ? root(Integer.parseInt(n)) : null;
      }
      if (path.contains("..") || !(path.startsWith("metadata/") || path.startsWith("targets/"))) {
        return null;
      }
      return resourceOrNull(BASE + folder + "/" + path);
    };
  }

  private static byte[] resource(String name) {
    byte[] b = resourceOrNull(name);
    if (b == null) {
      throw new IllegalStateException("test resource missing: " + name);
    }
    return b;
  }

  private static byte[] resourceOrNull(String name) {
    try (InputStream in = SigstoreRootSigning.class.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
