package dev.tollgate.updater.install;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One step's outcome, as handed to the provenance log.
 *
 * @param action select, verify, install, health, commit, rollback, recover
 * @param outcome ok, refused, failed, rolled-back, skipped
 */
public record UpdateEvent(Instant time, String action, String name, Optional<String> version,
    Optional<String> sha256, String outcome, String reason, Optional<String> rolloutId,
    long targetsVersion, Map<String, String> evidence) {

  public UpdateEvent {
    evidence = Map.copyOf(evidence);
  }
}
