package dev.tollgate.updater.install;

import dev.tollgate.release.BundleKind;
import java.util.Optional;

/** One bundle this endpoint keeps up to date, with an optional health check of its own. */
public record TrackedBundle(BundleKind kind, String name, Optional<HealthCheckSpec> healthCheck) {
  /** The target path prefix its releases live under: {@code agents/desk-agent/}. */
  public String targetPrefix() {
    return kind.folder() + "/" + name + "/";
  }

  /** "agent desk-agent". */
  public String label() {
    return kind.label() + " " + name;
  }
}
