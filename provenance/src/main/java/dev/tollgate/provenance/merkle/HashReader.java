package dev.tollgate.provenance.merkle;

import java.io.IOException;

/** Reads the hash of one complete subtree: level 0 is a leaf, level L covers 2^L leaves. */
@FunctionalInterface
public interface HashReader {
  /** The hash of the subtree at {@code level} whose leaves start at {@code index << level}. */
  byte[] read(int level, long index) throws IOException;
}
