package dev.tollgate.sbom;

import dev.tollgate.sbom.purl.Cpe;
import dev.tollgate.sbom.purl.PackageKey;
import dev.tollgate.sbom.read.SbomComponent;
import dev.tollgate.sbom.version.VersionScheme;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Components against the policy's denied purl patterns and version ranges. A component is matched
 * under every name it goes by (its purl; its group and name; without a purl that parses, its CPE)
 * and against every version it states, so that leaving out, garbling or re-spelling one of them
 * does not get it past a denial. Letter case never matters ({@link PackageKey#folded()}). A purl or
 * CPE that cannot be read, while deny rules are in force, is refused as severely as the strictest
 * rule: the component cannot be shown not to be denied. Exact patterns are looked up by folded
 * key; wildcard patterns are tried one by one.
 */
final class DeniedComponentCheck {
  private final List<DeniedComponent> rules;
  private final Map<PackageKey, List<DeniedComponent>> exact = new HashMap<>();
  private final List<DeniedComponent> wildcards = new ArrayList<>();
  private final Severity unidentified;

  /**
   * One name a component goes by. A null type (no purl, or a {@code generic} one) is matched in
   * each rule's own type; {@code shown} says in reports which name matched.
   */
  private record Name(String type, String namespace, String name, String shown) {}

  DeniedComponentCheck(List<DeniedComponent> rules) {
    this.rules = List.copyOf(rules);
    Severity strictest = Severity.WARN;
    for (DeniedComponent d : rules) {
      d.purl().exactKey().ifPresentOrElse(
          k -> exact.computeIfAbsent(k, x -> new ArrayList<>()).add(d), () -> wildcards.add(d));
      strictest = d.severity().compareTo(strictest) > 0 ? d.severity() : strictest;
    }
    this.unidentified = strictest;
  }

  void check(SbomComponent c, Optional<PackageKey.Versioned> purl, Consumer<Violation> out) {
    if (purl.isEmpty() && hasText(c.purl())) {
      out.accept(new Violation(c.displayName(), Rule.COMPONENT_DENIED, unidentified, "purl '" + c.purl()
          + "' is not a valid package URL, so " + (rules.isEmpty()
              ? "denied-component and vulnerability rules cannot match it"
              : "the component cannot be shown not to be denied (and no vulnerability record can match it)")));
    }
    if (rules.isEmpty()) {
      return;
    }
    Optional<Cpe> cpe = Optional.empty();
    if (purl.isEmpty() && hasText(c.cpe())) {
      cpe = Cpe.parse(c.cpe());
      if (cpe.isEmpty()) {
        out.accept(new Violation(c.displayName(), Rule.COMPONENT_DENIED, unidentified, "CPE '" + c.cpe()
            + "' is neither a CPE 2.3 formatted string nor a CPE 2.2 URI, so the component cannot be shown"
            + " not to be denied"));
      }
    }
    Map<DeniedComponent, Name> hits = new LinkedHashMap<>();
    for (Name n : names(c, purl, cpe)) {
      for (DeniedComponent d : rulesToTry(n)) {
        boolean match = n.type() == null ? d.purl().matchesUntyped(n.namespace(), n.name())
            : d.purl().matches(new PackageKey(n.type(), n.namespace(), n.name()));
        if (match) {
          hits.putIfAbsent(d, n);
        }
      }
    }
    Set<String> versions = versions(c, purl, cpe);
    hits.forEach((d, n) -> judge(c, n, versions, d, out));
  }

  private Collection<DeniedComponent> rulesToTry(Name n) {
    if (n.type() == null) {
      return rules;
    }
    List<DeniedComponent> candidates = new ArrayList<>(
        exact.getOrDefault(new PackageKey(n.type(), n.namespace(), n.name()).folded(), List.of()));
    candidates.addAll(wildcards);
    return candidates;
  }

  private static List<Name> names(SbomComponent c, Optional<PackageKey.Versioned> purl, Optional<Cpe> cpe) {
    List<Name> names = new ArrayList<>();
    String group = hasText(c.group()) ? c.group() : null;
    String byGroupAndName = (group == null ? "" : group + "/") + c.name() + " (by its group and name)";
    if (purl.isPresent()) {
      PackageKey k = purl.get().key();
      String type = k.type().equals("generic") ? null : k.type();
      names.add(new Name(type, k.namespace(), k.name(), k.text()));
      if (hasText(c.name())) {
        names.add(new Name(type, group == null ? k.namespace() : group, c.name(), byGroupAndName));
      }
      return names;
    }
    if (hasText(c.name())) {
      names.add(new Name(null, group, c.name(), byGroupAndName));
    }
    cpe.ifPresent(x -> names.add(new Name(null, null, x.product(), x.product() + " (by its CPE " + c.cpe() + ")")));
    return names;
  }

  /** Every version the component states: its purl's, its version field, its CPE's. */
  private static Set<String> versions(SbomComponent c, Optional<PackageKey.Versioned> purl, Optional<Cpe> cpe) {
    Set<String> versions = new LinkedHashSet<>();
    purl.map(PackageKey.Versioned::version).filter(DeniedComponentCheck::hasText).ifPresent(versions::add);
    if (hasText(c.version())) {
      versions.add(c.version());
    }
    cpe.map(Cpe::version).ifPresent(versions::add);
    return versions;
  }

  private static void judge(SbomComponent c, Name n, Set<String> versions, DeniedComponent d,
      Consumer<Violation> out) {
    String because = d.reason().isEmpty() ? "" : ": " + d.reason();
    if (versions.isEmpty()) {
      // Without a version the range cannot clear it.
      out.accept(new Violation(c.displayName(), Rule.COMPONENT_DENIED, d.severity(), n.shown()
          + " matches denied " + d.purl() + " and names no version to compare with '" + d.versions() + "'" + because));
      return;
    }
    VersionScheme scheme = VersionScheme.forPurlType(n.type() != null ? n.type() : d.purl().type());
    for (String version : versions) {
      if (d.versions().contains(version, scheme)) {
        out.accept(new Violation(c.displayName(), Rule.COMPONENT_DENIED, d.severity(),
            "version " + version + " of " + n.shown() + " is denied (" + d.purl() + " " + d.versions() + ")" + because));
        return;
      }
    }
  }

  private static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }
}
