package dev.tollgate.verifier.sigstore.bundle;

import dev.sigstore.rekor.client.RekorEntry;

/**
 * One transparency-log entry of a bundle.
 *
 * @param kind entry kind as the bundle states it ({@code hashedrekord}, {@code dsse},
 *     {@code intoto})
 * @param version entry version as the bundle states it ({@code 0.0.1}, {@code 0.0.2})
 * @param integratedTime seconds since the epoch, 0 when absent (Rekor v2 entries carry none)
 * @param hasSignedEntryTimestamp whether an inclusion promise (SET) vouches for the time
 * @param canonicalizedBody the logged body, which must describe this bundle's signature
 * @param engineEntry the same entry in sigstore-java's form, for its SET/proof/checkpoint checks
 */
public record LogEntry(
    String kind,
    String version,
    long logIndex,
    byte[] logKeyId,
    long integratedTime,
    boolean hasSignedEntryTimestamp,
    byte[] canonicalizedBody,
    RekorEntry engineEntry) {

  public LogEntry {
    logKeyId = logKeyId.clone();
    canonicalizedBody = canonicalizedBody.clone();
  }

  @Override
  public byte[] logKeyId() {
    return logKeyId.clone();
  }

  @Override
  public byte[] canonicalizedBody() {
    return canonicalizedBody.clone();
  }
}
