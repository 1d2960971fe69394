package dev.tollgate.tuf;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of role names and target paths for URLs and cache file names. */
public final class UrlNames {
  private UrlNames() {}

  /** Encodes everything but unreserved characters (like Python's {@code quote(s, safe="")}). */
  public static String quoteAll(String s) {
    return encode(s, "");
  }

  /** Encodes a target path for a URL, keeping {@code /} as the separator. */
  public static String quotePath(String s) {
    return encode(s, "/");
  }

  private static String encode(String s, String safe) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || safe.indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
