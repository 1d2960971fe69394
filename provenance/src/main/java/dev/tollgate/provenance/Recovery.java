package dev.tollgate.provenance;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What opening the log had to repair: bytes at the end of {@code records} that no checkpoint covers
 * and that the writer could not adopt (a torn frame, or frames without this writer's record tag)
 * moved to a quarantine file and cut off; derived files rebuilt; unsigned records of its own adopted.
 */
public final class Recovery {
  private final long cutAt;
  private final long cutBytes;
  private final long cutIndex;
  private final String reason;
  private final Path quarantine;
  private final boolean derivedRebuilt;
  private final long adopted;

  private Recovery(long cutAt, long cutBytes, long cutIndex, String reason, Path quarantine, boolean derivedRebuilt,
      long adopted) {
    this.cutAt = cutAt;
    this.cutBytes = cutBytes;
    this.cutIndex = cutIndex;
    this.reason = reason;
    this.quarantine = quarantine;
    this.derivedRebuilt = derivedRebuilt;
    this.adopted = adopted;
  }

  static Recovery none() {
    return new Recovery(-1, 0, -1, null, null, false, 0);
  }

  Recovery withCut(long at, long bytes, long index, String why, Path movedTo) {
    return new Recovery(at, bytes, index, why, movedTo, derivedRebuilt, adopted);
  }

  Recovery withDerivedRebuilt() {
    return new Recovery(cutAt, cutBytes, cutIndex, reason, quarantine, true, adopted);
  }

  Recovery withAdopted(long records) {
    return new Recovery(cutAt, cutBytes, cutIndex, reason, quarantine, derivedRebuilt, records);
  }

  /** True if bytes were cut off the end of the records file (and kept in {@link #quarantine()}). */
  public boolean truncated() {
    return cutAt >= 0;
  }

  /** Offset where the cut began. */
  public long truncatedAt() {
    return cutAt;
  }

  public long truncatedBytes() {
    return cutBytes;
  }

  /** Index the first cut record would have had. */
  public long truncatedIndex() {
    return cutIndex;
  }

  /** Why the cut bytes were not adopted (e.g. "CRC32C mismatch", "no record tag of this log's writer"). */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** The file holding the cut bytes exactly as they were. */
  public Optional<Path> quarantine() {
    return Optional.ofNullable(quarantine);
  }

  /** True if the stored hashes or offsets had to be recomputed from the records. */
  public boolean derivedRebuilt() {
    return derivedRebuilt;
  }

  /** Records after the latest checkpoint that carried this writer's tag and were kept (a crash before signing). */
  public long adoptedUnsigned() {
    return adopted;
  }

  /** True if anything was cut or rebuilt: worth telling the operator. */
  public boolean repaired() {
    return truncated() || derivedRebuilt;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (truncated()) {
      b.append("record ").append(cutIndex).append(" at offset ").append(cutAt).append(" onward (").append(cutBytes)
          .append(" bytes) not signed: ").append(reason).append("; moved to ").append(quarantine);
    }
    if (derivedRebuilt) {
      b.append(b.length() == 0 ? "" : "; ").append("derived files rebuilt");
    }
    if (adopted > 0) {
      b.append(b.length() == 0 ? "" : "; ").append(adopted).append(" unsigned record(s) of this writer adopted");
    }
    return b.length() == 0 ? "clean" : b.toString();
  }
}
