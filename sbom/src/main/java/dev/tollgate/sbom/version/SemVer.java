package dev.tollgate.sbom.version;

/**
 * SemVer 2.0 precedence (semver.org section 11), as npm orders versions. Build metadata is
 * ignored; a leading "v" or "=" is dropped; missing minor or patch count as 0. A string whose core
 * is not numeric falls back to the generic order so nothing throws on odd input.
 */
final class SemVer {
  private SemVer() {}

  static int compare(String a, String b) {
    Parsed pa = parse(a);
    Parsed pb = parse(b);
    if (pa == null || pb == null) {
      return GenericVersion.compare(a, b);
    }
    for (int i = 0; i < 3; i++) {
      int c = GenericVersion.compareNumbers(pa.core[i], pb.core[i]);
      if (c != 0) {
        return c;
      }
    }
    if (pa.pre == null || pb.pre == null) {
      // A release outranks any of its pre-releases.
      return pa.pre == null ? (pb.pre == null ? 0 : 1) : -1;
    }
    return comparePre(pa.pre.split("\\."), pb.pre.split("\\."));
  }

  private static int comparePre(String[] a, String[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      boolean na = isNumber(a[i]);
      boolean nb = isNumber(b[i]);
      int c;
      if (na && nb) {
        c = GenericVersion.compareNumbers(a[i], b[i]);
      } else if (na || nb) {
        c = na ? -1 : 1; // numeric identifiers have lower precedence than alphanumeric ones
      } else {
        c = a[i].compareTo(b[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private record Parsed(String[] core, String pre) {}

  private static Parsed parse(String text) {
    String s = text.trim();
    while (!s.isEmpty() && (s.charAt(0) == 'v' || s.charAt(0) == 'V' || s.charAt(0) == '=')) {
      s = s.substring(1);
    }
    int plus = s.indexOf('+');
    if (plus >= 0) {
      s = s.substring(0, plus);
    }
    String pre = null;
    int dash = s.indexOf('-');
    if (dash >= 0) {
      pre = s.substring(dash + 1);
      s = s.substring(0, dash);
      if (pre.isEmpty()) {
        return null;
      }
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length == 0 || parts.length > 3) {
      return null;
    }
    String[] core = {"0", "0", "0"};
    for (int i = 0; i < parts.length; i++) {
      if (!isNumber(parts[i])) {
        return null;
      }
      core[i] = parts[i];
    }
    return new Parsed(core, pre);
  }

  static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
