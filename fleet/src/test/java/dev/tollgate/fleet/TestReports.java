package dev.tollgate.fleet;

import dev.tollgate.release.BundleKind;
import dev.tollgate.rollout.Cohort;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/** Well-formed reports for tests: one device, one release, the rollout position computed. */
public final class TestReports {
  public static final String ROLLOUT = "desk-agent-1.4.2";
  public static final String SHA256 = "ab".repeat(32);
  public static final Instant TIME = Instant.parse("2026-12-01T10:00:00Z");
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestReports() {}

  /** A report of {@code outcome} on stage "all" (every bucket admitted) of {@link #ROLLOUT}. */
  public static HealthReport report(String deviceId, long sequence, HealthReport.Outcome outcome) {
    return report(deviceId, sequence, outcome, "all", Cohort.BUCKETS);
  }

  public static HealthReport report(String deviceId, long sequence, HealthReport.Outcome outcome, String stage,
      int threshold) {
    return new HealthReport(randomId(), deviceId, sequence, BundleKind.AGENT, "desk-agent", "1.4.2", SHA256,
        Optional.of(new HealthReport.RolloutPosition(ROLLOUT, stage, threshold, Cohort.bucket(ROLLOUT, deviceId))),
        outcome, outcome == HealthReport.Outcome.REFUSED ? Optional.of("sigstore") : Optional.empty(),
        "reason for " + outcome.label(), TIME.plusSeconds(sequence), Optional.empty());
  }

  public static String randomId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A fresh device key. */
  public static DeviceKey key() {
    return DeviceKey.generate(RANDOM);
  }
}
