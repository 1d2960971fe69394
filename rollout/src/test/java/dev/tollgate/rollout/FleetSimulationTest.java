package dev.tollgate.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A million simulated devices with random 128-bit ids: each stage admits its percent of the fleet
 * within 0.2 percentage points, and nobody admitted at one stage drops out at a later one.
 */
class FleetSimulationTest {
  static final int FLEET = 1_000_000;

  @Test
  void stagesAdmitTheirShareAndNeverDropAnyone() {
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    Rollout rollout = new Rollout("desk-agent-1.4.2", List.of(
        Stage.of("canary", 1, t0),
        new Stage("early", new BigDecimal("12.5"), t0.plusSeconds(86_400)),
        Stage.of("half", 50, t0.plusSeconds(2 * 86_400)),
        Stage.of("all", 100, t0.plusSeconds(3 * 86_400))), false);
    int stages = rollout.stages().size();
    int[] admitted = new int[stages];
    int[] droppedLater = new int[stages];
    SplittableRandom random = new SplittableRandom(20261201L);
    HexFormat hex = HexFormat.of();
    byte[] raw = new byte[16];
    for (int d = 0; d < FLEET; d++) {
      random.nextBytes(raw);
      String device = hex.formatHex(raw);
      boolean before = false;
      for (int k = 0; k < stages; k++) {
        boolean now = rollout.decide(device, rollout.stages().get(k).start()).eligible();
        if (now) {
          admitted[k]++;
        } else if (before) {
          droppedLater[k]++;
        }
        before = now;
      }
    }
    for (int k = 0; k < stages; k++) {
      Stage s = rollout.stages().get(k);
      double share = 100.0 * admitted[k] / FLEET;
      double want = s.percent().doubleValue();
      assertTrue(Math.abs(share - want) <= 0.2,
          "stage " + s.name() + " admitted " + share + "% instead of " + want + "%");
      assertEquals(0, droppedLater[k], "devices dropped out at stage " + s.name());
    }
    assertEquals(FLEET, admitted[stages - 1]);
  }
}
