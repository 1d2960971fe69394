package dev.tollgate.sbom.purl;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A purl pattern as policies write it: {@code pkg:type/namespace/name} where {@code *} matches any
 * run of characters, e.g. {@code pkg:maven/org.apache.logging.log4j/log4j-core} or
 * {@code pkg:npm/*}. Versions are not part of the pattern (the rule's version range is). A pattern
 * without {@code *} is compared as a {@link PackageKey}, so type-specific normalisation applies.
 */
public final class PurlPattern {
  private final String text;
  private final PackageKey exact;
  private final Pattern glob;

  private PurlPattern(String text, PackageKey exact, Pattern glob) {
    this.text = text;
    this.exact = exact;
    this.glob = glob;
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
      return new PurlPattern(t, key, null);
    }
    StringBuilder regex = new StringBuilder();
    for (String part : t.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return new PurlPattern(t, null, Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE));
  }

  /** The exact key, for patterns without wildcards (lets callers index them). */
  public Optional<PackageKey> exactKey() {
    return Optional.ofNullable(exact);
  }

  public boolean matches(PackageKey key) {
    return exact != null ? exact.equals(key) : glob.matcher(key.text()).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
