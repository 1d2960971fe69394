package dev.tollgate.sbom;

import dev.tollgate.sbom.purl.PackageKey;
import dev.tollgate.sbom.read.SbomComponent;
import dev.tollgate.sbom.version.VersionScheme;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Components against the policy's denied purl patterns and version ranges. Exact patterns are
 * looked up by package key; only wildcard patterns are tried one by one.
 */
final class DeniedComponentCheck {
  private final Map<PackageKey, List<DeniedComponent>> exact = new HashMap<>();
  private final List<DeniedComponent> wildcards = new ArrayList<>();

  DeniedComponentCheck(List<DeniedComponent> entries) {
    for (DeniedComponent d : entries) {
      d.purl().exactKey().ifPresentOrElse(
          k -> exact.computeIfAbsent(k, x -> new ArrayList<>()).add(d), () -> wildcards.add(d));
    }
  }

  void check(SbomComponent c, PackageKey.Versioned purl, Consumer<Violation> out) {
    String version = purl.version() != null ? purl.version() : c.version();
    for (DeniedComponent d : exact.getOrDefault(purl.key(), List.of())) {
      judge(c, purl.key(), version, d, out);
    }
    for (DeniedComponent d : wildcards) {
      if (d.purl().matches(purl.key())) {
        judge(c, purl.key(), version, d, out);
      }
    }
  }

  private static void judge(SbomComponent c, PackageKey key, String version, DeniedComponent d,
      Consumer<Violation> out) {
    String because = d.reason().isEmpty() ? "" : ": " + d.reason();
    if (version == null || version.isBlank()) {
      // Without a version the range cannot clear it.
      out.accept(new Violation(c.displayName(), Rule.COMPONENT_DENIED, d.severity(),
          "matches denied " + d.purl() + " and names no version to compare with '" + d.versions() + "'" + because));
      return;
    }
    if (d.versions().contains(version, VersionScheme.forPurlType(key.type()))) {
      out.accept(new Violation(c.displayName(), Rule.COMPONENT_DENIED, d.severity(),
          "version " + version + " of " + key.text() + " is denied (" + d.purl() + " " + d.versions() + ")" + because));
    }
  }
}
