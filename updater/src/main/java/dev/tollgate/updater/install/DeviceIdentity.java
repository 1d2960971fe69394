package dev.tollgate.updater.install;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.rollout.DeviceId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Where the endpoint's device id comes from: the configuration when it names one, else
 * {@code <state>/device-id}, created with a random 128-bit id on first use and then never changed
 * (a new id would move the device to another cohort).
 */
public final class DeviceIdentity {
  private DeviceIdentity() {}

  public static String resolve(EndpointConfig config) throws IOException {
    if (config.deviceId().isPresent()) {
      return config.deviceId().get();
    }
    return loadOrCreate(config.stateDir());
  }

  /** The device id without creating one: from the configuration, or the state folder if present. */
  public static java.util.Optional<String> existing(EndpointConfig config) throws IOException {
    if (config.deviceId().isPresent()) {
      return config.deviceId();
    }
    if (!Files.exists(config.stateDir().resolve("device-id"))) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(loadOrCreate(config.stateDir()));
  }

  static String loadOrCreate(Path stateDir) throws IOException {
    Path file = stateDir.resolve("device-id");
    if (Files.exists(file)) {
      String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
      try {
        return DeviceId.validate(id);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
    }
    Files.createDirectories(stateDir);
    String id = DeviceId.random(new SecureRandom());
    AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.US_ASCII));
    return id;
  }
}
