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

  /** Evidence of a select event: the bundle's kind; under a rollout, the stage, its threshold and the bucket. */
  public static final String KIND = "kind";
  public static final String ROLLOUT_STAGE = "rollout_stage";
  public static final String ROLLOUT_THRESHOLD = "rollout_threshold";
  public static final String ROLLOUT_BUCKET = "rollout_bucket";
  /** Evidence of a refused verify event: the short name of the check that refused. */
  public static final String CHECK = "check";

  public UpdateEvent {
    evidence = Map.copyOf(evidence);
  }
}
