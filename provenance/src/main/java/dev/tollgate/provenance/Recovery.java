package dev.tollgate.provenance;

import java.util.Optional;

/** What opening the log had to repair: a torn tail cut off, derived files rebuilt. */
public final class Recovery {
  private final long truncatedAt;
  private final long truncatedBytes;
  private final String reason;
  private final boolean derivedRebuilt;

  Recovery(long truncatedAt, long truncatedBytes, String reason, boolean derivedRebuilt) {
    this.truncatedAt = truncatedAt;
    this.truncatedBytes = truncatedBytes;
    this.reason = reason;
    this.derivedRebuilt = derivedRebuilt;
  }

  static Recovery none() {
    return new Recovery(-1, 0, null, false);
  }

  /** True if a torn tail was cut off the records file. */
  public boolean truncated() {
    return truncatedAt >= 0;
  }

  /** Offset where the torn tail began. */
  public long truncatedAt() {
    return truncatedAt;
  }

  public long truncatedBytes() {
    return truncatedBytes;
  }

  /** Why the tail was torn (e.g. "CRC32C mismatch"). */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** True if the stored hashes or offsets had to be recomputed from the records. */
  public boolean derivedRebuilt() {
    return derivedRebuilt;
  }

  @Override
  public String toString() {
    if (!truncated()) {
      return derivedRebuilt ? "derived files rebuilt" : "clean";
    }
    return "torn tail of " + truncatedBytes + " bytes at offset " + truncatedAt + " truncated (" + reason + ")"
        + (derivedRebuilt ? "; derived files rebuilt" : "");
  }
}
