package dev.tollgate.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EligibilityTest {
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2026-12-02T00:00:00Z");
  static final Instant T2 = Instant.parse("2026-12-04T00:00:00Z");
  static final Rollout ROLLOUT = new Rollout("desk-agent-1.4.2",
      List.of(Stage.of("canary", 1, T0), Stage.of("early", 10, T1), Stage.of("all", 100, T2)), false);

  @Test
  void beforeTheFirstStageNobodyIsEligible() {
    Eligibility e = ROLLOUT.decide("device-0001", T0.minusSeconds(1));
    assertFalse(e.eligible());
    assertTrue(e.stage().isEmpty());
    assertEquals("rollout desk-agent-1.4.2 has not started: stage canary starts 2026-12-01T00:00:00Z",
        e.reason());
  }

  @Test
  void currentStageIsTheLatestWhoseStartHasPassed() {
    assertEquals("canary", ROLLOUT.currentStage(T0).orElseThrow().name());
    assertEquals("canary", ROLLOUT.currentStage(T1.minusMillis(1)).orElseThrow().name());
    assertEquals("early", ROLLOUT.currentStage(T1).orElseThrow().name());
    assertEquals("all", ROLLOUT.currentStage(T2.plusSeconds(86400 * 365)).orElseThrow().name());
  }

  @Test
  void reasonNamesBucketThresholdAndStage() {
    // device-0001 is in bucket 9918 of this rollout (see CohortTest).
    Eligibility early = ROLLOUT.decide("device-0001", T1);
    assertFalse(early.eligible());
    assertEquals(9918, early.bucket());
    assertEquals("bucket 9918 ≥ 1000 for stage early (10%)", early.reason());
    Eligibility all = ROLLOUT.decide("device-0001", T2);
    assertTrue(all.eligible());
    assertEquals("bucket 9918 < 10000 for stage all (100%)", all.reason());
  }

  @Test
  void haltedStopsEveryDeviceEvenAtOneHundredPercent() {
    Rollout halted = ROLLOUT.halt();
    Eligibility e = halted.decide("device-0001", T2);
    assertFalse(e.eligible());
    assertEquals("rollout desk-agent-1.4.2 is halted", e.reason());
    assertTrue(halted.resume().decide("device-0001", T2).eligible());
  }

  @Test
  void fractionalPercentMapsToBuckets() {
    Stage half = new Stage("tiny", new java.math.BigDecimal("0.5"), T0);
    assertEquals(50, half.admittedBuckets());
    assertEquals("0.5%", half.percentLabel());
  }
}
