package dev.tollgate.sbom.purl;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What identifies a package across versions: purl type, namespace and name, normalised the way the
 * purl spec's type definitions say (a case-insensitive namespace or name is lower-cased; PyPI names
 * per PEP 503). Two keys are equal exactly when the spec says they name the same package. {@link
 * #text()} is {@code pkg:type/namespace/name}. {@link #folded()} is the looser form deny rules
 * compare.
 */
public record PackageKey(String type, String namespace, String name) {
  /** Types whose namespace the purl spec declares case-insensitive, or says to lower-case. */
  private static final Set<String> LOWER_CASE_NAMESPACE = Set.of("alpm", "apk", "bitbucket", "brew", "composer",
      "deb", "github", "golang", "hex", "luarocks", "qpkg", "rpm", "vscode-extension", "yocto");
  /** Types whose name the purl spec declares case-insensitive, or says to lower-case. */
  private static final Set<String> LOWER_CASE_NAME = Set.of("alpm", "apk", "bitbucket", "bitnami", "brew",
      "chrome-extension", "composer", "deb", "github", "golang", "hex", "luarocks", "oci", "otp", "pub", "pypi",
      "vscode-extension");

  public PackageKey {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    type = type.toLowerCase(Locale.ROOT);
    namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    if (namespace != null && LOWER_CASE_NAMESPACE.contains(type)) {
      namespace = namespace.toLowerCase(Locale.ROOT);
    }
    if (LOWER_CASE_NAME.contains(type)) {
      name = name.toLowerCase(Locale.ROOT);
    }
    if (type.equals("pypi")) {
      // PEP 503: PyPI treats runs of '-', '_' and '.' as one '-' (the spec names only '_').
      name = name.replaceAll("[-_.]+", "-");
    }
  }

  /** {@code pkg:type/namespace/name} (no version, qualifiers or subpath). */
  public String text() {
    return "pkg:" + type + "/" + (namespace == null ? "" : namespace + "/") + name;
  }

  /**
   * This key as deny rules compare it: letter case dropped in every type, since a registry or a
   * reader that sees two spellings as one project must not let one of them past a denial (Maven
   * Central in practice, npm's pre-2015 names, NuGet, crates.io), and crates.io also treats
   * {@code _} as {@code -}.
   */
  public PackageKey folded() {
    String n = name.toLowerCase(Locale.ROOT);
    if (type.equals("cargo")) {
      n = n.replace('_', '-');
    }
    return new PackageKey(type, namespace == null ? null : namespace.toLowerCase(Locale.ROOT), n);
  }

  /** A purl with its version: the key plus the version, when the purl parses. */
  public record Versioned(PackageKey key, String version) {}

  /**
   * Parses a purl with packageurl-java; empty when it is not a valid purl. The scheme is read
   * without regard to case, as the spec's parsing rules say ({@code PKG:} is {@code pkg:}).
   */
  public static Optional<Versioned> parsePurl(String purl) {
    if (purl == null || purl.isBlank()) {
      return Optional.empty();
    }
    String text = purl.trim();
    if (text.regionMatches(true, 0, "pkg:", 0, 4)) {
      text = "pkg:" + text.substring(4);
    }
    try {
      PackageURL p = new PackageURL(text);
      return Optional.of(new Versioned(new PackageKey(p.getType(), p.getNamespace(), p.getName()), p.getVersion()));
    } catch (MalformedPackageURLException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return text();
  }
}
