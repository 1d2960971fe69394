package dev.tollgate.updater.install;

import java.util.Optional;

/** What one run did for one tracked bundle. */
public record BundleReport(TrackedBundle bundle, Outcome outcome, Optional<String> version, String message) {

  /** The outcomes, worst last. */
  public enum Outcome {
    /** Already on the newest version this device may have. */
    UP_TO_DATE,
    /** No release is eligible for this device now (rollout stage, halt, floor...). */
    NOTHING_ELIGIBLE,
    /** A new version was installed and passed its health check. */
    INSTALLED,
    /** A new version was installed, failed its health check, and the previous one is back. */
    ROLLED_BACK,
    /** A check refused the release; nothing changed. */
    REFUSED,
    /** A file, disk or network operation failed; nothing changed. */
    FAILED
  }
}
