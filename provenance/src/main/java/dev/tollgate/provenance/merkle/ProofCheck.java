package dev.tollgate.provenance.merkle;

import java.security.MessageDigest;
import java.util.List;

/** Verification of inclusion and consistency proofs, as specified in RFC 9162 sections 2.1.3.2 and 2.1.4.2. */
public final class ProofCheck {
  private ProofCheck() {}

  /** Recomputes the root from a leaf hash and its inclusion proof; throws naming the failed check. */
  public static void inclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
      throws ProofException {
    if (index < 0 || index >= size) {
      throw new ProofException("inclusion: leaf index " + index + " is outside tree size " + size);
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        throw new ProofException("inclusion: proof has more hashes than the tree has levels");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHash.node(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = MerkleHash.node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new ProofException("inclusion: proof is too short for tree size " + size);
    }
    if (!MessageDigest.isEqual(r, root)) {
      throw new ProofException("inclusion: recomputed root does not match the checkpoint root");
    }
  }

  /** Checks that the tree of {@code oldSize} with {@code oldRoot} is a prefix of the newer tree. */
  public static void consistency(
      long oldSize, byte[] oldRoot, long newSize, byte[] newRoot, List<byte[]> proof)
      throws ProofException {
    if (oldSize < 0 || oldSize > newSize) {
      throw new ProofException(
          "consistency: old size " + oldSize + " is larger than new size " + newSize);
    }
    if (oldSize == newSize) {
      if (!proof.isEmpty()) {
        throw new ProofException("consistency: proof between equal sizes must be empty");
      }
      if (!MessageDigest.isEqual(oldRoot, newRoot)) {
        throw new ProofException("consistency: same tree size " + oldSize + " with two different roots");
      }
      return;
    }
    if (oldSize == 0) {
      if (!proof.isEmpty()) {
        throw new ProofException("consistency: proof from the empty tree must be empty");
      }
      return;
    }
    if (proof.isEmpty()) {
      throw new ProofException("consistency: proof is empty");
    }
    int next = 0;
    byte[] seed;
    if (Long.bitCount(oldSize) == 1) {
      seed = oldRoot;
    } else {
      seed = proof.get(next++);
    }
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = seed;
    byte[] sr = seed;
    for (; next < proof.size(); next++) {
      byte[] c = proof.get(next);
      if (sn == 0) {
        throw new ProofException("consistency: proof has more hashes than the tree has levels");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHash.node(c, fr);
        sr = MerkleHash.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = MerkleHash.node(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new ProofException("consistency: proof is too short for tree size " + newSize);
    }
    if (!MessageDigest.isEqual(fr, oldRoot)) {
      throw new ProofException("consistency: proof does not rebuild the old root (history rewritten)");
    }
    if (!MessageDigest.isEqual(sr, newRoot)) {
      throw new ProofException("consistency: proof does not rebuild the new root");
    }
  }
}
