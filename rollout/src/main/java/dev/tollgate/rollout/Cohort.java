package dev.tollgate.rollout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Sticky device buckets: {@code bucket = uint64(SHA-256(rolloutId ‖ 0x00 ‖ deviceId)[0..8]) mod
 * 10000}, the first eight digest bytes read big-endian. Anyone holding the rollout id and a device id
 * can recompute which stage admitted that device.
 */
public final class Cohort {
  /** Number of buckets; a stage of {@code p} percent admits buckets {@code 0 .. p×100-1}. */
  public static final int BUCKETS = 10_000;

  private Cohort() {}

  /** The bucket, 0 to 9999, of {@code deviceId} in the rollout {@code rolloutId}. */
  public static int bucket(String rolloutId, String deviceId) {
    MessageDigest sha256 = newSha256();
    sha256.update(rolloutId.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0x00);
    sha256.update(deviceId.getBytes(StandardCharsets.UTF_8));
    long first8 = ByteBuffer.wrap(sha256.digest(), 0, 8).getLong();
    return (int) Long.remainderUnsigned(first8, BUCKETS);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
