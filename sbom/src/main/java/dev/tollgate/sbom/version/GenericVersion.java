package dev.tollgate.sbom.version;

import java.util.ArrayList;
import java.util.List;

/**
 * A forgiving order for versions of unknown ecosystems: split at separators and at digit/letter
 * boundaries; numbers compare as numbers (of any length), words case-insensitively, a number
 * outranks a word ("1.0.1" &gt; "1.0.beta"), and a missing part is below a number but above a word
 * ("1.0" &lt; "1.0.1", "1.0" &gt; "1.0-rc1").
 */
final class GenericVersion {
  private GenericVersion() {}

  static int compare(String a, String b) {
    List<String> pa = split(a);
    List<String> pb = split(b);
    int n = Math.max(pa.size(), pb.size());
    for (int i = 0; i < n; i++) {
      String x = i < pa.size() ? pa.get(i) : null;
      String y = i < pb.size() ? pb.get(i) : null;
      int c = comparePart(x, y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int comparePart(String x, String y) {
    if (x == null) {
      return SemVer.isNumber(y) ? -1 : 1;
    }
    if (y == null) {
      return SemVer.isNumber(x) ? 1 : -1;
    }
    boolean nx = SemVer.isNumber(x);
    boolean ny = SemVer.isNumber(y);
    if (nx && ny) {
      return compareNumbers(x, y);
    }
    if (nx != ny) {
      return nx ? 1 : -1;
    }
    return x.compareToIgnoreCase(y);
  }

  /** Compares two digit strings as unbounded non-negative integers. */
  static int compareNumbers(String x, String y) {
    String a = stripZeros(x);
    String b = stripZeros(y);
    if (a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }

  static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int kind = 0; // 1 digits, 2 other
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' || c == '-' || c == '_' || c == '+' || c == '~' || c == ':' || Character.isWhitespace(c)) {
        flush(parts, current);
        kind = 0;
        continue;
      }
      int k = c >= '0' && c <= '9' ? 1 : 2;
      if (kind != 0 && k != kind) {
        flush(parts, current);
      }
      kind = k;
      current.append(c);
    }
    flush(parts, current);
    return parts;
  }

  private static void flush(List<String> parts, StringBuilder current) {
    if (current.length() > 0) {
      parts.add(current.toString());
      current.setLength(0);
    }
  }
}
