package dev.tollgate.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.Steering.Action;
import dev.tollgate.fleet.Steering.Decision;
import dev.tollgate.release.BundleKind;
import dev.tollgate.rollout.Cohort;
import dev.tollgate.rollout.Gate;
import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SteeringTest {
  private static final Instant T0 = TestReports.TIME;
  private static final Steering.Release RELEASE =
      new Steering.Release(BundleKind.AGENT, "desk-agent", "1.4.2", TestReports.SHA256);
  /** At most 10 % unhealthy over at least 10 reports, after 6 h. */
  private static final Gate GATE = new Gate(10, new BigDecimal("0.1"), Duration.ofHours(6));
  private static final Rollout ROLLOUT = new Rollout(TestReports.ROLLOUT,
      List.of(Stage.of("canary", 50, T0).withGate(GATE), Stage.of("all", 100, T0.plus(Duration.ofDays(30)))), false);
  private static final List<String> CANARY = IntStream.range(0, 400).mapToObj(i -> "host-" + i)
      .filter(d -> Cohort.bucket(TestReports.ROLLOUT, d) < 5000).toList();

  private static HealthReport canary(int device, Outcome o) {
    return TestReports.report(CANARY.get(device), 1, o, "canary", 5000);
  }

  private static Decision decide(List<HealthReport> reports, Instant now) {
    return Steering.decide(ROLLOUT, RolloutHealth.compute(ROLLOUT.id(), Steering.limits(ROLLOUT), CANARY, reports),
        now);
  }

  private static List<HealthReport> reports(int healthy, int unhealthy) {
    List<HealthReport> out = new ArrayList<>();
    for (int i = 0; i < healthy + unhealthy; i++) {
      out.add(canary(i, i < healthy ? Outcome.HEALTHY : Outcome.ROLLED_BACK));
    }
    return out;
  }

  @Test
  void advancesOnlyWhenTheStageSoakedHasEnoughReportsAndFewEnoughFailures() {
    Instant soaked = T0.plus(Duration.ofHours(6));

    assertEquals(Action.WAIT, decide(reports(12, 0), soaked.minusSeconds(60)).action());
    assertTrue(decide(reports(12, 0), soaked.minusSeconds(60)).reason().contains("soaks until"));
    Decision few = decide(reports(8, 1), soaked);
    assertEquals(Action.WAIT, few.action());
    assertTrue(few.reason().contains("has 9 of the 10 reports"), few.reason());
    Decision pass = decide(reports(18, 2), soaked);
    assertEquals(Action.ADVANCE, pass.action(), pass.reason());
    assertEquals(Optional.of("canary"), pass.stage());
  }

  @Test
  void haltsAsSoonAsNoFurtherHealthyReportCouldSaveTheStage() {
    Decision early = decide(reports(1, 2), T0.plusSeconds(60));

    assertEquals(Action.HALT, early.action());
    assertTrue(early.reason().contains("2 unhealthy where max_failure_rate 0.1 over at least 10 reports allows 1"),
        early.reason());
    assertEquals(Action.WAIT, decide(reports(1, 1), T0.plusSeconds(60)).action());
    assertEquals(Action.HALT, decide(reports(20, 3), T0.plus(Duration.ofDays(1))).action());
  }

  @Test
  void nothingToSteerWhenHaltedUnstartedUngatedOrFinished() {
    Rollout ungated = new Rollout("r", List.of(Stage.of("canary", 1, T0), Stage.of("all", 100, T0.plusSeconds(99))),
        false);
    RolloutHealth none = new RolloutHealth("r", List.of());

    assertEquals(Action.NONE, Steering.decide(ROLLOUT.halt(), none, T0.plusSeconds(1)).action());
    assertEquals(Action.NONE, Steering.decide(ROLLOUT, none, T0.minusSeconds(1)).action());
    assertTrue(Steering.decide(ungated, none, T0.plusSeconds(1)).reason().contains("has no gate"));
    assertTrue(Steering.decide(ROLLOUT, none, T0.plus(Duration.ofDays(31))).reason().contains("last stage"));
  }

  @Test
  void onlyVerifiableReportsAboutThisReleaseAndItsSignedStagesCount() {
    DeviceKey a = TestReports.key();
    DeviceKey b = TestReports.key();
    HealthReport good = canary(0, Outcome.HEALTHY);
    HealthReport other = canary(1, Outcome.HEALTHY);
    HealthReport r = canary(2, Outcome.HEALTHY);
    HealthReport otherDigest = new HealthReport(r.reportId(), r.deviceId(), 1, r.kind(), r.name(), r.version(),
        "cd".repeat(32), r.rollout(), r.outcome(), r.check(), r.reason(), r.time(), r.checkpoint());
    HealthReport wrongThreshold = TestReports.report(CANARY.get(3), 1, Outcome.HEALTHY, "canary", 9000);
    List<SignedReport> served = List.of(
        SignedReport.sign(good, a),
        SignedReport.sign(good, a),                           // served twice by the collector
        new SignedReport(other, other.canonicalJson(), a.publicKey(), new byte[64], Optional.empty()), // bad signature
        SignedReport.sign(canary(4, Outcome.HEALTHY), b),     // not in the enrollment list
        SignedReport.sign(otherDigest, a),
        SignedReport.sign(wrongThreshold, a));
    Map<String, DevicePublicKey> enrolled = Map.of(CANARY.get(0), a.publicKey(), CANARY.get(1), a.publicKey(),
        CANARY.get(2), a.publicKey(), CANARY.get(3), a.publicKey());

    Steering.Verified v = Steering.verify(served, RELEASE, ROLLOUT, Optional.of(enrolled));

    assertEquals(List.of(good), v.reports());
    assertEquals(Map.of("duplicate", 1, "bad signature", 1, "device not enrolled", 1, "another release", 1,
        "not a stage of the signed rollout", 1), v.discarded());
  }

  @Test
  void withoutAListADeviceSeenWithTwoKeysDoesNotCount() {
    HealthReport first = canary(0, Outcome.HEALTHY);
    HealthReport second = TestReports.report(CANARY.get(0), 2, Outcome.HEALTHY, "canary", 5000);

    Steering.Verified v = Steering.verify(List.of(SignedReport.sign(first, TestReports.key()),
        SignedReport.sign(second, TestReports.key())), RELEASE, ROLLOUT, Optional.empty());

    assertEquals(List.of(), v.reports());
    assertEquals(Map.of("device signs with two keys", 2), v.discarded());
  }
}
