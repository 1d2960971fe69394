package dev.tollgate.sbom.osv;

import dev.tollgate.sbom.purl.PackageKey;
import dev.tollgate.sbom.version.VersionScheme;
import java.util.List;
import java.util.Set;

/**
 * The parts of one OSV record that matching needs: id, aliases, summary and the affected packages.
 */
public record OsvRecord(String id, Set<String> aliases, String summary, List<Affected> affected) {
  public OsvRecord {
    aliases = Set.copyOf(aliases);
    affected = List.copyOf(affected);
  }

  /** One {@code affected[]} entry: a package, explicit versions and ranges. */
  public record Affected(PackageKey key, VersionScheme scheme, Set<String> versions, List<OsvRange> ranges) {
    public Affected {
      versions = Set.copyOf(versions);
      ranges = List.copyOf(ranges);
    }

    /** True when the version is listed, or inside any range. */
    public boolean affects(String version) {
      if (versions.contains(version)) {
        return true;
      }
      for (OsvRange r : ranges) {
        if (r.affects(version)) {
          return true;
        }
      }
      return false;
    }
  }
}
