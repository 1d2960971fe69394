package dev.tollgate.sbom.purl;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What identifies a package across versions: purl type, namespace and name, normalised the way the
 * purl spec says for each type (PyPI names per PEP 503, npm lower case). Two keys are equal exactly
 * when they name the same package. {@link #text()} is {@code pkg:type/namespace/name}.
 */
public record PackageKey(String type, String namespace, String name) {
  public PackageKey {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    type = type.toLowerCase(Locale.ROOT);
    namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    if (type.equals("pypi")) {
      name = name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    } else if (type.equals("npm") || type.equals("github") || type.equals("bitbucket")) {
      name = name.toLowerCase(Locale.ROOT);
      namespace = namespace == null ? null : namespace.toLowerCase(Locale.ROOT);
    }
  }

  /** {@code pkg:type/namespace/name} (no version, qualifiers or subpath). */
  public String text() {
    return "pkg:" + type + "/" + (namespace == null ? "" : namespace + "/") + name;
  }

  /** A purl with its version: the key plus the version, when the purl parses. */
  public record Versioned(PackageKey key, String version) {}

  /** Parses a purl with packageurl-java; empty when it is not a valid purl. */
  public static Optional<Versioned> parsePurl(String purl) {
    if (purl == null || purl.isBlank()) {
      return Optional.empty();
    }
    try {
      PackageURL p = new PackageURL(purl.trim());
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
