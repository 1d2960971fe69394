package dev.tollgate.sbom.purl;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A purl pattern as policies write it: {@code pkg:type/namespace/name} where {@code *} matches any
 * run of characters, e.g. {@code pkg:maven/org.apache.logging.log4j/log4j-core} or
 * {@code pkg:npm/*}. Versions are not part of the pattern (the rule's version range is). Patterns
 * deny, so they match loosely: a pattern without {@code *} is compared as a {@link
 * PackageKey#folded() folded} key, and wildcards ignore letter case.
 */
public final class PurlPattern {
  private final String text;
  private final PackageKey exact;
  private final Pattern glob;
  private final String globType;

  private PurlPattern(String text, PackageKey exact, Pattern glob, String globType) {
    this.text = text;
    this.exact = exact;
    this.glob = glob;
    this.globType = globType;
  }

  public static PurlPattern parse(String text) {
    String t = text == null ? "" : text.trim();
    if (!t.toLowerCase(Locale.ROOT).startsWith("pkg:") || t.length() < 5) {
      throw new IllegalArgumentException("purl pattern '" + text + "' must start with pkg:<type>/");
    }
    if (t.indexOf('@') >= 0 || t.indexOf('?') >= 0 || t.indexOf('#') >= 0) {
      throw new IllegalArgumentException("purl pattern '" + text
          + "' names a package only; put versions in the rule's \"versions\"");
    }
    if (t.indexOf('*') < 0) {
      PackageKey key = PackageKey.parsePurl(t).map(PackageKey.Versioned::key)
          .orElseThrow(() -> new IllegalArgumentException("purl pattern '" + text + "' is not a valid purl"));
      return new PurlPattern(t, key.folded(), null, null);
    }
    StringBuilder regex = new StringBuilder();
    for (String part : t.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    int slash = t.indexOf('/');
    // A package without a type of its own is matched in the pattern's type; "pkg:*" has none.
    String type = (slash < 0 ? t.substring(4) : t.substring(4, slash)).replace("*", "");
    return new PurlPattern(t, null, Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE), type);
  }

  /** The pattern's purl type, whose version order applies; empty when the type is a wildcard. */
  public String type() {
    return exact != null ? exact.type() : globType;
  }

  /** The folded key of a pattern without wildcards (lets callers index them). */
  public Optional<PackageKey> exactKey() {
    return Optional.ofNullable(exact);
  }

  public boolean matches(PackageKey key) {
    return exact != null ? exact.equals(key.folded()) : glob.matcher(key.folded().text()).matches();
  }

  /**
   * Whether a package that states no purl type, or the type {@code generic}, matches: it is taken
   * to be of the pattern's type. Without a namespace, only the name is compared with a pattern
   * without wildcards (a package that leaves out its group is not let past a denial by that).
   */
  public boolean matchesUntyped(String namespace, String name) {
    if (exact != null) {
      return matches(new PackageKey(exact.type(), namespace == null ? exact.namespace() : namespace, name));
    }
    return matches(new PackageKey(globType, namespace, name));
  }

  @Override
  public String toString() {
    return text;
  }
}
