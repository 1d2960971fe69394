package dev.tollgate.updater.install;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A health check: a command run after {@code current} switches to a new slot, in that slot, with
 * {@code TOLLGATE_SLOT}, {@code TOLLGATE_NAME} and {@code TOLLGATE_VERSION} in its environment. Exit
 * 0 within the timeout means healthy; anything else rolls back.
 */
public record HealthCheckSpec(List<String> command, Duration timeout) {
  public HealthCheckSpec {
    command = List.copyOf(Objects.requireNonNull(command, "command"));
    Objects.requireNonNull(timeout, "timeout");
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw new InvalidConfigException("health_check.command must name a program");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidConfigException("health_check.timeout_seconds must be positive");
    }
  }
}
