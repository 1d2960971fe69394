package dev.tollgate.updater.install;

import dev.tollgate.release.BundleKind;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step's outcome, as handed to the provenance log. Made only by {@link StepEvents}, one
 * factory method per step.
 *
 * @param deviceId the device the run was for, resolved once under the update lock
 * @param targetsVersion the version of the trusted targets metadata the step worked from
 * @param subject the bundle, and the release or slot the step was about
 */
public record UpdateEvent(Instant time, String deviceId, long targetsVersion, Action action, Subject subject,
    Outcome outcome, String reason, Map<String, String> evidence, ReleaseEvidence release) {

  /** Evidence of a select event: the bundle's kind; under a rollout, the stage, its threshold and the bucket. */
  public static final String KIND = "kind";
  public static final String ROLLOUT_STAGE = "rollout_stage";
  public static final String ROLLOUT_THRESHOLD = "rollout_threshold";
  public static final String ROLLOUT_BUCKET = "rollout_bucket";
  /** Evidence of a refused verify event: the short name of the check that refused. */
  public static final String CHECK = "check";

  public UpdateEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    evidence = Map.copyOf(evidence);
    Objects.requireNonNull(release, "release");
  }

  /** The steps of an update or rollback run; {@link #label} is the name the log records. */
  public enum Action {
    SELECT, VERIFY, DOWNLOAD, HEALTH, COMMIT, ROLLBACK, STOP, RECOVER;

    /** "select", "commit", ... */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a step ended; {@link #label} is the name the log records. */
  public enum Outcome {
    OK, REFUSED, FAILED, ROLLED_BACK, STOPPED;

    /** "ok", "rolled-back", ... */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * What a step was about: the tracked bundle's kind and name, and when known the release version,
   * the artifact's SHA-256 (64 lowercase hex digits) and the rollout id.
   */
  public record Subject(BundleKind kind, String name, Optional<String> version, Optional<String> sha256,
      Optional<String> rolloutId) {
    public Subject {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
    }

    static Subject bundle(TrackedBundle b) {
      return new Subject(b.kind(), b.name(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Subject slot(TrackedBundle b, SlotRecord r) {
      return new Subject(b.kind(), b.name(), Optional.of(r.version()), Optional.of(r.sha256()),
          Optional.ofNullable(r.rolloutId()));
    }
  }
}
