package dev.tollgate.provenance.merkle;

/**
 * The append-order layout of stored hashes: appending leaf {@code m} writes its leaf hash followed by
 * the hash of every subtree that leaf completes. So the hashes for a tree of {@code n} leaves are
 * exactly the first {@link #countFor(long) 2n - popcount(n)} entries, and every complete subtree has
 * one fixed slot.
 */
public final class StoredHashes {
  private StoredHashes() {}

  /** Number of stored hashes for a tree of {@code leaves} leaves. */
  public static long countFor(long leaves) {
    return 2 * leaves - Long.bitCount(leaves);
  }

  /** Slot of the subtree at {@code level} starting at leaf {@code index << level}. */
  public static long slot(int level, long index) {
    long lastLeaf = ((index + 1) << level) - 1;
    return countFor(lastLeaf) + level;
  }

  /**
   * The number of stored hashes appended with leaf {@code m} (0-based): the leaf itself plus one per
   * subtree it completes.
   */
  public static int appendedWith(long m) {
    return 1 + Long.numberOfTrailingZeros(m + 1);
  }

  /** The largest leaf count whose stored hashes fit in {@code entries} entries. */
  public static long leavesFor(long entries) {
    long lo = 0;
    long hi = entries;
    while (lo < hi) {
      long mid = (lo + hi + 1) >>> 1;
      if (countFor(mid) <= entries) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
