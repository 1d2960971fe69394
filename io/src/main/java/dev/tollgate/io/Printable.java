package dev.tollgate.io;

/** Untrusted strings made safe to put in a message, a log line or a terminal. */
public final class Printable {
  private static final int MAX_CODE_POINTS = 80;

  private Printable() {}

  /** {@code s} with control characters (NUL, escape, newline...) as {@code \}{@code uXXXX}, cut after 80 characters. */
  public static String of(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(MAX_CODE_POINTS).forEach(c -> {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return s.codePointCount(0, s.length()) > MAX_CODE_POINTS ? b + "..." : b.toString();
  }
}
