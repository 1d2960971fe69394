package dev.tollgate.updater.install;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * What every step of one update or rollback run shares: the clock, the device id (resolved once,
 * under the update lock) and the version of the trusted targets metadata the run works from.
 */
record RunContext(Clock clock, String deviceId, long targetsVersion) {
  RunContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(deviceId, "deviceId");
  }

  /** Resolves the device id; call with the update lock held, as it may create the id file. */
  static RunContext start(UpdateLock lock, EndpointConfig config, Clock clock, long targetsVersion)
      throws java.io.IOException {
    Objects.requireNonNull(lock, "the update lock");
    return new RunContext(clock, DeviceIdentity.resolve(config), targetsVersion);
  }

  Instant now() {
    return clock.instant();
  }

  /** The same run after a metadata refresh brought the targets metadata to {@code version}. */
  RunContext refreshed(long version) {
    return new RunContext(clock, deviceId, version);
  }
}
