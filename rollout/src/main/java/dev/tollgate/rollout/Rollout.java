package dev.tollgate.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.io.StrictJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A staged rollout as published in signed targets metadata: an id (the cohort salt), stages in
 * order, and a halt switch. Stages start in order and never narrow, so a device admitted by one
 * stage stays admitted by every later one.
 *
 * @param id rollout id; also salts the cohort buckets, so a new id reshuffles the fleet
 * @param stages at least one stage; starts non-decreasing, percents non-decreasing
 * @param halted when true nobody is eligible, whatever the stage
 */
public record Rollout(String id, List<Stage> stages, boolean halted) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
  private static final Set<String> FIELDS = Set.of("id", "stages", "halted");
  private static final Pattern PERCENT_STRING =
      Pattern.compile("(0|[1-9][0-9]{0,2})(\\.[0-9]{1,2})?");
  private static final Set<String> STAGE_FIELDS = Set.of("name", "percent", "start", Gate.MIN_REPORTS,
      Gate.MAX_FAILURE_RATE, Gate.SOAK);

  public Rollout {
    Objects.requireNonNull(id, "rollout id");
    Objects.requireNonNull(stages, "rollout stages");
    validateId(id);
    stages = List.copyOf(stages);
    if (stages.isEmpty()) {
      throw new InvalidRolloutException("rollout " + id + " has no stages");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < stages.size(); i++) {
      Stage s = stages.get(i);
      if (!names.add(s.name())) {
        throw new InvalidRolloutException("rollout " + id + ": stage name " + s.name() + " appears twice");
      }
      if (i > 0) {
        Stage prev = stages.get(i - 1);
        if (s.start().isBefore(prev.start())) {
          throw new InvalidRolloutException("rollout " + id + ": stage " + s.name() + " starts "
              + s.start() + ", before the stage before it (" + prev.name() + ", " + prev.start() + ")");
        }
        if (s.percent().compareTo(prev.percent()) < 0) {
          throw new InvalidRolloutException("rollout " + id + ": stage " + s.name() + " ("
              + s.percentLabel() + ") narrows stage " + prev.name() + " (" + prev.percentLabel()
              + "); stages may only widen (halt the rollout to stop it)");
        }
      }
    }
  }

  /** Returns {@code id} when it is a usable rollout id, else throws with the rule it breaks. */
  public static String validateId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new InvalidRolloutException(
          "rollout id '" + id + "' must be 1-128 characters of letters, digits, '.', '_', '+' or '-'");
    }
    return id;
  }

  /** The stage in force at {@code now}: the latest one whose start has passed, if any. */
  public Optional<Stage> currentStage(Instant now) {
    Stage current = null;
    for (Stage s : stages) {
      if (!s.start().isAfter(now)) {
        current = s;
      }
    }
    return Optional.ofNullable(current);
  }

  /** Whether {@code deviceId} may install this release at {@code now}, and why. */
  public Eligibility decide(String deviceId, Instant now) {
    return Eligibility.decide(this, deviceId, now);
  }

  /** The same rollout, halted. */
  public Rollout halt() {
    return new Rollout(id, stages, true);
  }

  /** The same rollout, no longer halted. */
  public Rollout resume() {
    return new Rollout(id, stages, false);
  }

  /**
   * Brings the next stage that has not started yet forward to {@code now}; later stages keep their
   * own starts (moved to {@code now} too if they were earlier than it, which cannot happen for a
   * valid rollout). Throws when every stage has already started.
   */
  public Rollout advance(Instant now) {
    List<Stage> next = new ArrayList<>(stages.size());
    boolean moved = false;
    for (Stage s : stages) {
      if (!moved && s.start().isAfter(now)) {
        next.add(s.startingAt(now));
        moved = true;
      } else {
        next.add(s);
      }
    }
    if (!moved) {
      throw new InvalidRolloutException("rollout " + id + ": every stage has already started at " + now
          + "; nothing to advance");
    }
    return new Rollout(id, next, halted);
  }

  /** The rollout as the JSON object stored in {@code custom.tollgate.rollout}. */
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("id", id);
    ArrayNode arr = o.putArray("stages");
    for (Stage s : stages) {
      ObjectNode so = arr.addObject();
      so.put("name", s.name());
      if (s.percent().scale() == 0) {
        so.put("percent", s.percent().intValueExact());
      } else {
        // Signed metadata is canonical JSON, which has no fractions: "0.5" travels as a string.
        so.put("percent", s.percent().toPlainString());
      }
      so.put("start", s.start().toString());
      s.gate().ifPresent(g -> g.writeInto(so));
    }
    o.put("halted", halted);
    return o;
  }

  /**
   * Reads a rollout object. Unknown fields are refused: an older endpoint must not silently ignore
   * a constraint a newer publisher meant to apply.
   */
  public static Rollout fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidRolloutException("rollout must be a JSON object");
    }
    JsonNode idNode = node.get("id");
    if (idNode == null || !idNode.isTextual()) {
      throw new InvalidRolloutException("rollout.id is missing or not a string");
    }
    String id = idNode.asText();
    rejectUnknown(node, FIELDS, "rollout " + id);
    JsonNode stagesNode = node.get("stages");
    if (stagesNode == null || !stagesNode.isArray()) {
      throw new InvalidRolloutException("rollout " + id + ": stages is missing or not an array");
    }
    List<Stage> stages = new ArrayList<>();
    for (int i = 0; i < stagesNode.size(); i++) {
      stages.add(stageFromJson(id, i, stagesNode.get(i)));
    }
    JsonNode haltedNode = node.get("halted");
    boolean halted = false;
    if (haltedNode != null) {
      if (!haltedNode.isBoolean()) {
        throw new InvalidRolloutException("rollout " + id + ": halted must be true or false");
      }
      halted = haltedNode.booleanValue();
    }
    return new Rollout(id, stages, halted);
  }

  private static Stage stageFromJson(String id, int index, JsonNode s) {
    String where = "rollout " + id + ": stages[" + index + "]";
    if (s == null || !s.isObject()) {
      throw new InvalidRolloutException(where + " must be an object");
    }
    rejectUnknown(s, STAGE_FIELDS, where);
    JsonNode name = s.get("name");
    JsonNode percent = s.get("percent");
    JsonNode start = s.get("start");
    if (name == null || !name.isTextual()) {
      throw new InvalidRolloutException(where + ".name is missing or not a string");
    }
    if (percent == null || !(percent.isNumber() || percent.isTextual())) {
      throw new InvalidRolloutException(where + ".percent is missing or not a number");
    }
    if (start == null || !start.isTextual()) {
      throw new InvalidRolloutException(where + ".start is missing or not a string");
    }
    Instant at;
    try {
      at = Instant.parse(start.asText());
    } catch (DateTimeParseException e) {
      throw new InvalidRolloutException(where + ".start '" + start.asText()
          + "' is not an RFC 3339 UTC time such as 2026-12-01T00:00:00Z");
    }
    BigDecimal pct = percent.isNumber() ? percent.decimalValue() : decimalString(where, percent.asText());
    return new Stage(name.asText(), pct, at, Gate.readFrom(s, where));
  }

  /** A fractional percent as signed metadata carries it: digits, optionally a point and two digits. */
  private static BigDecimal decimalString(String where, String text) {
    if (!PERCENT_STRING.matcher(text).matches()) {
      throw new InvalidRolloutException(where + ".percent '" + text
          + "' is not a number from 0 to 100 with at most two decimals, such as 0.5 or \"0.5\"");
    }
    return new BigDecimal(text);
  }

  private static void rejectUnknown(JsonNode node, Set<String> known, String where) {
    StrictJson.requireOnly(node, where, known, InvalidRolloutException::new);
  }
}
