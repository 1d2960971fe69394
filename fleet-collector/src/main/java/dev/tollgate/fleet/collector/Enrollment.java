package dev.tollgate.fleet.collector;

import dev.tollgate.fleet.DevicePublicKey;
import dev.tollgate.fleet.InvalidReportException;
import dev.tollgate.fleet.store.Refusal;
import dev.tollgate.fleet.store.ReportStore.Intake;
import dev.tollgate.rollout.DeviceId;
import dev.tollgate.rollout.InvalidRolloutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which devices may report. Pre-shared: only the devices of a list the operator made, each with
 * its public key. First use: any device, bound to the key that signed its first accepted report
 * (later reports must carry the same key).
 *
 * <p>The list is a text file, one device a line, {@code DEVICE_ID ed25519:BASE64} (what
 * {@code tollgate fleet device-key} prints); blank lines and lines starting with {@code #} are
 * ignored. A line that breaks this grammar, or a device listed twice, is an error naming file and line.
 */
public final class Enrollment {
  private final Optional<Map<String, DevicePublicKey>> preshared;

  private Enrollment(Optional<Map<String, DevicePublicKey>> preshared) {
    this.preshared = preshared;
  }

  public static Enrollment firstUse() {
    return new Enrollment(Optional.empty());
  }

  public static Enrollment preshared(Map<String, DevicePublicKey> devices) {
    return new Enrollment(Optional.of(Map.copyOf(devices)));
  }

  /** Reads a pre-shared list; a fault is an {@link IllegalArgumentException} naming file and line. */
  public static Enrollment preshared(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, DevicePublicKey> devices = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1) + ": ";
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException(where + "expected 'DEVICE_ID ed25519:BASE64', got '" + line + "'");
      }
      try {
        String id = DeviceId.validate(parts[0]);
        if (devices.put(id, DevicePublicKey.parse(parts[1])) != null) {
          throw new IllegalArgumentException(where + "device " + id + " is listed twice");
        }
      } catch (InvalidReportException | InvalidRolloutException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    return preshared(devices);
  }

  public boolean isFirstUse() {
    return preshared.isEmpty();
  }

  /** The pre-shared devices (empty in first-use mode). */
  public Map<String, DevicePublicKey> presharedDevices() {
    return preshared.orElse(Map.of());
  }

  /** In pre-shared mode, the refusal of {@code deviceId} reporting with {@code key}; empty when it may. */
  Optional<Intake> refusal(String deviceId, DevicePublicKey key) {
    if (preshared.isEmpty()) {
      return Optional.empty();
    }
    DevicePublicKey listed = preshared.get().get(deviceId);
    if (listed == null) {
      return Optional.of(Intake.refused(Refusal.UNENROLLED,
          "device " + deviceId + " is not in the pre-shared enrollment list"));
    }
    return listed.equals(key) ? Optional.empty()
        : Optional.of(Intake.refused(Refusal.FORGED, "device " + deviceId + " is enrolled with another key"));
  }

  @Override
  public String toString() {
    return preshared.map(p -> "pre-shared (" + p.size() + " devices)").orElse("first use");
  }
}
