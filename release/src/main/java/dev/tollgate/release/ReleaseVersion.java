package dev.tollgate.release;

import dev.tollgate.io.Printable;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Release version strings and their order. A version is dot-separated identifiers with an optional
 * {@code -pre-release} and {@code +build} suffix (Semantic Versioning 2.0.0 precedence, extended to
 * any number of numeric parts): numeric parts compare as numbers, a pre-release sorts before its
 * release, build metadata is ignored for order.
 */
public final class ReleaseVersion {
  private static final Pattern SYNTAX =
      Pattern.compile("[0-9A-Za-z]+(\\.[0-9A-Za-z]+)*(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z.-]+)?");

  /** Newest last. */
  public static final Comparator<String> ORDER = ReleaseVersion::compare;

  private ReleaseVersion() {}

  /** Returns {@code v} when it is a valid version (also safe as a path component), else throws. */
  public static String validate(String v) {
    if (v == null || v.length() > 64 || !SYNTAX.matcher(v).matches()) {
      throw new InvalidReleaseFactsException("version '" + Printable.of(v) + "' is not a release version such as"
          + " 1.4.2 or 2.0.0-rc.1 (letters, digits, '.', '-', '+'; at most 64 characters)");
    }
    return v;
  }

  /** Compares two versions; negative when {@code a} is older than {@code b}. */
  public static int compare(String a, String b) {
    String[] ma = split(a);
    String[] mb = split(b);
    int c = compareDotted(ma[0], mb[0]);
    if (c != 0) {
      return c;
    }
    if (ma[1] == null || mb[1] == null) {
      // A release sorts after its pre-releases.
      return ma[1] == null ? (mb[1] == null ? 0 : 1) : -1;
    }
    return compareDotted(ma[1], mb[1]);
  }

  private static String[] split(String v) {
    int plus = v.indexOf('+');
    String core = plus < 0 ? v : v.substring(0, plus);
    int dash = core.indexOf('-');
    return dash < 0 ? new String[] {core, null}
        : new String[] {core.substring(0, dash), core.substring(dash + 1)};
  }

  private static int compareDotted(String a, String b) {
    String[] pa = a.split("\\.");
    String[] pb = b.split("\\.");
    for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
      int c = compareIdentifier(pa[i], pb[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pa.length, pb.length);
  }

  private static int compareIdentifier(String a, String b) {
    boolean na = isNumeric(a);
    boolean nb = isNumeric(b);
    if (na && nb) {
      String ta = stripLeadingZeros(a);
      String tb = stripLeadingZeros(b);
      return ta.length() != tb.length() ? Integer.compare(ta.length(), tb.length()) : ta.compareTo(tb);
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isNumeric(String s) {
    return !s.isEmpty() && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
  }

  private static String stripLeadingZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }
}
