package dev.tollgate.sbom.version;

import java.util.Comparator;
import java.util.Locale;
import org.apache.maven.artifact.versioning.ComparableVersion;

/** How one ecosystem orders its version strings. */
public enum VersionScheme implements Comparator<String> {
  /** Maven's rules (qualifiers, "1.0-alpha" &lt; "1.0" &lt; "1.0-sp"), by Maven's own code. */
  MAVEN {
    @Override
    public int compare(String a, String b) {
      return new ComparableVersion(a).compareTo(new ComparableVersion(b));
    }
  },
  /** npm's SemVer 2.0 precedence, with loose versions ("v1.2") accepted. */
  SEMVER {
    @Override
    public int compare(String a, String b) {
      return SemVer.compare(a, b);
    }
  },
  /** PyPI's PEP 440 (epochs, pre/post/dev releases, local versions). */
  PEP440 {
    @Override
    public int compare(String a, String b) {
      return Pep440.compare(a, b);
    }
  },
  /** Numbers compared as numbers, words as words; for ecosystems without their own rules. */
  GENERIC {
    @Override
    public int compare(String a, String b) {
      return GenericVersion.compare(a, b);
    }
  };

  /** The scheme for a purl type ({@code maven}, {@code npm}, {@code pypi}, anything else). */
  public static VersionScheme forPurlType(String type) {
    return switch (type == null ? "" : type.toLowerCase(Locale.ROOT)) {
      case "maven" -> MAVEN;
      case "npm", "golang", "cargo", "hex", "pub", "nuget", "composer", "swift" -> SEMVER;
      case "pypi" -> PEP440;
      default -> GENERIC;
    };
  }
}
