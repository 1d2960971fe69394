package dev.tollgate.rollout;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One step of a rollout: from {@code start} on, devices whose bucket is below
 * {@code percent × 100} are eligible. Percent has at most two decimals so that it maps exactly
 * onto the 10,000 buckets (0.01 % is one bucket).
 *
 * @param name short label shown in reasons and status ("canary", "early", "all")
 * @param percent share of the fleet, 0 to 100, at most two decimals
 * @param start instant from which this stage applies
 * @param gate what the stage must show before the rollout may leave it (see {@link Gate}); endpoints
 *     ignore it
 */
public record Stage(String name, BigDecimal percent, Instant start, Optional<Gate> gate) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public Stage {
    Objects.requireNonNull(name, "stage name");
    Objects.requireNonNull(percent, "stage percent");
    Objects.requireNonNull(start, "stage start");
    Objects.requireNonNull(gate, "stage gate");
    validateName(name);
    if (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0) {
      throw new InvalidRolloutException(
          "stage " + name + ": percent " + percent.toPlainString() + " is outside 0..100");
    }
    if (percent.stripTrailingZeros().scale() > 2) {
      throw new InvalidRolloutException(
          "stage " + name + ": percent " + percent.toPlainString()
              + " has more than two decimals (the finest step is 0.01 %, one bucket in 10000)");
    }
    percent = percent.stripTrailingZeros();
    if (percent.scale() < 0) {
      percent = percent.setScale(0);
    }
  }

  /** Returns {@code name} when it is a usable stage name, else throws with the rule it breaks. */
  public static String validateName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidRolloutException(
          "stage name '" + name + "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
    }
    return name;
  }

  /** A stage without a gate: only its start moves the rollout on. */
  public Stage(String name, BigDecimal percent, Instant start) {
    this(name, percent, start, Optional.empty());
  }

  /** The same stage, starting at {@code when}. */
  public Stage startingAt(Instant when) {
    return new Stage(name, percent, when, gate);
  }

  /** The same stage with {@code g} as its gate. */
  public Stage withGate(Gate g) {
    return new Stage(name, percent, start, Optional.of(g));
  }

  /** Convenience for whole percentages. */
  public static Stage of(String name, int percent, Instant start) {
    return new Stage(name, BigDecimal.valueOf(percent), start);
  }

  /** The number of buckets (out of {@link Cohort#BUCKETS}) this stage admits: {@code percent × 100}. */
  public int admittedBuckets() {
    return percent.movePointRight(2).intValueExact();
  }

  /** The percent as written in reasons: "10%", "0.5%". */
  public String percentLabel() {
    return percent.toPlainString() + "%";
  }
}
