package dev.tollgate.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.rollout.Cohort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The health of one rollout, per stage: how many enrolled devices the stage admits (eligible),
 * how many of them reported on it, and how their latest report on that stage came out. Pure: the
 * caller passes the stages (from signed metadata, or as the reports state them), the enrolled
 * devices and the reports it has verified.
 */
public record RolloutHealth(String rolloutId, List<StageHealth> stages) {

  public RolloutHealth {
    stages = List.copyOf(stages);
  }

  /** A stage by name and the number of buckets it admits (percent × 100). */
  public record StageLimit(String name, int threshold) {}

  /** One stage's counts; each reporting device counts once, by its latest report on the stage. */
  public record StageHealth(String stage, int threshold, int eligible, int reporting, int healthy, int failed,
      int rolledBack, int refused) {}

  /**
   * Aggregates {@code reports} of {@code rolloutId} (reports of other rollouts and of stages not in
   * {@code stages} are ignored). Eligible counts the {@code enrolled} devices whose bucket in this
   * rollout the stage admits.
   */
  public static RolloutHealth compute(String rolloutId, List<StageLimit> stages, Collection<String> enrolled,
      Collection<HealthReport> reports) {
    Map<String, Map<String, HealthReport>> latestByStage = new HashMap<>();
    for (HealthReport r : reports) {
      if (r.rollout().isEmpty() || !r.rollout().get().id().equals(rolloutId)) {
        continue;
      }
      latestByStage.computeIfAbsent(r.rollout().get().stage(), s -> new HashMap<>())
          .merge(r.deviceId(), r, (a, b) -> a.sequence() >= b.sequence() ? a : b);
    }
    List<StageHealth> out = new ArrayList<>();
    for (StageLimit s : stages) {
      int eligible = (int) enrolled.stream().distinct()
          .filter(d -> Cohort.bucket(rolloutId, d) < s.threshold()).count();
      Map<HealthReport.Outcome, Integer> counts = new HashMap<>();
      Collection<HealthReport> latest = latestByStage.getOrDefault(s.name(), Map.of()).values();
      latest.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
      out.add(new StageHealth(s.name(), s.threshold(), eligible, latest.size(),
          counts.getOrDefault(HealthReport.Outcome.HEALTHY, 0), counts.getOrDefault(HealthReport.Outcome.FAILED, 0),
          counts.getOrDefault(HealthReport.Outcome.ROLLED_BACK, 0),
          counts.getOrDefault(HealthReport.Outcome.REFUSED, 0)));
    }
    return new RolloutHealth(rolloutId, out);
  }

  /**
   * The stages of {@code rolloutId} as its reports state them, narrowest first. Where reports
   * disagree on a stage's threshold (only a lying device would), the smallest stated one is taken,
   * so a device cannot inflate the number of devices a stage is said to admit.
   */
  public static List<StageLimit> stagesIn(String rolloutId, Collection<HealthReport> reports) {
    Map<String, Integer> thresholds = new TreeMap<>();
    for (HealthReport r : reports) {
      r.rollout().filter(p -> p.id().equals(rolloutId))
          .ifPresent(p -> thresholds.merge(p.stage(), p.threshold(), Math::min));
    }
    return thresholds.entrySet().stream().map(e -> new StageLimit(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingInt(StageLimit::threshold).thenComparing(StageLimit::name)).toList();
  }

  /** As served by the collector: {@code {"rollout": ID, "stages": [{"stage": ..., "eligible": ...}]}}. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("rollout", rolloutId);
    ArrayNode arr = o.putArray("stages");
    for (StageHealth s : stages) {
      ObjectNode n = arr.addObject();
      n.put("stage", s.stage());
      n.put("threshold", s.threshold());
      n.put("eligible", s.eligible());
      n.put("reporting", s.reporting());
      n.put("healthy", s.healthy());
      n.put("failed", s.failed());
      n.put("rolled_back", s.rolledBack());
      n.put("refused", s.refused());
    }
    return o;
  }
}
