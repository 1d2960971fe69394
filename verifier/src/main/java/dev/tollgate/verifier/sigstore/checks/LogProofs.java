package dev.tollgate.verifier.sigstore.checks;

import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.merkle.InclusionProofVerificationException;
import dev.sigstore.merkle.InclusionProofVerifier;
import dev.sigstore.rekor.client.RekorEntry;
import dev.tollgate.verifier.sigstore.CheckFailedException;
import dev.tollgate.verifier.sigstore.bundle.LogEntry;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Proof that an entry is in a trusted log: the signed entry timestamp (Rekor v1), the RFC 6962
 * inclusion proof (sigstore-java's Merkle verifier) and the checkpoint, checked by C2SP
 * signed-note rules: only signatures whose key name is the log's name and whose key hint is the
 * log key's count; every such signature must verify and at least one must exist; signatures by
 * other keys (witness cosignatures) are ignored. sigstore-java's own checkpoint check compares the
 * name with the log URL's host only, dropping any port, so it is not used.
 */
public final class LogProofs {
  private LogProofs() {}

  /** The trusted log an entry names: its key id, URL (whose authority is its note name) and key. */
  public record TrustedLog(byte[] keyId, URI baseUrl, PublicKey key) {
    String noteName() {
      return baseUrl.getPort() < 0 ? baseUrl.getHost() : baseUrl.getHost() + ":" + baseUrl.getPort();
    }
  }

  public static String verify(LogEntry entry, TrustedLog log) throws CheckFailedException {
    RekorEntry engine = entry.engineEntry();
    List<String> proven = new ArrayList<>();
    if (entry.hasSignedEntryTimestamp()) {
      byte[] set = Base64.getDecoder().decode(engine.getVerification().getSignedEntryTimestamp());
      if (!verifies(log.key(), engine.getSignableContent(), set)) {
        throw new CheckFailedException("signed entry timestamp does not verify with the log key");
      }
      proven.add("signed entry timestamp");
    }
    RekorEntry.InclusionProof proof = engine.getVerification().getInclusionProof();
    if (proof == null) {
      // Only a v0.1 bundle gets here (the parser refuses proof-less entries otherwise), and only
      // with a signed entry timestamp, verified above.
      if (!entry.hasSignedEntryTimestamp()) {
        throw new CheckFailedException("log entry has neither an inclusion proof nor a signed entry timestamp");
      }
      proven.add("no inclusion proof (v0.1 bundle): the log's signed promise stands alone");
      return String.join(", ", proven);
    }
    HexFormat hex = HexFormat.of();
    byte[] rootHash = hex.parseHex(proof.getRootHash());
    byte[] leafHash = leafHash(entry.canonicalizedBody());
    List<byte[]> path = new ArrayList<>();
    for (String h : proof.getHashes()) {
      path.add(hex.parseHex(h));
    }
    try {
      InclusionProofVerifier.verify(leafHash, proof.getLogIndex(), proof.getTreeSize(), path, rootHash);
    } catch (InclusionProofVerificationException | RuntimeException e) {
      throw new CheckFailedException("inclusion proof does not lead to the root hash: " + e.getMessage());
    }
    proven.add("inclusion proof");
    Checkpoint checkpoint = Checkpoint.parse(proof.getCheckpoint());
    if (!Arrays.equals(checkpoint.rootHash(), rootHash)) {
      throw new CheckFailedException("checkpoint root hash differs from the inclusion proof's root hash");
    }
    if (checkpoint.treeSize() != proof.getTreeSize()) {
      throw new CheckFailedException("checkpoint tree size " + checkpoint.treeSize()
          + " differs from the inclusion proof's " + proof.getTreeSize());
    }
    byte[] hint = Arrays.copyOf(log.keyId(), 4);
    int verified = 0;
    for (Checkpoint.NoteSignature sig : checkpoint.signatures()) {
      if (!sig.name().equals(log.noteName()) || !Arrays.equals(sig.keyHint(), hint)) {
        continue; // another key's signature (a witness, or a key we do not know): ignored
      }
      if (!verifies(log.key(), checkpoint.signedBody(), sig.signature())) {
        throw new CheckFailedException("checkpoint signature by " + sig.name() + " does not verify");
      }
      verified++;
    }
    if (verified == 0) {
      throw new CheckFailedException("checkpoint has no signature by the log " + log.noteName()
          + " (key hint " + hex.formatHex(hint) + ")");
    }
    proven.add("checkpoint signed by " + log.noteName() + " (" + (checkpoint.signatures().size() - verified)
        + " other signature(s) ignored)");
    return String.join(", ", proven);
  }

  private static byte[] leafHash(byte[] body) {
    MessageDigest md = sha256();
    md.update((byte) 0);
    md.update(body);
    return md.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static boolean verifies(PublicKey key, byte[] data, byte[] signature) {
    try {
      return Verifiers.newVerifier(key).verify(data, signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
