package dev.tollgate.cli.demo;

import dev.tollgate.rollout.Cohort;
import dev.tollgate.rollout.Gate;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The staged rollout of the demo's agent: a canary that started a minute ago, an early stage
 * tomorrow, everyone in three days. The canary's percent is chosen from the demo's own device
 * ids so that about half of the simulated endpoints fall in it (a real operator picks 1 % of a
 * large fleet); every endpoint computes its bucket itself, nothing here tells it the answer.
 */
final class RolloutPlan {
  private RolloutPlan() {}

  static Rollout forDevices(String rolloutId, List<String> deviceIds, Instant now) {
    List<Integer> buckets = deviceIds.stream().map(d -> Cohort.bucket(rolloutId, d)).sorted(Comparator.naturalOrder())
        .toList();
    BigDecimal canary = canaryPercent(buckets);
    BigDecimal early = canary.max(BigDecimal.valueOf(50));
    return new Rollout(rolloutId, List.of(
        new Stage("canary", canary, now.minus(Duration.ofMinutes(1))),
        new Stage("early", early, now.plus(Duration.ofDays(1))),
        new Stage("all", BigDecimal.valueOf(100), now.plus(Duration.ofDays(3)))), false);
  }

  /**
   * As {@link #forDevices}, with a gate on the canary for {@code tollgate repo rollout steer}: no
   * soak, and at most {@code maxFailureRate} of the canary's reporting devices unhealthy.
   */
  static Rollout gated(String rolloutId, List<String> deviceIds, Instant now, int minReports,
      BigDecimal maxFailureRate) {
    Rollout plain = forDevices(rolloutId, deviceIds, now);
    List<Stage> stages = new java.util.ArrayList<>(plain.stages());
    stages.set(0, stages.get(0).withGate(new Gate(minReports, maxFailureRate, Duration.ZERO)));
    return new Rollout(rolloutId, stages, false);
  }

  /**
   * A whole percent (signed metadata is canonical JSON: integers only) that admits some but not
   * all of the sorted {@code buckets}, as close to half of them as the buckets allow.
   */
  static BigDecimal canaryPercent(List<Integer> buckets) {
    int half = Math.max(1, buckets.size() / 2);
    for (int distance = 0; distance < buckets.size(); distance++) {
      for (int admitted : new int[] {half - distance, half + distance}) {
        if (admitted < 1 || admitted >= buckets.size()) {
          continue;
        }
        int percent = buckets.get(admitted - 1) / 100 + 1;
        if (percent * 100 <= buckets.get(admitted)) {
          return BigDecimal.valueOf(percent);
        }
      }
    }
    throw new IllegalStateException("no whole percent splits buckets " + buckets);
  }
}
