package dev.tollgate.provenance.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the stored-hash arithmetic against a direct transcription of the RFC 6962 recursive
 * definitions (MTH, PATH, SUBPROOF) over in-memory leaves, for every size and index up to 70.
 */
class MerkleTreeTest {
  private static final int MAX = 70;

  private static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(MerkleHash.leaf(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static byte[] mth(List<byte[]> d) {
    if (d.size() == 1) {
      return d.get(0);
    }
    int k = Integer.highestOneBit(d.size() - 1);
    return MerkleHash.node(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
  }

  private static List<byte[]> path(int m, List<byte[]> d) {
    List<byte[]> out = new ArrayList<>();
    if (d.size() == 1) {
      return out;
    }
    int k = Integer.highestOneBit(d.size() - 1);
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(path(m - k, d.subList(k, d.size())));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    List<byte[]> out = new ArrayList<>();
    int n = d.size();
    if (m == n) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  /** Stores hashes exactly as the log does: through FrontierRoot's sink, in append order. */
  private static HashReader stored(List<byte[]> leaves) throws Exception {
    List<byte[]> slots = new ArrayList<>();
    FrontierRoot f = new FrontierRoot();
    for (byte[] l : leaves) {
      f.add(l, slots::add);
    }
    assertEquals(StoredHashes.countFor(leaves.size()), slots.size());
    return (level, index) -> slots.get((int) StoredHashes.slot(level, index));
  }

  @Test
  void rootsMatchTheRecursiveDefinition() throws Exception {
    List<byte[]> all = leaves(MAX);
    HashReader h = stored(all);
    for (int n = 1; n <= MAX; n++) {
      byte[] expected = mth(all.subList(0, n));
      assertArrayEquals(expected, MerkleTree.root(h, n), "root of size " + n);
      FrontierRoot f = new FrontierRoot();
      for (int i = 0; i < n; i++) {
        f.add(all.get(i), null);
      }
      assertArrayEquals(expected, f.root(), "streaming root of size " + n);
      assertArrayEquals(expected, FrontierRoot.of(h, n).root(), "seeded frontier of size " + n);
    }
    assertArrayEquals(MerkleHash.emptyRoot(), MerkleTree.root(h, 0));
  }

  @Test
  void inclusionProofsMatchAndVerify() throws Exception {
    List<byte[]> all = leaves(MAX);
    HashReader h = stored(all);
    for (int n = 1; n <= MAX; n++) {
      byte[] root = mth(all.subList(0, n));
      for (int m = 0; m < n; m++) {
        List<byte[]> proof = MerkleTree.inclusionProof(h, m, n);
        assertTrue(same(path(m, all.subList(0, n)), proof), "PATH(" + m + ", " + n + ")");
        int fm = m;
        int fn = n;
        assertDoesNotThrow(() -> ProofCheck.inclusion(fm, fn, all.get(fm), proof, root));
        if (n > 1) {
          assertThrows(ProofException.class, () -> ProofCheck.inclusion(fm, fn, all.get((fm + 1) % fn), proof, root));
        }
      }
    }
  }

  @Test
  void consistencyProofsMatchAndVerify() throws Exception {
    List<byte[]> all = leaves(MAX);
    HashReader h = stored(all);
    for (int n = 1; n <= MAX; n++) {
      byte[] newRoot = mth(all.subList(0, n));
      for (int m = 1; m <= n; m++) {
        List<byte[]> proof = MerkleTree.consistencyProof(h, m, n);
        List<byte[]> expected = m == n ? List.of() : subproof(m, all.subList(0, n), true);
        assertTrue(same(expected, proof), "SUBPROOF(" + m + ", " + n + ")");
        byte[] oldRoot = mth(all.subList(0, m));
        int fm = m;
        int fn = n;
        assertDoesNotThrow(() -> ProofCheck.consistency(fm, oldRoot, fn, newRoot, proof));
        byte[] forged = oldRoot.clone();
        forged[0] ^= 1;
        assertThrows(ProofException.class, () -> ProofCheck.consistency(fm, forged, fn, newRoot, proof));
      }
    }
  }

  @Test
  void rewrittenHistoryIsNotConsistent() throws Exception {
    List<byte[]> honest = leaves(20);
    List<byte[]> rewritten = new ArrayList<>(honest);
    rewritten.set(3, MerkleHash.leaf("forged".getBytes(StandardCharsets.UTF_8)));
    HashReader h = stored(rewritten);
    byte[] oldRoot = mth(honest.subList(0, 7));
    byte[] newRoot = MerkleTree.root(h, 20);
    List<byte[]> proof = MerkleTree.consistencyProof(h, 7, 20);
    ProofException e = assertThrows(ProofException.class, () -> ProofCheck.consistency(7, oldRoot, 20, newRoot, proof));
    assertTrue(e.getMessage().contains("old root"), e.getMessage());
  }

  private static boolean same(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static void assertTrue(boolean ok, String what) {
    org.junit.jupiter.api.Assertions.assertTrue(ok, what);
  }
}
