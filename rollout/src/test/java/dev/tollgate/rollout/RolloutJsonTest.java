package dev.tollgate.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RolloutJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DESIGN_EXAMPLE = "{ \"id\": \"desk-agent-1.4.2\","
      + " \"stages\": [ {\"name\": \"canary\", \"percent\": 1,   \"start\": \"2026-12-01T00:00:00Z\"},"
      + " {\"name\": \"early\",  \"percent\": 10,  \"start\": \"2026-12-02T00:00:00Z\"},"
      + " {\"name\": \"all\",    \"percent\": 100, \"start\": \"2026-12-04T00:00:00Z\"} ],"
      + " \"halted\": false }";

  static JsonNode parse(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void readsTheDesignExampleAndWritesItBack() throws Exception {
    Rollout r = Rollout.fromJson(parse(DESIGN_EXAMPLE));
    assertEquals("desk-agent-1.4.2", r.id());
    assertEquals(3, r.stages().size());
    assertEquals(1000, r.stages().get(1).admittedBuckets());
    assertEquals(parse(DESIGN_EXAMPLE), r.toJson());
    assertEquals(r, Rollout.fromJson(r.toJson()));
  }

  @Test
  void narrowingStageIsRefused() throws Exception {
    String json = DESIGN_EXAMPLE.replace("\"percent\": 100", "\"percent\": 5");
    InvalidRolloutException e =
        assertThrows(InvalidRolloutException.class, () -> Rollout.fromJson(parse(json)));
    assertEquals("rollout desk-agent-1.4.2: stage all (5%) narrows stage early (10%);"
        + " stages may only widen (halt the rollout to stop it)", e.getMessage());
  }

  @Test
  void stagesOutOfOrderAreRefused() throws Exception {
    String json = DESIGN_EXAMPLE.replace("2026-12-04", "2026-11-04");
    InvalidRolloutException e =
        assertThrows(InvalidRolloutException.class, () -> Rollout.fromJson(parse(json)));
    assertTrue(e.getMessage().contains("stage all starts 2026-11-04T00:00:00Z, before"), e.getMessage());
  }

  @Test
  void clearErrorsForMalformedFields() throws Exception {
    assertEquals("rollout desk-agent-1.4.2: stages[0].start 'tomorrow' is not an RFC 3339 UTC time"
        + " such as 2026-12-01T00:00:00Z", assertThrows(InvalidRolloutException.class,
            () -> Rollout.fromJson(parse(DESIGN_EXAMPLE.replace("2026-12-01T00:00:00Z", "tomorrow"))))
        .getMessage());
    assertEquals("stage canary: percent 101 is outside 0..100", assertThrows(InvalidRolloutException.class,
        () -> Rollout.fromJson(parse(DESIGN_EXAMPLE.replace("\"percent\": 1,", "\"percent\": 101,"))))
        .getMessage());
    assertEquals("rollout desk-agent-1.4.2: unknown field 'devices' (known: halted, id, stages)", assertThrows(
        InvalidRolloutException.class,
        () -> Rollout.fromJson(parse(DESIGN_EXAMPLE.replace("\"halted\"", "\"devices\": [], \"halted\""))))
        .getMessage());
    assertEquals("rollout desk-agent-1.4.2: halted must be true or false", assertThrows(
        InvalidRolloutException.class,
        () -> Rollout.fromJson(parse(DESIGN_EXAMPLE.replace("false", "\"no\"")))).getMessage());
    assertTrue(assertThrows(InvalidRolloutException.class,
        () -> Rollout.fromJson(parse(DESIGN_EXAMPLE.replace("\"percent\": 1,", "\"percent\": 0.125,"))))
        .getMessage().contains("more than two decimals"));
    assertEquals("rollout x has no stages", assertThrows(InvalidRolloutException.class,
        () -> Rollout.fromJson(parse("{\"id\":\"x\",\"stages\":[]}"))).getMessage());
  }

  @Test
  void advanceBringsTheNextStageForward() throws Exception {
    Rollout r = Rollout.fromJson(parse(DESIGN_EXAMPLE));
    Instant now = Instant.parse("2026-12-01T12:00:00Z");
    Rollout advanced = r.advance(now);
    assertEquals(now, advanced.stages().get(1).start());
    assertEquals("early", advanced.currentStage(now).orElseThrow().name());
    assertEquals(r.stages().get(2), advanced.stages().get(2));
    Instant late = Instant.parse("2027-01-01T00:00:00Z");
    assertTrue(assertThrows(InvalidRolloutException.class, () -> r.advance(late)).getMessage()
        .contains("every stage has already started"));
  }

  @Test
  void aFractionalPercentTravelsAsADecimalStringAndIsCheckedAtTheEdge() throws Exception {
    String half = DESIGN_EXAMPLE.replace("\"percent\": 1,", "\"percent\": 0.5,");
    Rollout r = Rollout.fromJson(parse(half));
    assertEquals("0.5", r.toJson().get("stages").get(0).get("percent").textValue());
    assertEquals(r, Rollout.fromJson(r.toJson()));
    assertEquals("rollout desk-agent-1.4.2: stages[0].percent '.5' is not a number from 0 to 100 with at most"
        + " two decimals, such as 0.5 or \"0.5\"", assertThrows(InvalidRolloutException.class,
        () -> Rollout.fromJson(parse(DESIGN_EXAMPLE.replace("\"percent\": 1,", "\"percent\": \".5\",")))).getMessage());
  }
}
