package dev.tollgate.sbom.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 ordering: epoch, release (trailing zeros ignored), then dev-only &lt; pre-releases
 * (a &lt; b &lt; rc) &lt; final &lt; post-releases, dev releases just below what they precede, and a
 * local version just above its public one. Spellings PEP 440 normalises (alpha, beta, c, pre,
 * preview, rev, r, implicit post "1.0-1", separators, leading "v") are accepted. Invalid versions
 * fall back to the generic order.
 */
final class Pep440 {
  private Pep440() {}

  private static final Pattern VERSION = Pattern.compile(
      "v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
          + "(?:[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
          + "(?:-(?<postN1>[0-9]+)|[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?)?"
          + "(?:[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?"
          + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

  private record Key(String epoch, List<String> release, int preRank, String preN,
      boolean hasPost, String postN, boolean hasDev, String devN, String local) {}

  static int compare(String a, String b) {
    Key ka = parse(a);
    Key kb = parse(b);
    if (ka == null || kb == null) {
      return GenericVersion.compare(a, b);
    }
    int c = GenericVersion.compareNumbers(ka.epoch, kb.epoch);
    if (c != 0) {
      return c;
    }
    c = compareRelease(ka.release, kb.release);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(preRank(ka), preRank(kb));
    if (c != 0) {
      return c;
    }
    if (ka.preRank >= 0 && kb.preRank >= 0) {
      c = GenericVersion.compareNumbers(ka.preN, kb.preN);
      if (c != 0) {
        return c;
      }
    }
    c = comparePost(ka, kb);
    if (c != 0) {
      return c;
    }
    c = compareDev(ka, kb);
    if (c != 0) {
      return c;
    }
    return compareLocal(ka.local, kb.local);
  }

  /** -2 dev-only release, 0..2 a/b/rc, 3 final (or post-release without pre). */
  private static int preRank(Key k) {
    if (k.preRank >= 0) {
      return k.preRank;
    }
    return !k.hasPost && k.hasDev ? -2 : 3;
  }

  private static int comparePost(Key a, Key b) {
    if (a.hasPost != b.hasPost) {
      return a.hasPost ? 1 : -1;
    }
    return a.hasPost ? GenericVersion.compareNumbers(a.postN, b.postN) : 0;
  }

  private static int compareDev(Key a, Key b) {
    if (a.hasDev != b.hasDev) {
      return a.hasDev ? -1 : 1;
    }
    return a.hasDev ? GenericVersion.compareNumbers(a.devN, b.devN) : 0;
  }

  private static int compareRelease(List<String> a, List<String> b) {
    int n = Math.max(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      String x = i < a.size() ? a.get(i) : "0";
      String y = i < b.size() ? b.get(i) : "0";
      int c = GenericVersion.compareNumbers(x, y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** No local &lt; any local; segments: numbers above words, numbers numerically. */
  private static int compareLocal(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    String[] sa = a.split("[-_.]");
    String[] sb = b.split("[-_.]");
    for (int i = 0; i < Math.min(sa.length, sb.length); i++) {
      boolean na = SemVer.isNumber(sa[i]);
      boolean nb = SemVer.isNumber(sb[i]);
      int c = na && nb ? GenericVersion.compareNumbers(sa[i], sb[i])
          : na != nb ? (na ? 1 : -1) : sa[i].compareTo(sb[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(sa.length, sb.length);
  }

  private static Key parse(String text) {
    Matcher m = VERSION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    String epoch = m.group("epoch") == null ? "0" : m.group("epoch");
    List<String> release = new ArrayList<>(List.of(m.group("release").split("\\.")));
    int preRank = -1;
    String preL = m.group("preL");
    if (preL != null) {
      preRank = switch (preL) {
        case "a", "alpha" -> 0;
        case "b", "beta" -> 1;
        default -> 2; // c, rc, pre, preview
      };
    }
    String preN = m.group("preN") == null ? "0" : m.group("preN");
    boolean hasPost = m.group("postN1") != null || m.group("postL") != null;
    String postN = m.group("postN1") != null ? m.group("postN1")
        : m.group("postN2") == null ? "0" : m.group("postN2");
    boolean hasDev = m.group("devL") != null;
    String devN = m.group("devN") == null ? "0" : m.group("devN");
    return new Key(epoch, release, preRank, preN, hasPost, postN, hasDev, devN, m.group("local"));
  }
}
