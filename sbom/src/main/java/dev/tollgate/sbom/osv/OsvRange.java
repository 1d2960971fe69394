package dev.tollgate.sbom.osv;

import dev.tollgate.sbom.version.VersionScheme;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One OSV {@code affected[].ranges[]} entry of type SEMVER or ECOSYSTEM. Evaluation follows the
 * OSV schema's algorithm: events sorted by version, "introduced" opens, "fixed" closes at that
 * version, "last_affected" closes after it. GIT ranges cannot be judged without the repository and
 * are not represented here.
 */
public record OsvRange(VersionScheme scheme, List<Event> events) {
  /** Event kinds of the OSV schema that bound a range. */
  public enum Kind { INTRODUCED, FIXED, LAST_AFFECTED, LIMIT }

  /** One event; "0" as an introduced version means "since the beginning". */
  public record Event(Kind kind, String version) {}

  public OsvRange {
    List<Event> sorted = new ArrayList<>(events);
    Comparator<Event> byVersion = (a, b) -> {
      boolean za = a.kind() == Kind.INTRODUCED && a.version().equals("0");
      boolean zb = b.kind() == Kind.INTRODUCED && b.version().equals("0");
      if (za || zb) {
        return za == zb ? 0 : (za ? -1 : 1);
      }
      return scheme.compare(a.version(), b.version());
    };
    sorted.sort(byVersion);
    events = List.copyOf(sorted);
  }

  public boolean affects(String version) {
    boolean affected = false;
    for (Event e : events) {
      switch (e.kind()) {
        case INTRODUCED -> {
          if (e.version().equals("0") || scheme.compare(version, e.version()) >= 0) {
            affected = true;
          }
        }
        case FIXED -> {
          if (scheme.compare(version, e.version()) >= 0) {
            affected = false;
          }
        }
        case LAST_AFFECTED -> {
          if (scheme.compare(version, e.version()) > 0) {
            affected = false;
          }
        }
        case LIMIT -> {
          // "limit" only bounds commit walks in GIT ranges; versions are judged without it.
        }
      }
    }
    return affected;
  }
}
