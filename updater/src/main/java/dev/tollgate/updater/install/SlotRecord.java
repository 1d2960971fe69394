package dev.tollgate.updater.install;

import java.time.Instant;

/**
 * What the endpoint remembers about one installed slot.
 *
 * @param slot folder name under {@code slots/}: {@code <version>-<digest12>}
 * @param status {@code trial} while its health check runs, then {@code good}
 * @param securityVersionAttested true when the build identity signed the security_version (a
 *     release attestation); only then does committing this slot raise the floor
 */
public record SlotRecord(String slot, String version, String sha256, long securityVersion,
    String status, Instant installed, String rolloutId, boolean securityVersionAttested) {
  public static final String TRIAL = "trial";
  public static final String GOOD = "good";

  public SlotRecord withStatus(String s) {
    return new SlotRecord(slot, version, sha256, securityVersion, s, installed, rolloutId, securityVersionAttested);
  }

  /** {@code <version>-<first 12 hex digits of the SHA-256>}. */
  public static String slotName(String version, String sha256) {
    return version + "-" + sha256.substring(0, 12);
  }
}
