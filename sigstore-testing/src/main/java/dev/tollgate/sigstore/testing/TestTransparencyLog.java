package dev.tollgate.sigstore.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A Rekor-v1-like log in memory: appends entry bodies, and for each returns the signed entry
 * timestamp, an RFC 6962 inclusion proof and a C2SP checkpoint (origin {@code NAME - TREEID})
 * signed by the log key with key hint = first 4 bytes of the log id.
 */
final class TestTransparencyLog {
  private final KeyPair key = TestKeys.p256();
  private final String name;
  private final long treeId;
  private final List<byte[]> leafHashes = new ArrayList<>();

  /** What the log hands back for one appended entry. */
  record Logged(long index, long integratedTime, byte[] signedEntryTimestamp, long treeSize,
      byte[] rootHash, List<byte[]> proof, String checkpoint) {}

  TestTransparencyLog(String name, long treeId, int precedingEntries) {
    this.name = name;
    this.treeId = treeId;
    // Other entries before ours, so inclusion proofs have real paths.
    for (int i = 0; i < precedingEntries; i++) {
      leafHashes.add(leafHash(("preceding entry " + i).getBytes(StandardCharsets.UTF_8)));
    }
  }

  PublicKey publicKey() {
    return key.getPublic();
  }

  byte[] logId() {
    return TestKeys.sha256(key.getPublic().getEncoded());
  }

  synchronized Logged append(byte[] body, long integratedTime) {
    long index = leafHashes.size();
    leafHashes.add(leafHash(body));
    int size = leafHashes.size();
    String set = "{\"body\":\"" + Base64.getEncoder().encodeToString(body) + "\",\"integratedTime\":" + integratedTime
        + ",\"logID\":\"" + HexFormat.of().formatHex(logId()) + "\",\"logIndex\":" + index + "}";
    byte[] setSignature = TestKeys.sign(key.getPrivate(), set.getBytes(StandardCharsets.UTF_8));
    byte[] root = hash(0, size);
    List<byte[]> proof = new ArrayList<>();
    path((int) index, 0, size, proof);
    String body0 = name + " - " + treeId + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    byte[] sig = TestKeys.sign(key.getPrivate(), body0.getBytes(StandardCharsets.UTF_8));
    byte[] hintAndSig = new byte[4 + sig.length];
    System.arraycopy(logId(), 0, hintAndSig, 0, 4);
    System.arraycopy(sig, 0, hintAndSig, 4, sig.length);
    String checkpoint = body0 + "\n\u2014 " + name + " " + Base64.getEncoder().encodeToString(hintAndSig) + "\n";
    return new Logged(index, integratedTime, setSignature, size, root, proof, checkpoint);
  }

  /** RFC 6962 PATH(m, D[lo:hi]), bottom-up. */
  private void path(int m, int lo, int hi, List<byte[]> out) {
    int n = hi - lo;
    if (n <= 1) {
      return;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      path(m, lo, lo + k, out);
      out.add(hash(lo + k, hi));
    } else {
      path(m - k, lo + k, hi, out);
      out.add(hash(lo, lo + k));
    }
  }

  /** RFC 6962 MTH(D[lo:hi]). */
  private byte[] hash(int lo, int hi) {
    int n = hi - lo;
    if (n == 1) {
      return leafHashes.get(lo);
    }
    int k = Integer.highestOneBit(n - 1);
    return TestKeys.sha256(new byte[] {1}, hash(lo, lo + k), hash(lo + k, hi));
  }

  private static byte[] leafHash(byte[] body) {
    return TestKeys.sha256(new byte[] {0}, body);
  }

  String name() {
    return name;
  }

  @Override
  public String toString() {
    return "TestTransparencyLog[" + name + ", " + leafHashes.size() + " entries, id "
        + HexFormat.of().formatHex(Arrays.copyOf(logId(), 4)) + "]";
  }
}
