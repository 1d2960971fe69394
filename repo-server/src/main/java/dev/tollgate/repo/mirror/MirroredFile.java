package dev.tollgate.repo.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One file of the repository folder as it is uploaded: its path relative to the repository root,
 * size, MD5 (what S3 reports as the ETag of a single-part upload, and the Content-MD5 the server
 * checks the body against) and the headers it is served with.
 */
public record MirroredFile(String path, Path file, long size, String md5Hex, String cacheControl, String contentType) {
  /** Consistent-snapshot files never change: caches may keep them for a year without asking. */
  public static final String IMMUTABLE = "public, max-age=31536000, immutable";

  /** Cache header of a file that is replaced in place (timestamp.json): kept at most {@code seconds}. */
  public static String shortLived(long seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("cache max-age must not be negative: " + seconds);
    }
    return seconds == 0 ? "no-cache" : "public, max-age=" + seconds;
  }

  public static MirroredFile of(String path, Path file, String cacheControl) throws IOException {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JDK", e);
    }
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md5.update(buf, 0, n);
        size += n;
      }
    }
    return new MirroredFile(path, file, size, HexFormat.of().formatHex(md5.digest()), cacheControl, contentType(path));
  }

  static String contentType(String path) {
    String name = path.toLowerCase(Locale.ROOT);
    if (name.endsWith(".json")) {
      return "application/json";
    }
    if (name.endsWith(".tar.gz") || name.endsWith(".tgz") || name.endsWith(".gz")) {
      return "application/gzip";
    }
    return "application/octet-stream";
  }
}
