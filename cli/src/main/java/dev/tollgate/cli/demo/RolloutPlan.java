package dev.tollgate.cli.demo;

import dev.tollgate.rollout.Cohort;
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
    int admitted = Math.max(1, buckets.size() / 2);
    // Admit exactly the lowest buckets: bucket < threshold, threshold at the next device's bucket.
    int threshold = buckets.get(admitted);
    if (threshold == buckets.get(admitted - 1)) {
      threshold++;
    }
    BigDecimal canary = BigDecimal.valueOf(threshold, 2);
    BigDecimal early = canary.max(BigDecimal.valueOf(50));
    return new Rollout(rolloutId, List.of(
        new Stage("canary", canary, now.minus(Duration.ofMinutes(1))),
        new Stage("early", early, now.plus(Duration.ofDays(1))),
        new Stage("all", BigDecimal.valueOf(100), now.plus(Duration.ofDays(3)))), false);
  }
}
