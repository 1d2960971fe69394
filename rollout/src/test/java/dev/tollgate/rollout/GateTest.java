package dev.tollgate.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final Gate CANARY_GATE = new Gate(20, new BigDecimal("0.05"), Duration.ofHours(6));

  private static Rollout gated() {
    return new Rollout("desk-agent-1.4.2", List.of(Stage.of("canary", 1, T0).withGate(CANARY_GATE),
        Stage.of("all", 100, T0.plus(Duration.ofDays(30)))), false);
  }

  @Test
  void gatesTravelInTheRolloutJsonAndSurviveAnAdvance() throws Exception {
    ObjectNode json = gated().toJson();
    ObjectNode canary = (ObjectNode) json.get("stages").get(0);

    assertEquals(20, canary.get("min_reports").asInt());
    assertEquals("0.05", canary.get("max_failure_rate").asText());
    assertEquals("PT6H", canary.get("soak").asText());
    Rollout back = Rollout.fromJson(new ObjectMapper().readTree(json.toString()));
    assertEquals(gated(), back);
    Rollout advanced = back.advance(T0.plusSeconds(60));
    assertEquals(Optional.of(CANARY_GATE), advanced.stages().get(0).gate());
    assertEquals(Optional.empty(), advanced.stages().get(1).gate());
  }

  @Test
  void aPartialGateTakesTheLoosestValueForWhatItOmits() throws Exception {
    ObjectNode stage = (ObjectNode) new ObjectMapper().readTree(
        "{\"name\":\"canary\",\"percent\":1,\"start\":\"2026-12-01T00:00:00Z\",\"min_reports\":3}");

    assertEquals(Optional.of(new Gate(3, BigDecimal.ONE, Duration.ZERO)), Gate.readFrom(stage, "stage"));
  }

  @Test
  void badGateValuesAreRefusedNamingTheField() throws Exception {
    for (List<String> c : List.of(
        List.of("\"max_failure_rate\":\"1.5\"", "max_failure_rate 1.5"),
        List.of("\"max_failure_rate\":\"0.00001\"", "at most four decimals"),
        List.of("\"max_failure_rate\":0.05", "must be a decimal string"),
        List.of("\"min_reports\":-1", "min_reports -1"),
        List.of("\"min_reports\":\"20\"", "min_reports must be a whole number"),
        List.of("\"soak\":\"6 hours\"", "soak '6 hours' is not an ISO-8601 duration"),
        List.of("\"soak\":\"PT-1H\"", "soak PT-1H is outside"))) {
      ObjectNode rollout = (ObjectNode) new ObjectMapper().readTree("{\"id\":\"r\",\"stages\":[{\"name\":\"canary\","
          + "\"percent\":1,\"start\":\"2026-12-01T00:00:00Z\"," + c.get(0) + "}]}");
      InvalidRolloutException e = assertThrows(InvalidRolloutException.class, () -> Rollout.fromJson(rollout));
      assertTrue(e.getMessage().contains(c.get(1)), c.get(1) + " not in: " + e.getMessage());
      assertTrue(e.getMessage().startsWith("rollout r: stages[0]"), e.getMessage());
    }
  }

  @Test
  void allowedFailuresApplyTheRateToAtLeastTheMinimumReports() {
    assertEquals(1, CANARY_GATE.allowedFailures(3));
    assertEquals(1, CANARY_GATE.allowedFailures(20));
    assertEquals(2, CANARY_GATE.allowedFailures(40));
    assertEquals(0, new Gate(0, BigDecimal.ZERO, Duration.ZERO).allowedFailures(100));
  }
}
