package dev.tollgate.repo.mirror;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A destination {@code s3://bucket[/prefix]}, validated at the edge. Bucket: S3's naming rules
 * for general purpose buckets (3-63 of {@code a-z 0-9 . -}, starting and ending with a letter or
 * digit, no {@code ..}, not an IP address). Prefix: slash-separated segments, none empty,
 * {@code .} or {@code ..}, no control characters or backslash, at most 512 characters; a trailing
 * slash is dropped. Keys under it are {@code prefix/metadata/...} and {@code prefix/targets/...}.
 */
public record S3Location(String bucket, String prefix) {
  public static final String SCHEME = "s3://";
  static final int MAX_PREFIX = 512;
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  public S3Location {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
  }

  /** Parses {@code s3://bucket[/prefix]}; throws {@link IllegalArgumentException} naming what is wrong. */
  public static S3Location parse(String url) {
    if (url == null || !url.startsWith(SCHEME)) {
      throw new IllegalArgumentException("destination " + url + " is not an s3://bucket/prefix URL");
    }
    String rest = url.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP_ADDRESS.matcher(bucket).matches()) {
      throw new IllegalArgumentException("destination " + url + ": '" + bucket + "' is not a valid S3 bucket name"
          + " (3-63 characters a-z 0-9 . -, starting and ending with a letter or digit)");
    }
    if (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (prefix.length() > MAX_PREFIX) {
      throw new IllegalArgumentException("destination " + url + ": prefix longer than " + MAX_PREFIX + " characters");
    }
    if (!prefix.isEmpty()) {
      for (String segment : prefix.split("/", -1)) {
        if (!isPlainSegment(segment)) {
          throw new IllegalArgumentException("destination " + url + ": prefix segment '" + segment + "' is not allowed"
              + " (empty, . or .., or a control character, backslash, ? or #)");
        }
      }
    }
    return new S3Location(bucket, prefix);
  }

  private static boolean isPlainSegment(String segment) {
    if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
      return false;
    }
    return segment.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\' || c == '?' || c == '#');
  }

  /** The object key of {@code relativePath} (e.g. {@code metadata/timestamp.json}). */
  public String key(String relativePath) {
    return prefix.isEmpty() ? relativePath : prefix + "/" + relativePath;
  }

  /** The key prefix under which this repository's objects live ({@code ""} or ending in a slash). */
  String keyPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  /** For messages: {@code s3://bucket/key}. */
  public String describe(String key) {
    return SCHEME + bucket + "/" + key;
  }

  @Override
  public String toString() {
    return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
