package dev.tollgate.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.RolloutHealth.StageHealth;
import dev.tollgate.fleet.RolloutHealth.StageLimit;
import dev.tollgate.rollout.Cohort;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutHealthTest {
  private static final String R = TestReports.ROLLOUT;

  @Test
  void countsEachDeviceOnceByItsLatestReportPerStage() {
    List<String> fleet = IntStream.range(0, 40).mapToObj(i -> "host-" + i).toList();
    int canary = 3000;
    List<String> inCanary = fleet.stream().filter(d -> Cohort.bucket(R, d) < canary).toList();
    List<HealthReport> reports = new ArrayList<>();
    // Canary: the first device failed then, on a later run, became healthy; one rolled back; one refused.
    reports.add(TestReports.report(inCanary.get(0), 1, Outcome.FAILED, "canary", canary));
    reports.add(TestReports.report(inCanary.get(0), 2, Outcome.HEALTHY, "canary", canary));
    reports.add(TestReports.report(inCanary.get(1), 1, Outcome.ROLLED_BACK, "canary", canary));
    reports.add(TestReports.report(inCanary.get(2), 1, Outcome.REFUSED, "canary", canary));
    // Stage "all": two devices, one healthy, one failed; a report of another rollout is ignored.
    reports.add(TestReports.report(fleet.get(38), 5, Outcome.HEALTHY));
    reports.add(TestReports.report(fleet.get(39), 5, Outcome.FAILED));

    List<StageLimit> stages = RolloutHealth.stagesIn(R, reports);
    RolloutHealth health = RolloutHealth.compute(R, stages, fleet, reports);

    assertEquals(List.of(new StageLimit("canary", canary), new StageLimit("all", Cohort.BUCKETS)), stages);
    assertEquals(List.of(
        new StageHealth("canary", canary, inCanary.size(), 3, 1, 0, 1, 1),
        new StageHealth("all", Cohort.BUCKETS, 40, 2, 1, 1, 0, 0)), health.stages());
    assertEquals(0, RolloutHealth.compute("other-rollout", stages, fleet, reports).stages().get(0).reporting());
  }
}
