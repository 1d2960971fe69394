package dev.tollgate.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a stage must show before the rollout may leave it for the next one, judged from the fleet's
 * signed health reports by {@code tollgate repo rollout steer}. Endpoints do not read gates: they
 * only follow the stages' starts and the halt flag.
 *
 * @param minReports devices of the stage that must have reported, 0 to 1,000,000
 * @param maxFailureRate the largest share of reporting devices whose latest report is not
 *     healthy (failed, rolled back or refused), 0 to 1, at most four decimals
 * @param soak how long the stage must have been in force, 0 to 365 days
 */
public record Gate(int minReports, BigDecimal maxFailureRate, Duration soak) {
  static final String MIN_REPORTS = "min_reports";
  static final String MAX_FAILURE_RATE = "max_failure_rate";
  static final String SOAK = "soak";

  public Gate {
    if (minReports < 0 || minReports > 1_000_000) {
      throw new InvalidRolloutException("min_reports " + minReports + " is outside 0..1000000");
    }
    if (maxFailureRate.signum() < 0 || maxFailureRate.compareTo(BigDecimal.ONE) > 0
        || maxFailureRate.stripTrailingZeros().scale() > 4) {
      throw new InvalidRolloutException("max_failure_rate " + maxFailureRate.toPlainString()
          + " must be from 0 to 1 with at most four decimals (0.05 is 5 %)");
    }
    maxFailureRate = maxFailureRate.stripTrailingZeros();
    if (maxFailureRate.scale() < 0) {
      maxFailureRate = maxFailureRate.setScale(0);
    }
    if (soak.isNegative() || soak.compareTo(Duration.ofDays(365)) > 0) {
      throw new InvalidRolloutException("soak " + soak + " is outside 0..365 days");
    }
  }

  /**
   * How many of {@code reporting} devices may be unhealthy while the stage still passes: the
   * failure rate applied to at least {@link #minReports} devices, rounded down. A stage whose
   * unhealthy devices already exceed it fails, however many reports are still to come.
   */
  public long allowedFailures(long reporting) {
    return maxFailureRate.multiply(BigDecimal.valueOf(Math.max(reporting, minReports))).longValue();
  }

  /** Writes the gate's fields into {@code stage} (the JSON of its stage). */
  void writeInto(ObjectNode stage) {
    stage.put(MIN_REPORTS, minReports);
    // A string: the signed metadata's canonical JSON has integers only.
    stage.put(MAX_FAILURE_RATE, maxFailureRate.toPlainString());
    stage.put(SOAK, soak.toString());
  }

  /** The gate of a stage's JSON, when it has any gate field; the missing ones take their loosest value. */
  static Optional<Gate> readFrom(JsonNode stage, String where) {
    JsonNode min = stage.get(MIN_REPORTS);
    JsonNode rate = stage.get(MAX_FAILURE_RATE);
    JsonNode soak = stage.get(SOAK);
    if (min == null && rate == null && soak == null) {
      return Optional.empty();
    }
    if (min != null && (!min.isIntegralNumber() || !min.canConvertToInt())) {
      throw new InvalidRolloutException(where + "." + MIN_REPORTS + " must be a whole number");
    }
    BigDecimal maxRate = BigDecimal.ONE;
    if (rate != null) {
      if (!rate.isTextual() || !rate.asText().matches("[0-9]+(\\.[0-9]+)?")) {
        throw new InvalidRolloutException(where + "." + MAX_FAILURE_RATE
            + " must be a decimal string from \"0\" to \"1\", such as \"0.05\"");
      }
      maxRate = new BigDecimal(rate.asText());
    }
    Duration d = Duration.ZERO;
    if (soak != null) {
      if (!soak.isTextual()) {
        throw new InvalidRolloutException(where + "." + SOAK + " must be an ISO-8601 duration such as PT6H");
      }
      try {
        d = Duration.parse(soak.asText());
      } catch (DateTimeParseException e) {
        throw new InvalidRolloutException(where + "." + SOAK + " '" + soak.asText()
            + "' is not an ISO-8601 duration such as PT6H");
      }
    }
    try {
      return Optional.of(new Gate(min == null ? 0 : min.intValue(),
          maxRate, d));
    } catch (InvalidRolloutException e) {
      throw new InvalidRolloutException(where + ": " + e.getMessage(), e);
    }
  }
}
