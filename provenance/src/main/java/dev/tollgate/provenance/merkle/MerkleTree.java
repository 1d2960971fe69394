package dev.tollgate.provenance.merkle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tree heads and proofs (RFC 6962 section 2.1) computed from stored subtree hashes. Every method
 * reads O(log n) hashes: the recursion of the RFC only ever asks for ranges that split into at most
 * log2(n) complete subtrees.
 */
public final class MerkleTree {
  private MerkleTree() {}

  /** The tree head for the first {@code size} leaves. */
  public static byte[] root(HashReader hashes, long size) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative: " + size);
    }
    return size == 0 ? MerkleHash.emptyRoot() : rangeHash(hashes, 0, size);
  }

  /** The inclusion proof for leaf {@code index} in the tree of {@code size} leaves. */
  public static List<byte[]> inclusionProof(HashReader hashes, long index, long size)
      throws IOException {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf " + index + " is outside a tree of size " + size);
    }
    List<byte[]> proof = new ArrayList<>();
    path(hashes, index, 0, size, proof);
    return proof;
  }

  /** The consistency proof from the tree of {@code oldSize} leaves to the tree of {@code newSize}. */
  public static List<byte[]> consistencyProof(HashReader hashes, long oldSize, long newSize)
      throws IOException {
    if (oldSize < 0 || oldSize > newSize) {
      throw new IllegalArgumentException(
          "cannot prove size " + oldSize + " consistent with size " + newSize);
    }
    List<byte[]> proof = new ArrayList<>();
    if (oldSize > 0 && oldSize < newSize) {
      subproof(hashes, oldSize, 0, newSize, true, proof);
    }
    return proof;
  }

  private static void path(HashReader hashes, long m, long lo, long hi, List<byte[]> out)
      throws IOException {
    if (hi - lo == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(hi - lo);
    if (m < lo + k) {
      path(hashes, m, lo, lo + k, out);
      out.add(rangeHash(hashes, lo + k, hi));
    } else {
      path(hashes, m, lo + k, hi, out);
      out.add(rangeHash(hashes, lo, lo + k));
    }
  }

  private static void subproof(
      HashReader hashes, long m, long lo, long hi, boolean startsAtOldRoot, List<byte[]> out)
      throws IOException {
    long n = hi - lo;
    if (m == n) {
      if (!startsAtOldRoot) {
        out.add(rangeHash(hashes, lo, hi));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(hashes, m, lo, lo + k, startsAtOldRoot, out);
      out.add(rangeHash(hashes, lo + k, hi));
    } else {
      subproof(hashes, m - k, lo + k, hi, false, out);
      out.add(rangeHash(hashes, lo, lo + k));
    }
  }

  /**
   * MTH of leaves [from, to), where {@code from} is aligned as in the RFC recursion: split into
   * complete subtrees left to right, then fold right to left.
   */
  static byte[] rangeHash(HashReader hashes, long from, long to) throws IOException {
    List<byte[]> parts = new ArrayList<>();
    long at = from;
    while (at < to) {
      int level = 63 - Long.numberOfLeadingZeros(to - at);
      if (at != 0) {
        level = Math.min(level, Long.numberOfTrailingZeros(at));
      }
      parts.add(hashes.read(level, at >> level));
      at += 1L << level;
    }
    byte[] h = parts.get(parts.size() - 1);
    for (int i = parts.size() - 2; i >= 0; i--) {
      h = MerkleHash.node(parts.get(i), h);
    }
    return h;
  }

  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }
}
