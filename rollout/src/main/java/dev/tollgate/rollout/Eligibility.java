package dev.tollgate.rollout;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of asking whether one device may install one release now, with a reason a person
 * can check by hand ("bucket 4711 ≥ 1000 for stage early (10%)").
 *
 * @param eligible whether the device may install
 * @param reason why, in one line
 * @param bucket the device's bucket in this rollout, 0 to 9999
 * @param stage the stage in force, empty before the first stage starts
 */
public record Eligibility(boolean eligible, String reason, int bucket, Optional<Stage> stage) {

  public Eligibility {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(stage, "stage");
  }

  /** Decides eligibility of {@code deviceId} under {@code rollout} at {@code now}. */
  public static Eligibility decide(Rollout rollout, String deviceId, Instant now) {
    Objects.requireNonNull(rollout, "rollout");
    Objects.requireNonNull(now, "now");
    DeviceId.validate(deviceId);
    int bucket = Cohort.bucket(rollout.id(), deviceId);
    Optional<Stage> current = rollout.currentStage(now);
    if (rollout.halted()) {
      return new Eligibility(false, "rollout " + rollout.id() + " is halted", bucket, current);
    }
    if (current.isEmpty()) {
      Stage first = rollout.stages().get(0);
      return new Eligibility(false, "rollout " + rollout.id() + " has not started: stage "
          + first.name() + " starts " + first.start(), bucket, current);
    }
    Stage s = current.get();
    int admitted = s.admittedBuckets();
    boolean in = bucket < admitted;
    String reason = "bucket " + bucket + (in ? " < " : " ≥ ") + admitted + " for stage " + s.name()
        + " (" + s.percentLabel() + ")";
    return new Eligibility(in, reason, bucket, current);
  }
}
