package dev.tollgate.provenance.merkle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Streaming tree head: keeps only the roots of the complete subtrees on the right edge (at most 64),
 * so a whole log can be rehashed in constant memory. Also hands out each subtree hash it completes,
 * in stored-hash order, for callers that persist them.
 */
public final class FrontierRoot {
  /** Receives each hash in stored-hash order: the leaf, then every subtree it completes. */
  @FunctionalInterface
  public interface Sink {
    void accept(byte[] hash) throws java.io.IOException;
  }

  private final Deque<byte[]> stack = new ArrayDeque<>();
  private long size;

  public long size() {
    return size;
  }

  /** Adds a leaf hash; completed subtree hashes are passed to {@code sink} (may be null). */
  public void add(byte[] leafHash, Sink sink) throws java.io.IOException {
    byte[] h = leafHash;
    if (sink != null) {
      sink.accept(h);
    }
    long n = size;
    while ((n & 1) == 1) {
      h = MerkleHash.node(stack.pop(), h);
      if (sink != null) {
        sink.accept(h);
      }
      n >>= 1;
    }
    stack.push(h);
    size++;
  }

  /** Seeds the frontier of a tree of {@code size} leaves from stored hashes. */
  public static FrontierRoot of(HashReader hashes, long size) throws java.io.IOException {
    FrontierRoot f = new FrontierRoot();
    long at = 0;
    for (int level = 63; level >= 0; level--) {
      if ((size & (1L << level)) != 0) {
        f.stack.push(hashes.read(level, at >> level));
        at += 1L << level;
      }
    }
    f.size = size;
    return f;
  }

  /** The RFC 6962 root of the leaves added so far. */
  public byte[] root() {
    if (size == 0) {
      return MerkleHash.emptyRoot();
    }
    Iterator<byte[]> it = stack.iterator();
    byte[] h = it.next();
    while (it.hasNext()) {
      h = MerkleHash.node(it.next(), h);
    }
    return h;
  }
}
